"""How secrets look in anything strec prints or writes: `(sensitive)`.

Passwords, TOTP secrets and IMAP passwords never leave the process except in the login
request itself; proxy URLs keep their scheme, host and port but lose their credentials.
"""

from __future__ import annotations

import re
from typing import Any

from reconciler.sourced import Sourced

SENSITIVE = "(sensitive)"

#: Field names whose values are secrets wherever they appear (bodies, plans, logs).
SECRET_KEYS = frozenset({
    "password", "twofa_secret", "imap_password", "api_key", "code", "challenge_token",
    "authorization", "x-api-key",
})
#: Fields holding URLs that may carry credentials.
URL_KEYS = frozenset({"proxy", "mobile_proxy"})

_USERINFO = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<userinfo>[^@/]*)@")
_KEY = re.compile(r"sht_[0-9a-fA-F]{8,}")


def mask_url(url: str) -> str:
    """`socks5://user:pass@host:1080` -> `socks5://(sensitive)@host:1080`."""
    return _USERINFO.sub(lambda m: f"{m.group('scheme')}{SENSITIVE}@", url)


def mask_value(key: str, value: Any) -> Any:
    """The printable form of one field's value (an environment-sourced one shows its
    origin, never its value)."""
    if isinstance(value, Sourced):
        value = value.shown
    lowered = key.lower()
    if lowered in SECRET_KEYS and value not in (None, ""):
        return SENSITIVE
    if lowered in URL_KEYS and isinstance(value, str):
        return mask_url(value)
    return value


def redact(data: Any) -> Any:
    """A deep copy of JSON-like data with every secret masked."""
    if isinstance(data, Sourced):
        return redact_text(data.shown)
    if isinstance(data, dict):
        return {k: redact(mask_value(str(k), v)) if not isinstance(v, dict | list)
                else redact(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [redact(v) for v in data]
    if isinstance(data, str):
        return redact_text(data)
    return data


def redact_text(text: str) -> str:
    """Mask API keys and URL credentials inside free text (messages, exceptions)."""
    text = _KEY.sub("sht_" + SENSITIVE, text)
    return re.sub(r"([A-Za-z][A-Za-z0-9+.-]*://)[^@/\s]*@", rf"\1{SENSITIVE}@", text)
