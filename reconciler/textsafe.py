"""Text from outside strec, made safe to print: terminals, logs, plans and PR comments.

Server answers (error messages, catalog names, usernames) and config values travel to a
terminal and to a pull-request comment. A terminal obeys escape sequences (`\\x1b[2J`
clears it, OSC 52 writes the clipboard) and a comment renders HTML, so neither may see
such text raw:

- `printable` escapes every control character (C0, DEL, C1), the Unicode bidirectional
  overrides that reorder what a reviewer reads, and the line/paragraph separators, as
  `\\xNN` / `\\uNNNN`. Ordinary text, accents and emoji pass unchanged.
- `md_text` also escapes what Markdown or HTML would interpret, for prose in a comment.
- `md_code` puts text in a code span that no backtick inside can close.

The renderers apply these to everything they did not write themselves.
"""

from __future__ import annotations

import html
import re

# C0 controls, DEL, C1 controls, bidi embeddings/overrides/isolates, LS/PS, the BOM.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2028\u2029"
                     "\u2066-\u2069\ufeff]")
_UNSAFE_BUT_NEWLINE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e"
                                 "\u2028\u2029\u2066-\u2069\ufeff]")
#: Inline Markdown that could format, link or break out; line-start syntax cannot occur
#: (`printable` leaves no newline), and HTML is turned into entities first.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_BACKTICKS = re.compile(r"`+")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with control and reordering characters shown as escapes, never obeyed."""
    pattern = _UNSAFE_BUT_NEWLINE if keep_newlines else _UNSAFE
    return pattern.sub(_escape, text)


def has_unsafe(text: str) -> bool:
    """Whether `printable` would change `text`."""
    return _UNSAFE.search(text) is not None


def md_text(text: str) -> str:
    """Prose for a Markdown comment: printable, and nothing Markdown or HTML would act on."""
    escaped = html.escape(printable(text), quote=False)  # & < > as entities
    return _MD_SPECIAL.sub(r"\\\1", escaped)


def md_code(text: str) -> str:
    """An inline code span holding `text` literally, whatever backticks it contains.

    CommonMark closes a code span only at a backtick run of the opening length, so the
    fence is one longer than the longest run inside; a space pads text that starts or
    ends with a backtick. HTML is inert inside a code span.
    """
    text = printable(text)
    longest = max((len(m.group(0)) for m in _BACKTICKS.finditer(text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"
