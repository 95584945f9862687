"""The round-trip path's guards: a composer that enforces the caps, and syntax errors
placed where their problem starts.

The composer counts nesting as nodes open and what each alias adds (the size of the node
it names, computed once per node) and refuses past the caps of `limits` before anything
is expanded. A parser notices an unclosed quote or bracket only where it gives up, often
at the end of the file; `syntax_problem` points at where the quote or bracket opened, and
at where a key without its `:` began.
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.composer import Composer
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, MappingStartEvent, SequenceStartEvent
from ruamel.yaml.nodes import MappingNode, SequenceNode
from ruamel.yaml.reader import ReaderError

from reconciler.config.limits import MAX_ALIAS_NODES, MAX_DEPTH
from reconciler.config.yaml_fast import ALIAS_MESSAGE, DEPTH_MESSAGE

_FLOW = {"while parsing a flow sequence": "[", "while parsing a flow mapping": "{"}


class CapExceeded(MarkedYAMLError):
    """A cap crossed while composing; `problem_mark` is where."""


class CappedComposer(Composer):
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


def syntax_problem(exc: Exception, text: str) -> tuple[int, int, str]:
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
