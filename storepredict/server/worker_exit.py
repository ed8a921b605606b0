"""Pool workers end with the server that started them, even when it was killed.

A server stopped cleanly shuts its process pool down. A server killed (`kill -9`, the OOM killer,
a crashed container's init) cannot, and its workers would go on computing a 100,000-VM sizing
(up to 1 GB each) for nobody. So each worker watches its parent: a daemon thread looks every
`WATCH_EVERY_S` whether the worker was handed to another parent (the server died) and ends it.

Linux's `PR_SET_PDEATHSIG` was tried first and is not used: the kernel sends that signal when the
*thread* that started the worker ends, not the process, so a pool started from a short-lived
thread lost its workers mid-task (one died between two writes of its result and hung the pool).
"""

from __future__ import annotations

import os
import signal
import threading
import time

WATCH_EVERY_S = 0.5
WATCH_THREAD = "storepredict-parent-watch"


def end_with_parent(expected_parent: int) -> bool:
    """In a worker: end when the server process dies; True when the watch runs (or now started).

    `expected_parent` is the server's pid: if it died already, the worker was handed to another
    parent and ends now. One watching thread per worker, however many tasks it runs.
    """
    if not hasattr(os, "getppid"):
        return False
    if os.getppid() != expected_parent:
        _end_now()
    if not any(thread.name == WATCH_THREAD for thread in threading.enumerate()):
        watch = threading.Thread(
            target=_watch, args=(expected_parent,), name=WATCH_THREAD, daemon=True
        )
        watch.start()
    return True


def _watch(expected_parent: int) -> None:
    while os.getppid() == expected_parent:
        time.sleep(WATCH_EVERY_S)
    _end_now()


def _end_now() -> None:
    os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))
