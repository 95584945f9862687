"""Rule 9: a directory's YAML files merge into one config; conflicts name both files."""

from __future__ import annotations

from pathlib import Path

import pytest
from cfg_helpers import Write, only, where

from reconciler.config import find_config_files, load_config
from reconciler.errors import ConfigError, Diagnostic


def _errors(path: Path) -> list[Diagnostic]:
    with pytest.raises(ConfigError) as info:
        load_config(path)
    return info.value.diagnostics


def test_find_config_files(write: Write, tmp_path: Path) -> None:
    for name in ("b.yml", "a.yaml", "c.txt", ".hidden.yaml", "d.yaml.bak"):
        write("version: 1\n", name)
    assert find_config_files(tmp_path) == [tmp_path / "a.yaml", tmp_path / "b.yml"]
    assert find_config_files(tmp_path / "a.yaml") == [tmp_path / "a.yaml"]


def test_lists_concatenate_in_file_order(write: Write, tmp_path: Path) -> None:
    write("version: 1\naccounts:\n  - username: a\nprune: {captions: true}\n", "10-base.yaml")
    write("accounts:\n  - username: b\ncaptions:\n  - {title: t, caption: c}\n", "20-more.yaml")
    write("", "30-empty.yaml")
    config = load_config(tmp_path)
    assert [a.username for a in config.accounts] == ["a", "b"]
    assert [c.title for c in config.captions] == ["t"]
    assert config.prune.captions is True


def test_positions_refer_to_each_file(write: Write, tmp_path: Path) -> None:
    write("version: 1\naccounts:\n  - username: a\n", "a.yaml")
    write("accounts:\n  - username: b\n    proxy: 5\n", "b.yaml")
    d = only(_errors(tmp_path))
    assert d.file == str(tmp_path / "b.yaml")
    assert where(d) == (3, 12, "accounts[0].proxy")  # index within b.yaml


def test_version_must_agree(write: Write, tmp_path: Path) -> None:
    write("version: 1\n", "a.yaml")
    write("version: 1\n", "b.yaml")
    write("\nversion: 2\n", "c.yaml")
    d = only(_errors(tmp_path))
    assert (d.file, *where(d)) == (str(tmp_path / "c.yaml"), 2, 10, "version")
    assert d.message == f"version differs from the one in {tmp_path / 'a.yaml'}:1"


def test_version_required_somewhere(write: Write, tmp_path: Path) -> None:
    write("accounts: []\n", "a.yaml")
    write("", "b.yaml")
    d = only(_errors(tmp_path))
    assert (d.file, d.path) == (str(tmp_path / "a.yaml"), "version")


def test_prune_merged_and_conflict_named(write: Write, tmp_path: Path) -> None:
    write("version: 1\nprune:\n  captions: true\n", "a.yaml")
    write("prune:\n  captions: false\n", "b.yaml")
    d = only(_errors(tmp_path))
    assert (d.file, *where(d)) == (str(tmp_path / "b.yaml"), 2, 3, "prune.captions")
    assert d.message == (
        f"'prune.captions' is declared in two files: {tmp_path / 'a.yaml'}:3 and here"
    )


def test_other_key_in_two_files(write: Write, tmp_path: Path) -> None:
    write("version: 1\ndefaults: {}\n", "a.yaml")
    write("defaults: {}\n", "b.yaml")
    d = only(_errors(tmp_path))
    assert (Path(d.file).name, *where(d)) == ("b.yaml", 1, 1, "defaults")
    assert d.message == f"'defaults' is declared in two files: {tmp_path / 'a.yaml'}:2 and here"


def test_list_key_that_is_not_a_list(write: Write, tmp_path: Path) -> None:
    write("version: 1\naccounts: {username: a}\n", "a.yaml")
    d = only(_errors(tmp_path))
    assert where(d) == (2, 11, "accounts")
    assert d.message == "expected a list, got a mapping"


def test_broken_file_does_not_add_a_missing_version_guess(write: Write, tmp_path: Path) -> None:
    write("accounts: []\n", "a.yaml")
    write("version: [1\n", "b.yaml")
    d = only(_errors(tmp_path))
    assert d.file == str(tmp_path / "b.yaml")
    assert d.message.startswith("YAML syntax error")


def test_errors_from_all_files_at_once(write: Write, tmp_path: Path) -> None:
    write("version: 1\naccounts:\n  - {username: a, proxi: x}\n", "a.yaml")
    write("captions:\n  - {title: t, captoin: c}\n", "b.yaml")
    found = _errors(tmp_path)
    assert [(Path(d.file).name, d.path) for d in found] == [
        ("a.yaml", "accounts[0].proxi"),
        ("b.yaml", "captions[0].caption"),  # missing: at the item, col 5
        ("b.yaml", "captions[0].captoin"),
    ]


def test_missing_path_and_empty_directory(tmp_path: Path) -> None:
    assert only(_errors(tmp_path / "nope.yaml")).message == "no such file or directory"
    assert "no *.yaml, *.yml or *.j2" in only(_errors(tmp_path)).message
