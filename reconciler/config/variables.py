"""Variables for `*.j2` templates: vars files and values given on the command line.

Sources, later ones winning on the same name:

1. a config directory's `vars/` subdirectory: its `*.yaml`, `*.yml`, `*.json`, `*.csv`
   files in name order;
2. vars files named explicitly (`--vars-file`), in the order given;
3. single values (`--var key=value`, always strings).

A YAML or JSON vars file holds a mapping; its keys become variables. A CSV file becomes
one variable named after the file (`accounts.csv` -> `accounts`; characters not allowed
in a name become `_`): a list of its rows, each a mapping of header -> string value.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from reconciler.config.limits import MAX_FILE_BYTES, TooLarge, read_limited
from reconciler.config.suggest import describe
from reconciler.config.yaml_source import read_source
from reconciler.errors import Diagnostic

VARS_DIR = "vars"
VARS_SUFFIXES = (".yaml", ".yml", ".json", ".csv")
_NOT_NAME = re.compile(r"[^A-Za-z0-9_]")


def find_vars_files(config_path: Path) -> list[Path]:
    """The vars files of a config directory (its `vars/` subdirectory), sorted by name."""
    folder = config_path / VARS_DIR
    if not config_path.is_dir() or not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix in VARS_SUFFIXES and not p.name.startswith(".") and p.is_file()
    )


def load_variables(
    files: Sequence[Path], overrides: Mapping[str, object] | None = None
) -> tuple[dict[str, Any], list[Diagnostic]]:
    """The template variables from `files` then `overrides`, and every problem found."""
    variables: dict[str, Any] = {}
    problems: list[Diagnostic] = []
    for path in files:
        variables.update(_read(path, problems))
    variables.update(overrides or {})
    return variables, problems


def csv_variable_name(path: Path) -> str:
    """`my-accounts.csv` -> `my_accounts`."""
    name = _NOT_NAME.sub("_", path.stem)
    return f"_{name}" if name[:1].isdigit() else name


def _read(path: Path, problems: list[Diagnostic]) -> dict[str, Any]:
    name = str(path)
    if not path.is_file():
        problems.append(Diagnostic(name, 1, 1, "", "vars file: no such file"))
        return {}
    if path.suffix == ".csv":
        return _read_csv(path, problems)
    if path.suffix == ".json":
        return _read_json(path, problems)
    source = read_source(path)
    problems.extend(source.problems)
    if source.broken or not isinstance(source.data, dict):
        return {}
    return source.data


def _read_json(path: Path, problems: list[Diagnostic]) -> dict[str, Any]:
    name = str(path)
    try:
        data = json.loads(read_limited(path, MAX_FILE_BYTES, "a vars file").decode("utf-8"))
    except TooLarge as exc:
        problems.append(Diagnostic(name, 1, 1, "", f"the vars file is {exc}"))
        return {}
    except json.JSONDecodeError as exc:
        problems.append(Diagnostic(name, exc.lineno, exc.colno, "", f"invalid JSON: {exc.msg}"))
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Diagnostic(name, 1, 1, "", f"cannot read vars file: {exc}"))
        return {}
    if not isinstance(data, dict):
        problems.append(
            Diagnostic(name, 1, 1, "", f"a vars file holds a mapping, not {describe(data)}")
        )
        return {}
    return data


def _read_csv(path: Path, problems: list[Diagnostic]) -> dict[str, Any]:
    name = str(path)
    try:
        # spreadsheets often write a BOM
        text = read_limited(path, MAX_FILE_BYTES, "a vars file").decode("utf-8-sig")
    except TooLarge as exc:
        problems.append(Diagnostic(name, 1, 1, "", f"the vars file is {exc}"))
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Diagnostic(name, 1, 1, "", f"cannot read vars file: {exc}"))
        return {}
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader, [])]
        rows: list[dict[str, str]] = []
        if _header_problems(header, name, problems):
            return {}
        for record in reader:
            if not any(field.strip() for field in record):
                continue  # blank line
            if len(record) != len(header):
                problems.append(
                    Diagnostic(
                        name,
                        reader.line_num,
                        1,
                        "",
                        f"this row has {len(record)} fields, the header has {len(header)}",
                    )
                )
                continue
            rows.append(dict(zip(header, record, strict=True)))
    except csv.Error as exc:
        problems.append(Diagnostic(name, reader.line_num or 1, 1, "", f"invalid CSV: {exc}"))
        return {}
    return {csv_variable_name(path): rows}


def _header_problems(header: list[str], name: str, problems: list[Diagnostic]) -> bool:
    if not header or not any(header):
        problems.append(Diagnostic(name, 1, 1, "", "a CSV vars file needs a header row"))
        return True
    seen: set[str] = set()
    found = False
    for col, column in enumerate(header, start=1):
        if not column:
            problems.append(Diagnostic(name, 1, 1, "", f"column {col} has no name"))
            found = True
        elif column in seen:
            message = f"column {col} ({column!r}) appears twice"
            problems.append(Diagnostic(name, 1, 1, "", message))
            found = True
        seen.add(column)
    return found
