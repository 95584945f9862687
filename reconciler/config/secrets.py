"""Which config fields are secrets, and how their values must be written.

A secret is never written literally in the config: it is a `${env:NAME}` or
`${file:PATH}` reference, resolved only when the value is used. Renderers mask the
fields named in SECRET_FIELDS, and the password part of a proxy URL (`mask_url_password`).
"""

from __future__ import annotations

from reconciler.config.refs import split_refs

#: Account fields that hold secrets: shown as "(sensitive)", never echoed.
SECRET_FIELDS: frozenset[str] = frozenset({"password", "twofa_secret", "imap_password"})

#: What renderers show instead of a secret.
MASK = "(sensitive)"

LITERAL_SECRET_MESSAGE = "secrets must come from ${env:...} or ${file:...}"


def is_reference_only(text: str) -> bool:
    """Whether `text` is made only of well-formed references (no literal characters)."""
    if "${" not in text:
        return False
    return all(p.scheme and not p.problem for p in split_refs(text))


def mask_url_password(url: str) -> str:
    """`socks5://user:pw@host:1080` -> `socks5://user:(sensitive)@host:1080`.

    A password written as a reference (`${env:NAME}`) is not a secret and stays.
    """
    scheme, sep, rest = url.partition("://")
    userinfo, at, host = rest.rpartition("@")
    user, colon, password = userinfo.partition(":")
    if not (sep and at and colon) or is_reference_only(password):
        return url
    return f"{scheme}://{user}:{MASK}@{host}"
