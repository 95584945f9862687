"""Media files next to the config, uploaded once and identified by their content.

Posts name local files (`media: [media/xmas.jpg]`); each is identified by its SHA-256.
A file is on the server when `GET /media` shows it: strec uploads a file under a name
that carries the start of its hash (`xmas-3f2a9c…12.jpg`), and a listed file whose URL
carries that token and whose size matches is that file. A server that renames uploads
hides the token; then a cache under `.strec/` (hash -> id) remembers strec's own
uploads, and is believed only when the listed file with that id has the same size. So
a file is uploaded once even when several posts use it, and never again while it is on
the server. Only the guide documents uploads: elsewhere (404) posts must name
existing `media_ids`.
"""

from __future__ import annotations

import json
import mimetypes
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import reconciler.kinds.fields as fields
from reconciler.api.answers import Upload
from reconciler.calls import Call
from reconciler.errors import ApiError, ApiProtocolError
from reconciler.kinds.base import DiffContext, Kind, Read, Scope, part_of
from reconciler.normalize import NormalizeError, to_int
from reconciler.outcomes import Outcome
from reconciler.plan import Action, Change, FieldChange
from reconciler.state import State

if TYPE_CHECKING:
    from reconciler.api.client import ApiClient
    from reconciler.outcomes import ApplyContext

TOKEN = 12  # hex digits of the SHA-256 that an uploaded file's name carries


@dataclass(frozen=True)
class LocalMedia:
    """A file a post names: where it is, and what identifies it."""

    shown: str  # the path as the config wrote it
    path: Path
    sha256: str
    size: int

    @property
    def upload_name(self) -> str:
        return f"{self.path.stem}-{self.sha256[:TOKEN]}{self.path.suffix.lower()}"


@dataclass
class MediaPart:
    """Desired: the local files by hash. Live: what the server holds, and which files
    it already has (hash -> media id)."""

    files: dict[str, LocalMedia] = field(default_factory=dict)
    #: desired only: every path the config names, to its content's hash (two paths may
    #: hold the same bytes: one upload serves both)
    paths: dict[str, str] = field(default_factory=dict)
    found: dict[str, int] = field(default_factory=dict)


def media_part(state: State) -> MediaPart:
    return part_of(state, MediaKind.name, MediaPart)


def cache_path() -> Path:
    return Path(os.environ.get("STREC_STATE_DIR", ".strec")) / "media.json"


def _cache() -> dict[str, int]:
    try:
        data = json.loads(cache_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): v for k, v in data.items() if isinstance(v, int)} \
        if isinstance(data, dict) else {}


_CACHE_LOCK = threading.Lock()


def _remember(sha256: str, media_id: int) -> None:
    """Add one upload to the cache: uploads run in parallel, so one writer at a time,
    and the file is replaced whole (a reader never sees half of it)."""
    with _CACHE_LOCK:
        known = _cache()
        known[sha256] = media_id
        path = cache_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".tmp")
        partial.write_text(json.dumps(known, sort_keys=True), encoding="utf-8")
        partial.replace(path)


def _size(item: dict[str, Any]) -> int | None:
    try:
        return to_int(item.get("filesize"))
    except NormalizeError:
        return None


def recognise(files: dict[str, LocalMedia], items: list[dict[str, Any]],
              cache: dict[str, int]) -> dict[str, int]:
    """Which local files (by hash) the listed media already are."""
    by_id = {fields.ident(i, "id", "/media"): i for i in items}
    found: dict[str, int] = {}
    for sha, local in files.items():
        token = f"-{sha[:TOKEN]}"
        for ident, item in by_id.items():
            if token in str(item.get("url") or "") and _size(item) == local.size:
                found[sha] = ident
                break
        else:
            cached = cache.get(sha)
            if cached in by_id and _size(by_id[cached]) == local.size:
                found[sha] = cached
    return found


class MediaKind(Kind):
    name = "media"
    rank = 1
    family = "media"
    label = "Media"
    per_account = False

    def reads(self, desired: State) -> list[Read]:
        return [Read("media", "/media", gates=(403, 404, 503))] \
            if media_part(desired).files else []

    def ingest(self, desired: State, live: State, results: dict[str, Any]) -> None:
        media_part(live).found = recognise(media_part(desired).files,
                                           results.get("media", []), _cache())

    def narrow(self, desired: State, out: State, scope: Scope) -> None:
        """Uploads are installation-wide: shard 1's (other shards' posts wait for them)."""
        out.parts[self.name] = media_part(desired)
        if not scope.first_shard:
            out.options["uploads"] = False

    def diff(self, ctx: DiffContext) -> None:
        if self.name in ctx.live.module_errors or not ctx.desired.options.get("uploads", True):
            return  # the posts that name local files report it
        have = media_part(ctx.live).found
        for sha, local in sorted(media_part(ctx.desired).files.items()):
            if sha not in have:
                ctx.changes.append(self.change(Action.CREATE, local.shown, fields=(
                    FieldChange("file", None, local.shown),
                    FieldChange("size", None, local.size),
                    FieldChange("sha256", None, sha[:TOKEN]))))

    def noun(self, change: Change) -> str:
        return f'media "{change.key}"'

    def address(self, key: str) -> str:
        return f'media["{key}"]'

    def verb(self, change: Change) -> str:
        return "uploaded"

    def calls(self, change: Change, dialect: str) -> list[Call]:
        return [Call("POST", "/media", {"file": change.key}, kind="create")]

    def phase(self, change: Change) -> int:
        return 1

    def run(self, client: ApiClient, change: Change, ctx: ApplyContext) -> Outcome:
        local = next((m for m in (media_part(ctx.desired).files.values() if ctx.desired else [])
                      if m.shown == change.key), None)
        if local is None:
            return Outcome(change.address, False, "the file is no longer declared")
        try:
            content = local.path.read_bytes()
        except OSError as exc:
            return Outcome(change.address, False, f"cannot read the file: {exc.strerror}")
        kind = mimetypes.guess_type(local.path.name)[0] or "application/octet-stream"
        found: list[int] = []

        def exists() -> bool:
            items = client.list_all("/media")
            known = recognise({local.sha256: local}, items, {})
            if local.sha256 in known:
                found.append(known[local.sha256])
            return bool(found)

        try:
            answer = client.create("POST", "/media",
                                   Upload("file", local.upload_name, content, kind), exists)
            if answer is not None:
                data = answer.data if isinstance(answer.data, dict) else {}
                found.append(fields.ident(data, "id", "/media"))
        except (ApiError, ApiProtocolError) as exc:
            return Outcome(change.address, False, str(exc))
        ctx.scratch.setdefault("media", {})[local.sha256] = found[0]
        _remember(local.sha256, found[0])
        return Outcome(change.address, True, f"uploaded as media {found[0]}")

    def fingerprints(self, desired: State, live: State) -> dict[str, Any]:
        found = media_part(live).found
        return {self.address(m.shown): found.get(sha)
                for sha, m in sorted(media_part(desired).files.items())}
