"""Live logins: create or re-login an account, and see its challenge through.

POST /accounts/login answers 201 (created), 200 (re-authenticated) or 200 with
`needs_challenge`. A challenge is finished with the account's IMAP credentials
(`auto_imap: true`, polling the `202 retry` answer with bounded backoff, one fresh login
after `410`), with a TOTP code when strec holds the account's TOTP secret, or else left
pending for `strec login USERNAME --code …`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pyotp

from reconciler.api.client import Answer, ApiClient
from reconciler.challenges import TTL_SECONDS, ChallengeStore, PendingChallenge
from reconciler.config.refs import resolve_refs
from reconciler.errors import ApiError, ApiStatusError
from reconciler.state import Login

LOGIN_ERRORS = {
    400: "wrong verification code (400)",
    401: "wrong password (401)",
    403: "Instagram asks for a checkpoint, or the account limit is reached (403): "
         "log the account in once through the web panel",
    404: "Instagram account not found (404)",
    409: "the account already exists and is active (409): no login needed",
    410: "the challenge expired (410)",
    422: "rejected (422): validation error or IMAP connection failed",
    503: "Instagram network error (503): try again later",
}


@dataclass(frozen=True)
class LoginOptions:
    """How long to wait for an e-mailed code: polls, first pause, pause cap."""

    max_polls: int = 12
    first_pause: float = 2.0
    max_pause: float = 20.0
    sleep: Callable[[float], None] = time.sleep  # injectable, so tests need not wait


@dataclass(frozen=True)
class LoginResult:
    """How a login ended: `ok`, a one-line summary, and the account object if any."""

    ok: bool
    detail: str
    account: dict[str, Any] | None = None
    pending: bool = False


def secret(login: Login, text: str, env: Mapping[str, str] | None, name: str) -> str:
    """One of the login's secrets, resolved only now, by the rules of its config file."""
    refs = login.refs
    return resolve_refs(text, env=env, base_dir=refs.base_dir, root=refs.root,
                        allow_outside=refs.allow_outside, path=name)


def login_body(username: str, login: Login, proxy: str | None,
               env: Mapping[str, str] | None) -> dict[str, Any]:
    """The request body, secrets resolved from the environment only now."""
    body: dict[str, Any] = {"username": username,
                            "password": secret(login, login.password, env, "password")}
    if proxy:
        body["proxy"] = proxy
    if login.twofa_secret:
        body["twofa_secret"] = secret(login, login.twofa_secret, env, "twofa_secret")
    if login.has_imap:
        assert login.imap_password is not None
        body.update(imap_server=login.imap_server, imap_port=login.imap_port or 993,
                    imap_username=login.imap_username,
                    imap_password=secret(login, login.imap_password, env, "imap_password"))
    return body


def explain(exc: ApiStatusError) -> str:
    """A per-account message for a login error; the server's words only for 422."""
    base = LOGIN_ERRORS.get(exc.status, f"failed ({exc.status})")
    return f"{base}: {exc.message}" if exc.status == 422 and exc.message else base


class LoginFlow:
    """Runs one account's login to its end, or to a pending challenge."""

    def __init__(self, client: ApiClient, store: ChallengeStore,
                 options: LoginOptions | None = None) -> None:
        self.client = client
        self.store = store
        self.options = options or LoginOptions()

    def run(self, body: dict[str, Any], login: Login, *, create: bool) -> LoginResult:
        try:
            answer = self._login(body, create=create)
            if answer is None:
                return LoginResult(True, "logged in (found after a lost answer)")
            data = answer.data if isinstance(answer.data, dict) else {}
            if data.get("needs_challenge"):
                return self._challenge(body, login, data)
            return LoginResult(True, "logged in" if answer.status == 201 else "re-logged in",
                               data)
        except ApiStatusError as exc:
            return LoginResult(False, explain(exc))
        except ApiError as exc:
            return LoginResult(False, str(exc))

    def _login(self, body: dict[str, Any], *, create: bool) -> Answer | None:
        if not create:
            return self.client.request("POST", "/accounts/login", body=body, retry=False)
        username = body["username"]
        return self.client.create("POST", "/accounts/login", body,
                                  exists=lambda: self._exists(username))

    def _exists(self, username: str) -> bool:
        found = self.client.list_all("/accounts", {"search": username})
        return any(item.get("username") == username for item in found)

    def _challenge(self, body: dict[str, Any], login: Login,
                   data: dict[str, Any]) -> LoginResult:
        username, kind = str(body["username"]), str(data.get("challenge_type") or "unknown")
        token = str(data.get("challenge_token") or "")
        if login.has_imap:
            return self._auto_imap(body, login, token)
        if login.twofa_secret and kind != "email":
            secret = str(body["twofa_secret"])
            return self.finish(username, token, pyotp.TOTP(secret).now())
        expires = float(data.get("expires_in") or TTL_SECONDS)
        self.store.save(PendingChallenge(username, token, kind, time.time() + expires))
        return LoginResult(False, f"challenge pending ({kind}): finish with "
                                  f"`strec login {username} --code CODE` within "
                                  f"{int(expires // 60)} minutes", pending=True)

    def _auto_imap(self, body: dict[str, Any], login: Login, token: str) -> LoginResult:
        pause, relogged = self.options.first_pause, False
        for _ in range(self.options.max_polls):
            try:
                answer = self.client.request("POST", "/accounts/challenge", retry=False,
                                             body={"challenge_token": token, "auto_imap": True})
            except ApiStatusError as exc:
                if exc.status != 410 or relogged:
                    return LoginResult(False, explain(exc))
                relogged = True  # the token expired: one fresh login, then go on
                fresh = self._login(body, create=False)
                data = fresh.data if fresh is not None and isinstance(fresh.data, dict) else {}
                if not data.get("needs_challenge"):
                    return LoginResult(True, "logged in", data)
                token = str(data.get("challenge_token") or "")
                continue
            if answer.status == 202:
                self.options.sleep(pause)
                pause = min(pause * 2, self.options.max_pause)
                continue
            data = answer.data if isinstance(answer.data, dict) else {}
            return LoginResult(True, "logged in (code read by IMAP)", data)
        return LoginResult(False, f"the e-mailed code did not arrive after "
                                  f"{self.options.max_polls} IMAP polls")

    def finish(self, username: str, token: str, code: str) -> LoginResult:
        """Complete a challenge with a code (from TOTP or from `strec login --code`)."""
        try:
            answer = self.client.request("POST", "/accounts/challenge", retry=False,
                                         body={"challenge_token": token, "code": code})
        except ApiStatusError as exc:
            return LoginResult(False, explain(exc))
        except ApiError as exc:
            return LoginResult(False, str(exc))
        self.store.remove(username)
        data = answer.data if isinstance(answer.data, dict) else {}
        return LoginResult(True, "logged in (challenge completed)", data)
