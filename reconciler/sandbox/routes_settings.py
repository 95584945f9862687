"""GET settings grouped by category and PATCH a flat, partial object of writable fields.

PATCH is all-or-nothing: any unknown, read-only or badly typed field answers 422 with
one message per field in `errors` and changes nothing. Choices where the documents are
silent: an empty object is a 422 too; `updated_fields` lists every field sent, in the
order sent, even when a value did not change (the controller reports what it wrote).
"""

from __future__ import annotations

from reconciler.catalog import MODULES, READ_ONLY_SETTINGS, SETTINGS
from reconciler.sandbox import render
from reconciler.sandbox.context import ApiError, Ctx, Reply, Route
from reconciler.sandbox.routes_schedules import schedule_or_404
from reconciler.sandbox.state import SettingValue
from reconciler.sandbox.validate import InvalidValue, check_patch_value


def get_settings(ctx: Ctx, account_id: int) -> Reply:
    row = schedule_or_404(ctx, account_id)
    return Reply(render.settings_groups(ctx.dialect, row))


def patch_settings(ctx: Ctx, account_id: int) -> Reply:
    row = schedule_or_404(ctx, account_id)
    body = ctx.body_object()
    if not body:
        raise ApiError(422, "No settings fields given", {"settings": "send at least one field"})
    specs = SETTINGS[ctx.module]
    read_only = READ_ONLY_SETTINGS[ctx.module]
    changes: dict[str, SettingValue] = {}
    errors: dict[str, str] = {}
    for name, value in body.items():
        if name in read_only:
            errors[name] = "is read-only (use …/activate or …/pause)"
        elif name not in specs:
            errors[name] = "unknown settings field"
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
    base = f"/{MODULES[module][0]}/schedules/<int:account_id>/settings"
    return [
        Route(base, ("GET",), get_settings, module),
        Route(base, ("PATCH",), patch_settings, module),
    ]
