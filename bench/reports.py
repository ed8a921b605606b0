"""Time the XLSX and PDF reports for a 10,000-VM sizing.

    .venv/bin/python bench/reports.py [--vms 10000]

Builds the inventory from the classification benchmark's realistic synthetic VMs, classifies and
sizes it once, then prints the best of three runs of each report and their sizes. Target: both
reports together under 5 s.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.classify import synthetic_vms
from storepredict.pipeline.inventory import Inventory, SourceInfo
from storepredict.pipeline.session import new_session
from storepredict.pipeline.sizing.run import size_session
from storepredict.reports import build_pdf, build_xlsx


def main() -> None:
    """Run the benchmark and print a small table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--vms", type=int, default=10_000)
    count = parser.parse_args().vms
    vms = synthetic_vms(count)
    source = SourceInfo(file_name="bench.xlsx", format="rvtools", vm_count=count)
    inventory = Inventory(format="rvtools", sources=[source], vms=vms)
    state = new_session(inventory, [("bench.xlsx", b"")])
    started = time.perf_counter()
    result = size_session(state)
    sizing_s = time.perf_counter() - started
    timings = {}
    for name, build in (("xlsx", build_xlsx), ("pdf", build_pdf)):
        best, size = float("inf"), 0
        for _ in range(3):
            started = time.perf_counter()
            size = len(build(state, result))
            best = min(best, time.perf_counter() - started)
        timings[name] = (best, size)
    print(f"{count:,} VMs, sizing {sizing_s:.2f} s (not part of the target)")
    print(f"{'report':<8}{'best of 3':>12}{'size':>12}")
    for name, (seconds, size) in timings.items():
        print(f"{name:<8}{seconds:>10.2f} s{size / 1e6:>10.2f} MB")
    total = sum(seconds for seconds, _ in timings.values())
    verdict = "meets" if total < 5 else "MISSES"
    print(f"both    {total:>10.2f} s   ({verdict} the 5 s target)")


if __name__ == "__main__":
    main()
