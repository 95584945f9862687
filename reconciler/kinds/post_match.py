"""Matching declared posts to live ones, and what each match means for the plan.

A declared post is the live post of its account at its time (`schedule_date` on the
installation's clock). One that matches none, but whose content is an unmatched live
post's, is that post moved: one PATCH of its `schedule_date` (and of what else changed),
never a delete and a create. Published posts are never changed or deleted (a difference
is a warning); a declared post in the past that is not published is reported, not
recreated. With `prune.posts`, future unpublished posts of the declared accounts that
the config does not declare are deleted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: The post fields a declaration may manage, by API name (what is left out is unmanaged).
MANAGED = ("type", "caption", "first_comment", "location", "link", "media_ids",
           "is_scheduled")
DONE = frozenset({"published", "publishing"})


@dataclass
class Post:
    """A post, desired or live. Desired: only declared fields are set (not None)."""

    account: str
    at: str  # schedule_date on the installation's clock, "Y-m-d H:i:s"
    values: dict[str, Any] = field(default_factory=dict)  # the MANAGED fields declared
    id: int | None = None
    status: str = ""

    @property
    def key(self) -> str:
        return f"{self.account}@{self.at}"

    @property
    def done(self) -> bool:
        return self.status in DONE


@dataclass
class Verdict:
    """What the plan does with one account's posts."""

    creates: list[Post] = field(default_factory=list)
    #: (declared, live, changed fields by name -> (before, after)) incl. schedule_date
    updates: list[tuple[Post, Post, dict[str, tuple[Any, Any]]]] = field(default_factory=list)
    deletes: list[Post] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _changed(want: Post, have: Post) -> dict[str, tuple[Any, Any]]:
    return {name: (have.values.get(name), value) for name, value in want.values.items()
            if have.values.get(name) != value}


def _same_content(want: Post, have: Post) -> bool:
    """Whether a live post is the declared one's content (for a move)."""
    keys = [k for k in ("type", "caption", "media_ids", "first_comment", "link", "location")
            if k in want.values]
    return bool(keys) and all(want.values[k] == have.values.get(k) for k in keys)


def match(wanted: list[Post], live: list[Post], now: str, prune: bool) -> Verdict:
    """The plan for one account: `wanted` and `live` are its posts, `now` its clock."""
    out = Verdict()
    by_time: dict[str, list[Post]] = {}
    for post in sorted(live, key=lambda p: p.id or 0):
        by_time.setdefault(post.at, []).append(post)
    used: set[int] = set()
    unmatched: list[Post] = []
    for want in sorted(wanted, key=lambda p: p.at):
        copies = by_time.get(want.at, [])
        if not copies:
            unmatched.append(want)
            continue
        have = copies[0]
        used.update(p.id for p in copies if p.id is not None)
        if len(copies) > 1:
            out.warnings.append(f"{len(copies)} posts of {want.account} at {want.at} "
                                f"(ids {', '.join(str(p.id) for p in copies)}); strec "
                                f"manages {have.id}")
        _judge(want, have, now, out)
    movable = [p for p in sorted(live, key=lambda p: (p.at, p.id or 0))
               if p.id not in used and not p.done and p.at > now]
    for want in unmatched:
        if want.at <= now:
            out.warnings.append(f"post of {want.account} at {want.at} is in the past and "
                                "does not exist: not created")
            continue
        moved = next((p for p in movable if _same_content(want, p)), None)
        if moved is None:
            out.creates.append(want)
            continue
        movable.remove(moved)
        assert moved.id is not None
        used.add(moved.id)
        changes = _changed(want, moved)
        changes["schedule_date"] = (moved.at, want.at)
        out.updates.append((want, moved, changes))
    if prune:
        out.deletes = [p for p in movable if p.id not in used]
    return out


def _judge(want: Post, have: Post, now: str, out: Verdict) -> None:
    changes = _changed(want, have)
    if not changes:
        return
    if have.done:
        names = ", ".join(sorted(changes))
        out.warnings.append(f"post {have.id} of {want.account} at {want.at} is {have.status}: "
                            f"it differs ({names}) but published posts are never changed")
    elif want.at <= now:
        out.warnings.append(f"post {have.id} of {want.account} at {want.at} is in the past "
                            f"and {have.status or 'not published'}: not changed")
    else:
        out.updates.append((want, have, changes))
