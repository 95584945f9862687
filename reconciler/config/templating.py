"""Jinja2 templates (`*.j2`): rendered to YAML text before the config is parsed.

Platform syntax must pass through a template unchanged, so the environment is set up
around it:

- `{{original_caption}}` (also with inner spaces) is the platform's placeholder, not a
  Jinja expression: it is set aside before rendering and put back after. The name
  `original_caption` is therefore not available as a template variable.
- Jinja comments are `{## ... ##}` instead of `{# ... #}`, which is spintax (`{#a|#b}`).
- Spintax `{a|b}` is not Jinja syntax and needs nothing. Anything else that must look
  like Jinja syntax goes in `{% raw %}...{% endraw %}`.

Undefined variables are errors (StrictUndefined); `trim_blocks` and `lstrip_blocks` are on
so that `{% for %}` lines leave no blank lines. Errors point at the template's line.

Templates come from pull requests: they render in a sandbox with caps on output, value
sizes and time, and read includes from the config's directory only (`template_sandbox`).

So that problems found later in the rendered YAML point at the template too, the main
template is rendered a second time with a line marker before each line end; the markers
give each rendered line its template line. If the marked rendering differs in anything
but the markers (a template doing unusual things with whitespace), positions refer to the
rendered lines instead.
"""

from __future__ import annotations

import os
import re
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path

from reconciler.config.suggest import did_you_mean
from reconciler.config.template_budget import Budget, TemplateLimitError
from reconciler.config.template_sandbox import (
    BoundedEnvironment,
    TemplateOutsideError,
    template_loader_check,
    template_size_check,
)
from reconciler.errors import Diagnostic

_PLACEHOLDER = re.compile(r"\{\{\s*original_caption\s*\}\}")
_SET_ASIDE = re.compile("\ue000([0-9]+)\ue001")
_MARKER = re.compile("\ue002([0-9]+)\ue003")
_JINJA_SPAN = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{##.*?##\}", re.DOTALL)
#: A line ending right after these loses its newline to Jinja: no marker may stand there.
_EATS_NEWLINE = ("%}", "##}", "-}}")
_UNDEFINED = re.compile(r"'([^']+)' is undefined")


@dataclass
class Rendered:
    """A rendered template: its text, each rendered line's template line, its problems."""

    text: str = ""
    line_map: list[int] | None = None
    problems: list[Diagnostic] = field(default_factory=list)


class _Placeholders:
    """Sets platform placeholders aside before rendering and puts them back after."""

    def __init__(self) -> None:
        self.originals: dict[str, int] = {}  # spelling -> number; the same in every render

    def set_aside(self, source: str) -> str:
        def keep(match: re.Match[str]) -> str:
            number = self.originals.setdefault(match.group(0), len(self.originals))
            return f"\ue000{number}\ue001"

        return _PLACEHOLDER.sub(keep, source)

    def restore(self, text: str) -> str:
        spellings = list(self.originals)
        return _SET_ASIDE.sub(lambda m: spellings[int(m.group(1))], text)


class _Loader(jinja2.FileSystemLoader):
    """Reads templates with placeholders set aside; marks the lines of `marked`.

    A template other than the main one (an include, an import) must really be inside
    `root`: Jinja already refuses `..` in a name, this refuses a symbolic link out. The
    main template is a config file, checked by the loader.
    """

    def __init__(
        self,
        searchpath: Path,
        placeholders: _Placeholders,
        marked: str | None,
        *,
        root: Path,
        main: str,
    ):
        super().__init__(str(searchpath))
        self.placeholders = placeholders
        self.marked = marked
        self.root = root
        self.main = main

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        # Checked before Jinja reads the file whole. It reads regular files only (no
        # device, no pipe), so their size on disk is what it would read.
        for folder in self.searchpath:
            candidate = os.path.join(folder, *split_template_path(template))
            if os.path.isfile(candidate):
                if template != self.main:
                    template_loader_check(candidate, self.root, template)
                template_size_check(os.path.getsize(candidate), template)
                break
        source, filename, uptodate = super().get_source(environment, template)
        source = self.placeholders.set_aside(source)
        if template == self.marked:
            source = mark_lines(source)
        return source, filename, uptodate


def _environment(
    path: Path, root: Path, placeholders: _Placeholders, marked: str | None, deadline: float
) -> BoundedEnvironment:
    return BoundedEnvironment(
        Budget(deadline),
        loader=_Loader(path.parent, placeholders, marked, root=root, main=path.name),
        undefined=jinja2.StrictUndefined,
        comment_start_string="{##",
        comment_end_string="##}",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )


def render_template(
    path: Path, variables: Mapping[str, Any], *, root: Path | None = None
) -> Rendered:
    """Render one template file; problems carry the template's file and line.

    `root`: the config's directory, which includes must stay in (default: the template's).
    """
    placeholders = _Placeholders()
    name = path.name
    root = path.parent if root is None else root
    deadline = Budget().deadline  # both renderings share the time cap
    try:
        env = _environment(path, root, placeholders, None, deadline)
        text = env.get_template(name).render(variables)
    except Exception as exc:  # any template failure is the user's to fix, with a line
        return Rendered(problems=[_template_problem(exc, path, variables)])
    rendered = Rendered(text=placeholders.restore(text))
    try:
        env = _environment(path, root, placeholders, name, deadline)
        marked = env.get_template(name).render(variables)
    except Exception:  # the markers broke something: keep rendered-line positions
        return rendered
    if _MARKER.sub("", marked) == text:
        rendered.line_map = line_map(marked)
    return rendered


def mark_lines(source: str) -> str:
    """`source` with a marker of the line's number before each line end Jinja keeps."""
    spans = [m.span() for m in _JINJA_SPAN.finditer(source)]
    out: list[str] = []
    line_start = 0
    span_i = 0
    line = 1
    pos = source.find("\n")
    while pos != -1:
        while span_i < len(spans) and spans[span_i][1] <= pos:
            span_i += 1
        inside = span_i < len(spans) and spans[span_i][0] < pos
        content = source[line_start:pos].rstrip("\r")
        out.append(source[line_start:pos])
        if not inside and content.strip() and not content.endswith(_EATS_NEWLINE):
            out.append(f"\ue002{line}\ue003")
        out.append("\n")
        line_start = pos + 1
        line += 1
        pos = source.find("\n", line_start)
    out.append(source[line_start:])
    return "".join(out)


def line_map(marked: str) -> list[int]:
    """The template line of each line of a marked rendering (unmarked: the next marked)."""
    lines = marked.split("\n")
    found: list[int | None] = []
    for text in lines:
        match = _MARKER.search(text)
        found.append(int(match.group(1)) if match else None)
    out: list[int] = []
    following = max((n for n in found if n is not None), default=1)
    for number in reversed(found):
        if number is not None:
            following = number
        out.append(following)
    out.reverse()
    return out


def _template_problem(exc: Exception, path: Path, variables: Mapping[str, Any]) -> Diagnostic:
    if isinstance(exc, jinja2.TemplateSyntaxError):
        file = exc.filename or str(path)
        return Diagnostic(file, exc.lineno or 1, 1, "", f"template syntax error: {exc.message}")
    file, line = str(path), 1
    for frame, lineno in traceback.walk_tb(exc.__traceback__):
        if "__jinja_exception__" in frame.f_globals:  # Jinja's frame of a template line
            file, line = frame.f_code.co_filename, lineno
    if isinstance(exc, jinja2.UndefinedError):
        message = f"undefined variable: {exc.message}"
        match = _UNDEFINED.fullmatch(exc.message or "")
        if match:
            message += did_you_mean(match.group(1), variables)
        return Diagnostic(file, line, 1, "", message)
    if isinstance(exc, jinja2.TemplateNotFound):
        return Diagnostic(file, line, 1, "", f"template error: no template named '{exc.name}'")
    if isinstance(exc, RecursionError):
        return Diagnostic(
            file,
            line,
            1,
            "",
            "template error: a macro or recursive loop calls "
            "itself without end (Python's recursion limit)",
        )
    if isinstance(exc, TemplateLimitError):
        return Diagnostic(file, line, 1, "", f"template too costly: {exc}")
    if isinstance(exc, TemplateOutsideError | SecurityError):
        return Diagnostic(file, line, 1, "", f"template refused: {exc}")
    return Diagnostic(file, line, 1, "", f"template error: {type(exc).__name__}: {exc}")
