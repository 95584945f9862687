"""Canary: known secret values must appear in no stdout, stderr or file any command writes."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from click.testing import CliRunner

from reconciler.cli import main
from reconciler.sandbox import Sandbox

from .conftest import API_KEY, SEED

SECRETS = {
    "CANARY_PW": "canary-password-4711",
    "CANARY_TOTP": "JBSWY3DPEHPK3PXPCANARYQQ",
    "CANARY_IMAP": "canary-imap-pass-0815",
    "CANARY_PROXY": "canary-proxy-pass-42",
}
CONFIG = """
version: 1
captions:
  - {title: promo, caption: "{Hot|Sunny} deals"}
accounts:
  - username: brand_one
    password: ${env:CANARY_PW}
    proxy: socks5://agent:${env:CANARY_PROXY}@10.0.0.9:1080
    repost: {active: true}
  - username: fresh_mail
    password: ${env:CANARY_PW}
    imap_server: imap.example.com
    imap_username: ops@example.com
    imap_password: ${env:CANARY_IMAP}
  - username: fresh_totp
    password: ${env:CANARY_PW}
    twofa_secret: ${env:CANARY_TOTP}
  - username: fresh_sms
    password: ${env:CANARY_PW}
"""


@pytest.mark.parametrize("dialect", ["reference", "guide"])
def test_no_secret_leaks_anywhere(dialect: str, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    seed = copy.deepcopy(SEED)
    seed["accounts"][1]["login_required"] = 1
    seed["accounts"][1]["proxy"] = f"http://u:{SECRETS['CANARY_PROXY']}@10.1.1.1:8080"
    seed["logins"] = {
        "fresh_mail": {"outcome": "email_challenge", "imap_polls": 0},
        "fresh_totp": {"outcome": "twofa"},
        "fresh_sms": {"outcome": "sms_challenge"},
        "brand_one": {"outcome": "wrong_password"},
    }
    sandbox = Sandbox(seed, dialect=dialect, api_key=API_KEY)
    config = tmp_path / "strec.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("STREC_STATE_DIR", str(tmp_path / ".strec"))
    outputs: list[str] = []
    with sandbox.serve() as url:
        env = {"STREC_API_URL": url, "STREC_API_KEY": API_KEY, **SECRETS}
        runs = [
            ["validate", "-f", str(config)],
            ["plan", "-f", str(config)],
            ["plan", "-f", str(config), "--format", "json"],
            ["plan", "-f", str(config), "--format", "markdown", "--out", "plan.json"],
            ["--debug", "apply", "-f", str(config), "--auto-approve", "--force",
             "--rotate-password", "brand_one"],
            ["--debug", "apply", "-f", str(config), "--auto-approve", "--force"],
            ["export"],
            ["login", "fresh_sms", "--code", "999999", "-f", str(config)],
            ["plan", "-f", str(config), "--format", "json"],
        ]
        for args in runs:
            result = CliRunner().invoke(main, args, env=env)
            assert result.exception is None or isinstance(result.exception, SystemExit), (
                args, result.exception)
            outputs.append(result.output + result.stderr)
    files = [p.read_text(errors="replace") for p in tmp_path.rglob("*") if p.is_file()]
    haystack = "\n".join(outputs + files)
    for name, value in SECRETS.items():
        assert value not in haystack, f"{name} leaked"
    assert API_KEY not in haystack
    assert "(sensitive)" in haystack  # the masks are there instead
    assert "-> POST" in haystack and "/accounts/login" in haystack  # --debug traced logins
    assert sandbox.state.account_by_username("fresh_totp") is not None
