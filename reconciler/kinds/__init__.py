"""The registry of resource kinds: every kind of object strec manages, in reading order.

The pipeline iterates `KINDS` and never names a kind. Accounts come first (the other
per-account kinds hang off the account records), then installation-wide kinds, then
each module's schedules. A new module is one new file here plus one line below, and
its routes in the sandbox.
"""

from __future__ import annotations

from reconciler.kinds.account import AccountKind
from reconciler.kinds.ai_dm import AiDmKind
from reconciler.kinds.base import Kind
from reconciler.kinds.caption import CaptionKind
from reconciler.kinds.first_comment import FirstCommentKind
from reconciler.kinds.leads import LeadsKind
from reconciler.kinds.media import MediaKind
from reconciler.kinds.post import PostKind
from reconciler.kinds.reactions import ReactionsKind
from reconciler.kinds.repost import RepostKind
from reconciler.kinds.welcome_dm import WelcomeDmKind

KINDS: tuple[Kind, ...] = (
    AccountKind(),
    CaptionKind(),
    RepostKind(),
    ReactionsKind(),
    WelcomeDmKind(),
    AiDmKind(),
    LeadsKind(),
    FirstCommentKind(),
    MediaKind(),
    PostKind(),
)

_BY_NAME = {k.name: k for k in KINDS}


def kind_of(name: str) -> Kind:
    """The registered kind called `name`."""
    return _BY_NAME[name]


def module_names() -> tuple[str, ...]:
    """The per-account kinds' names (the `module:NAME` selectors, the config blocks)."""
    return tuple(k.name for k in KINDS if k.per_account)
