"""Scripted Instagram logins: what "Instagram" answers for a username, and pending challenges.

The sandbox never talks to Instagram, so a seed scripts the outcome per username under a
top-level `logins:` mapping (an unscripted username logs in successfully):

    logins:
      new_brand:   {outcome: success, password: "right-pass"}  # other password → 401
      twofa_brand: {outcome: twofa}            # 201 with twofa_secret, else an sms challenge
      mail_brand:  {outcome: email_challenge, imap_polls: 2, code: "123456"}
      sms_brand:   {outcome: sms_challenge, code: "654321"}
      bad_brand:   {outcome: wrong_password}   # 401
      cp_brand:    {outcome: checkpoint}       # 403
      ghost_brand: {outcome: not_found}        # 404
      flaky_brand: {outcome: network_error}    # 503

Other keys: `imap_ok: false` makes the immediate IMAP connection test fail (422);
`instagram_id` fixes the id a login reports (default 5000000000 + the account id).
`password`, when scripted, is checked for every outcome that reaches the password check
(all but not_found and network_error); `code` defaults to "123456"; `imap_polls` is the
number of `auto_imap` polls answered 202 before the e-mail "arrives" (default 0).
Usernames match case-insensitively, like MySQL's *_ci collations.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

OUTCOMES = frozenset({
    "success", "twofa", "email_challenge", "sms_challenge", "wrong_password", "checkpoint",
    "not_found", "network_error",
})  # fmt: skip
CHALLENGE_TTL = 600  # seconds, from the challenge row's creation or last update
DEFAULT_CODE = "123456"
_SCRIPT_KEYS = {"outcome", "password", "code", "imap_polls", "imap_ok", "instagram_id"}


@dataclass(frozen=True)
class LoginScript:
    """What the simulated Instagram does when this username logs in."""

    outcome: str = "success"
    password: str | None = None  # None: any password is right
    code: str = DEFAULT_CODE
    imap_polls: int = 0
    imap_ok: bool = True
    instagram_id: str | None = None


DEFAULT_SCRIPT = LoginScript()


@dataclass(frozen=True)
class ImapCreds:
    """IMAP credentials given at login (stored encrypted by the platform, never returned)."""

    server: str
    port: int
    username: str
    password: str


@dataclass
class Challenge:
    """An np_api_login_challenges row: everything needed to finish the login later."""

    token: str
    user_id: int
    username: str
    password: str
    proxy: str | None
    challenge_type: str  # "email" | "sms"
    relogin: bool
    script: LoginScript
    challenge_at: float  # unix time; the TTL counts from here
    expires_at: float
    twofa_secret: str | None = None
    imap: ImapCreds | None = None
    polls: int = 0  # auto_imap polls answered so far


def _int(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"{where}: must be an integer")
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"{where}: must be an integer") from None
    if number < 0:
        raise ValueError(f"{where}: must not be negative")
    return number


def _bool(value: Any, where: str) -> bool:
    if value in (True, False, 0, 1, "true", "false", "0", "1"):
        return value in (True, 1, "true", "1")
    raise ValueError(f"{where}: must be true or false")


def parse_script(username: str, raw: Any) -> LoginScript:
    """One entry of the seed's `logins:`; ValueError names the offending key."""
    where = f"logins[{username}]"
    if not isinstance(raw, Mapping):
        raise ValueError(f"{where}: must be a mapping")
    unknown = sorted(set(raw) - _SCRIPT_KEYS)
    if unknown:
        raise ValueError(f"{where}: unknown key(s) {', '.join(unknown)}")
    outcome = str(raw.get("outcome", "success"))
    if outcome not in OUTCOMES:
        raise ValueError(
            f"{where}.outcome: {outcome!r} is not one of {', '.join(sorted(OUTCOMES))}"
        )
    code = str(raw.get("code", DEFAULT_CODE))
    if not (len(code) == 6 and code.isdigit()):
        raise ValueError(f"{where}.code: must be 6 digits")
    password = raw.get("password")
    instagram_id = raw.get("instagram_id")
    return LoginScript(
        outcome=outcome,
        password=None if password is None else str(password),
        code=code,
        imap_polls=_int(raw.get("imap_polls", 0), f"{where}.imap_polls"),
        imap_ok=_bool(raw.get("imap_ok", True), f"{where}.imap_ok"),
        instagram_id=None if instagram_id is None else str(instagram_id),
    )


def parse_logins(raw: Any) -> dict[str, LoginScript]:
    """The seed's `logins:` mapping, keyed by lower-cased username."""
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise ValueError("logins: must be a mapping of username to script")
    return {str(name).lower(): parse_script(str(name), value) for name, value in raw.items()}
