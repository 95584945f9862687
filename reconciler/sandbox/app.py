"""The WSGI application: route, authenticate, gate, run the handler, wrap in the envelope.

Order of checks (documents are silent on it): the route is matched first (unknown path
404, known path with another method 405), then the key (401), then the module gates
(503 plugin not installed before 403 module not in the user's package), then the
handler under the store lock. Any error answer uses the dialect's error envelope.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from reconciler.sandbox import (
    routes_accounts,
    routes_core,
    routes_first_comment,
    routes_login,
    routes_logs,
    routes_media,
    routes_modules,
    routes_posts,
    routes_schedules,
    routes_settings,
    routes_targets,
    routes_user,
)
from reconciler.sandbox.context import ApiError, Ctx, Reply, Route
from reconciler.sandbox.dialect import Dialect
from reconciler.sandbox.modules import ACCOUNT_SCHEDULE_MODULES, MODULES
from reconciler.sandbox.state import Store, User

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIEnvironment

API_PREFIX = "/api/v1"


def all_routes(dialect: Dialect) -> list[Route]:
    """Every route this dialect serves."""
    routes = [*routes_core.ROUTES, *routes_accounts.ROUTES, *routes_login.ROUTES]
    routes += [*routes_user.ROUTES, *routes_posts.ROUTES, *routes_media.ROUTES]
    for module in ACCOUNT_SCHEDULE_MODULES:
        routes += routes_schedules.routes(module)
        routes += routes_targets.routes(module)
        routes += routes_settings.routes(module)
    routes += [*routes_logs.ROUTES, *routes_modules.ROUTES, *routes_first_comment.ROUTES]
    served = [r for r in routes if r.module is None or MODULES[r.module].served_in(dialect.name)]
    return [r for r in served if r.dialect in (None, dialect.name)]


@cache
def url_map(dialect: Dialect) -> tuple[list[Route], Map]:
    """The dialect's routes and their werkzeug Map (compiled once: it is slow to build)."""
    routes = all_routes(dialect)
    rules = [
        Rule(API_PREFIX + r.rule, methods=list(r.methods), endpoint=i) for i, r in enumerate(routes)
    ]
    return routes, Map(rules, strict_slashes=False)


def api_key_of(request: Request) -> str | None:
    """The key from `Authorization: Bearer …` or `X-API-Key`, if any."""
    auth = request.headers.get("Authorization", "")
    scheme, _, token = auth.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return request.headers.get("X-API-Key", "").strip() or None


def json_response(status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(body), status=status, headers=headers, mimetype="application/json")


class SandboxApp:
    """The API itself, without latency or faults (see faults.py for those)."""

    def __init__(self, store: Store, dialect: Dialect) -> None:
        self.store = store
        self.dialect = dialect
        self.routes, self.url_map = url_map(dialect)

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        request = Request(environ)
        try:
            reply = self.dispatch(request)
        except ApiError as exc:
            body = self.dialect.error(exc.message, exc.errors)
            response = json_response(exc.status, body, exc.headers)
        else:
            response = json_response(reply.status, self.envelope(reply))
        return response(environ, start_response)

    def envelope(self, reply: Reply) -> dict[str, Any]:
        if reply.raw is not None:
            return reply.raw
        listing = reply.listing
        if listing is None:
            return self.dialect.success(reply.data, reply.message)
        return self.dialect.listing(
            listing.items,
            listing.total,
            listing.page,
            listing.per_page,
            paged=listing.paged,
            message=reply.message,
        )

    def dispatch(self, request: Request) -> Reply:
        adapter = self.url_map.bind_to_environ(request.environ)
        try:
            endpoint, args = adapter.match()
        except NotFound:
            raise ApiError(404, "Endpoint not found") from None
        except MethodNotAllowed as exc:
            allow = ", ".join(sorted(exc.valid_methods or []))
            raise ApiError(405, "Method not allowed", headers={"Allow": allow}) from None
        route = self.routes[int(endpoint)]
        user = self.authenticate(request)
        if route.module is not None:
            self.check_gates(user, route.module)
        ctx = Ctx(self.store, self.dialect, user, request, module=route.module or "")
        with self.store.lock:
            return route.handler(ctx, **args)

    def authenticate(self, request: Request) -> User:
        key = api_key_of(request)
        if key is None:
            raise ApiError(401, "Unauthorized")
        user = self.store.user_for_key(key)
        if user is None:
            raise ApiError(401, "Invalid API key")
        return user

    def check_gates(self, user: User, module: str) -> None:
        package = MODULES[module].package
        if package not in self.store.plugins:
            raise ApiError(503, f"The {package} plugin is not installed")
        if package not in user.modules:
            raise ApiError(403, "Module not enabled", {"module": package})
