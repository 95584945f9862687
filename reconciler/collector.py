"""Pausing Python's cyclic garbage collector around allocation-heavy phases.

Loading a config and reading the live state build many small containers and no
reference cycles: reference counting frees their garbage, and the cyclic collector's
passes over a growing heap would only cost time.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector off for the block, back to how it was after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
