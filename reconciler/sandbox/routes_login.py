"""POST /accounts/login and POST /accounts/challenge: the live login, with scripted outcomes.

"Instagram" answers as the seed's `logins:` script says (see logins.py). The order of
checks, where the reference is silent, is a PHP controller's: body validation (422),
the np_accounts lookup (409 when the user's account exists with login_required=0; a
re-login when it is 1), the account limit for new rows (403), the immediate IMAP
connection test (422), then the Instagram login: not_found (404) and network_error (503)
come before the password check (401), and checkpoint (403) after it.

Choices where the documents are silent:

- 2FA: with a `twofa_secret` (which must be base-32; the code it yields is not checked)
  the login resolves itself (201/200). Without one the server cannot answer Instagram's
  two-factor step, so it parks the login as an "sms" challenge (Instagram's default
  two-factor channel) to be finished with the scripted `code`.
- A login that opens a challenge replaces the user's pending challenge for the same
  username (the row is updated: new token, challenge_at, expires_at); the old token is
  then unknown (404). The TTL is 600 s from that moment; 202 polls and wrong codes do
  not extend it. An expired token answers 410 for as long as it is remembered.
- Completion: `code` wins when both `code` and `auto_imap` are given; a code must be 6
  digits (else 422), a wrong one is 400 and leaves the challenge open. auto_imap on an
  email challenge answers 202 for the scripted number of polls, then succeeds; on an sms
  challenge the mail never comes, so it answers 202 until the token expires.
- On completion the row is updated (200) if the user now has an account with that
  username, else inserted (201); the account limit is not checked again.
- The needs_challenge answer keeps the envelope's `message` ("Challenge required.");
  the 202 retry body is `{"result":0,"message":…,"retry":true}` (guide: status "error").
"""

from __future__ import annotations

import binascii
import secrets
from base64 import b32decode
from dataclasses import dataclass
from typing import Any

from reconciler.sandbox import render
from reconciler.sandbox.accounts import check_limit, insert_account, relogin, text_field
from reconciler.sandbox.context import ApiError, Ctx, Reply, Route
from reconciler.sandbox.logins import CHALLENGE_TTL, Challenge, ImapCreds, LoginScript
from reconciler.sandbox.state import Account

_IMAP_REQUIRED = ("imap_server", "imap_username", "imap_password")
RETRY_MESSAGE = "Instagram email not yet received. Retry in a few seconds."


@dataclass(frozen=True)
class LoginRequest:
    """A validated /accounts/login body."""

    username: str
    password: str
    proxy: str | None
    twofa_secret: str | None
    imap: ImapCreds | None


def _is_base32(secret: str) -> bool:
    cleaned = secret.replace(" ", "").upper()
    try:
        b32decode(cleaned + "=" * (-len(cleaned) % 8))
    except (binascii.Error, ValueError):
        return False
    return bool(cleaned)


def _imap(body: dict[str, Any], errors: dict[str, str]) -> ImapCreds | None:
    """The IMAP credentials: all of server, username and password, or none of them."""
    given = [n for n in _IMAP_REQUIRED if body.get(n) not in (None, "")]
    if not given:
        return None
    values = {n: text_field(body, n, errors, required=True) for n in _IMAP_REQUIRED}
    for name in _IMAP_REQUIRED:
        if name not in given:
            errors[name] = f"is required with {', '.join(given)} (all or nothing)"
    port = body.get("imap_port", 993)
    if isinstance(port, str) and port.strip().isdigit():
        port = int(port)
    if type(port) is not int or not 1 <= port <= 65535:
        errors["imap_port"] = "must be a port number (1-65535)"
        port = 993
    server, user, password = (values[n] for n in _IMAP_REQUIRED)
    if server is None or user is None or password is None:
        return None
    return ImapCreds(server, port, user, password)


def _parse_login(body: dict[str, Any]) -> LoginRequest:
    errors: dict[str, str] = {}
    username = text_field(body, "username", errors, required=True)
    password = text_field(body, "password", errors, required=True)
    proxy = text_field(body, "proxy", errors, allow_empty=True)
    secret = text_field(body, "twofa_secret", errors)
    if secret is not None and not _is_base32(secret):
        errors["twofa_secret"] = "must be a base-32 TOTP secret"
    imap = _imap(body, errors)
    if errors or username is None or password is None:
        raise ApiError(422, "Validation failed", errors)
    return LoginRequest(username.strip(), password, proxy, secret, imap)


def _instagram(script: LoginScript, req: LoginRequest) -> str | None:
    """Run the scripted Instagram login: raise its error, or the challenge type (or None)."""
    if script.outcome == "not_found":
        raise ApiError(404, "Instagram account not found", {"username": req.username})
    if script.outcome == "network_error":
        raise ApiError(503, "Instagram network error, try again later")
    wrong = script.password is not None and req.password != script.password
    if script.outcome == "wrong_password" or wrong:
        raise ApiError(401, "Wrong Instagram password", {"password": "rejected by Instagram"})
    if script.outcome == "checkpoint":
        raise ApiError(403, "Checkpoint required: confirm the login in the Instagram app")
    if script.outcome == "email_challenge":
        return "email"
    if script.outcome == "sms_challenge" or (script.outcome == "twofa" and not req.twofa_secret):
        return "sms"
    return None


def _finish(
    ctx: Ctx,
    username: str,
    password: str,
    proxy: str | None,
    script: LoginScript,
    imap: ImapCreds | None,
) -> Reply:
    """Write the logged-in account: UPDATE an existing row (200) or INSERT one (201)."""
    row = ctx.store.user_account_named(ctx.user.id, username)
    if row is not None:
        relogin(ctx.store, row, password, proxy, script, imap)
        return Reply(
            render.account(ctx.dialect, row), message="Account re-authenticated successfully."
        )
    row = insert_account(
        ctx.store,
        ctx.user.id,
        username,
        password,
        proxy or "",
        logged_in=True,
        instagram_id=script.instagram_id,
    )
    row.imap = imap
    return Reply(
        render.account(ctx.dialect, row), status=201, message="Account added successfully."
    )


def _open_challenge(
    ctx: Ctx, req: LoginRequest, script: LoginScript, kind: str, existing: Account | None
) -> Reply:
    store = ctx.store
    for token, old in list(store.challenges.items()):
        if old.user_id == ctx.user.id and old.username.lower() == req.username.lower():
            del store.challenges[token]
    now = store.time()
    row = Challenge(
        token=secrets.token_hex(32),
        user_id=ctx.user.id,
        username=req.username,
        password=req.password,
        proxy=req.proxy,
        challenge_type=kind,
        relogin=existing is not None,
        script=script,
        challenge_at=now,
        expires_at=now + CHALLENGE_TTL,
        twofa_secret=req.twofa_secret,
        imap=req.imap,
    )
    store.challenges[row.token] = row
    data = {
        "needs_challenge": True,
        "challenge_token": row.token,
        "challenge_type": kind,
        "expires_in": CHALLENGE_TTL,
        "relogin": row.relogin,
    }
    return Reply(data, message="Challenge required.")


def login(ctx: Ctx) -> Reply:
    req = _parse_login(ctx.body_object())
    existing = ctx.store.user_account_named(ctx.user.id, req.username)
    if existing is not None and not existing.login_required:
        raise ApiError(
            409,
            "Account already exists and does not need a re-login",
            {"username": f"{existing.username} is active (login_required=0)"},
        )
    if existing is None:
        check_limit(ctx.store, ctx.user)
    script = ctx.store.login_script(req.username)
    if req.imap is not None and not script.imap_ok:
        where = f"{req.imap.server}:{req.imap.port}"
        raise ApiError(422, "IMAP connection failed", {"imap_server": f"cannot log in at {where}"})
    kind = _instagram(script, req)
    if kind is not None:
        return _open_challenge(ctx, req, script, kind, existing)
    return _finish(ctx, req.username, req.password, req.proxy, script, req.imap)


def _parse_challenge(body: dict[str, Any]) -> tuple[str, str | None]:
    """The token and the code (None: fetch it by IMAP)."""
    errors: dict[str, str] = {}
    token = text_field(body, "challenge_token", errors, required=True)
    auto = body.get("auto_imap", False)
    if auto not in (True, False, 0, 1):
        errors["auto_imap"] = "must be true or false"
    raw = body.get("code")
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)  # PHP would take 123456 as well as "123456"
    code = raw if isinstance(raw, str) and len(raw) == 6 and raw.isdigit() else None
    if raw is not None and code is None:
        errors["code"] = "must be a 6-digit code"
    elif code is None and auto is not True and auto != 1:
        errors["code"] = "is required unless auto_imap is true"
    if errors or token is None:
        raise ApiError(422, "Validation failed", errors)
    return token, code


def complete_challenge(ctx: Ctx) -> Reply:
    token, code = _parse_challenge(ctx.body_object())
    row = ctx.store.challenges.get(token)
    if row is None or row.user_id != ctx.user.id:
        raise ApiError(404, "Challenge not found", {"challenge_token": "unknown token"})
    if ctx.store.time() >= row.expires_at:
        raise ApiError(410, "Challenge expired, start again with /accounts/login")
    if code is None:
        if row.imap is None:
            raise ApiError(
                422, "No IMAP credentials stored", {"auto_imap": "give imap_* at login first"}
            )
        if row.challenge_type != "email" or row.polls < row.script.imap_polls:
            row.polls += 1
            return Reply(status=202, raw=ctx.dialect.retry(RETRY_MESSAGE))
    elif code != row.script.code:
        raise ApiError(400, "Wrong verification code", {"code": "rejected by Instagram"})
    del ctx.store.challenges[token]
    return _finish(ctx, row.username, row.password, row.proxy, row.script, row.imap)


ROUTES: list[Route] = [
    Route("/accounts/login", ("POST",), login),
    Route("/accounts/challenge", ("POST",), complete_challenge),
]
