"""Offline checks of the content calendar (`strec validate`): no network, no environment.

A post names a declared account; its `at` can be placed on the installation's clock
(`timezone:` is declared, the time exists there and happens once); its media files exist
next to the config, stay inside the config's directory, and are of a type the guide's
upload accepts (jpg, jpeg, png, mp4, gif; mov, m4v, mpg only with `video_processing:
true`, as the installation must have it enabled); `media` and `media_ids` exclude each
other.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reconciler.kinds.post_time import TimeProblem, to_installation, zone

if TYPE_CHECKING:
    from reconciler.config.report import Report

IMAGES_AND_VIDEO = frozenset({".jpg", ".jpeg", ".png", ".mp4", ".gif"})
PROCESSED_VIDEO = frozenset({".mov", ".m4v", ".mpg"})


def check_posts(data: dict[str, Any], report: Report) -> None:
    posts = data.get("posts")
    if not isinstance(posts, list) or not posts:
        return
    clock = None
    name = data.get("timezone")
    if name is None:
        report.error(("posts",), "posts need `timezone:` at the top of the config: the "
                     "installation's clock, in which `at` is read (e.g. Europe/Paris, UTC)",
                     at_key=True)
    elif isinstance(name, str):
        try:
            clock = zone(name)
        except TimeProblem as exc:
            report.error(("timezone",), str(exc))
    accounts = {a.get("username") for a in data.get("accounts") or [] if isinstance(a, dict)}
    video = data.get("video_processing") is True
    for i, post in enumerate(posts):
        if isinstance(post, dict):
            _check_post(post, ("posts", i), report, clock, accounts, video)


def _check_post(post: dict[str, Any], loc: tuple[str | int, ...], report: Report,
                clock: Any, accounts: set[Any], video: bool) -> None:
    account = post.get("account")
    if isinstance(account, str) and account not in accounts:
        from reconciler.config.suggest import did_you_mean

        names = [a for a in accounts if isinstance(a, str)]
        report.error((*loc, "account"), f"no account {account!r} is declared in `accounts:`"
                     f"{did_you_mean(account, names)}")
    at = post.get("at")
    if clock is not None and isinstance(at, str | datetime):
        try:
            to_installation(at, clock)
        except TimeProblem as exc:
            report.error((*loc, "at"), str(exc))
    media = post.get("media")
    if isinstance(media, list) and post.get("media_ids") is not None:
        report.error((*loc, "media_ids"), "declare either `media` (local files) or "
                     "`media_ids` (files already on the server), not both", at_key=True)
    if not isinstance(media, list):
        return
    source, _ = report.smap.locate((*loc, "media"))
    base = Path(source.name).resolve().parent
    root = _root(report)
    for j, name in enumerate(media):
        if isinstance(name, str):
            problem = _media_problem(name, base, root, video)
            if problem:
                report.error((*loc, "media", j), problem)


def _root(report: Report) -> Path:
    names = [Path(f.name).resolve().parent for f in report.smap.files]
    root = names[0] if names else Path.cwd()
    for other in names[1:]:
        while root not in (other, *other.parents):
            root = root.parent
    return root


def _media_problem(name: str, base: Path, root: Path, video: bool) -> str | None:
    given = Path(name)
    if given.is_absolute() or ".." in given.parts:
        return "a media file is named relative to the config, inside its directory"
    file = base / given
    try:
        real = file.resolve(strict=True)
    except (OSError, RuntimeError):
        return f"media file {name!r} not found (looked in {base})"
    if root not in (real, *real.parents):
        return f"media file {name!r} leads outside the config's directory (a symlink?)"
    if not real.is_file():
        return f"media file {name!r} is not a file"
    suffix = real.suffix.lower()
    if suffix in PROCESSED_VIDEO and not video:
        return (f"{suffix} uploads need video processing on the installation: declare "
                "`video_processing: true` if it is enabled")
    if suffix not in IMAGES_AND_VIDEO | PROCESSED_VIDEO:
        allowed = ", ".join(sorted(s[1:] for s in IMAGES_AND_VIDEO))
        return f"{suffix or 'a file without extension'} is not a type the upload accepts " \
               f"({allowed}; mov, m4v, mpg with video processing)"
    return None
