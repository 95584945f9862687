"""A generated corpus of bad configs: never a traceback, every error positioned, and
`validate` and `plan` send zero requests. Each case is built to be wrong in one known way."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reconciler.cli import main
from reconciler.sandbox import Sandbox

from .conftest import API_KEY

BASE = """version: 1
captions:
  - title: promo
    caption: "{Hot|Sunny} deals {{original_caption}}"
accounts:
  - username: brand_one
    proxy: socks5://agent:${env:PROXY_PASS}@10.0.0.1:1080
    repost:
      active: true
      settings:
        speed: medium
        daily_pause_from: "23:00"
      targets:
        - {type: hashtag, value: nature}
    reactions:
      settings: {is_likes: true, likes_speed: 3}
"""
LINES = BASE.splitlines()
POSITIONED = re.compile(r"^\S+:\d+:\d+: ")

idents = st.from_regex(r"zz_[a-z]{1,8}", fullmatch=True)
hours = st.integers(24, 99) | st.integers(0, 23).map(lambda h: h + 100)


def _replace(old: str, new: str) -> str:
    assert old in BASE
    return BASE.replace(old, new, 1)


def _insert(at: int, line: str) -> str:
    return "\n".join([*LINES[:at], line, *LINES[at:]]) + "\n"


CASES = st.one_of(
    # broken YAML
    st.builds(lambda i, junk: _insert(i, junk), st.integers(1, len(LINES) - 1),
              st.sampled_from(["  - [unclosed", "    {a: b", "\tname: tab", "key: : :",
                               "  - title: x\n     bad: indent", "'unterminated"])),
    # wrong types
    st.builds(lambda v: _replace("likes_speed: 3", f"likes_speed: {v}"),
              st.sampled_from(['"3"', "three", "yes", "[3]", "{a: 1}", "true"])),
    st.builds(lambda v: _replace("active: true", f"active: {v}"),
              st.sampled_from(['"yes"', "1", "on", "[true]", '"true"'])),
    # unknown fields, in settings or on the account
    st.builds(lambda k: _replace("speed: medium", f"speed: medium\n        {k}: 1"), idents),
    st.builds(lambda k: _replace("  - username: brand_one", f"  - username: brand_one\n"
                                                              f"    {k}: x"), idents),
    # bad times
    st.builds(lambda h, m: _replace('"23:00"', f'"{h}:{m:02d}"'), hours, st.integers(0, 59)),
    st.builds(lambda m: _replace('"23:00"', f'"12:{m}"'), st.integers(60, 99)),
    # bad proxies
    st.builds(lambda p: _replace("socks5://agent:${env:PROXY_PASS}@10.0.0.1:1080", p),
              st.sampled_from(["ftp://10.0.0.1:21", "socks5://10.0.0.1", "http://:8080",
                               "http://10.0.0.1:99999", "10.0.0.1:8080", "socks9://h:1"])),
    # duplicate keys
    st.builds(lambda k: _replace("speed: medium", f"speed: medium\n        {k}"),
              st.sampled_from(["speed: fast", "daily_pause_from: \"22:00\""])),
    # bad target types and missing ids
    st.builds(lambda t: _replace("{type: hashtag, value: nature}", f"{{type: {t}, value: x}}"),
              st.sampled_from(["hashtagg", "locaton", "zz_type", "location", "music"])),
)
TEMPLATES = st.sampled_from([
    "version: 1\naccounts:\n  - username: {{ missing_var }}\n",
    "version: 1\n{% for a in accounts %}\n",
    "version: 1\naccounts:\n{% for a in [1] %}\n  - username: u{{ a }}\n",
    "version: 1\ncaptions:\n  - {title: t, caption: \"{{ 1 / }}\"}\n",
])


def _check(path: Path) -> None:
    sandbox = Sandbox(api_key=API_KEY)
    env = {"STREC_API_URL": "http://127.0.0.1/api/v1", "STREC_API_KEY": API_KEY,
           "PROXY_PASS": "pw"}
    for command in ("validate", "plan"):
        result = CliRunner().invoke(main, [command, "-f", str(path)], env=env,
                                    obj={"transport": sandbox.transport()})
        assert result.exit_code == 1, (command, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            result.exception)
        lines = [line for line in result.output.splitlines() if line.strip()]
        assert lines and lines[-1].endswith("in the config."), result.output
        assert all(POSITIONED.match(line) for line in lines[:-1]), result.output
        assert "Traceback" not in result.output
    assert sandbox.log == []


@settings(max_examples=220, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(CASES)
def test_bad_yaml_configs(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "strec.yaml"
        path.write_text(text, encoding="utf-8")
        _check(path)


@settings(max_examples=20, deadline=None)
@given(TEMPLATES)
def test_broken_templates(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "strec.yaml.j2").write_text(text, encoding="utf-8")
        _check(Path(tmp))
