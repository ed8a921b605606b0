"""Page defects of issue 12 found by trying the app as a new user (1, 2, 7, 8) and stable test ids.

Defects 3 and 4 (refused settings) are in test_layout_page.py and test_compute_page.py; 5 and 6
(header width, phones) are browser tests in tests/browser/test_page_widths.py.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from nicegui import ui
from nicegui.testing import User

from storepredict.pages import store
from storepredict.pages.datastores import iops_source
from storepredict.pipeline.limits import DEFAULT_LIMITS
from storepredict.pipeline.session.open import open_files
from storepredict.pipeline.session.state import SessionState
from storepredict.pipeline.sizing.run import SizingResult, size_session

from .helpers import WAIT, by_testid, sample_bytes, upload, visit

SAMPLE = "sample-rvtools.xlsx"
Sample = tuple[SessionState, list[tuple[str, bytes]], SizingResult]


@pytest.fixture(scope="module")
def sample() -> Sample:
    """The bundled RVTools sample as a fresh session, with its sizing."""
    state, originals, _ = open_files([(SAMPLE, sample_bytes())], DEFAULT_LIMITS)
    return state, originals, size_session(state)


async def open_loaded(user: User, sample: Sample, path: str) -> None:
    """Put the sample into the simulated tab, then open `path`."""
    state, originals, _ = sample
    await visit(user, "/")
    with user:
        store.set_session(state, originals)
    await visit(user, path)


def the(user: User, kind: type[ui.element]) -> Any:
    """The one element of `kind` on the current page."""
    elements = user.find(kind).elements
    assert len(elements) == 1
    return next(iter(elements))


async def test_1_uploader_list_empties_after_every_attempt(
    user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    resets: list[int] = []
    original = ui.upload.reset
    monkeypatch.setattr(ui.upload, "reset", lambda self: (resets.append(1), original(self)))
    await visit(user, "/")
    await upload(user, ("notes.xlsx", b"just some text, not a workbook"))
    await user.should_see("Not loaded: your current session is unchanged", retries=WAIT)
    assert len(resets) == 1  # the refused file is no longer listed with a success tick
    await upload(user, ("empty.xlsx", b""))
    await user.should_see("is empty", retries=WAIT)
    assert len(resets) == 2
    user.find(ui.upload).trigger("rejected")  # refused by the browser (too big, too many files)
    await user.should_see("Select at most 20 files of at most 200 MB each.", retries=WAIT)
    assert len(resets) == 3


async def test_2_grid_keeps_its_filter_sort_and_scroll_after_an_edit(
    user: User, sample: Sample
) -> None:
    _, _, result = sample
    await open_loaded(user, sample, "/classify")
    await user.should_see(kind=ui.aggrid, retries=WAIT)
    grid = the(user, ui.aggrid)
    filter_box = by_testid(user, "vm-filter")
    with user:
        filter_box.set_value("sql")
    await user.should_see("Data reduction per class", retries=WAIT)
    rebuilds: list[int] = []
    grid.update = lambda: rebuilds.append(1)  # any element update rebuilds the browser grid
    vm = next(row for row in result.storage.vms if row.in_scope)
    row = grid.table.row(vm.vm_id)  # the rows stay on the server; the browser gets blocks
    args = {"colId": "drr", "oldValue": vm.drr, "newValue": 7.0, "data": row, "rowId": vm.vm_id}
    user.find(ui.aggrid).trigger("cellValueChanged", args)

    def edited() -> dict[str, Any]:
        return grid.table.row(vm.vm_id)

    for _ in range(WAIT):
        if edited()["drr"] == 7.0:
            break
        await asyncio.sleep(0.1)
    assert edited()["drr"] == 7.0
    assert rebuilds == []  # the browser re-fetches its loaded blocks; no rebuild
    assert grid.query.quick == "sql"  # the filter is the server's: a later rebuild keeps it


async def test_7_grid_capacity_in_gib_and_long_names_wrap(user: User, sample: Sample) -> None:
    _, _, result = sample
    await open_loaded(user, sample, "/classify")
    await user.should_see(kind=ui.aggrid, retries=WAIT)
    grid = the(user, ui.aggrid)
    columns = {c["field"]: c for c in grid.options["columnDefs"]}
    assert columns["capacity"]["headerName"] == "In use (GiB)"
    vm = next(row for row in result.storage.vms if row.basis_mib)
    assert grid.table.row(vm.vm_id)["capacity"] == round(vm.basis_mib / 1024, 3)
    for field in ("name", "cluster"):  # rows are fixed-height when paged: two lines fit
        assert columns[field]["wrapText"]
    assert grid.options["rowHeight"] == 48


async def test_8_rvtools_iops_and_hot_flags_are_labelled_estimates(
    user: User, sample: Sample
) -> None:
    _, _, result = sample
    await open_loaded(user, sample, "/layout")
    await user.should_see(marker="datastores", retries=WAIT)
    in_scope = sum(row.in_scope for row in result.storage.vms)
    await user.should_see(f"No measured IOPS for {in_scope:,} VMs")
    table = the(user, ui.table)
    assert {row["iops_source"] for row in table.rows} == {"Estimated (class defaults)"}
    hot = [row for row in table.rows if "hot" in row["flags"]]
    assert hot, "the sample has hot datastores"
    assert all("hot (estimated IOPS)" in row["flags"] for row in hot)
    assert iops_source(["a", "b"], frozenset({"a", "b"})) == "Measured"
    assert iops_source(["a", "b"], frozenset({"a"})) == "Partly estimated"


async def test_stable_test_ids_on_every_page(user: User, sample: Sample) -> None:
    _, _, result = sample
    await open_loaded(user, sample, "/")
    await user.should_see("Inventory loaded", retries=WAIT)
    for key in ("uploader", "project-name", "scope-badge", "unit-switch", "download-session"):
        assert by_testid(user, key).props.get("data-testid") == key
    assert by_testid(user, "vm-count").text == "298"
    await visit(user, "/classify")
    await user.should_see("Data reduction per class", retries=WAIT)
    assert by_testid(user, "required-capacity").text.endswith("TiB")
    await visit(user, "/compute")
    await user.should_see(marker="hosts", retries=WAIT)
    assert by_testid(user, "host-count").text == str(result.compute.hosts)
    await visit(user, "/report")
    await user.should_see("Required capacity", retries=WAIT)
    chosen = result.layout.strategies[result.layout.chosen]
    assert by_testid(user, "datastore-count").text == f"{chosen.count} datastores"
    assert by_testid(user, "host-count").text == f"{result.compute.hosts} hosts"
    assert by_testid(user, "required-capacity").props.get("data-testid") == "required-capacity"
