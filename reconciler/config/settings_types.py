"""Schedule settings: each field checked against its module's catalogs, made canonical.

A field may use either API document's name (`photo_posts` or the guide's `data.photo`);
where the two documents type a field differently (`metadata_location`: a boolean in the
reference, a location id in the guide) either type is accepted. The guide's `data.*`
fields may be written flat (`data.photo: true`, the canonical form) or nested
(`data: {photo: true}`), which is flattened here; a flattened field keeps the position of
its nested key. Only the fields the user wrote are kept, in the form `normalize` gives
live values (see `setting_values`).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from reconciler import catalog
from reconciler.config.model_base import SettingValue
from reconciler.config.report import Report
from reconciler.config.setting_values import (
    Quoted,
    SettingTypeError,
    canonical_setting,
    expected,
    fits_kind,
)
from reconciler.config.suggest import describe, unknown_field
from reconciler.config.yaml_source import Loc

__all__ = ["SettingTypeError", "canonical_setting", "check_settings"]

#: The guide's nested block of repost media filters: `data: {photo: true}`.
DATA_BLOCK = "data"

Entry = tuple[str, Any, Loc]  # canonical name, value, where it was written


def check_settings(
    module: str, settings: dict[str, Any], loc: Loc, report: Report
) -> dict[str, SettingValue]:
    """The valid settings in canonical form; every invalid one is reported and left out."""
    read_only = catalog.READ_ONLY_SETTINGS.get(module, frozenset())
    valid: dict[str, SettingValue] = {}
    for name, value, here in _entries(module, settings, loc, report):
        specs = catalog.setting_specs(module, name)
        if name in read_only:
            report.error(
                here, f"'{name}' is read-only in settings; use 'active:' instead", at_key=True
            )
        elif not specs:
            report.error(here, _unknown_setting(module, name), at_key=True)
        elif _written_twice(module, name, valid, here, report):
            continue
        else:
            try:
                valid[name] = _canonical(specs, value, partial(report.quoted, here))
            except SettingTypeError as exc:
                report.error(here, str(exc))
    return valid


def _entries(module: str, settings: dict[str, Any], loc: Loc, report: Report) -> list[Entry]:
    """Each field with its canonical name; a nested `data:` block becomes `data.*` fields."""
    out: list[Entry] = []
    for name, value in settings.items():
        here = (*loc, name)
        if module != "repost" or name != DATA_BLOCK:
            out.append((name, value, here))
            continue
        if not isinstance(value, dict):
            report.error(
                here,
                f"expected a mapping of media filters (data: {{photo: true}}), "
                f"got {describe(value)}",
            )
            continue
        written = report.smap.written_at(here)
        for sub, sub_value in value.items():
            flat = f"{DATA_BLOCK}.{sub}"
            flat_loc = (*loc, flat)
            # Problems with the flattened field point at its nested key.
            report.smap.origins[flat_loc] = (*written, sub)
            if flat in settings:
                report.error(
                    flat_loc,
                    f"'{flat}' is written twice: flat and inside '{DATA_BLOCK}:'",
                    at_key=True,
                )
                continue
            out.append((flat, sub_value, flat_loc))
    return out


def _written_twice(
    module: str, name: str, valid: dict[str, SettingValue], here: Loc, report: Report
) -> bool:
    """Both documents' names for one field (`photo_posts` and `data.photo`): keep one."""
    other = catalog.equivalent_setting(module, name)
    if other is None or other not in valid:
        return False
    report.error(
        here,
        f"'{name}' and '{other}' are the same setting in the two API documents; keep one",
        at_key=True,
    )
    return True


def _canonical(specs: list[catalog.SettingSpec], value: Any, quoted: Quoted) -> SettingValue:
    """The value under the first spec that takes it; else the most fitting spec's error."""
    problems: list[tuple[catalog.SettingSpec, SettingTypeError]] = []
    for spec in specs:
        try:
            return canonical_setting(spec, value, quoted=quoted)
        except SettingTypeError as exc:
            problems.append((spec, exc))
    if len(problems) == 1:
        raise problems[0][1]
    for spec, problem in problems:
        if fits_kind(spec.kind, value):
            raise problem
    choices = " or ".join(
        f"{expected(spec)} ({which})"
        for (spec, _), which in zip(problems, ("the reference", "the guide"), strict=False)
    )
    raise SettingTypeError(f"expected {choices}, got {describe(value)}")


def _unknown_setting(module: str, name: str) -> str:
    message = unknown_field(name, catalog.known_setting_names(module))
    if message.endswith("?)"):
        return message
    others = [m for m in catalog.SETTINGS if m != module and name in catalog.SETTINGS[m]]
    return f"{message} (it is a {others[0]} setting)" if others else message
