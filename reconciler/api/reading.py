"""One HTTP answer -> an `Answer`, or one clear error for that read.

The body is JSON read within the nesting cap; a 4xx/5xx is an `ApiStatusError` with the
server's message (escaped) and, for a 404 that looks like a wrong base URL, a hint; an
answer that says it failed is an error too; the first answer that shows a dialect sets
the client's. A mixin of `ApiClient`, which holds the caps, the base URL and the dialect.
"""

from __future__ import annotations

import logging

import httpx

from reconciler.api.answers import Answer
from reconciler.api.body import Caps
from reconciler.api.direct import reason_phrase
from reconciler.api.envelope import Dialect, decode
from reconciler.api.jsonbody import TooDeep, loads
from reconciler.api.transport import RawAnswer
from reconciler.api.wiring import URL_HINT, answer_header, parse_retry_after
from reconciler.errors import ApiLimitError, ApiProtocolError, ApiStatusError, server_text

log = logging.getLogger("strec.api")


class AnswerReader:
    """Reads answers for `ApiClient`."""

    base_url: str
    caps: Caps
    dialect: Dialect | None

    def _read(self, method: str, path: str, resp: httpx.Response | RawAnswer,
              raw: bytes | bytearray,
              first: bool) -> Answer:
        status = resp.status if isinstance(resp, RawAnswer) else resp.status_code
        if status < 200:
            raise ApiProtocolError(method, path, f"unexpected HTTP status {status}")
        try:
            body = loads(raw, self.caps.max_depth) if raw else None
        except TooDeep as exc:
            raise ApiLimitError(method, path, f"the answer nests deeper than {exc.cap} "
                                              f"levels; strec reads at most {exc.cap}",
                                "max_depth") from None
        except ValueError:
            if status >= 400:
                kind = answer_header(resp, "content-type")
                kind = server_text("?" if kind is None else kind)
                raise ApiStatusError(status, method, path, f"non-JSON error answer ({kind})",
                                     hint=self._url_hint(status, False, first)) from None
            raise ApiProtocolError(method, path, "the answer is not JSON") from None
        env = decode(body)
        if env.dialect is not None and self.dialect is None:
            self.dialect = env.dialect
            log.debug("API dialect detected: %s", env.dialect)
        if status >= 400:
            reason = reason_phrase(resp) if isinstance(resp, RawAnswer) else resp.reason_phrase
            err = ApiStatusError(status, method, path, env.message or reason,
                                 env.errors,
                                 hint=self._url_hint(status, env.dialect is not None, first))
            err.retry_after = parse_retry_after(answer_header(resp, "retry-after"))
            raise err
        if not env.ok and status not in (202,):
            raise ApiStatusError(status, method, path,
                                 env.message or "the answer reports failure", env.errors)
        return Answer(status, env)

    def _url_hint(self, status: int, enveloped: bool, first: bool) -> str:
        """A 404 that is not the API's own answer (no envelope), or any 404 on the first
        request to a URL not ending in /api/v1, most likely means a wrong base URL."""
        if status != 404:
            return ""
        if not enveloped or (first and not self.base_url.endswith("/api/v1")):
            return URL_HINT
        return ""

