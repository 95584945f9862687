"""The plan as a versioned JSON document for tools (`--format json`, saved plans).

Format (format_version "1.1"; schema in schemas/plan.schema.json):
  {format_version, strec_version, applyable, errored, summary{create,update,delete,pending},
   safety{exceeded, forced, reasons[], limits{}},
   changes[{address, kind, action, key, module, object_id, operation,
            fields[{name, before, after, sensitive_changed?}], active{before, after}|null,
            targets{add[], remove[]}, notes[], calls[{method, path, body}]}],
   problems[{address, message}], pending[{address, message, link}], warnings[]}
`applyable` is false when there is nothing to apply or the plan is over a change-size
limit (`safety.reasons` says which). Every value passes through the redaction layer:
secrets show as "(sensitive)", proxy URLs lose their credentials, environment-sourced
values show where they come from. 1.1 added `safety`, `pending`, `notes` and
`sensitive_changed` to 1.0; nothing was removed.
"""

from __future__ import annotations

import json
import re
from typing import Any

from reconciler import __version__
from reconciler.kinds import kind_of
from reconciler.plan import Action, Change, FieldChange, Plan
from reconciler.redact import mask_value, redact
from reconciler.render.text import secret_changed
from reconciler.sourced import display
from reconciler.state import Target

FORMAT_VERSION = "1.1"
#: What JSON leaves raw but a terminal would obey (C1 controls, bidi overrides …).
_RAW_UNSAFE = re.compile("[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ufeff]")


def _target(t: Target) -> dict[str, Any]:
    return {"type": display(t.type), "value": display(t.value), "id": display(t.id)}


def _field(item: FieldChange) -> dict[str, Any]:
    out = {"name": item.name, "before": redact(mask_value(item.name, display(item.before))),
           "after": redact(mask_value(item.name, display(item.after)))}
    if secret_changed(item):
        out["sensitive_changed"] = True
    return out


def change_json(change: Change, dialect: str) -> dict[str, Any]:
    """One change, masked, with the calls apply will make for it."""
    return {
        "address": change.address,
        "kind": kind_of(change.kind).family,
        "action": change.action.value,
        "key": change.key,
        "module": change.module,
        "object_id": change.object_id,
        "operation": change.operation,
        "fields": [_field(f) for f in change.fields],
        "active": ({"before": change.active[0], "after": change.active[1]}
                   if change.active is not None else None),
        "targets": {"add": [_target(t) for t in change.add_targets],
                    "remove": [_target(t) for t in change.remove_targets]},
        "notes": list(change.notes),
        "calls": [{"method": c.method, "path": c.path, "body": redact(c.body)}
                  for c in kind_of(change.kind).calls(change, dialect)],
    }


def plan_json(plan: Plan, dialect: str) -> dict[str, Any]:
    """The whole plan as the documented JSON structure."""
    return {
        "format_version": FORMAT_VERSION,
        "strec_version": __version__,
        "applyable": plan.has_changes and not plan.safety.blocks,
        "errored": bool(plan.problems),
        "summary": {**{a.value: plan.count(a) for a in Action}, "pending": len(plan.pending)},
        "safety": {"exceeded": plan.safety.exceeded, "forced": plan.safety.forced,
                   "reasons": list(plan.safety.reasons),
                   "limits": dict(plan.safety.limits)},
        "changes": [change_json(c, dialect) for c in plan.changes],
        "problems": [{"address": p.address, "message": p.message} for p in plan.problems],
        "pending": [{"address": p.address, "message": p.message, "link": p.link}
                    for p in plan.pending],
        "warnings": list(plan.warnings),
    }


def json_text(doc: Any, *, indent: int | None = 2, sort_keys: bool = False) -> str:
    """A JSON document as text that is also safe on a terminal: the characters JSON
    would leave raw but a terminal obeys are written as \\u escapes (same data)."""
    text = json.dumps(doc, indent=indent, ensure_ascii=False, sort_keys=sort_keys)
    return _RAW_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
