"""One YAML file: parsed, its YAML-level problems collected, its positions on demand.

A file is first read by the fast C path (`yaml_fast`); a file it declines is read by the
round-trip path (`yaml_roundtrip`), which reports what is wrong with it. Positions are
looked up only for locations that have a problem, from whichever path read the file.
A file rendered from a Jinja2 template carries a line map, so that positions name the
template's lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reconciler.config import yaml_fast
from reconciler.config.limits import MAX_FILE_BYTES, TooLarge, read_limited
from reconciler.config.locations import Loc, format_path
from reconciler.config.yaml_roundtrip import (
    MAX_NODES,
    Unsupported,
    parse_roundtrip,
    roundtrip_position,
)
from reconciler.errors import Diagnostic

__all__ = [
    "MAX_NODES",
    "Loc",
    "SourceFile",
    "Unsupported",
    "format_path",
    "parse_text",
    "read_source",
]


@dataclass
class SourceFile:
    """One parsed config file: its plain data, its problems, and where its values are."""

    name: str
    text: str = ""
    root: Any = None  # the round-trip tree, when the file took that path
    data: Any = None
    broken: bool = False  # unreadable as YAML: its content is unknown
    problems: list[Diagnostic] = field(default_factory=list)
    fast: bool = False  # read by the C path: positions come from its event index
    #: For a rendered template: the template line (1-based) of each rendered line.
    line_map: list[int] | None = None
    _index: Any = None

    def raw_position(self, loc: Loc, *, at_key: bool = False) -> tuple[int, int]:
        """1-based line/col of `loc` in the parsed text, or of its nearest ancestor."""
        if self.fast:
            if self._index is None:
                self._index = yaml_fast.index_positions(self.text) or (0, 0)
            line, col = _index_position(self._index, loc, at_key=at_key)
        else:
            line, col = roundtrip_position(self.root, loc, at_key=at_key)
        return line + 1, col + 1

    def position(self, loc: Loc, *, at_key: bool = False) -> tuple[int, int]:
        """1-based line/col of `loc` as the user wrote it (a template's own line)."""
        line, col = self.raw_position(loc, at_key=at_key)
        return self.map_line(line), col

    def quoted(self, loc: Loc) -> bool:
        """Whether the scalar at `loc` was written in quotes (False when it is not found)."""
        if not self.text or self.broken:
            return False
        line, col = self.raw_position(loc)
        start = 0
        for _ in range(line - 1):
            start = self.text.find("\n", start) + 1
            if start == 0:
                return False
        return self.text[start + col - 1 : start + col] in ("'", '"')

    def map_line(self, line: int) -> int:
        """The template line of a rendered line (the line itself for a plain file)."""
        if self.line_map is None or not 1 <= line <= len(self.line_map):
            return line
        return self.line_map[line - 1]

    def at(self, line: int, col: int, path: str, message: str) -> Diagnostic:
        """A diagnostic at a 1-based line/col of the parsed text."""
        return Diagnostic(self.name, self.map_line(line), col, path, message)

    def diagnostic(self, loc: Loc, message: str, *, at_key: bool = False) -> Diagnostic:
        line, col = self.position(loc, at_key=at_key)
        return Diagnostic(self.name, line, col, format_path(loc), message)

    def add(self, loc: Loc, message: str, *, at_key: bool = False) -> None:
        self.problems.append(self.diagnostic(loc, message, at_key=at_key))


def _index_position(node: Any, loc: Loc, *, at_key: bool) -> tuple[int, int]:
    line, col = node[0], node[1]
    for i, part in enumerate(loc):
        children = node[2] if len(node) == 3 else None
        if isinstance(children, dict) and isinstance(part, str) and part in children:
            key_mark, node = children[part]
            line, col = key_mark if at_key and i == len(loc) - 1 else (node[0], node[1])
        elif isinstance(children, list) and isinstance(part, int) and 0 <= part < len(children):
            node = children[part]
            line, col = node[0], node[1]
        else:
            break  # merged (<<) keys have no position of their own
    return line, col


def read_source(path: Path, name: str | None = None) -> SourceFile:
    """Read and parse one file. Never raises for bad content: problems land in `.problems`.

    A file larger than `MAX_FILE_BYTES` is refused after reading that much of it.
    """
    source = SourceFile(name or str(path))
    try:
        text = read_limited(path, MAX_FILE_BYTES, "a config file").decode("utf-8")
    except TooLarge as exc:
        source.broken = True
        source.problems.append(Diagnostic(source.name, 1, 1, "", f"the file is {exc}"))
        return source
    except UnicodeDecodeError as exc:
        source.broken = True
        source.problems.append(Diagnostic(source.name, 1, 1, "", f"not UTF-8 text: {exc.reason}"))
        return source
    except OSError as exc:
        source.broken = True
        source.problems.append(Diagnostic(source.name, 1, 1, "", f"cannot read: {exc.strerror}"))
        return source
    parse_text(source, text)
    return source


def parse_text(source: SourceFile, text: str) -> None:
    """Fill `source` from YAML text: plain data and problems (fast path first)."""
    source.text = text
    try:
        data = yaml_fast.fast_load(text)
    except yaml_fast.NotFast:
        parse_roundtrip(source, text)
        return
    except yaml_fast.TooBig as exc:
        source.broken = True
        source.problems.append(source.at(exc.line + 1, exc.col + 1, "", f"YAML too large: {exc}"))
        return
    if data is None:
        data = {}
    if not isinstance(data, dict):
        parse_roundtrip(source, text)  # it words the problem
        return
    source.data = data
    source.fast = True
