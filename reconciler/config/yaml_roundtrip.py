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
from ruamel.yaml.composer import Composer
from ruamel.yaml.constructor import ConstructorError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, MappingStartEvent, SequenceStartEvent
from ruamel.yaml.nodes import MappingNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from reconciler.config.limits import MAX_ALIAS_NODES, MAX_DEPTH
from reconciler.config.locations import Loc, format_path
from reconciler.config.suggest import describe
from reconciler.config.yaml_fast import ALIAS_MESSAGE, DEPTH_MESSAGE

if TYPE_CHECKING:
    from reconciler.config.yaml_source import SourceFile

#: Backstop of the converter: values beyond the file's own and what aliases may add.
MAX_NODES = MAX_ALIAS_NODES
_FLOW = {"while parsing a flow sequence": "[", "while parsing a flow mapping": "{"}


class CapExceeded(MarkedYAMLError):
    """A cap crossed while composing; `problem_mark` is where."""


class _CappedComposer(Composer):
    """Counts nesting as nodes open and what each alias adds, refusing past the caps.

    An alias adds the size of the node it names, computed once per node; the anchored
    node may still be open (an alias inside itself): it then counts as what it has so far.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.open_nodes = 0
        self.expanded = 0
        self.sizes: dict[int, tuple[int, int]] = {}  # id(node) -> (values, height)

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.parser.peek_event()
        if isinstance(event, AliasEvent):
            node = self.anchors.get(event.anchor)
            if node is not None:
                size, height = self._measure(node, set())
                self.expanded += size
                if self.expanded > MAX_ALIAS_NODES:
                    raise CapExceeded(None, None, ALIAS_MESSAGE, event.start_mark)
                if self.open_nodes + height > MAX_DEPTH:
                    raise CapExceeded(None, None, DEPTH_MESSAGE, event.start_mark)
            return super().compose_node(parent, index)
        if not isinstance(event, MappingStartEvent | SequenceStartEvent):
            return super().compose_node(parent, index)
        self.open_nodes += 1
        try:
            if self.open_nodes > MAX_DEPTH:
                raise CapExceeded(None, None, DEPTH_MESSAGE, event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self.open_nodes -= 1

    def _measure(self, node: Any, path: set[int]) -> tuple[int, int]:
        known = self.sizes.get(id(node))
        if known is not None:
            return known
        if id(node) in path or not isinstance(node, MappingNode | SequenceNode):
            return 1, 0
        path.add(id(node))
        items = (
            node.value
            if isinstance(node, SequenceNode)
            else [v for pair in node.value for v in pair]
        )
        children = [self._measure(item, path) for item in items]
        path.discard(id(node))
        found = 1 + sum(c[0] for c in children), 1 + max((c[1] for c in children), default=0)
        if node.end_mark is not None:  # complete: its size will not change
            self.sizes[id(node)] = found
        return found


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
    yaml.Composer = _CappedComposer
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a reused anchor is valid YAML: the last one wins
            source.root = yaml.load(text)
    # A parser fed arbitrary text can fail in more ways than YAMLError (deep nesting,
    # bad numbers); each becomes a diagnostic, never a traceback.
    except Exception as exc:
        source.broken = True
        line, col, message = _syntax_problem(exc, text)
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


def _syntax_problem(exc: Exception, text: str) -> tuple[int, int, str]:
    if isinstance(exc, CapExceeded):
        mark = exc.problem_mark
        return mark.line + 1, mark.column + 1, f"YAML too large: {exc.problem}"
    if isinstance(exc, MarkedYAMLError):
        return _marked_problem(exc)
    if isinstance(exc, ReaderError):
        before = text[: exc.position]
        line = before.count("\n") + 1
        col = exc.position - (before.rfind("\n") + 1) + 1
        return line, col, f"YAML syntax error: character #x{exc.character:04x}: {exc.reason}"
    if isinstance(exc, RecursionError):
        return 1, 1, "YAML syntax error: the document is nested too deeply"
    if isinstance(exc, YAMLError):
        return 1, 1, f"YAML syntax error: {exc}"
    return 1, 1, f"YAML syntax error: {type(exc).__name__}"


def _marked_problem(exc: MarkedYAMLError) -> tuple[int, int, str]:
    """Where the problem starts, and what it is.

    The parser notices an unclosed quote or bracket only where it gives up, often at the
    end of the file; the place to fix is where the quote or bracket opened. A flow
    collection that breaks on its own line is more likely a missing comma: that stays
    where the parser stopped.
    """
    problem = exc.problem or exc.context or "invalid YAML"
    mark, start = exc.problem_mark, exc.context_mark
    if mark is None:
        mark = start
    if mark is None:
        return 1, 1, f"YAML syntax error: {problem}"
    at = f"line {mark.line + 1}, column {mark.column + 1}"
    unclosed = "end of stream" in problem or "document separator" in problem
    if start is not None and exc.context == "while scanning a quoted scalar" and unclosed:
        message = f"a quoted string starts here and is not closed (still open at {at})"
        return start.line + 1, start.column + 1, f"YAML syntax error: {message}"
    if start is not None and exc.context == "while scanning a simple key":
        message = f"this key has no ':' after it ({problem} at {at})"
        return start.line + 1, start.column + 1, f"YAML syntax error: {message}"
    bracket = _FLOW.get(exc.context or "")
    if start is not None and bracket is not None and mark.line > start.line:
        message = f"this '{bracket}' is not closed ({problem} at {at})"
        return start.line + 1, start.column + 1, f"YAML syntax error: {message}"
    if exc.context and exc.problem:
        problem = f"{problem} ({exc.context})"
    return mark.line + 1, mark.column + 1, f"YAML syntax error: {problem}"


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
