"""`--debug` tracing of API calls, through the one redaction layer: no header value, no
secret. httpx fires these hooks whatever transport carries the request."""

from __future__ import annotations

import json
import logging
from typing import Any

import httpx

from reconciler.redact import redact, redact_text

trace = logging.getLogger("strec.http")

#: Headers whose values are credentials: named in the trace, never shown.
_SECRET_HEADERS = ("authorization", "x-api-key")


def trace_request(request: httpx.Request) -> None:
    if not trace.isEnabledFor(logging.DEBUG):
        return
    body: Any = None
    if request.content:
        try:
            body = redact(json.loads(request.content))
        except ValueError:
            body = f"({len(request.content)} bytes)"
    headers = sorted(k for k in request.headers if k.lower() not in _SECRET_HEADERS)
    trace.debug("-> %s %s headers=%s auth=(sensitive) body=%s", request.method,
                redact_text(str(request.url)), headers, json.dumps(body))


def trace_response(response: httpx.Response) -> None:
    if trace.isEnabledFor(logging.DEBUG):
        trace.debug("<- %s %s %s", response.status_code, response.request.method,
                    redact_text(str(response.request.url)))
