"""First Comment: comments posted first under the watched accounts' new posts. Full CRUD.

One schedule per account, found by `account_id` in the paged list (two is a problem,
never a guess). Created with its targets, comments and mode; updated by one PATCH of
only the changed fields; switched by activate/pause; deleted when declared
`state: absent` (with --allow-deletes). Targets are keyed by username; comments are
compared in order when `comment_mode` is sequential and as a multiset when random.

Where the guide is silent, the safe reading: every target names its `user_pk` (a
server that needs it for a create must not get a target without it), and a PATCH that
sends a list sends it whole (right if the server replaces the list, which is the only
reading under which a partial PATCH can remove an item). Only the guide documents this
module: an installation whose API lacks it (404) reports that for the accounts using it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BeforeValidator, Field

import reconciler.kinds.fields as fields
from reconciler.api.client import path
from reconciler.calls import Call, send
from reconciler.config.model_base import ConfigModel, NonBlank
from reconciler.errors import ApiError
from reconciler.kinds.activation import Activation
from reconciler.kinds.base import DiffContext, Loc, Resolve
from reconciler.kinds.exporting import literal
from reconciler.kinds.toggle import ToggleKind
from reconciler.outcomes import Outcome
from reconciler.plan import Action, Change, FieldChange
from reconciler.state import Account, State

if TYPE_CHECKING:
    from reconciler.api.client import ApiClient
    from reconciler.config.report import Report
    from reconciler.outcomes import ApplyContext


def _digits_as_text(value: Any) -> Any:
    """A YAML integer user_pk (19038780) means the same as its quoted form."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class CommentTarget(ConfigModel):
    """An account whose new posts get the first comment."""

    username: NonBlank
    user_pk: Annotated[str, BeforeValidator(_digits_as_text), Field(pattern=r"^[0-9]+$")]


class FirstCommentConfig(ConfigModel):
    """The `first_comment:` block of an account. None is unmanaged."""

    state: Literal["present", "absent"] = "present"
    active: bool | None = None
    comment_mode: Literal["random", "sequential"] | None = None
    targets: list[CommentTarget] | None = None
    comments: Annotated[list[NonBlank], Field(min_length=1)] | None = None


@dataclass
class FirstComment:
    """Desired: the block. Live: the account's schedule (or the ids of its duplicates)."""

    present: bool = True
    active: bool | None = None
    comment_mode: str | None = None
    targets: dict[str, str] | None = None  # username (case-folded) -> user_pk
    names: dict[str, str] = field(default_factory=dict)  # case-folded -> as written
    comments: list[str] | None = None
    id: int | None = None
    duplicates: tuple[int, ...] = ()
    item: dict[str, Any] = field(default_factory=dict)


_FIELDS = ("comment_mode", "targets", "comments")


class FirstCommentKind(ToggleKind):
    config_model = FirstCommentConfig
    name = "first_comment"
    rank = 2
    label = "First Comment"
    segment = "first-comment"
    log_path = "/first-comment/logs"
    panel_page = "first-comment"
    activation = Activation("first-comment")
    gates = (403, 404, 503)

    def check_config(self, block: dict[str, Any], loc: Loc, report: Report) -> None:
        targets = block.get("targets")
        seen: dict[str, int] = {}
        for i, t in enumerate(targets if isinstance(targets, list) else []):
            name = t.get("username") if isinstance(t, dict) else None
            if isinstance(name, str):
                if name.casefold() in seen:
                    report.error((*loc, "targets", i, "username"), f"duplicate target "
                                 f"{name!r} (first at targets[{seen[name.casefold()]}])")
                seen.setdefault(name.casefold(), i)

    def desired(self, block: Any, resolve: Resolve, loc: Loc) -> FirstComment:
        want = FirstComment(block.state == "present", block.active, block.comment_mode)
        if block.targets is not None:
            want.targets = {t.username.casefold(): t.user_pk for t in block.targets}
            want.names = {t.username.casefold(): t.username for t in block.targets}
        if block.comments is not None:
            want.comments = [resolve(c, (*loc, "comments", i))
                             for i, c in enumerate(block.comments)]
        return want

    def want_everything(self, state: State, usernames: list[str]) -> None:
        for username in usernames:
            state.accounts[username].schedules[self.name] = FirstComment()

    def read(self, item: dict[str, Any], where: str) -> FirstComment:
        have = FirstComment(active=fields.flag(item.get("is_active", False), where, "is_active"),
                            comment_mode=fields.text(item, "comment_mode"),
                            id=fields.ident(item, "id", where), item=item, targets={})
        raw = item.get("targets") or []
        for t in raw if isinstance(raw, list) else []:
            if isinstance(t, dict) and t.get("username"):
                name = str(t["username"])
                assert have.targets is not None
                have.targets[name.casefold()] = fields.text(t, "user_pk")
                have.names[name.casefold()] = name
        comments = item.get("comments") or []
        have.comments = [str(c) for c in comments] if isinstance(comments, list) else []
        return have

    # -- diff -----------------------------------------------------------------------

    def diff(self, ctx: DiffContext) -> None:
        for username, want in self.declared(ctx.desired):
            address = self.address(username)
            account = ctx.ready.get(username)
            if username in ctx.created:
                if want.present:
                    ctx.waiting(address, "the account is created by this apply; its First "
                                         "Comment schedule is created by the next apply")
                continue
            if account is None:
                continue
            if self.name in ctx.live.module_errors:
                ctx.problem(address, ctx.live.module_errors[self.name])
                continue
            have = account.schedules.get(self.name)
            if have is not None and have.duplicates:
                ids = ", ".join(map(str, have.duplicates))
                ctx.problem(address, f"{len(have.duplicates)} First Comment schedules (ids "
                                     f"{ids}) belong to this account; strec will not guess")
            elif not want.present:
                if have is not None:
                    ctx.changes.append(self.change(Action.DELETE, username, object_id=have.id,
                                                   fields=self._shown(have, None)))
            elif have is None:
                self._create(ctx, username, account, want)
            else:
                self._update(ctx, username, want, have)

    def _create(self, ctx: DiffContext, username: str, account: Account,
                want: FirstComment) -> None:
        missing = [f for f in _FIELDS if getattr(want, f) is None]
        if missing:
            ctx.problem(self.address(username), "no First Comment schedule exists; to create "
                        f"one, declare its {', '.join(missing)}")
            return
        ctx.changes.append(self.change(
            Action.CREATE, username, object_id=account.id, fields=self._shown(None, want),
            active=(None, bool(want.active))))

    def _update(self, ctx: DiffContext, username: str, want: FirstComment,
                have: FirstComment) -> None:
        changed = [FieldChange(f, self._value(have, f), self._value(want, f))
                   for f in _FIELDS if getattr(want, f) is not None and not self._same(
                       f, want, have)]
        active = None
        if want.active is not None and want.active != have.active:
            active = (have.active, want.active)
        if changed or active:
            ctx.changes.append(self.change(Action.UPDATE, username, object_id=have.id,
                                           fields=tuple(changed), active=active))

    @staticmethod
    def _same(name: str, want: FirstComment, have: FirstComment) -> bool:
        if name == "comments":
            mode = want.comment_mode or have.comment_mode
            if mode == "random":
                return Counter(want.comments or []) == Counter(have.comments or [])
        return bool(getattr(want, name) == getattr(have, name))

    @staticmethod
    def _value(obj: FirstComment, name: str) -> Any:
        if name == "targets":
            return [{"username": obj.names.get(k, k), "user_pk": v}
                    for k, v in sorted((obj.targets or {}).items())]
        return getattr(obj, name)

    def _shown(self, before: FirstComment | None, after: FirstComment | None
               ) -> tuple[FieldChange, ...]:
        return tuple(FieldChange(f, self._value(before, f) if before else None,
                                 self._value(after, f) if after else None) for f in _FIELDS)

    # -- apply ----------------------------------------------------------------------

    def calls(self, change: Change, dialect: str) -> list[Call]:
        values = {f.name: f.after for f in change.fields}
        collection = path(self.segment, "schedules")
        if change.action is Action.CREATE:
            assert change.active is not None
            return [Call("POST", collection, {"account_id": change.object_id, **values,
                                              "is_active": change.active[1]}, kind="create")]
        if change.action is Action.DELETE:
            return [Call("DELETE", path(self.segment, "schedules", change.object_id))]
        calls = [Call("PATCH", path(self.segment, "schedules", change.object_id), values)] \
            if values else []
        if change.active is not None:
            calls.append(self.activation.single(change.object_id, change.active[1]))
        return calls

    def run(self, client: ApiClient, change: Change, ctx: ApplyContext) -> Outcome:
        try:
            for call in self.calls(change, client.dialect or "reference"):
                if call.kind == "create":
                    send(client, call, exists=lambda: self._exists(client, change.object_id))
                else:
                    send(client, call, conflict_ok=call.path.endswith(("/activate", "/pause")))
        except ApiError as exc:
            return Outcome(change.address, False, str(exc))
        return Outcome(change.address, True, {Action.CREATE: "created", Action.DELETE:
                                              "deleted"}.get(change.action, "updated"))

    def _exists(self, client: ApiClient, account_id: int | None) -> bool:
        found = client.list_all(path(self.segment, "schedules"), {"account_id": account_id})
        return any(str(item.get("account_id")) == str(account_id) for item in found)

    # -- export, fingerprints -------------------------------------------------------

    def export_account(self, live: State, account: Account, out: Any) -> dict[str, Any]:
        have = account.schedules.get(self.name)
        if have is None or have.duplicates:
            return {}
        return {self.name: {"active": bool(have.active), "comment_mode": have.comment_mode,
                            "targets": self._value(have, "targets"),
                            "comments": [literal(c) for c in have.comments or []]}}

    def snapshot(self, want: Any, have: Any) -> dict[str, Any]:
        return {f: self._value(have, f) for f in _FIELDS}
