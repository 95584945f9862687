"""The fast YAML path: libyaml's C parser (ruamel.yaml.clib) turned straight into plain data.

ruamel's round-trip loader is pure Python and many times slower; its positions are only
needed when something is wrong. This path covers the plain YAML 1.2 a config uses —
mappings with string keys, lists, core-schema scalars, anchors, aliases and `<<` merges —
and raises `NotFast` for anything else (a syntax error, a duplicate key, a tag, a
`%YAML 1.1` directive, a non-string key, an alias cycle, ...). The caller then reads the
file with the round-trip loader, which reports every such problem with its position.

The data equals what the round-trip path makes of the same text (aliases copied, merged
keys after the mapping's own, timestamps as naive wall-clock values without fractions).
Positions of a clean file come from the same event stream (`index_positions`), walked
again only when a problem has to be reported.

Two caps (see `limits`) are enforced here as the events arrive, and raise `TooBig` with
the position of the event that crossed them: nesting depth, and the values that expanding
aliases adds. An alias's size is known before it is copied, so an alias bomb is refused
after a few hundred events instead of after building millions of values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ruamel.yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from reconciler.config.limits import MAX_ALIAS_NODES, MAX_DEPTH
from reconciler.config.yaml_scalars import Declined, plain_scalar

try:
    from ruamel.yaml.cyaml import CParser  # type: ignore[attr-defined]  # ruamel.yaml.clib
except ImportError:  # not installed: every file takes the round-trip path
    CParser = None

DEPTH_MESSAGE = f"mappings and lists nested more than {MAX_DEPTH} levels deep (the cap)"
ALIAS_MESSAGE = (
    f"aliases expand to more than {MAX_ALIAS_NODES:,} values (the cap on alias expansion)"
)

Mark = tuple[int, int]  # 0-based line, column


class NotFast(Exception):
    """The text needs the round-trip loader (it may well be valid YAML)."""


class TooBig(Exception):
    """The document crosses a cap; `line` and `col` (0-based) are where it did."""

    def __init__(self, message: str, mark: Mark) -> None:
        super().__init__(message)
        self.line, self.col = mark


def available() -> bool:
    """Whether the C parser is installed."""
    return CParser is not None


#: Where one value starts: (line, col) for a scalar; (line, col, {key: (key_mark, value)})
#: for a mapping; (line, col, [item, ...]) for a list. Plain tuples: an index of a large
#: file is built quickly.
PosNode = tuple[Any, ...]


@dataclass
class _Anchor:
    value: Any
    pos: PosNode | None
    open: bool = True
    size: int = -1  # values in `value` (counted at its first alias), and its height
    height: int = 0


@dataclass
class _Builder:
    get: Any  # the parser's get_event
    record: bool
    anchors: dict[str, _Anchor] = field(default_factory=dict)
    depth: int = 0  # containers open around the current event
    expanded: int = 0  # values added by aliases so far

    def node(self, event: Any) -> tuple[Any, PosNode | None]:
        kind = type(event)
        if kind is ScalarEvent:
            value = _scalar(event)
            pos = _mark(event) if self.record else None
            if event.anchor is not None:
                self.anchors[event.anchor] = _Anchor(value, pos, open=False)
            return value, pos
        if kind is AliasEvent:
            anchor = self.anchors.get(event.anchor)
            if anchor is None or anchor.open:
                raise NotFast  # unknown anchor or a cycle
            self._expand(anchor, event)
            return _copy(anchor.value), anchor.pos
        if event.ctag is not None:  # a tagged mapping or list: the round-trip path decides
            raise NotFast
        if kind is MappingStartEvent:
            return self._anchored(event, self._mapping)
        if kind is SequenceStartEvent:
            return self._anchored(event, self._sequence)
        raise NotFast

    def _anchored(self, event: Any, build: Any) -> tuple[Any, PosNode | None]:
        anchor = None
        if event.anchor is not None:
            anchor = self.anchors[event.anchor] = _Anchor(None, None)
        value, pos = build(event)
        if anchor is not None:
            anchor.value, anchor.pos, anchor.open = value, pos, False
        return value, pos

    def _expand(self, anchor: _Anchor, event: Any) -> None:
        """Count what copying `anchor` adds, and refuse it past a cap, before copying."""
        if anchor.size < 0:
            anchor.size, anchor.height = _measure(anchor.value)
        self.expanded += anchor.size
        if self.expanded > MAX_ALIAS_NODES:
            raise TooBig(ALIAS_MESSAGE, _mark(event))
        if self.depth + anchor.height > MAX_DEPTH:
            raise TooBig(DEPTH_MESSAGE, _mark(event))

    def _enter(self, start: Any) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise TooBig(DEPTH_MESSAGE, _mark(start))

    def _mapping(self, start: Any) -> tuple[dict[str, Any], PosNode | None]:
        self._enter(start)
        out: dict[str, Any] = {}
        keys: dict[str, tuple[Mark, PosNode]] | None = {} if self.record else None
        merged: list[dict[str, Any]] | None = None
        while True:
            event = self.get()
            if type(event) is MappingEndEvent:
                break
            if type(event) is not ScalarEvent:
                raise NotFast  # a complex or aliased key
            if _is_merge(event):
                if merged is not None:
                    raise NotFast
                merged = self._merge_sources(self.get())
                continue
            key = _scalar(event)
            if type(key) is not str or key in out or event.anchor is not None:
                raise NotFast
            value, pos = self.node(self.get())
            out[key] = value
            if keys is not None and pos is not None:
                keys[key] = (_mark(event), pos)
        for source in merged or ():  # each a fresh copy already: the alias made one
            for key, value in source.items():
                if key not in out:
                    out[key] = value
        self.depth -= 1
        return out, (*_mark(start), keys) if self.record else None

    def _merge_sources(self, event: Any) -> list[dict[str, Any]]:
        value, _ = self.node(event)
        sources = value if isinstance(value, list) else [value]
        if not all(isinstance(s, dict) for s in sources):
            raise NotFast
        return sources

    def _sequence(self, start: Any) -> tuple[list[Any], PosNode | None]:
        self._enter(start)
        out: list[Any] = []
        items: list[PosNode] | None = [] if self.record else None
        while True:
            event = self.get()
            if type(event) is SequenceEndEvent:
                break
            value, pos = self.node(event)
            out.append(value)
            if items is not None and pos is not None:
                items.append(pos)
        self.depth -= 1
        return out, (*_mark(start), items) if self.record else None


def _copy(value: Any) -> Any:
    """An alias is a copy, as the round-trip path makes it (its size was counted first)."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _measure(value: Any) -> tuple[int, int]:
    """(values, nesting height) of a built value; aliases inside it are already copies."""
    if isinstance(value, dict):
        children = [_measure(v) for v in value.values()]
    elif isinstance(value, list):
        children = [_measure(v) for v in value]
    else:
        return 1, 0
    return 1 + sum(c[0] for c in children), 1 + max((c[1] for c in children), default=0)


def _mark(event: Any) -> Mark:
    mark = event.start_mark
    return mark.line, mark.column


def _is_merge(event: Any) -> bool:
    return bool(event.value == "<<" and event.ctag is None and event.implicit[0])


def _scalar(event: Any) -> Any:
    value: str = event.value
    if event.ctag is not None:  # an explicit tag: the round-trip path reports it
        raise NotFast
    if not event.implicit[0]:  # quoted or block scalar
        return value
    try:
        return plain_scalar(value)
    except Declined:
        raise NotFast from None


def _load(text: str, record: bool) -> tuple[Any, PosNode | None]:
    if CParser is None:
        raise NotFast
    try:
        parser = CParser(text)
        get = parser.get_event
        get()  # stream start
        event = get()
        if type(event) is StreamEndEvent:
            return None, None
        if type(event) is not DocumentStartEvent or event.tags:
            raise NotFast
        if event.version is not None and tuple(event.version) != (1, 2):
            raise NotFast
        builder = _Builder(get, record)
        data, pos = builder.node(get())
        get()  # document end
        if type(get()) is not StreamEndEvent:
            raise NotFast  # a second document
    except (NotFast, TooBig):
        raise
    # The C parser fed arbitrary text fails in several ways; all go to the round-trip path.
    except Exception as exc:
        raise NotFast from exc
    return data, pos


def fast_load(text: str) -> Any:
    """The plain data of a YAML document; NotFast when the round-trip path is needed,
    TooBig when it crosses a cap (no other path needs to read it then)."""
    return _load(text, record=False)[0]


def index_positions(text: str) -> PosNode | None:
    """Where every key and value of `text` starts (text that `fast_load` accepted)."""
    return _load(text, record=True)[1]
