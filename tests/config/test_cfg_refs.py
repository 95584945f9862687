"""Rule 6: reference syntax is checked on load; `resolve_refs` resolves without leaking."""

from __future__ import annotations

from pathlib import Path

import pytest
from cfg_helpers import Errors, Write, only, where

from reconciler.config import RefError, has_refs, load_config, resolve_refs
from reconciler.errors import ConfigError

HEAD = "version: 1\naccounts:\n  - username: a\n"


def test_valid_refs_load_without_environment(write: Write, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PROXY_PASS", raising=False)
    config = load_config(
        write(
            HEAD + "    proxy: socks5://u:${env:PROXY_PASS}@10.0.0.1:1080\n"
            "    password: ${file:secrets/nonexistent}\n"
        )
    )
    assert config.accounts[0].proxy == "socks5://u:${env:PROXY_PASS}@10.0.0.1:1080"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("x${vault:y}", "unknown reference scheme 'vault' at character 2"),
        ("${env:NAME", "unclosed '${' at character 1"),
        ("${env:1BAD}", "invalid variable name in ${env:...} at character 1"),
        ("${PASS}", "malformed reference at character 1 (did you mean ${env:PASS}?)"),
        ("${file:}", "empty path in ${file:} at character 1"),
    ],
)
def test_bad_reference_syntax(errors: Errors, value: str, message: str) -> None:
    d = only(errors(HEAD + f'    password: "{value}"\n'))
    assert where(d) == (4, 15, "accounts[0].password")
    assert d.message.startswith(message)


def test_refs_checked_inside_settings(errors: Errors) -> None:
    d = only(errors(HEAD + '    reactions:\n      settings: {custom_proxy: "${oops:x}"}\n'))
    assert where(d) == (5, 32, "accounts[0].reactions.settings.custom_proxy")


def test_resolve_env_anywhere_in_a_string() -> None:
    text = "socks5://user:${env:PROXY_PASS}@10.0.0.1:1080"
    assert resolve_refs(text, env={"PROXY_PASS": "s3cr3t"}) == "socks5://user:s3cr3t@10.0.0.1:1080"
    assert resolve_refs("${env:A}${env:B}", env={"A": "1", "B": "2"}) == "12"


def test_resolve_file_relative_to_base_dir(tmp_path: Path) -> None:
    (tmp_path / "pw.txt").write_text("from-file\n", encoding="utf-8")
    assert resolve_refs("${file:pw.txt}", env={}, base_dir=tmp_path) == "from-file"


def test_missing_variable_is_named_and_nothing_echoed() -> None:
    with pytest.raises(RefError) as info:
        resolve_refs(
            "pre-secret-${env:MISSING_ONE}", env={"OTHER": "value"}, path="accounts[0].password"
        )
    assert isinstance(info.value, ConfigError)
    assert "environment variable MISSING_ONE is not set" in str(info.value)
    assert "pre-secret" not in str(info.value)
    assert info.value.diagnostics[0].path == "accounts[0].password"


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(RefError, match=r"cannot read file nope\.txt"):
        resolve_refs("${file:nope.txt}", base_dir=tmp_path)


@pytest.mark.parametrize(
    "text",
    ["{a|b}", "{#x|#y}", "{{original_caption}}", "${{original_caption}}", "only ${5|10}", "plain"],
)
def test_platform_syntax_is_not_a_reference(text: str) -> None:
    assert not has_refs(text)
    assert resolve_refs(text, env={}) == text


def test_escape_and_has_refs() -> None:
    assert resolve_refs("$${env:X}", env={}) == "${env:X}"
    assert not has_refs("$${env:X}")
    assert has_refs("a ${env:X}")
    assert has_refs("a ${vault:x}")  # resolving would act on it (and fail)
    with pytest.raises(RefError, match="unknown reference scheme 'vault'"):
        resolve_refs("a ${vault:x}", env={})
