"""Where the API is and which key to use: from the environment only, never the command line."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from reconciler.errors import StrecError


@dataclass(frozen=True)
class Connection:
    """The API's base URL and key. `repr` hides the key so it cannot reach a log."""

    base_url: str
    api_key: str

    def __repr__(self) -> str:
        return f"Connection(base_url={self.base_url!r}, api_key=(sensitive))"


def connection_from_env(env: Mapping[str, str] | None = None) -> Connection:
    """STREC_API_URL, and STREC_API_KEY or the file named by STREC_API_KEY_FILE."""
    env = os.environ if env is None else env
    url = env.get("STREC_API_URL", "").strip()
    if not url:
        raise StrecError("STREC_API_URL is not set (the API base URL, ending in /api/v1)")
    key = env.get("STREC_API_KEY", "").strip()
    key_file = env.get("STREC_API_KEY_FILE", "").strip()
    if not key and key_file:
        try:
            key = Path(key_file).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise StrecError(f"cannot read STREC_API_KEY_FILE {key_file}: {exc.strerror}") from None
    if not key:
        raise StrecError("STREC_API_KEY is not set (or STREC_API_KEY_FILE naming a file with it)")
    return Connection(url.rstrip("/"), key)
