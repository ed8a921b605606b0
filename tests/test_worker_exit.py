"""A killed server leaves no pool worker computing: each worker watches its parent and ends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")

# A stand-in server: a spawn process pool as NiceGUI's, one worker busy through run_checked's
# worker-side call, the worker's pid printed.
SERVER = """
import multiprocessing, os, sys, time
from concurrent.futures import ProcessPoolExecutor
from storepredict.server.pool import _call_capturing_error

if __name__ == "__main__":
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
    worker = pool.submit(_call_capturing_error, os.getpid(), "en", os.getpid).result()
    pool.submit(_call_capturing_error, os.getpid(), "en", time.sleep, 120)
    print(worker, flush=True)
    time.sleep(120)
"""


def alive(pid: int) -> bool:
    """True while `pid` runs (a zombie waiting for its reaper counts as ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def test_the_workers_of_a_killed_server_end_with_it(tmp_path: Path) -> None:
    script = tmp_path / "server.py"
    script.write_text(SERVER)
    server = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        worker = int(server.stdout.readline())
        assert alive(worker)
        os.kill(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
        deadline = time.monotonic() + 10
        while alive(worker) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not alive(worker)
    finally:
        server.kill()
        server.wait(timeout=10)


def test_a_worker_whose_server_already_died_ends_at_once() -> None:
    # A child of this test asks to end with a parent that is not its own: it ends immediately.
    code = (
        "import os; from storepredict.server.worker_exit import end_with_parent; "
        "end_with_parent(os.getppid() + 1); print('still here')"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == -signal.SIGKILL
    assert done.stdout == ""


def test_a_worker_with_its_server_alive_goes_on() -> None:
    code = (
        "import os; from storepredict.server.worker_exit import end_with_parent; "
        "print(end_with_parent(os.getppid()))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout) == (0, "True\n")


# A pool started from a thread that ends before the pool's work does (PR_SET_PDEATHSIG killed
# such workers: the kernel tied them to the thread, not the process).
THREAD_STARTED = """
import multiprocessing, os, threading, time
from concurrent.futures import ProcessPoolExecutor
from storepredict.server.pool import _call_capturing_error

if __name__ == "__main__":
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"))
    first = {}
    starter = threading.Thread(
        target=lambda: first.update(
            pid=pool.submit(_call_capturing_error, os.getpid(), "en", os.getpid).result()
        )
    )
    starter.start()
    starter.join()
    time.sleep(1.5)  # three watches later
    again = pool.submit(_call_capturing_error, os.getpid(), "en", os.getpid).result()
    print(first["pid"] == again, flush=True)
    pool.shutdown()
"""


def test_a_worker_started_from_a_thread_that_ended_goes_on(tmp_path: Path) -> None:
    script = tmp_path / "thread_started.py"
    script.write_text(THREAD_STARTED)
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout) == (0, "True\n")
