"""Target-type catalogs and a schedule's targets: list, add, remove (per dialect).

Answers follow the reference in both dialects: reactions add/remove → 200 with
`{"targets":[…],"total":N}`; repost add → 201 `{"target":{…},"total":N}`, remove →
`{"removed":N,"total":N}`. The guide's list keeps that `targets`/`total` shape (a JSON
column, not a paged table) and adds `target_id` to every target.

Choices where the documents are silent: a reference DELETE does not check the type
against the catalog (so stale types can be cleaned up) and removing nothing is a 200
with `removed: 0`; a guide DELETE of an unknown target is a 404. In the guide path,
`{target_id}` matches a target's `target_id` first, then its `id`.
"""

from __future__ import annotations

from reconciler.sandbox import render
from reconciler.sandbox.context import ApiError, Ctx, Reply, Route
from reconciler.sandbox.modules import MODULES
from reconciler.sandbox.routes_schedules import schedule_or_404
from reconciler.sandbox.state import Schedule, Target
from reconciler.sandbox.targets import DESCRIPTIONS, find_duplicate, parse_new_target


def target_types(ctx: Ctx) -> Reply:
    catalog = ctx.dialect.target_types(ctx.module)
    types = [
        {
            "type": t.type,
            "description": t.description or DESCRIPTIONS.get(t.type, t.type),
            "requires_id": t.requires_id,
        }
        for t in catalog.values()
    ]
    return Reply({"types": types, "total": len(types)})


def list_targets(ctx: Ctx, account_id: int) -> Reply:
    return Reply(render.targets(ctx.dialect, schedule_or_404(ctx, account_id)))


def add_target(ctx: Ctx, account_id: int) -> Reply:
    row = schedule_or_404(ctx, account_id)
    new = parse_new_target(ctx.store, ctx.body_object(), ctx.dialect.target_types(ctx.module))
    if find_duplicate(row, new) is not None:
        raise ApiError(
            409, "Target already exists", {"target": f"{new.type}:{new.value} is already set"}
        )
    row.targets.append(new)
    if ctx.module == "reactions":
        return Reply(render.targets(ctx.dialect, row), message="Target added.")
    data = {"target": render.target(ctx.dialect, ctx.module, new), "total": len(row.targets)}
    return Reply(data, status=201, message="Target added.")


def _removed(ctx: Ctx, row: Schedule, gone: list[Target]) -> Reply:
    row.targets = [t for t in row.targets if t not in gone]
    message = f"{len(gone)} target(s) removed."
    if ctx.module == "reactions":
        return Reply(render.targets(ctx.dialect, row), message=message)
    return Reply({"removed": len(gone), "total": len(row.targets)}, message=message)


def remove_targets_by_body(ctx: Ctx, account_id: int) -> Reply:
    """Reference: DELETE …/targets {"type", "value"?}; no value removes the whole type."""
    row = schedule_or_404(ctx, account_id)
    body = ctx.body_object()
    type_, value = body.get("type"), body.get("value")
    errors = {}
    if not isinstance(type_, str) or not type_:
        errors["type"] = "is required"
    if value is not None and not isinstance(value, str):
        errors["value"] = "must be a string"
    if errors:
        raise ApiError(422, "Validation failed", errors)
    gone = [t for t in row.targets if t.type == type_ and (value is None or t.value == value)]
    return _removed(ctx, row, gone)


def remove_target_by_id(ctx: Ctx, account_id: int, target_id: str) -> Reply:
    """Guide: DELETE …/targets/{target_id}; the target's own `id` is accepted too."""
    row = schedule_or_404(ctx, account_id)
    found = next((t for t in row.targets if str(t.target_id) == target_id), None)
    found = found or next((t for t in row.targets if t.id == target_id), None)
    if found is None:
        raise ApiError(404, "Target not found")
    return _removed(ctx, row, [found])


def routes(module: str) -> list[Route]:
    """The target routes of one module; the remove route differs per dialect."""
    seg = MODULES[module].segment
    base = f"/{seg}/schedules/<int:account_id>/targets"
    return [
        Route(f"/{seg}/targets/types", ("GET",), target_types, module),
        Route(base, ("GET",), list_targets, module),
        Route(base, ("POST",), add_target, module),
        Route(base, ("DELETE",), remove_targets_by_body, module, "reference"),
        Route(f"{base}/<target_id>", ("DELETE",), remove_target_by_id, module, "guide"),
    ]
