"""`storepredict serve` with an event-loop lag recorder, for bench/responsiveness.py.

    LAG_FILE=lags.txt python -m bench.lag_server serve --port 8080

Every 10 ms a task on the server's event loop asks to wake up 10 ms later and writes how late
it woke ("<unix time> <lag ms>" per line): the time the loop was held by other work. The browser
round trips of the bench add what the machine's own browsers cost; this is the server's share.
"""

from __future__ import annotations

import asyncio
import os
import runpy
import sys
import time

TICK_S = 0.010


async def record_lag(path: str) -> None:
    """Append the loop's lateness for each 10 ms tick to `path` until cancelled."""
    with open(path, "a", buffering=1, encoding="utf-8") as out:
        while True:
            asked = time.perf_counter()
            await asyncio.sleep(TICK_S)
            late_ms = (time.perf_counter() - asked - TICK_S) * 1000
            out.write(f"{time.time():.3f} {late_ms:.1f}\n")


def main() -> None:
    """Register the recorder, then run the storepredict command line as `python -m` would."""
    from nicegui import app, background_tasks

    path = os.environ["LAG_FILE"]
    app.on_startup(lambda: background_tasks.create(record_lag(path), name="lag recorder"))
    sys.argv = ["storepredict", *sys.argv[1:]]
    runpy.run_module("storepredict", run_name="__main__")


if __name__ == "__main__":  # spawned pool workers import this module as __mp_main__: no server
    main()
