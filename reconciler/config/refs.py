"""`${env:NAME}` and `${file:PATH}` references inside config strings.

`load_config` checks their syntax (validate needs no environment) and where file
references lead; `resolve_refs` replaces them when a value is actually needed. Platform
syntax is left alone: spintax `{a|b}` (also after a `$`, as in "${5|10}"),
`{{original_caption}}`. `$${` writes a literal `${`. Errors name the variable or file,
never the value or the surrounding text.

A config comes from a pull request, so what it may reference is limited: never the
variables that hold the API key (`FORBIDDEN_ENV`: a caption could carry the key to the
server, or a plan comment to the pull request), and, unless the operator allows it, only
files inside the config's directory (see `file_refs`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reconciler.config.file_refs import read_ref_file
from reconciler.errors import ConfigError, Diagnostic

SCHEMES = ("env", "file")
#: The environment variables that hold the API key: a config may never reference them.
FORBIDDEN_ENV = ("STREC_API_KEY", "STREC_API_KEY_FILE")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SCHEME = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*):(.*)", re.DOTALL)
_USAGE = "a reference is ${env:NAME} or ${file:PATH}; write $${ for a literal ${"


@dataclass(frozen=True)
class Piece:
    """A run of `text`: literal text, a reference, or a syntax problem at `start`."""

    start: int
    end: int
    literal: str = ""
    scheme: str = ""
    arg: str = ""
    problem: str = ""


def pieces(text: str) -> Iterator[Piece]:
    """Split `text` into literal runs and references, yielding problems as they are met."""
    pos = 0
    literal_from = 0
    while (start := text.find("${", pos)) != -1:
        if start > pos and text[start - 1] == "$":  # "$${" -> literal "${"
            yield Piece(literal_from, start + 2, literal=text[literal_from : start - 1] + "${")
            pos = literal_from = start + 2
            continue
        if text.startswith("{", start + 2):  # "$" before a {{placeholder}}
            pos = start + 1
            continue
        close = text.find("}", start + 2)
        if close == -1:
            yield Piece(
                start, len(text), problem=f"unclosed '${{' at character {start + 1}; {_USAGE}"
            )
            return
        body = text[start + 2 : close]
        match = _SCHEME.fullmatch(body)
        if "|" in body and (match is None or match.group(1) not in SCHEMES):
            # "$" before spintax: "${5|10}", "${Sale: 10|20}"
            pos = close + 1
            continue
        if start > literal_from:
            yield Piece(literal_from, start, literal=text[literal_from:start])
        yield _reference(start, close + 1, match, body)
        pos = literal_from = close + 1
    if literal_from < len(text):
        yield Piece(literal_from, len(text), literal=text[literal_from:])


def _reference(start: int, end: int, match: re.Match[str] | None, body: str) -> Piece:
    at = f"at character {start + 1}"
    if match is None:
        hint = f" (did you mean ${{env:{body}}}?)" if _NAME.fullmatch(body) else ""
        return Piece(start, end, problem=f"malformed reference {at}{hint}; {_USAGE}")
    scheme, arg = match.group(1), match.group(2)
    if scheme == "env" and not _NAME.fullmatch(arg):
        return Piece(
            start,
            end,
            problem=f"invalid variable name in ${{env:...}} {at}: use [A-Za-z_][A-Za-z0-9_]*",
        )
    if scheme == "env" and arg.upper() in FORBIDDEN_ENV:
        return Piece(
            start,
            end,
            problem=f"${{env:{arg}}} {at} may not be referenced: the API key never goes into "
            "a config value (strec reads it from the environment itself)",
        )
    if scheme == "file" and not arg.strip():
        return Piece(start, end, problem=f"empty path in ${{file:}} {at}")
    if scheme not in SCHEMES:
        return Piece(start, end, problem=f"unknown reference scheme '{scheme}' {at}; {_USAGE}")
    return Piece(start, end, scheme=scheme, arg=arg)


@lru_cache(maxsize=4096)
def split_refs(text: str) -> tuple[Piece, ...]:
    """`pieces(text)`, remembered: a value is checked by several rules in turn."""
    return tuple(pieces(text))


def ref_problems(text: str) -> list[str]:
    """Syntax problems of the references in `text` (empty when all are well-formed)."""
    if "${" not in text:
        return []
    return [p.problem for p in split_refs(text) if p.problem]


def has_refs(text: str) -> bool:
    """Whether `text` holds a reference (well-formed or not) that resolving would act on."""
    if "${" not in text:
        return False
    return any(p.scheme or p.problem for p in split_refs(text))


class RefError(ConfigError):
    """A reference that cannot be resolved: a missing variable or unreadable file."""

    def __init__(
        self,
        message: str,
        *,
        source: str = "<config>",
        path: str = "",
        line: int = 1,
        col: int = 1,
    ) -> None:
        super().__init__([Diagnostic(source, line, col, path, message)])
        self.problem = message


def resolve_refs(
    text: str,
    *,
    env: Mapping[str, str] | None = None,
    base_dir: Path | None = None,
    root: Path | None = None,
    allow_outside: bool = False,
    source: str = "<config>",
    path: str = "",
) -> str:
    """`text` with every reference replaced; RefError names what is missing, not values.

    - `env`: where `${env:NAME}` is looked up (default: the process environment). The API
      key's variables (`FORBIDDEN_ENV`) are refused whatever `env` holds.
    - `base_dir`: the directory a relative `${file:PATH}` is read from: the directory of
      the file that wrote the value (`LoadedConfig.file_of(loc).parent`); default: the
      working directory.
    - `root`: the config's root directory (`LoadedConfig.root`). When given, a file must
      resolve inside it: no absolute path, no `..` out of it, no symbolic link out of it
      (real paths are compared). None checks nothing (a caller without a config).
    - `allow_outside`: skip the `root` check (`--allow-outside-files`).
    - `source`, `path`: the file and field path a RefError names.

    A file is read up to `MAX_REF_FILE_BYTES`; one trailing newline is dropped. The file
    that `STREC_API_KEY_FILE` names is never read.
    """
    if "${" not in text:
        return text
    environ = os.environ if env is None else env
    out: list[str] = []
    for piece in pieces(text):
        if piece.problem:
            raise RefError(piece.problem, source=source, path=path)
        if piece.scheme == "env":
            if piece.arg not in environ:
                raise RefError(
                    f"environment variable {piece.arg} is not set", source=source, path=path
                )
            out.append(environ[piece.arg])
        elif piece.scheme == "file":
            within = None if allow_outside else root
            try:
                out.append(read_ref_file(piece.arg, base_dir, within, environ))
            except ValueError as exc:
                raise RefError(str(exc), source=source, path=path) from None
        else:
            out.append(piece.literal)
    return "".join(out)
