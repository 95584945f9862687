"""Collects diagnostics from every stage of loading, positioned through the `SourceMap`."""

from __future__ import annotations

from reconciler.config.merge import SourceMap
from reconciler.config.yaml_source import Loc
from reconciler.errors import Diagnostic


class Report:
    """Every problem found so far; one spot and field path is reported once (first wins)."""

    def __init__(self, smap: SourceMap) -> None:
        self.smap = smap
        self.diagnostics: list[Diagnostic] = []
        self._seen: set[tuple[str, int, int, str]] = set()

    def add(self, diagnostic: Diagnostic) -> Diagnostic:
        key = (diagnostic.file, diagnostic.line, diagnostic.col, diagnostic.path)
        if key not in self._seen:
            self._seen.add(key)
            self.diagnostics.append(diagnostic)
        return diagnostic

    def error(self, loc: Loc, message: str, *, at_key: bool = False) -> Diagnostic:
        """Report a problem at a merged-document location (value, or key with `at_key`)."""
        return self.add(self.smap.diagnostic(loc, message, at_key=at_key))

    def quoted(self, loc: Loc) -> bool:
        """Whether the scalar at `loc` was written in quotes."""
        return self.smap.quoted(loc)

    def where(self, loc: Loc) -> str:
        """`file:line` of another location, to name it in a message."""
        return self.smap.where(loc)
