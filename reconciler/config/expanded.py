"""The fully expanded config as YAML, each value followed by `# file:line` of its origin.

What `strec render` prints: templates rendered, files merged, `defaults` and profiles
merged into the accounts (so those two sections are left out), settings in canonical
form. The output is itself a valid config that loads to the same `Config`. Secrets are
references and are shown as such; a literal proxy password is masked.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

from reconciler.config.loader import LoadedConfig
from reconciler.config.locations import Loc
from reconciler.config.schema import Config
from reconciler.config.secrets import mask_url_password

#: Sections already applied to the accounts, and an account's list of its profiles.
APPLIED = ("defaults", "profiles")
APPLIED_IN_ACCOUNT = "profile"
_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_./-]*(?: [A-Za-z0-9_./-]+)*")
_RESERVED = {
    "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
}  # fmt: skip


def render_expanded(loaded: LoadedConfig) -> str:
    """The expanded document of `loaded` as commented YAML text."""
    order = [*Config.model_fields, *loaded.data]  # version first, whatever the file order
    document = {k: loaded.data[k] for k in dict.fromkeys(order) if k in loaded.data}
    document = {k: v for k, v in document.items() if k not in APPLIED}
    lines: list[str] = []
    _mapping(document, (), 0, lines, loaded)
    return "\n".join(lines) + "\n"


def _mapping(
    value: dict[str, Any], loc: Loc, indent: int, out: list[str], cfg: LoadedConfig
) -> None:
    pad = " " * indent
    for key, item in value.items():
        here = (*loc, key)
        if key == APPLIED_IN_ACCOUNT and len(loc) == 2 and loc[0] == "accounts":
            continue
        if isinstance(item, dict | list) and item:
            out.append(f"{pad}{_text(key)}:")
            _node(item, here, indent + 2, out, cfg)
        else:
            out.append(f"{pad}{_text(key)}: {_scalar(item, here)}  # {cfg.origin(here)}")


def _sequence(value: list[Any], loc: Loc, indent: int, out: list[str], cfg: LoadedConfig) -> None:
    pad = " " * indent
    for i, item in enumerate(value):
        here = (*loc, i)
        if isinstance(item, dict | list) and item:
            start = len(out)
            _node(item, here, indent + 2, out, cfg)
            out[start] = f"{pad}- {out[start][indent + 2 :]}"
        else:
            out.append(f"{pad}- {_scalar(item, here)}  # {cfg.origin(here)}")


def _node(value: Any, loc: Loc, indent: int, out: list[str], cfg: LoadedConfig) -> None:
    if isinstance(value, dict):
        _mapping(value, loc, indent, out, cfg)
    else:
        _sequence(value, loc, indent, out, cfg)


def _scalar(value: Any, loc: Loc) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ".nan"
        if math.isinf(value):
            return ".inf" if value > 0 else "-.inf"
        return repr(value)
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    text = str(value)
    if loc and loc[-1] in ("proxy", "mobile_proxy"):
        text = mask_url_password(text)
    return _text(text)


def _text(text: str) -> str:
    """A string as a plain YAML scalar when that reads back the same, else double-quoted."""
    if _PLAIN.fullmatch(text) and text.lower() not in _RESERVED:
        return text
    return json.dumps(text, ensure_ascii=False)
