"""Keep Python's cyclic garbage collector from stalling every tab while sessions are large.

A full (generation 2) collection walks every tracked object. With a few 10,000-VM sessions in
memory that took 50-300 ms on the 2-core machine, on the event loop, several times per upload or
grid opening: every other tab waited (bench/responsiveness.py). Sessions, sizings and grid tables
live long and hold no reference cycles (tests/test_heap.py), so once they have landed they are
frozen (`gc.freeze`): later collections skip them, while reference counting still frees them
when a tab drops them. Page elements do hold cycles; those frozen with them are reclaimed by a
full collection every `FULL_COLLECTION_EVERY_S`, one bounded pause instead of many (ADR-079).
Objects unpickled from the process pool are not frozen yet while they arrive, so automatic full
collections are also made rarer (`FULL_COLLECTION_THRESHOLD`); the periodic one covers them.

Pool workers hold one task's data at a time, but it is just as large: at 100,000 VMs the
collector made a sizing take 6.8 s instead of 4.1 s by walking the session again and again. A
task therefore computes with the collector paused (`task_policy`), as the one-shot CLI does, and
the arguments of the next one arrive under the same rare full collections as the server's.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator
from contextlib import contextmanager

from ..pipeline import collector_paused

FULL_COLLECTION_EVERY_S = 600.0
FULL_COLLECTION_THRESHOLD = 1000
"""Generation-1 collections before a full one may run (Python's default: 10)."""


def install() -> None:
    """The server's policy at startup: rare automatic full collections, the startup heap frozen."""
    rare_full_collections()
    settle()  # modules, classes and schemas: never garbage


def rare_full_collections() -> None:
    """Let FULL_COLLECTION_THRESHOLD generation-1 collections pass before a full one."""
    young, middle, _full = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_THRESHOLD)


@contextmanager
def task_policy() -> Iterator[None]:
    """In a pool worker, around one task: no automatic collection while it computes (its data hold
    no reference cycles; what it leaves is collected once it is done), rare full ones after."""
    rare_full_collections()
    with collector_paused():
        yield


def settle() -> None:
    """Move every object alive now out of the collector's generations (after big data lands)."""
    gc.freeze()


def collect_frozen() -> int:
    """Collect everything once, frozen objects included, then freeze the survivors again."""
    gc.unfreeze()
    found = gc.collect()
    gc.freeze()
    return found


async def collect_frozen_periodically(every_s: float = FULL_COLLECTION_EVERY_S) -> None:
    """Run `collect_frozen` every `every_s` seconds until cancelled (a server background task)."""
    while True:
        await asyncio.sleep(every_s)
        collect_frozen()
