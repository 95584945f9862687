"""The Jinja2 environment templates render in: sandboxed, immutable, and bounded.

A template comes from a pull request and is rendered by `strec validate` with the API key
in the environment. A plain `jinja2.Environment` runs
`{{ cycler.__init__.__globals__.os.popen('id').read() }}`, and `{{ 'A' * 10**9 }}` costs
minutes and gigabytes. So:

- `ImmutableSandboxedEnvironment`: no attribute starting with `_`, no unsafe callable, no
  method that changes a list or dict in place (a template has `namespace()` for state).
- Caps (see `limits`), each refused with the template's file and line: the output, and
  every block, macro and `~` join; each string an operation makes (`*`, `+`, `%`, a
  filter, a method such as `center` or `replace`), checked before it is made where its
  size can be known; list sizes and `range()`; integer sizes (`**`); everything built,
  added up; and the time, checked at every loop step and every call, so that nested
  loops that print nothing are stopped too.
- `lipsum` is gone; `range` is the capped one. `{% include %}` / `{% import %}` read
  templates inside the config's directory only (`..` never resolves; a symbolic link out
  is refused here).

Loops and `~` are reached by rewriting the parsed template: each `for` iterates through a
counting filter, each `~` becomes a capped join. The rewriting filters take the context,
so Jinja never runs them while compiling (it folds constants otherwise).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import GeneratorType
from typing import Any

import jinja2
from jinja2 import nodes
from jinja2.runtime import BlockReference, Context, LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import pass_context
from jinja2.visitor import NodeTransformer

from reconciler.config.file_refs import is_inside
from reconciler.config.limits import (
    MAX_FILE_BYTES,
    MAX_TEMPLATE_OUTPUT,
    MAX_TEMPLATE_VALUE,
    size_words,
)
from reconciler.config.template_budget import Budget, TemplateLimitError, estimate
from reconciler.config.template_checks import check_binop, check_filter, check_method

ITER_FILTER = "strec:iter"  # not a name a template can write
CONCAT_FILTER = "strec:concat"


class TemplateOutsideError(Exception):
    """An include or import that leads out of the config's directory."""


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    """`ImmutableSandboxedEnvironment` with the caps of one rendering's `Budget`."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, budget: Budget, **options: Any) -> None:
        self.budget = budget
        super().__init__(finalize=self._finalize, **options)
        self.globals.pop("lipsum", None)
        self.globals["range"] = self._range
        self.filters = {name: self._guarded(name, f) for name, f in self.filters.items()}
        self.filters[ITER_FILTER] = _counted
        self.filters[CONCAT_FILTER] = _joined

    # -- the parsed template -------------------------------------------------------------

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        rewritten = _Rewriter(self).visit(tree)
        assert isinstance(rewritten, nodes.Template)
        return rewritten

    # -- output ----------------------------------------------------------------------------

    def concat(self, parts: Iterable[str]) -> str:
        """Join the output (or a block's buffer), refusing it past the output cap.

        For the output, the parts come from the template's generator: the error is thrown
        into it, so that its traceback, and so its position, is the template line that
        was being rendered.
        """
        out: list[str] = []
        total = 0
        for part in parts:
            total += len(part)
            if total > MAX_TEMPLATE_OUTPUT:
                try:
                    self.budget.check_output(total)
                except TemplateLimitError as exc:
                    if isinstance(parts, GeneratorType):
                        parts.throw(exc)
                    raise
            out.append(part)
        return "".join(out)

    def _finalize(self, value: Any) -> Any:
        if not isinstance(value, str):
            self.budget.check_value(estimate(value, MAX_TEMPLATE_VALUE), "a printed value")
        return value

    # -- operators, calls, filters ---------------------------------------------------------

    def _range(self, *args: int) -> range:
        numbers = range(*args)
        self.budget.check_items(len(numbers), "range()")
        return numbers

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        self.budget.tick()
        check_binop(self.budget, operator, left, right)
        result = super().call_binop(context, operator, left, right)
        return self.budget.check_result(result, f"the result of '{operator}'")

    def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        self.budget.tick()
        args = check_method(self.budget, obj, args, kwargs)
        result = super().call(context, obj, *args, **kwargs)
        if isinstance(obj, Macro | LoopContext | BlockReference) and isinstance(result, str):
            self.budget.check_output(len(result))  # rendered template text: output
            self.budget.spend(len(result))
            return result
        return self.budget.check_result(result, "a call's result")

    def _guarded(self, name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        skip = 0 if getattr(func, "jinja_pass_arg", None) is None else 1
        budget = self.budget

        @functools.wraps(func)  # keeps `jinja_pass_arg`
        def guarded(*args: Any, **kwargs: Any) -> Any:
            budget.tick()
            args = (*args[:skip], *check_filter(budget, name, args[skip:], kwargs))
            return budget.check_result(func(*args, **kwargs), f"the filter '{name}'")

        return guarded


class _Rewriter(NodeTransformer):
    """Each `for` iterates through `ITER_FILTER`; each `~` becomes `CONCAT_FILTER`."""

    def __init__(self, environment: jinja2.Environment) -> None:
        self.environment = environment

    def visit_For(self, node: nodes.For) -> nodes.Node:
        self.generic_visit(node)
        node.iter = self._filter(node.iter, ITER_FILTER, node.iter.lineno)
        return node

    def visit_Concat(self, node: nodes.Concat) -> nodes.Node:
        self.generic_visit(node)
        items = nodes.List(list(node.nodes), lineno=node.lineno)
        return self._filter(items, CONCAT_FILTER, node.lineno)

    def _filter(self, node: nodes.Node, name: str, lineno: int) -> nodes.Filter:
        new = nodes.Filter(node, name, [], [], None, None, lineno=lineno)
        new.set_environment(self.environment)
        return new


@pass_context
def _counted(context: Context, iterable: Iterable[Any]) -> Iterator[Any]:
    """A loop's items, checking the deadline at each step."""
    budget = _budget(context)
    for item in iterable:
        budget.tick()
        yield item


@pass_context
def _joined(context: Context, items: list[Any]) -> str:
    """`a ~ b ~ c`, measured before it is joined."""
    budget = _budget(context)
    size = sum(estimate(item, MAX_TEMPLATE_VALUE) for item in items)
    budget.check_value(size, "a '~' join")
    return str(budget.check_result("".join(str(item) for item in items), "a '~' join"))


def _budget(context: Context) -> Budget:
    environment = context.environment
    assert isinstance(environment, BoundedEnvironment)
    return environment.budget


def template_loader_check(filename: str, root: Path, name: str) -> None:
    """Refuse a template file whose real path leaves `root` (a symbolic link out)."""
    if not is_inside(filename, root):
        raise TemplateOutsideError(
            f"template {name!r} is a symbolic link out of the config directory"
        )


def template_size_check(size: int, name: str) -> None:
    """Refuse a template file larger than a config file may be."""
    if size > MAX_FILE_BYTES:
        raise TemplateLimitError(
            f"template {name!r} is larger than {size_words(MAX_FILE_BYTES)} "
            "(the cap on a config file)"
        )
