"""The cyclic garbage collector, paused while strec builds large acyclic structures.

Loading a config and reading the live state build hundreds of thousands of small dicts,
lists and dataclasses and no reference cycles: refcounting frees their garbage, and the
collector's passes over a growing heap would only cost time. After such a block the
collector runs again, and its first passes would walk everything the block built (at
5,000 accounts: 0.2 s of a plan, one full pass 0.11 s alone). So a block that built many
objects freezes them (`gc.freeze`): they stay alive as long as they are referenced, and
the collector skips them from then on. A small block (most tests, small configs) is not
frozen: freezing keeps any garbage cycle of the process alive for good, which a
long-lived process (a test run) should not pay for a small gain.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: Objects a block must have built to be frozen (a config of 1,000 accounts: ~37,000).
FREEZE_AFTER = 20_000


@contextmanager
def collector_paused() -> Iterator[None]:
    """No collection inside the block; a large block's objects frozen after it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            # With the collector off, generation 0's count is every object allocated
            # since its last pass (less those freed): about what the block built.
            if gc.get_count()[0] >= FREEZE_AFTER:
                gc.freeze()
            gc.enable()
