"""Posts: the content calendar, keyed by account and time.

Declared posts (`posts:`) are matched to live ones by account and `schedule_date` on the
installation's clock (`timezone:`; see post_time), moves are recognised by content, and
published posts are never touched (post_match). Media are local files uploaded once
(media) or, where the installation has no upload endpoint, existing `media_ids`.
Changed fields go out in one PATCH with only those fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BeforeValidator, Field

import reconciler.kinds.fields as fields
from reconciler.api.client import path
from reconciler.calls import Call, send
from reconciler.config.model_base import ConfigModel, NonBlank
from reconciler.errors import ApiError
from reconciler.kinds.base import DiffContext, Kind, Read, Resolve, Scope, part_of
from reconciler.kinds.media import LocalMedia, media_part
from reconciler.kinds.post_checks import check_posts
from reconciler.kinds.post_match import Post, match
from reconciler.kinds.post_time import TimeProblem, installation_now, to_installation, zone
from reconciler.kinds.post_values import (
    declared_values,
    exported,
    live_post,
    local_media,
    post_fields,
    resolve_uploads,
)
from reconciler.outcomes import Outcome
from reconciler.plan import Action, Change, FieldChange
from reconciler.state import State

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

    from reconciler.api.client import ApiClient
    from reconciler.config.report import Report
    from reconciler.outcomes import ApplyContext

_UPLOAD = re.compile(r"<upload:([^>]*)>")


def _digits(value: Any) -> Any:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


MediaId = Annotated[str, BeforeValidator(_digits), Field(pattern=r"^[0-9]+$")]


class PostConfig(ConfigModel):
    """One post of the calendar; its natural key is (account, at)."""

    account: NonBlank
    #: "2026-12-24 18:00" on the installation's clock, or with an offset (+01:00, Z)
    at: str | datetime
    type: NonBlank | None = None
    caption: str | None = None
    first_comment: str | None = None
    location: str | None = None
    link: str | None = None
    #: files next to the config (uploaded where the installation can: the guide)
    media: list[NonBlank] | None = None
    #: existing media ids (an installation without uploads)
    media_ids: list[MediaId] | None = None
    #: saved, not scheduled
    draft: bool | None = None


@dataclass
class Calendar:
    """Desired: the declared posts, the clock, pruning. Live: every post read."""

    posts: list[Post] = field(default_factory=list)
    prune: bool = False
    clock: ZoneInfo | None = None
    #: desired only: the post's media as local files, by post key
    files: dict[str, list[LocalMedia]] = field(default_factory=dict)


def calendar(state: State) -> Calendar:
    return part_of(state, PostKind.name, Calendar)


class PostKind(Kind):
    name = "post"
    rank = 3
    family = "post"
    label = "Post"
    per_account = False

    def desired_root(self, config: Any, resolve: Resolve, state: State) -> None:
        cal = calendar(state)
        cal.prune = bool(getattr(config.prune, "posts", False))
        if not config.posts:
            return
        try:
            cal.clock = zone(config.timezone or "")
        except TimeProblem as exc:
            resolve.problem(("timezone",), str(exc))
            return
        for i, post in enumerate(config.posts):
            at = ("posts", i)
            try:
                when = to_installation(post.at, cal.clock)
            except TimeProblem as exc:
                resolve.problem((*at, "at"), str(exc))
                continue
            want = Post(post.account, when, declared_values(post, resolve, at))
            cal.posts.append(want)
            if post.media is not None:
                cal.files[want.key] = [local_media(resolve, name, (*at, "media", j), state)
                                       for j, name in enumerate(post.media)]

    def check_document(self, data: dict[str, Any], report: Report) -> None:
        check_posts(data, report)

    def narrow(self, desired: State, out: State, scope: Scope) -> None:
        cal = calendar(desired)
        posts = [p for p in cal.posts if scope.selects("post", p.key)]
        out.parts[self.name] = Calendar(posts, cal.prune, cal.clock,
                                        {p.key: cal.files[p.key] for p in posts
                                         if p.key in cal.files})

    def want_everything(self, state: State, usernames: list[str]) -> None:
        calendar(state).prune = True

    def reads(self, desired: State) -> list[Read]:
        cal = calendar(desired)
        return [Read("posts", "/posts", gates=(403, 404, 503))] if cal.posts or cal.prune \
            else []

    def ingest(self, desired: State, live: State, results: dict[str, Any]) -> None:
        names = {a.id: u for u, a in live.accounts.items()}
        for item in results.get("posts", []):
            username = names.get(fields.ident(item, "account_id", "/posts"))
            if username is not None:
                calendar(live).posts.append(live_post(username, item))

    # -- diff -----------------------------------------------------------------------

    def diff(self, ctx: DiffContext) -> None:
        want, have = calendar(ctx.desired), calendar(ctx.live)
        if not want.posts and not want.prune:
            return
        if self.name in ctx.live.module_errors:
            for p in want.posts:
                ctx.problem(self.address(p.key), f"posts cannot be read: "
                                                 f"{ctx.live.module_errors[self.name]}")
            return
        now = installation_now(want.clock) if want.clock else ""
        found = media_part(ctx.live).found
        accounts = sorted({p.account for p in want.posts} | (
            set(ctx.desired.accounts) if want.prune else set()))
        for username in accounts:
            declared = [p for p in want.posts if p.account == username]
            if username in ctx.created:
                for p in declared:
                    ctx.waiting(self.address(p.key), "the account is created by this apply; "
                                "its posts are created by the next one")
                continue
            account = ctx.ready.get(username)
            if account is None:
                for p in declared:
                    ctx.problem(self.address(p.key), f"no account {username!r} on the "
                                "installation, nor one this plan creates")
                continue
            resolved = [self._with_media(ctx, want, p, found) for p in declared]
            live = [p for p in have.posts if p.account == username]
            verdict = match([p for p in resolved if p is not None], live, now,
                            want.prune and username in ctx.desired.accounts)
            ctx.warnings.extend(verdict.warnings)
            for post in verdict.creates:
                values = {"is_scheduled": True, **post.values}  # a declared time schedules
                ctx.changes.append(self.change(Action.CREATE, post.key, object_id=account.id,
                                               fields=post_fields(values, post.at)))
            for wanted, old, changed in verdict.updates:
                ctx.changes.append(self.change(Action.UPDATE, wanted.key, object_id=old.id,
                                               fields=tuple(FieldChange(n, b, a) for n, (b, a)
                                                            in sorted(changed.items()))))
            for old in verdict.deletes:
                ctx.changes.append(self.change(Action.DELETE, old.key, object_id=old.id,
                                               fields=post_fields(old.values, old.at, gone=True)))

    def _with_media(self, ctx: DiffContext, cal: Calendar, post: Post,
                    found: dict[str, int]) -> Post | None:
        """The post with `media_ids` from its files: known ids, or `<upload:PATH>`."""
        files = cal.files.get(post.key)
        if files is None:
            return post
        if "media" in ctx.live.module_errors:
            ctx.problem(self.address(post.key), "this installation has no media upload "
                        f"({ctx.live.module_errors['media']}): name existing `media_ids`")
            return None
        missing = [m.shown for m in files if m.sha256 not in found]
        if missing and not ctx.desired.options.get("uploads", True):
            ctx.waiting(self.address(post.key), f"its media ({', '.join(missing)}) are "
                        "uploaded by shard 1; the next run of this shard creates the post")
            return None
        ids = [str(found[m.sha256]) if m.sha256 in found else f"<upload:{m.shown}>"
               for m in files]
        return Post(post.account, post.at, {**post.values, "media_ids": ",".join(ids)})

    def existing(self, desired: State, live: State) -> int:
        want = calendar(desired)
        accounts = {p.account for p in want.posts} | (set(desired.accounts) if want.prune
                                                      else set())
        return sum(1 for p in calendar(live).posts if p.account in accounts and not p.done)

    # -- apply ----------------------------------------------------------------------

    def calls(self, change: Change, dialect: str) -> list[Call]:
        values = {f.name: f.after for f in change.fields}
        if change.action is Action.CREATE:
            return [Call("POST", "/posts", {"account_id": change.object_id, **values},
                         kind="create")]
        if change.action is Action.DELETE:
            return [Call("DELETE", path("posts", change.object_id))]
        return [Call("PATCH", path("posts", change.object_id), values)]

    def run(self, client: ApiClient, change: Change, ctx: ApplyContext) -> Outcome:
        (call,) = self.calls(change, client.dialect or "reference")
        body = call.body
        if isinstance(body, dict) and "media_ids" in body:
            try:
                body = {**body, "media_ids": resolve_uploads(body["media_ids"], ctx)}
            except KeyError as exc:
                return Outcome(change.address, False, f"{exc.args[0]} was not uploaded")
        try:
            send(client, Call(call.method, call.path, body, call.kind),
                 exists=lambda: self._exists(client, change))
        except ApiError as exc:
            return Outcome(change.address, False, str(exc))
        return Outcome(change.address, True, f"{change.action.value}d")

    def _exists(self, client: ApiClient, change: Change) -> bool:
        at = change.key.rsplit("@", 1)[1]
        found = client.list_all("/posts", {"account_id": change.object_id})
        return any(str(item.get("schedule_date") or "").strip() == at for item in found)

    # -- render, export, fingerprints -----------------------------------------------

    def noun(self, change: Change) -> str:
        account, at = change.key.rsplit("@", 1)
        return f'post of "{account}" at {at}'

    def heading(self, change: Change) -> str:
        account, at = change.key.rsplit("@", 1)
        return f"post {account} · {at}"

    def address(self, key: str) -> str:
        return f'post["{key}"]'

    def export_root(self, live: State, notes: list[str],
                    usernames: list[str]) -> dict[str, Any]:
        now = installation_now(zone("UTC"))
        chosen = set(usernames)
        posts = [p for p in calendar(live).posts
                 if p.account in chosen and not p.done and p.at > now]
        if not posts:
            return {}
        notes.append("posts: schedule_date is exported as written and read as UTC; set "
                     "`timezone:` to the installation's clock (the times stay as they are)")
        return {"timezone": "UTC", "posts": [exported(p) for p in sorted(
            posts, key=lambda p: (p.account, p.at, p.id or 0))]}

    def fingerprints(self, desired: State, live: State) -> dict[str, Any]:
        want = calendar(desired)
        accounts = {p.account for p in want.posts}
        return {f"posts[{a}]": sorted((p.id or 0, p.at, p.status, sorted(p.values.items()))
                                      for p in calendar(live).posts if p.account == a)
                for a in sorted(accounts)}
