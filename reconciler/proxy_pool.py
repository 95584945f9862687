"""Choosing pool proxies for `proxy: {country: US}`, deterministically.

Lowest `use_count` first, then lowest id, never past `max_accounts_per_proxy`;
choices made earlier in the same plan count as uses. An account whose current proxy is
already a pool proxy of the requested country is left alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from reconciler.state import PoolRequest


@dataclass(frozen=True)
class PoolProxy:
    """A row of the shared proxy pool."""

    id: int
    proxy: str
    country: str
    use_count: int


class PoolAllocator:
    """Hands out pool proxies for one plan, counting its own choices."""

    def __init__(self, pool: list[PoolProxy], max_per_proxy: int | None) -> None:
        self._pool = sorted(pool, key=lambda p: p.id)
        self._uses = {p.id: p.use_count for p in pool}
        self.max_per_proxy = max_per_proxy

    def satisfies(self, current: str | None, request: PoolRequest) -> bool:
        """Whether `current` is already a proxy of the pool in the requested country."""
        return any(p.proxy == current and p.country == request.country for p in self._pool)

    def choose(self, request: PoolRequest) -> PoolProxy | None:
        """The proxy to use, recorded as one more use; None when none is left."""
        limit = self.max_per_proxy
        candidates = [
            p for p in self._pool
            if p.country == request.country and (limit is None or self._uses[p.id] < limit)
        ]
        if not candidates:
            return None
        best = min(candidates, key=lambda p: (self._uses[p.id], p.id))
        self._uses[best.id] += 1
        return best

    def release(self, current: str | None) -> None:
        """An account leaves `current`: one use fewer, if it is a pool proxy."""
        for p in self._pool:
            if p.proxy == current:
                self._uses[p.id] = max(0, self._uses[p.id] - 1)
