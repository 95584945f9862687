"""First Comment schedules (guide only): the rules for a create or update body, and the shape.

The guide gives the fields and an example; where it is silent the sandbox takes the
stricter reading:

- create needs account_id (a JSON integer), targets, comments and comment_mode;
  is_active is optional (default false); every error is reported at once (422), then
  an account that is not the caller's is 404, then a second schedule for the same
  account is 409 (one schedule per account);
- every target is exactly {username, user_pk}: an Instagram username (letters, digits,
  "." and "_", at most 30) and a user pk as a string of digits; a user_pk twice is 422;
- comments is a non-empty list of non-empty strings of at most 2,200 characters
  (Instagram's comment limit); comment_mode is random or sequential;
- unknown fields are 422, and so are the read-only ones (id, running, schedule_date,
  last_action_date); PATCH also refuses account_id (a schedule does not move) and
  is_active (use …/activate or …/pause), and an empty body;
- create sets schedule_date and last_action_date to now (the guide's example shows both
  equal to the creation time); activate sets schedule_date to now.
"""

from __future__ import annotations

import re
from typing import Any

from reconciler.sandbox.records import FirstComment

COMMENT_MODES = ("random", "sequential")
MAX_COMMENT_LENGTH = 2200
USERNAME = re.compile(r"^[A-Za-z0-9._]{1,30}$")
_USER_PK = re.compile(r"^\d{1,20}$")
WRITABLE = ("targets", "comments", "comment_mode")
READ_ONLY = ("id", "running", "schedule_date", "last_action_date")


def _targets(value: Any, errors: dict[str, str]) -> list[dict[str, str]] | None:
    if not isinstance(value, list) or not value:
        errors["targets"] = "must be a non-empty array of {username, user_pk}"
        return None
    out: list[dict[str, str]] = []
    seen: set[str] = set()
    for i, item in enumerate(value):
        where = f"targets[{i}]"
        if not isinstance(item, dict):
            errors[where] = "must be an object {username, user_pk}"
            continue
        for extra in sorted(set(item) - {"username", "user_pk"}):
            errors[f"{where}.{extra}"] = "unknown field (a target is {username, user_pk})"
        username, user_pk = item.get("username"), item.get("user_pk")
        if username is None:
            errors[f"{where}.username"] = "is required"
        elif not isinstance(username, str) or not USERNAME.match(username):
            errors[f"{where}.username"] = "must be an Instagram username"
        if user_pk is None:
            errors[f"{where}.user_pk"] = "is required"
        elif not isinstance(user_pk, str) or not _USER_PK.match(user_pk):
            errors[f"{where}.user_pk"] = "must be a string of digits (the user's pk)"
        elif user_pk in seen:
            errors[f"{where}.user_pk"] = f"{user_pk} is already a target"
        else:
            seen.add(user_pk)
        if isinstance(username, str) and isinstance(user_pk, str):
            out.append({"username": username, "user_pk": user_pk})
    return out


def _comments(value: Any, errors: dict[str, str]) -> list[str] | None:
    if not isinstance(value, list) or not value:
        errors["comments"] = "must be a non-empty array of strings"
        return None
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            errors[f"comments[{i}]"] = "must be a non-empty string"
        elif len(item) > MAX_COMMENT_LENGTH:
            errors[f"comments[{i}]"] = f"must be at most {MAX_COMMENT_LENGTH} characters"
    return [c for c in value if isinstance(c, str)]


def check_fields(body: dict[str, Any], *, create: bool) -> tuple[dict[str, Any], dict[str, str]]:
    """The validated writable fields of a body, and every problem found (field → reason)."""
    errors: dict[str, str] = {}
    allowed = {*WRITABLE, "account_id", "is_active"} if create else set(WRITABLE)
    refused = {
        "is_active": "use …/activate or …/pause",
        "account_id": "cannot be changed (delete and create instead)",
    }
    for name in body:
        if name in READ_ONLY:
            errors[name] = "is read-only"
        elif name not in allowed:
            errors[name] = refused.get(name, "unknown field")
    if not create and not body:
        errors["fields"] = f"give at least one of {', '.join(WRITABLE)}"
    required = ("account_id", *WRITABLE) if create else ()
    for name in required:
        if name not in body:
            errors[name] = "is required"
    fields: dict[str, Any] = {}
    if "account_id" in body and create:
        if type(body["account_id"]) is not int or body["account_id"] < 1:
            errors["account_id"] = "must be an account id (an integer)"
        fields["account_id"] = body["account_id"]
    if "targets" in body:
        fields["targets"] = _targets(body["targets"], errors)
    if "comments" in body:
        fields["comments"] = _comments(body["comments"], errors)
    if "comment_mode" in body:
        if body["comment_mode"] not in COMMENT_MODES:
            errors["comment_mode"] = f"must be one of: {', '.join(COMMENT_MODES)}"
        fields["comment_mode"] = body["comment_mode"]
    if "is_active" in body and create:
        if not isinstance(body["is_active"], bool):
            errors["is_active"] = "must be true or false"
        fields["is_active"] = body["is_active"]
    return fields, errors


def render(row: FirstComment) -> dict[str, Any]:
    """A schedule as the guide shows it (guide dialect only: plain JSON types)."""
    return {
        "id": row.id,
        "account_id": row.account_id,
        "is_active": row.is_active,
        "running": row.running,
        "comment_mode": row.comment_mode,
        "targets": [dict(t) for t in row.targets],
        "comments": list(row.comments),
        "schedule_date": row.schedule_date,
        "last_action_date": row.last_action_date,
    }
