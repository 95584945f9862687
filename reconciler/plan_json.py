"""The plan as a versioned JSON document for tools (`--format json`, saved plans).

Format (format_version "1.0"; schema in schemas/plan.schema.json):
  {format_version, strec_version, applyable, errored, summary{create,update,delete},
   changes[{address, kind, action, key, module, object_id, operation,
            fields[{name, before, after}], active{before, after}|null,
            targets{add[], remove[]}, calls[{method, path, body}]}],
   problems[{address, message}], warnings[]}
Every value passes through the redaction layer: secrets show as "(sensitive)" and proxy
URLs lose their credentials.
"""

from __future__ import annotations

from typing import Any

from reconciler import __version__
from reconciler.api.envelope import Dialect
from reconciler.calls import change_calls
from reconciler.plan import Action, Change, Plan
from reconciler.redact import mask_value, redact
from reconciler.state import Target

FORMAT_VERSION = "1.0"


def _target(t: Target) -> dict[str, Any]:
    return {"type": t.type, "value": t.value, "id": t.id}


def change_json(change: Change, dialect: Dialect) -> dict[str, Any]:
    """One change, masked, with the calls apply will make for it."""
    return {
        "address": change.address,
        "kind": change.kind.value,
        "action": change.action.value,
        "key": change.key,
        "module": change.module,
        "object_id": change.object_id,
        "operation": change.operation,
        "fields": [{"name": f.name, "before": mask_value(f.name, f.before),
                    "after": mask_value(f.name, f.after)} for f in change.fields],
        "active": ({"before": change.active[0], "after": change.active[1]}
                   if change.active is not None else None),
        "targets": {"add": [_target(t) for t in change.add_targets],
                    "remove": [_target(t) for t in change.remove_targets]},
        "calls": [{"method": c.method, "path": c.path, "body": redact(c.body)}
                  for c in change_calls(change, dialect)],
    }


def plan_json(plan: Plan, dialect: Dialect) -> dict[str, Any]:
    """The whole plan as the documented JSON structure."""
    return {
        "format_version": FORMAT_VERSION,
        "strec_version": __version__,
        "applyable": plan.has_changes,
        "errored": bool(plan.problems),
        "summary": {a.value: plan.count(a) for a in Action},
        "changes": [change_json(c, dialect) for c in plan.changes],
        "problems": [{"address": p.address, "message": p.message} for p in plan.problems],
        "warnings": list(plan.warnings),
    }
