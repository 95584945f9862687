"""`expect:` — read-only fields of a live schedule that must hold; checked, never written.

A module's schedule has fields the API does not let strec write (a Welcome DM's
messages, an AI-DM's model and whether its OpenAI key is set). `expect:` names the ones
that must hold, as the API returns them; nested maps are matched partially (only the
keys written are checked), lists and scalars exactly. Live values arrive PHP-typed
(`0/1`, numeric strings), so each is first read as the type the expectation has; the
comparison itself is deepdiff's, which also words where a nested value differs.
"""

from __future__ import annotations

from typing import Any

from reconciler.normalize import NormalizeError, to_bool, to_float, to_int
from reconciler.textsafe import printable

_MISSING = object()


def _as_expected(expected: Any, live: Any) -> Any:
    """`live` projected onto the shape of `expected`, read as its types where it can be."""
    if isinstance(expected, dict):
        if not isinstance(live, dict):
            return live
        return {k: _as_expected(v, live[k]) if k in live else _MISSING
                for k, v in expected.items()}
    try:
        if isinstance(expected, bool):
            return to_bool(live)
        if isinstance(expected, int):
            return to_int(live)
        if isinstance(expected, float):
            return to_float(live)
        if isinstance(expected, str) and isinstance(live, int | float) \
                and not isinstance(live, bool):
            return str(live)
    except NormalizeError:
        return live
    return live


def _path(parts: list[Any]) -> str:
    return ".".join(str(p) if not isinstance(p, int) else f"[{p}]" for p in parts) \
        .replace(".[", "[")


def _show(value: Any) -> str:
    if value is _MISSING:
        return "missing"
    return printable(repr(value)[:80])


def mismatches(expected: dict[str, Any], live: dict[str, Any]) -> list[str]:
    """One line per expectation that does not hold, e.g. `settings.model is 'gpt-3.5'
    (expected 'gpt-4')`; empty when all hold."""
    # Imported here: deepdiff (and the cache library it loads) is 26 ms of every start-up,
    # and only a config with `expect:` compares anything.
    from deepdiff import DeepDiff

    found = DeepDiff(expected, _as_expected(expected, live), verbose_level=2)
    out: list[str] = []
    for report, levels in sorted(found.tree.items()):
        for level in levels:
            where = _path(level.path(output_format="list")) or "(the schedule)"
            if report in ("values_changed", "type_changes"):
                out.append(f"{where} is {_show(level.t2)} (expected {_show(level.t1)})")
            elif "removed" in report:
                out.append(f"{where}: expected {_show(level.t1)}, not there")
            else:
                out.append(f"{where}: differs from the expectation ({report.replace('_', ' ')})")
    return sorted(out)
