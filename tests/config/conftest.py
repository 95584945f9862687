"""Fixtures for config tests: write YAML into a temp dir, load it, get the diagnostics."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from cfg_helpers import Errors, Write

from reconciler.config import load_config
from reconciler.errors import ConfigError, Diagnostic


@pytest.fixture
def write(tmp_path: Path) -> Write:
    """write(text, name="strec.yaml") -> path; the text is dedented."""

    def _write(text: str, name: str = "strec.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return _write


@pytest.fixture
def errors(write: Write) -> Errors:
    """errors(text, name=...) -> the diagnostics load_config raises for that text."""

    def _errors(text: str, name: str = "strec.yaml") -> list[Diagnostic]:
        path = write(text, name)
        with pytest.raises(ConfigError) as info:
            load_config(path)
        return info.value.diagnostics

    return _errors
