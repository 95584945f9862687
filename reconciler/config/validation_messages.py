"""pydantic's validation errors as positioned, user-worded diagnostics.

pydantic reports a location tuple; it is trimmed to the part that exists in the document
(union member names are dropped), worded for a YAML author, and positioned at the key for
an unknown field and at the value otherwise.
"""

from __future__ import annotations

import types
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError

from reconciler.config.report import Report
from reconciler.config.schema import Config
from reconciler.config.setting_values import bool_word_hint
from reconciler.config.suggest import describe, unknown_field
from reconciler.config.yaml_source import Loc

_BOOL_WORDS = {"true", "false", "yes", "no", "on", "off", "y", "n"}

_EXPECTED = {
    "string_type": "a string",
    "bool_type": "true or false",
    "int_type": "an integer",
    "float_type": "a number",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
}


def report_validation_error(exc: ValidationError, data: dict[str, Any], report: Report) -> None:
    """Add one diagnostic per pydantic error to `report`."""
    for error in exc.errors(include_url=False):
        loc = _document_loc(tuple(error["loc"]), data)
        kind = error["type"]
        if kind == "extra_forbidden" and loc and isinstance(loc[-1], str):
            message = unknown_field(loc[-1], allowed_fields(loc[:-1]))
            report.error(loc, message, at_key=True)
        else:
            report.error(loc, _message(kind, loc, error, report))


def _document_loc(loc: tuple[Any, ...], data: Any) -> Loc:
    """`loc` cut where the document has a scalar (what follows names union members)."""
    out: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int):
            node = node[part] if 0 <= part < len(node) else None
        else:
            break
        out.append(part)
    return tuple(out)


def _message(kind: str, loc: Loc, error: Any, report: Report) -> str:
    value = error.get("input")
    name = loc[-1] if loc else ""
    if kind == "missing":
        if loc == ("version",):
            return "missing required field 'version' (add 'version: 1' at the top)"
        return f"missing required field '{name}'"
    if kind in _EXPECTED:
        hint = ""
        if kind == "bool_type" and isinstance(value, str) and value.lower() in _BOOL_WORDS:
            hint = bool_word_hint(value, report.quoted(loc))
        elif kind in ("int_type", "float_type") and isinstance(value, str):
            hint = " (remove the quotes)" if _is_number(value) and report.quoted(loc) else ""
        elif kind == "string_type" and isinstance(value, bool | int | float):
            hint = " (put it in quotes)"
        return f"expected {_EXPECTED[kind]}, got {describe(value)}{hint}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_pattern_mismatch":
        pattern = error.get("ctx", {}).get("pattern")
        return "must not be blank" if pattern == r"\S" else "does not have the expected form"
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = error.get("ctx", {}).get("ge" if kind == "greater_than_equal" else "le")
        return f"must be {'at least' if kind == 'greater_than_equal' else 'at most'} {bound}"
    if kind == "literal_error":
        return f"must be {error.get('ctx', {}).get('expected', 'one of the allowed values')}"
    return str(error.get("msg", "invalid value"))


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def allowed_fields(loc: Loc) -> list[str]:
    """The field names of the model that sits at `loc` in a Config (for "did you mean")."""
    annotation: Any = Config
    for part in loc:
        annotation = _unwrap(annotation)
        args = get_args(annotation)
        if get_origin(annotation) is dict and len(args) == 2:
            annotation = args[1]  # `profiles: {name: ...}`
        elif isinstance(part, int):
            annotation = args[0] if get_origin(annotation) is list and args else None
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = annotation.model_fields.get(part)
            annotation = field.annotation if field else None
        else:
            annotation = None
    annotation = _unwrap(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return list(annotation.model_fields)
    return []


def _unwrap(annotation: Any) -> Any:
    """`X | None` -> `X`."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation
