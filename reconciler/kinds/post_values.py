"""A post's fields: read from the config, from an answer, into calls and into an export.

Only declared fields are managed (`post_match.MANAGED`, by API name); `draft` is the
inverse of `is_scheduled`; `media_ids` is the API's comma-separated string, in which a
file still to upload stands as `<upload:PATH>` until the upload phase gives its id.
Media files are read relative to the file that names them and stay inside the config's
directory, like `${file:}` references.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import reconciler.kinds.fields as fields
from reconciler.kinds.base import Resolve
from reconciler.kinds.exporting import literal
from reconciler.kinds.media import LocalMedia, media_part
from reconciler.kinds.post_match import MANAGED, Post
from reconciler.plan import FieldChange
from reconciler.state import State

if TYPE_CHECKING:
    from reconciler.outcomes import ApplyContext

UPLOAD = re.compile(r"<upload:([^>]*)>")


def exported(post: Post) -> dict[str, Any]:
    out: dict[str, Any] = {"account": post.account, "at": post.at}
    for name in ("type", "caption", "first_comment", "location", "link"):
        if post.values.get(name):
            out[name] = literal(str(post.values[name]))
    if post.values.get("media_ids"):
        out["media_ids"] = str(post.values["media_ids"]).split(",")
    if not post.values.get("is_scheduled", True):
        out["draft"] = True
    return out


def declared_values(post: Any, resolve: Resolve, at: tuple[str | int, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in ("type", "caption", "first_comment", "location", "link"):
        value = getattr(post, name)
        if value is not None:
            out[name] = resolve(value, (*at, name)) if isinstance(value, str) else value
    if post.media_ids is not None:
        out["media_ids"] = ",".join(post.media_ids)
    if post.draft is not None:
        out["is_scheduled"] = not post.draft
    return out


def post_fields(values: dict[str, Any], at: str, *, gone: bool = False) -> tuple[FieldChange, ...]:
    items = [*sorted(values.items()), ("schedule_date", at)]
    return tuple(FieldChange(n, v if gone else None, None if gone else v) for n, v in items)


def live_post(username: str, item: dict[str, Any]) -> Post:
    values: dict[str, Any] = {name: fields.text(item, name) for name in MANAGED
                              if name not in ("media_ids", "is_scheduled")}
    raw = item.get("media_ids")
    parts = [str(p) for p in raw] if isinstance(raw, list) else \
        ("" if raw is None else str(raw)).split(",")  # documented: "42,43"; a list too
    values["media_ids"] = ",".join(p.strip() for p in parts if p.strip())
    values["is_scheduled"] = fields.flag(item.get("is_scheduled", False), "/posts",
                                         "is_scheduled")
    return Post(username, fields.text(item, "schedule_date").strip()[:19], values,
                fields.ident(item, "id", "/posts"), fields.text(item, "status").lower())


def local_media(resolve: Resolve, name: str, loc: tuple[str | int, ...],
                state: State) -> LocalMedia:
    """A declared media file: under the config's directory, hashed once."""
    refs = resolve.refs_at(loc)
    file = (refs.base_dir or Path(".")) / name
    if not refs.allow_outside and refs.root is not None:
        root = refs.root.resolve()
        try:
            real = file.resolve(strict=True)
        except (OSError, RuntimeError):
            real = None
        if Path(name).is_absolute() or (real is not None and root not in (real, *real.parents)):
            resolve.problem(loc, f"media file {name!r} is outside the config's directory")
            return LocalMedia(name, file, "", 0)
    digest = hashlib.sha256()
    size = 0
    try:
        with file.open("rb") as handle:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
                size += len(chunk)
    except OSError as exc:
        resolve.problem(loc, f"cannot read media file {name!r}: {exc.strerror}")
        return LocalMedia(name, file, "", 0)
    local = LocalMedia(name, file, digest.hexdigest(), size)
    media_part(state).files.setdefault(local.sha256, local)
    media_part(state).paths[name] = local.sha256
    return local


def resolve_uploads(media_ids: str, ctx: ApplyContext) -> str:
    """`<upload:PATH>` tokens replaced by the ids the upload phase gave those files."""
    files = media_part(ctx.desired).paths if ctx.desired else {}
    uploaded: dict[str, int] = ctx.scratch.get("media", {})

    def one(match: re.Match[str]) -> str:
        sha = files.get(match.group(1))
        if sha is None or sha not in uploaded:
            raise KeyError(match.group(1))
        return str(uploaded[sha])

    return UPLOAD.sub(one, media_ids)
