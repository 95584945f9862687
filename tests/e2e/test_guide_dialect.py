"""The guide dialect complete: its repost settings' names and units, its target catalog."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from reconciler.cli import main
from reconciler.sandbox import Sandbox

from .conftest import API_KEY


def _seed() -> dict[str, Any]:
    return {"accounts": [{
        "id": 11, "username": "brand_one",
        "repost": {"is_active": True, "settings": {"speed": "slow"},
                   "guide_settings": {"remove_delay": 24, "metadata_user": "natgeo",
                                      "metadata_location": 213385402, "data.photo": True,
                                      "data.private_only": True},
                   "targets": [{"type": "hashtag", "value": "nature"}]},
        "reactions": {"is_active": False,
                      "targets": [{"type": "people", "value": "natgeo"},
                                  {"type": "explore", "value": "explore"},
                                  {"type": "user_followers", "value": "nike"}]}}]}


def _cli(sandbox: Sandbox, *args: str) -> Result:
    with sandbox.serve(port=0) as url:
        env = {"STREC_API_URL": url, "STREC_API_KEY": API_KEY}
        return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def test_export_of_a_guide_installation_plans_empty(tmp_path: Path) -> None:
    sandbox = Sandbox(_seed(), dialect="guide", api_key=API_KEY)
    exported = _cli(sandbox, "export").output
    assert "data.photo: true" in exported and "remove_delay: 24" in exported
    assert "type: people, value: natgeo}" in exported  # the guide's people needs no id
    config = tmp_path / "strec.yaml"
    config.write_text(exported, encoding="utf-8")
    assert _cli(sandbox, "validate", "-f", str(config)).exit_code == 0
    planned = _cli(sandbox, "plan", "-f", str(config), "--detailed-exitcode")
    assert planned.exit_code == 0, planned.output


def test_guide_names_and_durations_converge(tmp_path: Path) -> None:
    sandbox = Sandbox(_seed(), dialect="guide", api_key=API_KEY)
    config = tmp_path / "strec.yaml"
    config.write_text("version: 1\naccounts:\n  - username: brand_one\n    repost:\n"
                      "      settings:\n        remove_delay: 2d\n        data: {video: true}\n"
                      "        metadata_user: nasa\n", encoding="utf-8")
    applied = _cli(sandbox, "apply", "-f", str(config), "--auto-approve")
    assert applied.exit_code == 0, applied.output
    (patch,) = [w for w in sandbox.writes() if w.method == "PATCH"]
    assert patch.body == {"remove_delay": 48, "data.video": True, "metadata_user": "nasa"}
    sandbox.clear_log()
    assert _cli(sandbox, "plan", "-f", str(config), "--detailed-exitcode").exit_code == 0


def test_a_name_the_dialect_lacks_is_a_problem_naming_its_equivalent(tmp_path: Path) -> None:
    config = tmp_path / "strec.yaml"
    config.write_text("version: 1\naccounts:\n  - username: brand_one\n    repost:\n"
                      "      settings: {photo_posts: true, remove_delay: 720}\n",
                      encoding="utf-8")
    guide = _cli(Sandbox(_seed(), dialect="guide", api_key=API_KEY), "plan", "-f", str(config))
    assert guide.exit_code == 1
    assert "no repost setting 'photo_posts'; its equivalent there is 'data.photo'" in guide.output
    assert "at most 168" in guide.output
    seed = _seed()
    del seed["accounts"][0]["repost"]["guide_settings"]
    config.write_text("version: 1\naccounts:\n  - username: brand_one\n    repost:\n"
                      "      settings: {data.photo: true, remove_delay: 1h}\n", encoding="utf-8")
    reference = _cli(Sandbox(seed, api_key=API_KEY), "plan", "-f", str(config))
    assert reference.exit_code == 1 and "equivalent there is 'photo_posts'" in reference.output
    assert "remove_delay" not in reference.output.split("Problems")[1]  # 1h = 3600 s, fine
