"""API calls as values: what a change will send, shown in plans and run by apply.

Each resource kind turns its changes into calls (`Kind.calls`); this module holds the
value type, the one way a call is sent (a create is re-read by natural key before it is
sent again, a 409 on a create means "already there").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reconciler.errors import ApiStatusError

if TYPE_CHECKING:
    from reconciler.api.client import Answer, ApiClient


@dataclass(frozen=True)
class Call:
    """One API request: method, path under the base URL, and JSON body."""

    method: str
    path: str
    body: Any = None
    #: what makes a lost answer safe to retry: "idempotent", or "create" (re-read first)
    kind: str = "idempotent"

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def send(client: ApiClient, call: Call, *, exists: Callable[[], bool] | None = None,
         conflict_ok: bool = False) -> Answer | None:
    """Send one call. A create goes through `client.create` (never twice); with
    `conflict_ok`, a 409 ("already so") is success. None when nothing had to be sent."""
    try:
        if call.kind == "create" and exists is not None:
            return client.create(call.method, call.path, call.body, exists=exists)
        return client.request(call.method, call.path, body=call.body)
    except ApiStatusError as exc:
        if conflict_ok and exc.status == 409:
            return None
        raise
