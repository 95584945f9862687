"""GET settings grouped by category and PATCH a flat, partial object of writable fields.

PATCH is all-or-nothing: any unknown, read-only or badly typed field answers 422 with
one message per field in `errors` and changes nothing. Choices where the documents are
silent: an empty object is a 422 too; `updated_fields` lists every field sent, in the
order sent, even when a value did not change (the controller reports what it wrote).

Repost in the guide dialect takes and shows the guide's own names and units
(guide_repost.py); the reference's names are unknown fields there, and the guide's
dotted names (data.photo…) are unknown fields in the reference dialect.
"""

from __future__ import annotations

from typing import Any

from reconciler.catalog import READ_ONLY_SETTINGS, SETTINGS
from reconciler.sandbox import guide_repost, render
from reconciler.sandbox.context import ApiError, Ctx, Reply, Route
from reconciler.sandbox.modules import MODULES
from reconciler.sandbox.routes_schedules import schedule_or_404
from reconciler.sandbox.state import Schedule, SettingValue
from reconciler.sandbox.validate import InvalidValue, check_patch_value


def get_settings(ctx: Ctx, account_id: int) -> Reply:
    row = schedule_or_404(ctx, account_id)
    if ctx.module == "repost" and not ctx.dialect.php:
        return Reply(guide_repost.groups(row))
    return Reply(render.settings_groups(ctx.dialect, row))


def _patch_guide_repost(row: Schedule, body: dict[str, Any]) -> list[str]:
    changes, errors = guide_repost.check_patch(body)
    if errors:
        raise ApiError(422, "Validation failed; nothing was changed", errors)
    for name, value in changes.items():
        guide_repost.write(row, name, value)
    return list(changes)


def _reference_reason(name: str) -> str:
    if name in guide_repost.FIELDS and name not in SETTINGS["repost"]:
        return "unknown settings field (a name of the developer guide's API)"
    return "unknown settings field"


def patch_settings(ctx: Ctx, account_id: int) -> Reply:
    row = schedule_or_404(ctx, account_id)
    body = ctx.body_object()
    if not body:
        raise ApiError(422, "No settings fields given", {"settings": "send at least one field"})
    if ctx.module == "repost" and not ctx.dialect.php:
        fields = _patch_guide_repost(row, body)
        data = {"account_id": account_id, "updated_fields": fields}
        return Reply(data, message="Settings updated.")
    specs = SETTINGS[ctx.module]
    read_only = READ_ONLY_SETTINGS[ctx.module]
    changes: dict[str, SettingValue] = {}
    errors: dict[str, str] = {}
    for name, value in body.items():
        if name in read_only:
            errors[name] = "is read-only (use …/activate or …/pause)"
        elif name not in specs:
            errors[name] = _reference_reason(name)
        else:
            try:
                changes[name] = check_patch_value(specs[name], value, php=ctx.dialect.php)
            except InvalidValue as exc:
                errors[name] = str(exc)
    if errors:
        raise ApiError(422, "Validation failed; nothing was changed", errors)
    row.settings.update(changes)
    data = {"account_id": account_id, "updated_fields": list(changes)}
    return Reply(data, message="Settings updated.")


def routes(module: str) -> list[Route]:
    base = f"/{MODULES[module].segment}/schedules/<int:account_id>/settings"
    return [
        Route(base, ("GET",), get_settings, module),
        Route(base, ("PATCH",), patch_settings, module),
    ]
