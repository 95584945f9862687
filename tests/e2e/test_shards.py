"""--shard K/N: stable, disjoint slices whose union is the whole plan, applied at once."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from reconciler.sandbox import Sandbox
from reconciler.sandbox.generate import generate_seed
from reconciler.selectors import Scope, shard_of

from .conftest import API_KEY


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789._", min_size=1, max_size=30),
       st.integers(min_value=1, max_value=50))
def test_every_account_is_in_exactly_one_shard(username: str, n: int) -> None:
    owners = [k for k in range(1, n + 1)
              if Scope(shard=(k, n)).selects("account", username)]
    assert owners == [shard_of(username, n)]
    assert shard_of(username.upper(), n) == shard_of(username, n)  # case-folded


def _config(tmp_path: Path, n: int) -> Path:
    lines = ["version: 1", "max_accounts_per_proxy: 2",
             "captions:", "  - {title: new-one, caption: hello}", "accounts:"]
    for i in range(1, n + 1):
        lines += [f"  - username: acct_{i:05d}", "    repost: {active: true}",
                  "    reactions: {settings: {likes_speed: 4}}"]
        if i <= 6:
            lines.append("    proxy: {country: US}")
    path = tmp_path / "strec.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _strec(url: str, *args: str) -> subprocess.Popen[str]:
    env = {"STREC_API_URL": url, "STREC_API_KEY": API_KEY, "PATH": "/usr/bin:/bin"}
    return subprocess.Popen([sys.executable, "-m", "reconciler", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _changes(output: str) -> Counter[str]:
    doc = json.loads(output)
    return Counter(json.dumps({k: c[k] for k in ("address", "action", "fields", "calls")},
                              sort_keys=True) for c in doc["changes"])


def test_shards_union_is_the_plan_and_concurrent_applies_converge(tmp_path: Path) -> None:
    seed = generate_seed(40, seed=9)
    seed["proxies"] = [{"id": i, "proxy": f"http://10.1.0.{i}:8080", "country_code": "US"}
                       for i in (1, 2, 3)]
    sandbox = Sandbox(seed, api_key=API_KEY)
    path = str(_config(tmp_path, 40))
    args = ["plan", "-f", path, "--format", "json"]
    with sandbox.serve() as url:
        whole = _strec(url, *args).communicate(timeout=60)[0]
        parts = [p.communicate(timeout=60)[0]
                 for p in [_strec(url, *args, "--shard", f"{k}/3") for k in (1, 2, 3)]]
        union = sum((_changes(p) for p in parts), Counter())
        assert union == _changes(whole) and max(union.values()) == 1  # disjoint
        assert '"caption[\\"new-one\\"]"' not in parts[1] + parts[2]  # captions: shard 1
        applies = [_strec(url, "apply", "-f", path, "--auto-approve", "--force", "--shard",
                          f"{k}/3") for k in (1, 2, 3)]
        outputs = [p.communicate(timeout=60)[0] for p in applies]
        assert [p.returncode for p in applies] == [0, 0, 0], outputs
        again = _strec(url, "plan", "-f", path, "--detailed-exitcode")
        out = again.communicate(timeout=60)[0]
    assert again.returncode == 0, out
    uses = Counter(a.proxy for a in sandbox.state.accounts.values() if a.proxy)
    assert sum(uses.values()) == 6 and max(uses.values()) <= 2
