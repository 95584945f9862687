"""Media upload (guide dialect only; the reference has no media endpoints: 404 there).

GET /media (paginated, by id), POST /media (multipart/form-data, field `file`),
GET /media/{id} and DELETE /media/{id}, the caller's files only (404 for anyone else's).
Types, the content check, stored names and the shape are in media.py. Choices where
the guide is silent (the stricter reading):

- the body is parsed by werkzeug's multipart parser with bounds: at most 8 parts and
  64 KiB per non-file part (422 beyond), the whole body at most the user's limit plus
  64 KiB (422, as a file over the limit);
- a body that is not multipart/form-data (with a boundary) is 400, like a malformed
  JSON body elsewhere; no `file` part, two of them, a part with no file name, an empty
  file, a type outside the allowed list (the answer names the allowed types) or content
  that is not of its extension's kind are 422, every problem of the one file at once;
- a file over the user's `max_upload_bytes` (seedable, default 10 MiB) is 422 naming the
  limit, not 413: it is the plan's rule, a validation like any other, and the API's
  documented codes have no 413 (a body over the server's own cap, 64 MiB, is 413:
  faults.py);
- DELETE answers `{"id": N}`, and 409 while a post that is not published yet (saved,
  scheduled, publishing or failed) names the file: a post must let go of it first.
"""

from __future__ import annotations

import hashlib
from typing import Any

from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import RequestEntityTooLarge

from reconciler.sandbox import media
from reconciler.sandbox.context import ApiError, Ctx, Reply, Route
from reconciler.sandbox.posts import parse_media_ids
from reconciler.sandbox.records import Media

MAX_FORM_PARTS = 8
MAX_FIELD_BYTES = 64 * 1024
ENVELOPE_BYTES = 64 * 1024  # multipart headers and boundaries around the file
_CHUNK = 64 * 1024


def _owned(ctx: Ctx, media_id: int) -> Media:
    found = ctx.store.media.get(media_id)
    if found is None or found.user_id != ctx.user.id:
        raise ApiError(404, "File not found")
    return found


def list_media(ctx: Ctx) -> Reply:
    return ctx.listing(ctx.store.media.rows(ctx.user.id),
                       render=lambda m: media.render(ctx.store.media_settings, m))  # fmt: skip


def get_media(ctx: Ctx, media_id: int) -> Reply:
    return Reply(media.render(ctx.store.media_settings, _owned(ctx, media_id)))


def _too_big(limit: int) -> ApiError:
    return ApiError(422, "Validation failed", {"file": f"is larger than your plan's limit of "
                                               f"{limit:,} bytes per file"})  # fmt: skip


def _the_file(ctx: Ctx, limit: int) -> FileStorage:
    """The one `file` part of a multipart body (400 or 422 otherwise)."""
    request = ctx.request
    if request.mimetype != "multipart/form-data" or not request.mimetype_params.get("boundary"):
        raise ApiError(400, "Request body must be multipart/form-data with a file field `file`")
    request.max_content_length = limit + ENVELOPE_BYTES
    request.max_form_parts = MAX_FORM_PARTS
    request.max_form_memory_size = MAX_FIELD_BYTES
    try:
        files = request.files.getlist("file")
    except RequestEntityTooLarge:
        if (request.content_length or 0) > request.max_content_length:
            raise _too_big(limit) from None
        reason = f"at most {MAX_FORM_PARTS} parts of at most {MAX_FIELD_BYTES:,} bytes each"
        raise ApiError(422, "Validation failed", {"body": reason}) from None
    if len(files) != 1:
        if files:
            reason = "must be one file: send one upload per request"
        elif "file" in request.form:
            reason = "must be a file (a part with a filename), not a text field"
        else:
            reason = "is required (a multipart part named file)"
        raise ApiError(422, "Validation failed", {"file": reason})
    return files[0]


def _read(upload: FileStorage, limit: int) -> bytes:
    """The file's bytes, reading at most limit + 1 of them."""
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = upload.stream.read(min(_CHUNK, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _problems(ctx: Ctx, upload: FileStorage, content: bytes, limit: int) -> list[str]:
    allowed = media.allowed_types(ctx.store.media_settings)
    name = upload.filename or ""
    ext = media.extension(name)
    problems: list[str] = []
    if not name.strip():
        problems.append("has no file name")
    elif ext not in allowed:
        shown = f".{ext}" if ext else "a file with no extension"
        problems.append(f"type {shown} is not allowed; allowed types: {', '.join(allowed)}")
    if not content:
        problems.append("is empty")
    elif len(content) > limit:
        problems.append(f"is larger than your plan's limit of {limit:,} bytes per file")
    elif ext in allowed and not media.content_matches(ext, content[:16]):
        problems.append(f"content is not {media.kind_name(ext)} data, as .{ext} says")
    return problems


def upload(ctx: Ctx) -> Reply:
    limit = ctx.user.max_upload_bytes
    file_part = _the_file(ctx, limit)
    content = _read(file_part, limit)
    problems = _problems(ctx, file_part, content, limit)
    if problems:
        raise ApiError(422, "Validation failed", {"file": "; ".join(problems)})
    name = file_part.filename or ""
    ext = media.extension(name)
    digest = hashlib.sha256(content).hexdigest()
    media_id = ctx.store.next_id("media")
    while media_id in ctx.store.media:  # a test may have added rows by hand
        media_id = ctx.store.next_id("media")
    settings = ctx.store.media_settings
    stored = media.stored_name(media_id, ctx.user.id, name, digest, settings.opaque_names)
    row = Media(media_id, ctx.user.id, stored, media.allowed_types(settings)[ext], len(content),
                ctx.store.now(), media.sanitize(name), digest)  # fmt: skip
    ctx.store.media[row.id] = row
    return Reply(media.render(settings, row, with_date=False), status=201,
                 message="File uploaded.")  # fmt: skip


def _users_of(ctx: Ctx, media_id: int) -> list[int]:
    """The caller's posts not yet published that name this file."""
    return [
        p.id
        for p in ctx.store.posts.rows(ctx.user.id)
        if p.status != "published" and media_id in parse_media_ids(p.media_ids)[0]
    ]


def delete_media(ctx: Ctx, media_id: int) -> Reply:
    row = _owned(ctx, media_id)
    users = _users_of(ctx, row.id)
    if users:
        errors: dict[str, Any] = {"posts": users}
        raise ApiError(409, "The file is used by posts not yet published", errors)
    del ctx.store.media[row.id]
    return Reply({"id": row.id}, message="File deleted.")


ROUTES: list[Route] = [
    Route("/media", ("GET",), list_media, dialect="guide"),
    Route("/media", ("POST",), upload, dialect="guide"),
    Route("/media/<int:media_id>", ("GET",), get_media, dialect="guide"),
    Route("/media/<int:media_id>", ("DELETE",), delete_media, dialect="guide"),
]
