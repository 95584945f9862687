"""Pending login challenges, kept between `strec apply` and `strec login --code`.

A challenge token is valid for 600 s and is useless without the code sent to the
account's owner, but it is still a credential: the file is created private (0600) and
nothing prints its content.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import asdict, dataclass
from pathlib import Path

TTL_SECONDS = 600


@dataclass(frozen=True)
class PendingChallenge:
    """A challenge waiting for a code: its token, its kind (email|sms|unknown), expiry."""

    username: str
    token: str
    kind: str
    expires_at: float

    @property
    def expired(self) -> bool:
        return time.time() >= self.expires_at


class ChallengeStore:
    """A small JSON file of pending challenges, by username."""

    def __init__(self, directory: Path | None = None) -> None:
        base = directory or Path(os.environ.get("STREC_STATE_DIR", ".strec"))
        self.path = base / "challenges.json"

    def _read(self) -> dict[str, dict[str, object]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _write(self, data: dict[str, dict[str, object]]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh)

    def save(self, pending: PendingChallenge) -> None:
        data = self._read()
        data[pending.username] = asdict(pending)
        self._write(data)

    def get(self, username: str) -> PendingChallenge | None:
        entry = self._read().get(username)
        if not entry:
            return None
        try:
            return PendingChallenge(str(entry["username"]), str(entry["token"]),
                                    str(entry["kind"]), float(str(entry["expires_at"])))
        except (KeyError, ValueError):
            return None

    def remove(self, username: str) -> None:
        data = self._read()
        if data.pop(username, None) is not None:
            self._write(data)
