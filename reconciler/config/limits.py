"""Every cap on what loading a config may cost, in one place.

Configs arrive in pull requests and are loaded by `strec validate` in CI, with the API key
in the environment: a small hostile file must not cost minutes or gigabytes. Each cap is
far above what a real config needs (the 5,000-account benchmark config is about 2 MB,
nests 7 levels deep and uses no alias), and each refusal is a positioned error that names
the cap it hit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

#: One config file, vars file, or the text a template renders to.
MAX_FILE_BYTES: Final = 16 * 1024 * 1024
#: Nesting of mappings and lists in one YAML document.
MAX_DEPTH: Final = 64
#: Values that expanding aliases (`*name`) may add to one YAML document ("billion laughs").
MAX_ALIAS_NODES: Final = 500_000
#: A file read by a `${file:PATH}` reference (a secret, a caption).
MAX_REF_FILE_BYTES: Final = 1024 * 1024

#: A template's output, and any block, macro or `~` join inside it.
MAX_TEMPLATE_OUTPUT: Final = MAX_FILE_BYTES
#: One string that a template operation (`*`, `+`, `%`, `~`, a filter, a method) makes.
MAX_TEMPLATE_VALUE: Final = 4 * 1024 * 1024
#: Everything a template's operations build, added up (bounds its memory, not only each
#: value: a loop could otherwise keep making values of the cap's size).
MAX_TEMPLATE_BUILT: Final = 64 * 1024 * 1024
#: Items of a `range()` or of a repeated list in a template.
MAX_TEMPLATE_ITEMS: Final = 100_000
#: Bits of an integer a template computes (`10 ** 10 ** 9` would take minutes).
MAX_TEMPLATE_INT_BITS: Final = 4096
#: Wall-clock time to render one template (both of its renderings).
MAX_TEMPLATE_SECONDS: Final = 10.0


def size_words(count: int) -> str:
    """`16777216` -> `16 MiB`; a cap as a person reads it."""
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= size and count % size == 0:
            return f"{count // size} {unit}"
    return f"{count:,} bytes"


class TooLarge(Exception):
    """A file larger than its cap; the message names the cap."""

    def __init__(self, limit: int, what: str) -> None:
        super().__init__(f"larger than {size_words(limit)} (the cap on {what})")
        self.limit = limit


def read_limited(path: Path, limit: int, what: str) -> bytes:
    """The bytes of `path`, reading at most `limit + 1` of them: TooLarge beyond `limit`.

    The size is found by reading, not by `stat`, so a device or a pipe that never ends
    costs no more than a file of the cap's size.
    """
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(limit, what)
    return data
