"""Where `${file:PATH}` may lead, and reading it: inside the config's directory, bounded.

A config from a pull request could otherwise name `/etc/...`, `~/.ssh/...` or the API key
file and have its content sent to the server as a caption. So a reference is resolved
relative to the file that wrote it, and must stay inside the config's root directory (the
`-f` directory, or the directory of the `-f` file): no absolute path, no `..` out of it,
no symbolic link out of it (real paths are compared) — unless the operator passes
`--allow-outside-files`. Whatever the flag, the file `STREC_API_KEY_FILE` names is never
read, and a file is read up to `MAX_REF_FILE_BYTES`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from reconciler.config.limits import MAX_REF_FILE_BYTES, TooLarge, read_limited
from reconciler.textsafe import printable

ALLOW_HINT = "pass --allow-outside-files to allow it"


def is_inside(path: str | Path, root: str | Path) -> bool:
    """Whether the real path of `path` is `root`'s real path or below it."""
    real, top = os.path.realpath(path), os.path.realpath(root)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def outside_problem(name: str, base_dir: Path, root: Path) -> str | None:
    """Why `${file:name}`, read from `base_dir`, leaves `root`; None when it stays inside."""
    if name.startswith("~") or os.path.isabs(name):
        reason = "is an absolute path"
    elif is_inside(base_dir / name, root):
        return None
    elif _lexically_inside(base_dir / name, root):
        reason = "leads out of the config directory through a symbolic link"
    else:
        reason = "leads out of the config directory with '..'"
    return f"{shown(name)} {reason}; {ALLOW_HINT}"


def shown(name: str) -> str:
    """`${file:NAME}` as a message may print it: shortened, control characters escaped."""
    text = name if len(name) <= 80 else name[:77] + "..."
    return f"${{file:{printable(text)}}}"


def _lexically_inside(path: Path, root: Path) -> bool:
    here, top = os.path.normpath(os.path.abspath(path)), os.path.normpath(os.path.abspath(root))
    return here == top or here.startswith(top.rstrip(os.sep) + os.sep)


def read_ref_file(
    name: str, base_dir: Path | None, root: Path | None, environ: Mapping[str, str]
) -> str:
    """The text of the file `${file:name}` names; ValueError says why it cannot be read.

    `root` None: any path (the caller checks nothing, or the operator allowed it).
    """
    base = Path.cwd() if base_dir is None else base_dir
    if root is not None:
        problem = outside_problem(name, base, root)
        if problem:
            raise ValueError(problem)
    file = base / Path(name).expanduser()
    key_file = environ.get("STREC_API_KEY_FILE")
    if key_file and os.path.realpath(file) == os.path.realpath(key_file):
        raise ValueError(
            f"{shown(name)} is the API key file (STREC_API_KEY_FILE); a config may not read it"
        )
    try:
        data = read_limited(Path(os.path.realpath(file)), MAX_REF_FILE_BYTES, "a ${file:} file")
        content = data.decode("utf-8")
    except TooLarge as exc:
        raise ValueError(f"cannot read {shown(name)}: it is {exc}") from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise ValueError(f"cannot read file {printable(name)}: {reason}") from None
    return content.removesuffix("\n").removesuffix("\r")
