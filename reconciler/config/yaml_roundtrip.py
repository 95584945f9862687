"""The thorough YAML path: ruamel's round-trip loader, for a file the fast path declined.

It records line/column of every key, value and item, and keeps going where a plain loader
stops: every duplicate key is reported (the first value wins), a tag or binary value
becomes `Unsupported` and is reported, a bad timestamp gets a position. Pure Python and
slow, so it runs only on files that have such a problem or need YAML 1.1.

The caps of the fast path hold here too, checked by the composer as nodes arrive (before
anything is expanded): nesting depth, and the values that aliases add. A syntax error is
placed where its problem starts: an unclosed quote, bracket or brace where it opened,
a key without its `:` where the key began, not where the parser gave up.
"""

from __future__ import annotations

import datetime as dt
import warnings
from typing import TYPE_CHECKING, Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor

from reconciler.config.limits import MAX_ALIAS_NODES
from reconciler.config.locations import Loc, format_path
from reconciler.config.suggest import describe
from reconciler.config.yaml_fast import ALIAS_MESSAGE
from reconciler.config.yaml_problems import CappedComposer, syntax_problem

if TYPE_CHECKING:
    from reconciler.config.yaml_source import SourceFile

#: Backstop of the converter: values beyond the file's own and what aliases may add.
MAX_NODES = MAX_ALIAS_NODES


class Unsupported:
    """Stands in for a YAML value strec cannot use (a tag, binary); already reported."""

    def __repr__(self) -> str:
        return "<unsupported>"


class _RecordingConstructor(RoundTripConstructor):
    """Keeps going past duplicate keys and turns bad timestamps into positioned errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.duplicates: list[tuple[Any, Any, Any]] = []  # (mapping, key, mark of the repeat)

    def check_mapping_key(
        self, node: Any, key_node: Any, mapping: Any, key: Any, value: Any
    ) -> bool:
        if key in mapping:
            self.duplicates.append((mapping, key, key_node.start_mark))
            return False
        return True

    def construct_yaml_timestamp(self, node: Any, values: Any = None) -> Any:
        try:
            return super().construct_yaml_timestamp(node, values)
        except (ValueError, OverflowError) as exc:
            raise ConstructorError(None, None, f"invalid date: {exc}", node.start_mark) from exc


_RecordingConstructor.add_constructor(
    "tag:yaml.org,2002:timestamp", _RecordingConstructor.construct_yaml_timestamp
)


def roundtrip_position(root: Any, loc: Loc, *, at_key: bool = False) -> tuple[int, int]:
    """0-based line/col of `loc` in a round-trip tree, or of its nearest ancestor."""
    node = root
    line, col = _own_position(node)
    for i, part in enumerate(loc):
        try:
            if isinstance(node, CommentedMap) and isinstance(part, str) and part in node:
                want_key = at_key and i == len(loc) - 1
                line, col = node.lc.key(part) if want_key else node.lc.value(part)
                node = node[part]
            elif isinstance(node, CommentedSeq) and isinstance(part, int):
                line, col = node.lc.item(part)
                node = node[part]
            else:
                break
        except (KeyError, IndexError, TypeError, AttributeError):
            break  # merged (<<) keys have no position of their own
    return line, col


def _own_position(node: Any) -> tuple[int, int]:
    try:
        return int(node.lc.line or 0), int(node.lc.col or 0)
    except AttributeError:
        return 0, 0


def parse_roundtrip(source: SourceFile, text: str) -> None:
    """Fill `source` from YAML text: round-trip tree, plain data and problems."""
    yaml = YAML(typ="rt")
    yaml.Constructor = _RecordingConstructor
    yaml.Composer = CappedComposer
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a reused anchor is valid YAML: the last one wins
            source.root = yaml.load(text)
    # A parser fed arbitrary text can fail in more ways than YAMLError (deep nesting,
    # bad numbers); each becomes a diagnostic, never a traceback.
    except Exception as exc:
        source.broken = True
        line, col, message = syntax_problem(exc, text)
        source.problems.append(source.at(line, col, "", message))
        return
    for mapping, key, mark in yaml.constructor.duplicates:
        first = _first_line(mapping, key)
        where = f" (first at line {source.map_line(first)})" if first else ""
        path = format_path((*_find_path(source.root, mapping), str(key)))
        source.problems.append(
            source.at(mark.line + 1, mark.column + 1, path, f"duplicate key '{key}'{where}")
        )
    if source.root is None:
        source.data = {}
        return
    if not isinstance(source.root, CommentedMap):
        found = "a list" if isinstance(source.root, CommentedSeq) else describe(source.root)
        source.add((), f"the top level must be a mapping (version: 1, accounts: ...), not {found}")
        source.broken = True  # nothing of it is usable, not even its version
        source.data = {}
        return
    try:
        source.data = _Converter(source).convert(source.root, ())
    except (RecursionError, _TooBig):  # the composer's caps make this a backstop only
        source.broken = True
        source.data = {}
        source.add((), f"YAML too large: {ALIAS_MESSAGE}")


def _first_line(mapping: Any, key: Any) -> int | None:
    try:
        return int(mapping.lc.key(key)[0]) + 1
    except (KeyError, AttributeError, TypeError):
        return None


def _find_path(root: Any, target: Any) -> Loc:
    """Where `target` sits in the tree; walked only when a duplicate key was found."""
    stack: list[tuple[Any, Loc]] = [(root, ())]
    seen: set[int] = set()
    while stack:
        node, loc = stack.pop()
        if node is target:
            return loc
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, CommentedMap):
            stack.extend((v, (*loc, str(k))) for k, v in node.items())
        elif isinstance(node, CommentedSeq):
            stack.extend((v, (*loc, i)) for i, v in enumerate(node))
    return ()


def plain_scalar(value: Any) -> Any:
    """A ruamel scalar as the plain Python type it stands for, or Unsupported."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, dt.datetime):
        return dt.datetime(
            value.year, value.month, value.day, value.hour, value.minute, value.second
        )
    if isinstance(value, dt.date):
        return dt.date(value.year, value.month, value.day)
    return Unsupported()


class _Converter:
    """ruamel tree -> dict/list/str/int/float/bool/None, reporting what cannot be used."""

    def __init__(self, source: SourceFile) -> None:
        self.source = source
        self.nodes = 0
        # A value takes at least one character of the file, aliases aside.
        self.limit = MAX_NODES + len(source.text) + 1
        self.active: set[int] = set()  # containers on the current path (alias cycles)

    def convert(self, node: Any, loc: Loc) -> Any:
        self.nodes += 1
        if self.nodes > self.limit:
            raise _TooBig
        if isinstance(node, CommentedMap | CommentedSeq):
            if id(node) in self.active:
                self.source.add(loc, "an alias refers to the mapping or list that contains it")
                return Unsupported()
            self.active.add(id(node))
            try:
                if isinstance(node, CommentedMap):
                    return self._mapping(node, loc)
                return [self.convert(item, (*loc, i)) for i, item in enumerate(node)]
            finally:
                self.active.discard(id(node))
        value = plain_scalar(node)
        if isinstance(value, Unsupported):
            tag = getattr(getattr(node, "tag", None), "value", None) or type(node).__name__
            self.source.add(
                loc,
                f"unsupported YAML value ({tag}); use a string, number, boolean, list or mapping",
            )
        return value

    def _mapping(self, node: CommentedMap, loc: Loc) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in node.items():
            if not isinstance(key, str):
                self._bad_key(node, key, loc)
                continue
            out[str(key)] = self.convert(value, (*loc, str(key)))
        return out

    def _bad_key(self, node: CommentedMap, key: Any, loc: Loc) -> None:
        try:
            line, col = (int(n) + 1 for n in node.lc.key(key))
        except (KeyError, AttributeError, TypeError):
            line, col = self.source.raw_position(loc)
        if isinstance(key, tuple | frozenset) or hasattr(key, "items"):
            kind, path = "a list or mapping", format_path(loc)
        else:
            kind, path = describe(plain_scalar(key)), format_path((*loc, str(key)))
        self.source.problems.append(
            self.source.at(line, col, path, f"keys must be strings, not {kind}; quote it")
        )


class _TooBig(Exception):
    """The document expands to more values than the composer's caps allow."""
