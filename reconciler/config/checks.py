"""Checks the schema cannot express, run on the merged plain document before pydantic.

Settings and targets are checked per module against the catalog (and made canonical),
keys that must be unique are, references have valid syntax, and no literal API key is
present. Each check skips a shape it does not expect: the schema check reports that.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from reconciler.config.file_refs import outside_problem
from reconciler.config.locations import account_blocks
from reconciler.config.merge import SourceMap
from reconciler.config.refs import ref_problems, split_refs
from reconciler.config.report import Report
from reconciler.config.suggest import shorten
from reconciler.config.yaml_source import Loc, format_path

API_KEY = re.compile(r"sht_[0-9a-fA-F]{64}")
API_KEY_MESSAGE = (
    "a literal API key must not be in the config; strec reads it from STREC_API_KEY or "
    "STREC_API_KEY_FILE in its environment"
)


#: What the string checks look for: references, and the prefix of an API key.
_MARKS = ("${", "sht_")

Marked = list[tuple[Loc, str]]  # the string values holding one of _MARKS, in document order


def check_document(data: dict[str, Any], report: Report) -> Marked:
    """Catalog, uniqueness and reference checks; settings and targets are replaced by their
    checked, canonical form. `defaults` and `profiles` are checked as written, and again
    as merged into accounts (a problem then points at the template, reported once).

    Returns the strings `check_file_refs` and `check_api_keys` look at, found in the one
    walk of the document this makes (three walks were a tenth of a large config's load).
    """
    for block, loc, _ in account_blocks(data):
        _check_schedules(block, loc, report)
    accounts = data.get("accounts")
    if isinstance(accounts, list):
        _check_unique(accounts, "accounts", "username", report, fold=True)
    captions = data.get("captions")
    if isinstance(captions, list):
        _check_unique(captions, "captions", "title", report, fold=False)
    marked = strings_containing(data, *_MARKS)
    for loc, text in marked:
        if "${" in text:
            for problem in ref_problems(text):
                report.error(loc, problem)
    from reconciler.kinds import KINDS

    for kind in KINDS:  # these read the document; no string they check is rewritten
        kind.check_document(data, report)
    return marked


def _check_schedules(account: dict[str, Any], loc: Loc, report: Report) -> None:
    """Each module block, by the kind that owns it (catalogs, canonical values)."""
    from reconciler.kinds import KINDS

    for kind in KINDS:
        block = account.get(kind.name) if kind.per_account else None
        if isinstance(block, dict):
            kind.check_config(block, (*loc, kind.name), report)


def _check_unique(
    items: list[Any], list_key: str, field: str, report: Report, *, fold: bool
) -> None:
    """A second declaration of the same key is an error naming the first one's place."""
    first_seen: dict[str, int] = {}
    for i, item in enumerate(items):
        name = item.get(field) if isinstance(item, dict) else None
        if not isinstance(name, str):
            continue
        key = name.casefold() if fold else name
        if key in first_seen:
            first_loc: Loc = (list_key, first_seen[key], field)
            first = report.where(first_loc)
            if first == report.where((list_key, i, field)):  # a template's loop wrote both
                first += f", {format_path(report.smap.locate(first_loc)[1][:2])}"
            report.error(
                (list_key, i, field),
                f"duplicate {field} {shorten(name)} (first declared at {first})",
            )
        else:
            first_seen[key] = i


def strings_containing(data: Any, needle: str, other: str = "") -> Marked:
    """Every string value of `data` that contains `needle` (or `other`, if given), with its
    location, in document order."""
    found: Marked = []
    _collect(data, (), needle, other or needle, found)
    return found


def _collect(value: Any, loc: Loc, needle: str, other: str, found: Marked) -> None:
    # Called for every container of the document: no generators, no tuple per scalar.
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in items:
        if isinstance(item, str):
            if needle in item or other in item:
                found.append(((*loc, key), item))
        elif isinstance(item, dict | list):
            _collect(item, (*loc, key), needle, other, found)


def check_file_refs(marked: Marked, smap: SourceMap, root: Path, report: Report) -> None:
    """Every `${file:PATH}` stays inside `root`, read from the directory of the file that
    wrote it (checked offline: the file need not exist yet)."""
    for loc, text in marked:
        if "${file:" not in text:
            continue
        base = Path(smap.locate(loc)[0].name).parent
        for piece in split_refs(text):
            if piece.scheme == "file":
                problem = outside_problem(piece.arg, base, root)
                if problem:
                    report.error(loc, problem)


def check_api_keys(marked: Marked, smap: SourceMap, report: Report) -> None:
    """No literal API key in a value, nor anywhere else in the files (comments, keys).

    A raw-text match within the lines of a value already reported is not reported again.
    """
    covered: set[tuple[str, int]] = set()
    for loc, text in marked:
        if "sht_" in text and API_KEY.search(text):
            d = report.error(loc, API_KEY_MESSAGE)
            covered.update((d.file, d.line + n) for n in range(text.count("\n") + 2))
    for source in smap.files:
        if "sht_" not in source.text:
            continue
        for match in API_KEY.finditer(source.text):
            before = source.text[: match.start()]
            line = before.count("\n") + 1
            if (source.name, source.map_line(line)) not in covered:
                col = match.start() - (before.rfind("\n") + 1) + 1
                report.add(source.at(line, col, "", API_KEY_MESSAGE))
