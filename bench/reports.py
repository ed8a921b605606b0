"""Time the three customer documents for a 10,000-VM sizing, against the openpyxl baseline.

    .venv/bin/python bench/reports.py [--vms 10000]

Builds the inventory from the classification benchmark's realistic synthetic VMs, classifies and
sizes it once, then prints the best of three runs of each document and its size, and, in the same
run, the workbook without XlsxWriter's constant-memory mode and the previous writer's approach
(openpyxl write-only) dumping the same VMs sheet. Target:
XLSX + PDF + PPTX together under 4 s at 10,000 VMs.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.classify import synthetic_vms
from bench.openpyxl_baseline import build_vm_sheet_openpyxl
from storepredict.pipeline.inventory import Inventory, SourceInfo
from storepredict.pipeline.session.open import new_session
from storepredict.pipeline.session.state import SessionState
from storepredict.pipeline.sizing.run import SizingResult, size_session
from storepredict.reports import build_pdf, build_pptx, build_xlsx

TARGET_SECONDS = 4.0
Builder = Callable[[SessionState, SizingResult], bytes]


def best_of(
    build: Builder, state: SessionState, result: SizingResult, runs: int = 3
) -> tuple[float, int]:
    """Best wall time in seconds and the output size in bytes."""
    best, size = float("inf"), 0
    for _ in range(runs):
        started = time.perf_counter()
        size = len(build(state, result))
        best = min(best, time.perf_counter() - started)
    return best, size


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
    print(f"{count:,} VMs, sizing {time.perf_counter() - started:.2f} s (not part of the target)")
    documents: dict[str, Builder] = {"xlsx": build_xlsx, "pdf": build_pdf, "pptx": build_pptx}
    timings = {name: best_of(build, state, result) for name, build in documents.items()}
    baseline = best_of(build_vm_sheet_openpyxl, state, result)
    shared = best_of(partial(build_xlsx, constant_memory=False), state, result)
    print(f"{'document':<34}{'best of 3':>12}{'size':>12}")
    for name, (seconds, size) in timings.items():
        print(f"{name:<34}{seconds:>10.2f} s{size / 1e6:>9.2f} MB")
    seconds, size = shared
    print(f"{'xlsx without constant_memory':<34}{seconds:>10.2f} s{size / 1e6:>9.2f} MB")
    seconds, size = baseline
    print(f"{'baseline: openpyxl VMs sheet only':<34}{seconds:>10.2f} s{size / 1e6:>9.2f} MB")
    print(f"XLSX (whole workbook) vs baseline: {timings['xlsx'][0] / seconds:.2f}x the time")
    total = sum(seconds for seconds, _ in timings.values())
    verdict = "meets" if total < TARGET_SECONDS else "MISSES"
    print(f"all three {total:>8.2f} s   ({verdict} the {TARGET_SECONDS:g} s target)")


if __name__ == "__main__":
    main()
