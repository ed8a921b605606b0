"""Pool workers end with the server that started them, even when it was killed.

A server stopped cleanly shuts its process pool down. A server killed (`kill -9`, the OOM killer,
a crashed container's init) cannot, and its workers would go on computing a 100,000-VM sizing
(up to 1 GB each) for nobody. On Linux a worker asks the kernel to send it SIGKILL when its
parent dies (`PR_SET_PDEATHSIG`); elsewhere nothing changes.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def end_with_parent(expected_parent: int) -> bool:
    """In a worker: be killed when the server process dies; True when that is now arranged.

    `expected_parent` is the server's pid: if it died before the request took effect, the worker
    was already handed to another parent, so it ends now instead.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            return False
    except (OSError, AttributeError):
        return False
    if os.getppid() != expected_parent:
        os.kill(os.getpid(), signal.SIGKILL)
    return True
