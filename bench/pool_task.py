"""A sizing through the process pool, as the app runs one after each settings edit, with the pool
workers' collector policy (server/heap.py `task_policy`) against a worker without it.

    .venv/bin/python bench/pool_task.py [--sizes 10000 100000] [--repeat 3]

The estates are bench/scale.py's (5 exports). Each variant gets its own spawn pool of one worker,
as NiceGUI's pool is; every round trip ships the whole session and brings the whole sizing back.
Reported per size: the best round trip and the sizing's own time inside the worker.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.scale import estate
from storepredict.pipeline.limits import Limits
from storepredict.pipeline.session import SessionState, open_files
from storepredict.pipeline.sizing import SizingResult, size_session
from storepredict.server.pool import _call_capturing_error


def timed_sizing(state: SessionState) -> tuple[float, SizingResult]:
    """The sizing and the seconds it took inside the worker."""
    start = time.perf_counter()
    result = size_session(state)
    return time.perf_counter() - start, result


def with_policy(state: SessionState) -> tuple[float, SizingResult]:
    """The app's way: `run_checked`'s worker-side call, the collector policy included."""
    outcome = _call_capturing_error(os.getppid(), "en", timed_sizing, state)
    assert not isinstance(outcome, Exception)
    return outcome


def _warm() -> None:
    """Start the worker and import the pipeline there, outside the timings."""
    import storepredict.pipeline.sizing  # noqa: F401


def round_trips(task, state: SessionState, repeat: int) -> tuple[float, float]:
    """Best round trip and best in-worker sizing of `repeat` calls on a fresh one-worker pool."""
    context = multiprocessing.get_context("spawn")
    trips, inside = [], []
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        pool.submit(_warm).result()
        for _ in range(repeat):
            start = time.perf_counter()
            seconds, _result = pool.submit(task, state).result()
            trips.append(time.perf_counter() - start)
            inside.append(seconds)
    return min(trips), min(inside)


def main() -> None:
    """Print both variants side by side for each size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    for vms in args.sizes:
        parts, _whole = estate(vms)
        files = [(path.name, path.read_bytes()) for path in parts]
        state, _originals, _restored = open_files(files, Limits(max_upload_bytes=2**40))
        ours = round_trips(with_policy, state, args.repeat)
        base = round_trips(timed_sizing, state, args.repeat)
        print(
            f"{vms:,} VMs: round trip {ours[0]:.2f} s (sizing {ours[1]:.2f} s) with the policy; "
            f"{base[0]:.2f} s (sizing {base[1]:.2f} s) without; {base[0] / ours[0]:.2f}x"
        )


if __name__ == "__main__":
    main()
