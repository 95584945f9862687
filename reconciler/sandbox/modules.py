"""The sandbox's own table of gated modules: path segment, package name, dialects.

Read from the two documents, not from strec's catalog, so the simulator stays an
independent reading of the API (a mistake in strec's tables must not be mirrored here).
Each module is gated twice: its plugin must be installed (503) and its package module
must be in the user's package (403). The gate's names are the documents' own:
"repost-pro", "reactions", "welcomedm", "ai-dm", "parser" (Leads Finder) and
"first-comment"; the same name serves as the plugin name in the seed's `plugins:`.

First Comment is in the guide only: in the reference dialect its paths are unknown
endpoints (404), as the reference does not list them. The other documented package
modules (post-actions-api, inbox, direct-basic) may be named in a seed's `plugins:` or
`modules:` lists but the sandbox serves none of their endpoints.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class Module:
    """One gated module. `key` is the sandbox's name (and the account seed's key)."""

    key: str
    package: str  # the package/plugin name of the 403 and 503 gates
    segment: str  # the API path segment: /{segment}/…
    guide_only: bool = False

    def served_in(self, dialect: str) -> bool:
        return not self.guide_only or dialect == "guide"


MODULES: Final[dict[str, Module]] = {
    m.key: m
    for m in (
        Module("repost", "repost-pro", "repost"),
        Module("reactions", "reactions", "reactions"),
        Module("welcome_dm", "welcomedm", "welcomedm"),
        Module("ai_dm", "ai-dm", "ai-dm"),
        Module("leads", "parser", "leads"),
        Module("first_comment", "first-comment", "first-comment", guide_only=True),
    )
}

#: The modules whose schedule is addressed by account id (one per account).
ACCOUNT_SCHEDULE_MODULES: Final[tuple[str, ...]] = ("repost", "reactions")

#: The modules whose schedules are addressed by schedule id (many per account allowed).
ID_SCHEDULE_MODULES: Final[tuple[str, ...]] = ("welcome_dm", "ai_dm", "leads")

#: Package module names of the documents that the sandbox does not serve.
OTHER_PACKAGES: Final[frozenset[str]] = frozenset({"post-actions-api", "inbox", "direct-basic"})

#: Package name by module key ("repost" → "repost-pro").
PACKAGE_NAME: Final[dict[str, str]] = {m.key: m.package for m in MODULES.values()}

ALL_PACKAGES: Final[frozenset[str]] = frozenset(PACKAGE_NAME.values())


def package_name(raw: str, where: str) -> str:
    """A package name from a seed: the package's own name, or a module key as an alias.

    ValueError (with a did-you-mean) for a name neither document knows.
    """
    name = PACKAGE_NAME.get(raw, raw)
    if name in ALL_PACKAGES or name in OTHER_PACKAGES:
        return name
    known = sorted(ALL_PACKAGES | OTHER_PACKAGES | set(PACKAGE_NAME))
    close = difflib.get_close_matches(raw, known, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else f"; known: {', '.join(known)}"
    raise ValueError(f"{where}: unknown module {raw!r}{hint}")
