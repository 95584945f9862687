"""Rule 5: a username or caption title declared twice points at the second, names the first."""

from __future__ import annotations

from pathlib import Path

import pytest
from cfg_helpers import Errors, Write, only, where

from reconciler.config import load_config
from reconciler.errors import ConfigError


def test_duplicate_username(errors: Errors) -> None:
    d = only(errors("version: 1\naccounts:\n  - username: a\n  - username: b\n  - username: A\n"))
    assert where(d) == (5, 15, "accounts[2].username")
    assert d.message.startswith("duplicate username 'A' (first declared at ")
    assert d.message.endswith("strec.yaml:3)")


def test_duplicate_caption_title(errors: Errors) -> None:
    d = only(
        errors("version: 1\ncaptions:\n  - {title: t, caption: x}\n  - {title: t, caption: y}\n")
    )
    assert where(d) == (4, 13, "captions[1].title")
    assert d.message.startswith("duplicate title 't' (first declared at ")
    assert d.message.endswith("strec.yaml:3)")


def test_duplicate_across_files_names_the_first_file(write: Write, tmp_path: Path) -> None:
    write("version: 1\naccounts:\n  - username: a\n", "a.yaml")
    write("accounts:\n  - username: b\n  - username: a\n", "b.yml")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path)
    d = only(info.value.diagnostics)
    assert d.file == str(tmp_path / "b.yml")
    assert where(d) == (3, 15, "accounts[1].username")
    assert d.message == f"duplicate username 'a' (first declared at {tmp_path / 'a.yaml'}:3)"
