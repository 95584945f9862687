"""Issue #2's acceptance scenario, end to end over real HTTP, in both dialects."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from reconciler.sandbox import Sandbox

CONFIG = """
version: 1
captions:
  - title: old-promo
    caption: "New {deal|offer}"
  - title: new-promo
    caption: "{Hot|Sunny} deals all week {{original_caption}}"
accounts:
  - username: brand_one
    repost:
      active: true
      settings:
        speed: fast
        daily_pause: true
        daily_pause_from: "23:00"
  - username: brand_two
    repost:
      active: true
  - username: brand_three
    reactions:
      targets:
        - {type: hashtag, value: a}
        - {type: hashtag, value: c}
        - {type: hashtag, value: d}
"""


def _writes(sandbox: Sandbox) -> Counter[str]:
    return Counter(r.method for r in sandbox.writes())


def test_apply_makes_exactly_the_minimal_writes_then_converges(
    sandbox: Sandbox, strec: Callable[..., Result], write_config: Callable[[str], Path]
) -> None:
    path = str(write_config(CONFIG))

    planned = strec("plan", "-f", path, "--detailed-exitcode")
    assert planned.exit_code == 2, planned.output
    assert "Plan: 1 to create, 4 to update, 0 to delete." in planned.output
    assert '~ settings.speed: "slow" -> "fast"' in planned.output
    assert sandbox.writes() == []

    applied = strec("apply", "-f", path, "--auto-approve")
    assert applied.exit_code == 0, applied.output
    writes = sandbox.writes()
    assert len(writes) == 7, [f"{w.method} {w.path}" for w in writes]
    assert _writes(sandbox) == Counter({"POST": 4, "PATCH": 2, "DELETE": 1})
    bulk = [w for w in writes if "bulk" in w.path]
    assert len(bulk) == 1 and sorted(bulk[0].body["account_ids"]) == [11, 12]
    patch = next(w for w in writes if w.path.endswith("/settings"))
    assert patch.body == {"speed": "fast", "daily_pause_from": "23:00"}
    assert "API calls:" in applied.output and "7 writes" in applied.output

    sandbox.clear_log()
    again = strec("plan", "-f", path, "--detailed-exitcode")
    assert again.exit_code == 0, again.output
    assert "No changes." in again.output
    second = strec("apply", "-f", path, "--auto-approve")
    assert second.exit_code == 0, second.output
    assert sandbox.writes() == []
