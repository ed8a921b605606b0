"""The classify grid at scale: server-side table build and queries, and time to the first rows.

    .venv/bin/python -m bench.grid [VM count] [--browser]

The estate is bench/scale.py's (5 generated RVTools exports, cached in bench/out/scale/). In
process: build the grid table of the sizing, then time a first block (no sort), sorts, a column
filter and the quick filter, and the next block of the same view. With --browser: a real server
and headless Chromium upload the estate, open the classify page three times (the first one sizes)
and time the DRR table, the first grid row and the quick filter down to one VM (300 ms debounce
included), polling on animation frames.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.scale import estate  # noqa: E402

BY_NAME = {"colId": "name", "sort": "asc"}
BY_CLUSTER_THEN_NAME = [{"colId": "cluster", "sort": "asc"}, {"colId": "name", "sort": "desc"}]
SQL_CLASS = {"class": {"filterType": "text", "type": "contains", "filter": "sql"}}
QUERIES = [
    ("no sort", [], {}, ""),
    ("sort by name", [BY_NAME], {}, ""),
    ("sort by cluster, name", BY_CLUSTER_THEN_NAME, {}, ""),
    ("class contains sql", [], SQL_CLASS, ""),
    ("quick filter", [], {}, "vm-001234-"),
]
FIRST_ROW = (
    "() => document.querySelector('.ag-center-cols-container .ag-row [col-id=class]')?.textContent"
)
ONE_ROW = """() => {
    const rows = document.querySelectorAll('.ag-pinned-left-cols-container .ag-row');
    return rows.length === 1 && rows[0].textContent.includes('vm-001234-');
}"""


def in_process(files: list[Path]) -> None:
    """Table build and block queries for one sizing of the estate."""
    from storepredict.pages.grid_query import query_of
    from storepredict.pages.vm_grid_data import build_table
    from storepredict.pipeline.classify import load_catalogue
    from storepredict.pipeline.session.open import open_files
    from storepredict.pipeline.sizing.run import size_session

    state = open_files([(path.name, path.read_bytes()) for path in files])[0]
    assert state.inventory is not None
    storage = size_session(state).storage
    names = {c.id: c.name for c in load_catalogue().values()}
    started = time.perf_counter()
    table = build_table(state.inventory, storage, state.settings, names, "en")
    print(f"{len(table):,} VMs: table built in {time.perf_counter() - started:.3f} s")
    for label, sort, filters, quick in QUERIES:
        query = query_of(sort, filters, quick)
        started = time.perf_counter()
        matched = table.block(query, 0, 100)[1]
        first = time.perf_counter() - started
        started = time.perf_counter()
        table.block(query, 100, 200)
        print(
            f"  {label:<24} {matched:>7,} rows  first block {first * 1000:7.1f} ms"
            f"  next block {(time.perf_counter() - started) * 1000:5.2f} ms"
        )


def in_browser(files: list[Path], vms: int) -> None:
    """Time the classify page's DRR table, first grid row and quick filter in Chromium."""
    from playwright.sync_api import expect, sync_playwright

    from bench.responsiveness import CHROMIUM, SLOW_MS, start_server

    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        process, url = start_server(work / "data", work / "server.log", work / "lags.txt")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
                )
                page = browser.new_context().new_page()
                page.goto(url + "/")
                page.set_input_files("input[type=file]", [str(path) for path in files])
                expect(page.get_by_test_id("vm-count")).to_have_text(f"{vms:,}", timeout=SLOW_MS)
                tables, rows, filters = [], [], []
                for _ in range(3):
                    started = time.perf_counter()
                    page.goto(url + "/classify")
                    page.wait_for_selector("[data-testid=drr-table]", timeout=SLOW_MS)
                    tables.append(time.perf_counter() - started)
                    page.wait_for_function(FIRST_ROW, polling="raf", timeout=SLOW_MS)
                    rows.append(time.perf_counter() - started)
                    page.wait_for_timeout(1500)
                    started = time.perf_counter()
                    page.get_by_placeholder("Filter VMs…").fill("vm-001234-")
                    page.wait_for_function(ONE_ROW, polling="raf", timeout=SLOW_MS)
                    filters.append(time.perf_counter() - started)
                    page.goto(url + "/")
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=30)
    shown = ", ".join
    print(f"  DRR table      {shown(f'{s:.2f}' for s in tables)} s")
    median = statistics.median(rows)
    print(f"  first grid row {shown(f'{s:.2f}' for s in rows)} s (median {median:.2f})")
    print(f"  quick filter   {shown(f'{s:.2f}' for s in filters)} s")


def main() -> None:
    """Generate (or reuse) the estate, then measure."""
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    vms = int(args[0]) if args else 10_000
    files, _ = estate(vms)
    in_process(files)
    if "--browser" in sys.argv:
        in_browser(files, vms)


if __name__ == "__main__":
    main()
