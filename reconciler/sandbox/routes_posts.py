"""Posts, in both dialects: list with filters, create, read, update, delete.

The body rules and the post object are in posts.py. Choices where the documents are
silent (the stricter reading):

- GET /posts is ordered by id and takes ?status= (422 outside the dialect's list: the
  guide adds "publishing"), ?account_id= (422 when not an id, 404 when not the caller's
  account) and ?is_scheduled=0|1 (422 otherwise); the guide lists no is_scheduled filter
  but is the same server, so both dialects take it;
- POST answers 201 with the post; checks run in the order 400 (not a JSON object), 422
  (every field problem at once, the caller's media included), then 404 (account_id is
  not the caller's account);
- PATCH is partial; PUT is served as the reference lists it ("PUT|PATCH", the same
  updatable fields, so also partial) and in the reference only: the guide lists PATCH
  alone, and a PUT there is 405;
- a post that is publishing or published cannot be updated: 409 Conflict, the status
  this API gives a request that its object's state forbids ("already active"), checked
  before the body (no body makes such a post editable); 422 would say the body is wrong;
- DELETE answers `{"id": N}`; a post being published (publishing) cannot be deleted
  (409), a published one can (the platform keeps no history of deleted posts);
- deleting an account deletes its posts (accounts.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import Any

from reconciler.sandbox import posts
from reconciler.sandbox.context import ApiError, Ctx, Reply, Route
from reconciler.sandbox.records import Post


def _owned(ctx: Ctx, post_id: int) -> Post:
    found = ctx.store.posts.get(post_id)
    if found is None or found.user_id != ctx.user.id:
        raise ApiError(404, "Post not found")
    return found


def list_posts(ctx: Ctx) -> Reply:
    status = ctx.choice_filter("status", posts.STATUS_FILTERS[ctx.dialect.name])
    account_id = ctx.account_filter()
    scheduled = ctx.choice_filter("is_scheduled", ("0", "1"))
    rows: Sequence[Post] = ctx.store.posts.rows(ctx.user.id)
    if status is not None or account_id is not None or scheduled is not None:
        rows = [
            p
            for p in rows
            if (status is None or p.status == status)
            and (account_id is None or p.account_id == account_id)
            and (scheduled is None or p.is_scheduled == (scheduled == "1"))
        ]
    return ctx.listing(rows, render=lambda p: posts.render(ctx.dialect, p))


def _check_media(ctx: Ctx, fields: dict[str, Any], errors: dict[str, str]) -> None:
    """Guide dialect: every media id must be one of the caller's uploaded files."""
    if ctx.dialect.php or "media_ids" not in fields or "media_ids" in errors:
        return
    ids, _ = posts.parse_media_ids(fields["media_ids"])
    missing = [i for i in ids if (m := ctx.store.media.get(i)) is None or m.user_id != ctx.user.id]
    if missing:
        names = ", ".join(str(i) for i in missing)
        errors["media_ids"] = f"not among your uploaded files: {names} (upload with POST /media)"


def _settle(ctx: Ctx, row: Post, errors: dict[str, str]) -> None:
    """The whole post's rules once the body is applied to (a copy of) it."""
    if not row.is_scheduled:
        return
    if row.schedule_date is None:
        errors["schedule_date"] = "is required when is_scheduled is true"
    elif row.schedule_date <= ctx.store.now():
        errors["schedule_date"] = f"must be in the future (now is {ctx.store.now()} UTC)"


def _apply(ctx: Ctx, row: Post, fields: dict[str, Any], errors: dict[str, str]) -> Post:
    """The post as it would be after the write; 422 with every problem, else it."""
    _check_media(ctx, fields, errors)
    candidate = dataclasses.replace(row, **fields) if not errors else row
    if not errors:
        _settle(ctx, candidate, errors)
    if errors:
        raise ApiError(422, "Validation failed", errors)
    candidate.status = "scheduled" if candidate.is_scheduled else "saved"
    return candidate


def create_post(ctx: Ctx) -> Reply:
    fields, errors = posts.check_body(ctx.body_object(), create=True)
    account_id = fields.pop("account_id", 0)
    draft = Post(0, ctx.user.id, account_id, create_date=ctx.store.now())
    row = _apply(ctx, draft, fields, errors)
    if ctx.store.owned_account(ctx.user.id, account_id) is None:
        raise ApiError(404, "Account not found")
    row.id = ctx.store.next_id("post")
    while row.id in ctx.store.posts:  # a test may have added rows by hand
        row.id = ctx.store.next_id("post")
    ctx.store.posts[row.id] = row
    return Reply(posts.render(ctx.dialect, row), status=201, message="Post created.")


def get_post(ctx: Ctx, post_id: int) -> Reply:
    return Reply(posts.render(ctx.dialect, _owned(ctx, post_id)))


def update_post(ctx: Ctx, post_id: int) -> Reply:
    row = _owned(ctx, post_id)
    if row.status in posts.LOCKED:
        raise ApiError(409, f"A {row.status} post cannot be updated", {"status": row.status})
    fields, errors = posts.check_body(ctx.body_object(), create=False)
    updated = _apply(ctx, row, fields, errors)
    for name in (*posts.WRITABLE, "status"):
        setattr(row, name, getattr(updated, name))
    return Reply(posts.render(ctx.dialect, row), message="Post updated.")


def delete_post(ctx: Ctx, post_id: int) -> Reply:
    row = _owned(ctx, post_id)
    if row.status == "publishing":
        raise ApiError(409, "A post being published cannot be deleted", {"status": row.status})
    del ctx.store.posts[row.id]
    return Reply({"id": row.id}, message="Post deleted.")


ROUTES: list[Route] = [
    Route("/posts", ("GET",), list_posts),
    Route("/posts", ("POST",), create_post),
    Route("/posts/<int:post_id>", ("GET",), get_post),
    Route("/posts/<int:post_id>", ("PATCH",), update_post),
    Route("/posts/<int:post_id>", ("PUT",), update_post, dialect="reference"),
    Route("/posts/<int:post_id>", ("DELETE",), delete_post),
]
