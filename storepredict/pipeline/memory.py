"""Keep the peak memory of one sizing low: one allocator for all, freed pages given back.

pyarrow allocates through its own pool (mimalloc by default), whose freed pages Python and the
Rust workbook parser cannot reuse: the peaks of the allocators then add up. The entry point of a
one-shot command routes pyarrow to the system allocator instead, and the readers hand freed heap
pages back to the system after each export (glibc's `malloc_trim`), so reading five exports peaks
little higher than reading one.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any


def use_system_allocator() -> None:
    """Route pyarrow's allocations to the system allocator (call once, at the entry point)."""
    import pyarrow

    pyarrow.set_memory_pool(pyarrow.system_memory_pool())


@cache
def _libc() -> Any:
    name = ctypes.util.find_library("c") if sys.platform.startswith("linux") else None
    library = ctypes.CDLL(name) if name else None
    return library if library is not None and hasattr(library, "malloc_trim") else None


def release_free_memory() -> None:
    """Give freed heap pages back to the system (glibc); a no-op elsewhere."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


@contextmanager
def collector_paused() -> Iterator[None]:
    """No automatic cyclic garbage collection inside the block (enabled again after it, if it was):
    building many models that hold no reference cycles, the collector would rescan them again and
    again (a third of building 50,000 VMs, two fifths of sizing 100,000 in a pool worker)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
