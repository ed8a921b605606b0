"""The layout page's datastore table at scale: all rows built (before) versus the first page (now).

Run: .venv/bin/python bench/layout_page.py [--vms 100000] [--seed 1] [--repeat 3]

The plan is bench/layout.py's generated estate, chosen strategy consolidation under the default
settings. 'all rows' is what the page built before server-side paging (one row per datastore,
each with the text of all its VMs, every row sent to the browser); 'first page' is what the page
builds now (the 15 rows of page 1). Also timed: a sort by fill, and the first filter (its texts
are built once, at the first filter, then reused). Sizes are the JSON of the rows sent.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.layout import make_items
from storepredict.pages.datastore_paging import (
    PageRequest,
    matching,
    ordered,
    page_of,
    search_text,
)
from storepredict.pages.datastore_rows import datastore_row, notes, workloads
from storepredict.pages.fill_chart import band_options
from storepredict.pipeline.layout import Datastore, LayoutItem, plan_layouts
from storepredict.pipeline.settings import SizingSettings
from storepredict.pipeline.sizing import VmSizing


def vm_rows(items: list[LayoutItem]) -> dict[str, VmSizing]:
    """The sizing rows the table reads VM names, classes and capacities from."""
    return {
        item.vm_id: VmSizing.model_validate(
            {
                "vm_id": item.vm_id,
                "name": item.name,
                "class": item.class_id,
                "classes": [item.class_id],
                "category": item.category,
                "reason": "bench",
                "drr": 2.0,
                "basis_mib": item.size_mib,
                "in_scope": True,
                "exclusion_reason": None,
            }
        )
        for item in items
    }


def best_ms(action: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The fastest of `repeat` runs in ms, and the last run's result."""
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append((time.perf_counter() - start) * 1000)
    return min(times), result


def main() -> None:
    """Print one line per measured step."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vms", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    items = make_items(args.vms, args.seed)
    start = time.perf_counter()
    plan = plan_layouts(items, SizingSettings()).strategies["consolidation"]
    planned = time.perf_counter() - start
    print(f"{args.vms:,} VMs: {plan.count:,} datastores (planned in {planned:.1f} s)")
    vms = vm_rows(items)
    stores: list[Datastore] = plan.datastores
    measured = frozenset(item.vm_id for item in items if item.iops is not None)

    def rows(indices: list[int]) -> list[dict[str, Any]]:
        return [datastore_row(stores[i], vms, "TiB", measured) for i in indices]

    def first_page(request: PageRequest, chosen: list[int]) -> list[dict[str, Any]]:
        return rows(
            page_of(ordered(stores, chosen, request.sort_by, request.descending), request).indices
        )

    everyone = list(range(len(stores)))

    def texts() -> list[str]:
        return [
            search_text(
                ds.name,
                workloads(ds),
                ", ".join(notes(ds, measured)),
                (vms[v].name for v in ds.vm_ids),
            )
            for ds in stores
        ]

    steps: list[tuple[str, Callable[[], Any]]] = [
        ("all rows (before)", lambda: rows(everyone)),
        ("first page (now)", lambda: first_page(PageRequest(), list(everyone))),
        (
            "first page sorted by fill",
            lambda: first_page(PageRequest(sort_by="fill", descending=True), list(everyone)),
        ),
        ("filter texts (first filter only)", texts),
    ]
    print(f"{'step':<34} {'best ms':>9} {'rows':>6} {'JSON sent':>12}")
    built_texts: list[str] = []
    for name, action in steps:
        ms, result = best_ms(action, args.repeat)
        if name.startswith("filter"):
            built_texts = result
            print(f"{name:<34} {ms:>9.1f}")
            continue
        size = len(json.dumps(result).encode())
        print(f"{name:<34} {ms:>9.1f} {len(result):>6,} {size / 1024:>9,.0f} KiB")
    needle = items[len(items) // 2].name.lower()
    ms, found = best_ms(lambda: matching(built_texts, needle), args.repeat)
    print(f"{'filter by one VM name':<34} {ms:>9.1f} {len(found):>6,}")
    ms, options = best_ms(lambda: band_options(stores, "TiB"), args.repeat)
    print(f"{'fill chart per band':<34} {ms:>9.1f} {len(options['xAxis']['data']):>6} bands")


if __name__ == "__main__":
    main()
