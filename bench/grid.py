"""The classify grid at scale: server-side table build and queries, and time to the first rows.

    .venv/bin/python -m bench.grid [VM count] [--browser]

The estate is bench/scale.py's (5 generated RVTools exports, cached in bench/out/scale/). In
process: build the grid table of the sizing, then time a first block (no sort), sorts, a column
filter and the quick filter, and the next block of the same view. With --browser: a real server
and headless Chromium upload the estate, open the classify page once (it sizes), then three times
from the upload page as a user does (page drawn, server idle, a click on the Classify step) and
time, from the click, the DRR table and the first grid row (by the browser's clock, polled on
animation frames), then the quick filter down to one VM (300 ms debounce included).
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
# In every page: the time of the last click (kept across the navigation it starts) and when the
# DRR table and the first grid row first appear, by the browser's own clock (no Playwright round
# trip in the figures).
PAINT_MARKS = """(() => {
  document.addEventListener("click", () => { sessionStorage.benchClick = Date.now(); }, true);
  window.benchMarks = {};
  const wanted = {table: "[data-testid=drr-table]",
                  row: ".ag-center-cols-container .ag-row [col-id=class]"};
  function poll() {
    for (const [key, selector] of Object.entries(wanted)) {
      if (!(key in window.benchMarks) && document.querySelector(selector)) {
        window.benchMarks[key] = Date.now() - Number(sessionStorage.benchClick);
      }
    }
    if (Object.keys(window.benchMarks).length < 2) requestAnimationFrame(poll);
  }
  poll();
})()"""
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
                page.goto(url + "/classify")  # sizes the estate and builds the grid table
                page.wait_for_function(FIRST_ROW, polling="raf", timeout=SLOW_MS)
                tables, rows, filters = [], [], []
                page.add_init_script(PAINT_MARKS)
                for _ in range(3):
                    # as a user goes: the upload page drawn and the server idle, then a click on
                    # the Classify step of the header
                    page.goto(url + "/")
                    expect(page.get_by_test_id("vm-count")).to_be_visible(timeout=SLOW_MS)
                    page.wait_for_timeout(1500)
                    page.get_by_role("button", name="Classify").click()
                    page.wait_for_function("window.benchMarks?.row", polling="raf", timeout=SLOW_MS)
                    marks = page.evaluate("window.benchMarks")
                    tables.append(marks["table"] / 1000)
                    rows.append(marks["row"] / 1000)
                    page.wait_for_timeout(1500)
                    started = time.perf_counter()
                    page.get_by_placeholder("Filter VMs…").fill("vm-001234-")
                    page.wait_for_function(ONE_ROW, polling="raf", timeout=SLOW_MS)
                    filters.append(time.perf_counter() - started)
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
