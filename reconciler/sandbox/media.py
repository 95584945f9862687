"""Uploaded files (guide dialect): allowed types, the content check, stored names, shape.

The guide gives the field (`file`, multipart/form-data), the allowed types (jpg, jpeg,
png, mp4, gif; mov, m4v, mpg too "if video processing is enabled"), a size limit "per
your plan's storage settings" and the answer (201, {id, url, type}). Where it is silent
the sandbox takes the stricter reading:

- the type is the file name's extension (case-insensitive), and the content must be of
  that kind (a PHP backend asking finfo): JPEG, PNG or GIF signatures, an ISO/QuickTime
  box (`ftyp`; mov also `moov`, `mdat`, `wide`, `free`, `skip`) for mp4/m4v/mov, an MPEG
  pack or sequence header for mpg; jpg, jpeg, png and gif are "image", the rest "video";
- the stored name is the upload's file name, sanitized: its last path segment, every
  run of characters outside A-Z a-z 0-9 . _ - replaced by one "_", no leading or
  trailing dots, underscores or dashes, at most 100 characters before the extension,
  the extension lower-cased, prefixed with the file's id (`{id}-{name}`) so two uploads
  of "photo.jpg" never collide; an installation may rename uploads to an opaque name
  instead (seed `media_settings.opaque_names`): 32 hex digits derived from user, id and
  content, plus the extension;
- `url` is `{base_url}/uploads/{user_id}/{stored name}` (base_url seedable, default
  https://sandbox.invalid: the sandbox does not serve the files);
- the upload's answer is the object the controller built, {id, url, type, filesize};
  GET /media and GET /media/{id} read the row back and add its `date` (the upload time,
  the column a PHP/MySQL backend fills), as in the captions table.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from reconciler.sandbox.records import Media, MediaSettings

#: extension → kind, always allowed
BASE_TYPES = {"jpg": "image", "jpeg": "image", "png": "image", "mp4": "video", "gif": "image"}
#: extension → kind, allowed only when the installation processes video
VIDEO_PROCESSING_TYPES = {"mov": "video", "m4v": "video", "mpg": "video"}
MAX_STEM = 100
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_MOV_BOXES = (b"ftyp", b"moov", b"mdat", b"wide", b"free", b"skip")


def allowed_types(settings: MediaSettings) -> dict[str, str]:
    """The extensions this installation accepts, with their kind."""
    if settings.video_processing:
        return {**BASE_TYPES, **VIDEO_PROCESSING_TYPES}
    return dict(BASE_TYPES)


def extension(filename: str) -> str:
    """The lower-cased extension of a file name ("" when it has none)."""
    _, dot, ext = filename.rpartition(".")
    return ext.lower() if dot else ""


def content_matches(ext: str, head: bytes) -> bool:
    """Whether the first bytes of a file are of the kind its extension names."""
    if ext in ("jpg", "jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if ext == "png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if ext == "gif":
        return head[:6] in (b"GIF87a", b"GIF89a")
    if ext in ("mp4", "m4v"):
        return head[4:8] == b"ftyp"
    if ext == "mov":
        return head[4:8] in _MOV_BOXES
    if ext == "mpg":
        return head[:4] in (b"\x00\x00\x01\xba", b"\x00\x00\x01\xb3")
    return False


def kind_name(ext: str) -> str:
    """How the content check names a kind in its refusal."""
    return {"jpg": "JPEG", "jpeg": "JPEG", "png": "PNG", "gif": "GIF", "mpg": "MPEG"}.get(
        ext, "MP4/QuickTime"
    )


def sanitize(filename: str) -> str:
    """A file name safe to store and to put in a URL (see the module docstring)."""
    base = re.split(r"[/\\]", filename)[-1]
    ext = extension(base)
    stem = base[: -(len(ext) + 1)] if ext else base
    if not re.fullmatch(r"[a-z0-9]{1,10}", ext):  # "x.:" has no extension worth keeping
        stem, ext = base, ""
    stem = _UNSAFE.sub("_", stem).strip("._-")[:MAX_STEM] or "file"
    return f"{stem}.{ext}" if ext else stem


def stored_name(media_id: int, user_id: int, filename: str, digest: str, opaque: bool) -> str:
    """The stored file's name: `{id}-{sanitized name}`, or an opaque one."""
    if not opaque:
        return f"{media_id}-{sanitize(filename)}"
    token = hashlib.sha256(f"{user_id}:{media_id}:{digest}".encode()).hexdigest()[:32]
    ext = extension(filename)
    return f"{token}.{ext}" if ext else token


def url(settings: MediaSettings, m: Media) -> str:
    return f"{settings.base_url}/uploads/{m.user_id}/{m.name}"


def render(settings: MediaSettings, m: Media, *, with_date: bool = True) -> dict[str, Any]:
    """A file as GET /media shows it; the upload's own answer has no date."""
    out: dict[str, Any] = {"id": m.id, "url": url(settings, m), "type": m.type,
                           "filesize": m.filesize}  # fmt: skip
    if with_date:
        out["date"] = m.date
    return out
