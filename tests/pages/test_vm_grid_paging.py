"""The classify grid is paged: the browser asks for blocks, the server filters, sorts and slices."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

from nicegui import ui
from nicegui.testing import User

from storepredict.pages.paged_grid import PagedGrid
from storepredict.pages.vm_grid_data import COLUMNS
from storepredict.pipeline.session.open import open_files
from storepredict.pipeline.sizing.run import size_session
from storepredict.pipeline.sizing.storage import StorageResult

from .helpers import WAIT, by_testid, sample_bytes, text_of, visit

IN_SCOPE = {"scope": {"filterType": "text", "type": "equals", "filter": "In scope"}}
BY_NAME_DESC = [{"colId": "name", "sort": "desc"}]
SQL_VMS = 10  # the sample's VMs with "sql" in a readable column, all of them in scope


def sample_storage() -> StorageResult:
    state, _, _ = open_files([("sample-rvtools.xlsx", sample_bytes())])
    return size_session(state).storage


async def open_classify(user: User) -> PagedGrid:
    """The sample on the classify page; returns its VM grid."""
    await visit(user, "/")
    user.find("Try the sample").click()
    await user.should_see("Inventory loaded", retries=WAIT)
    await visit(user, "/classify")
    await user.should_see(kind=ui.aggrid, retries=WAIT)  # drawn once its rows are built
    grid = next(iter(user.find(ui.aggrid).elements))
    assert isinstance(grid, PagedGrid)
    return grid


def capture(grid: PagedGrid, method: str) -> list[list[Any]]:
    """The arguments of every call of `method` ("run_method", ...) the grid sends to the browser."""
    calls: list[list[Any]] = []
    setattr(grid, method, lambda *args, **_: calls.append(json.loads(json.dumps(args))))
    return calls


async def wait_for(check: Any) -> None:
    for _ in range(WAIT):
        if check():
            return
        await asyncio.sleep(0.1)
    assert check()


async def test_the_browser_gets_blocks_filtered_and_sorted_by_the_server(user: User) -> None:
    storage = sample_storage()
    in_scope = sorted(
        (vm for vm in storage.vms if vm.in_scope), key=lambda vm: vm.name.casefold(), reverse=True
    )
    assert len(in_scope) == 279
    grid = await open_classify(user)
    deliveries = capture(grid, "run_method")
    assert "rowData" not in grid.options  # no VM travels with the element
    assert grid.options["rowModelType"] == "infinite"
    assert grid.options["cacheBlockSize"] == 100
    assert f"getElement({grid.id})" in grid.options[":datasource"]
    assert text_of(user, "vm-grid-count") == "298 VMs"

    block = {"request": 7, "start": 0, "end": 100, "sortModel": BY_NAME_DESC}
    user.find(ui.aggrid).trigger("blockRequested", {**block, "filterModel": IN_SCOPE})
    await wait_for(lambda: len(deliveries) == 1)
    method, request, rows, matched = deliveries[0]
    assert method == "spDeliver"
    assert (request, matched, len(rows)) == (7, 279, 100)
    assert [row["name"] for row in rows] == [vm.name for vm in in_scope[:100]]
    assert list(rows[0]) == list(COLUMNS)
    assert rows[0]["vm_id"] == in_scope[0].vm_id
    assert rows[0]["drr"] == in_scope[0].drr
    assert text_of(user, "vm-grid-count") == "279 of 298 VMs match"

    last = {**block, "request": 8, "start": 200, "end": 300, "filterModel": IN_SCOPE}
    user.find(ui.aggrid).trigger("blockRequested", last)
    await wait_for(lambda: len(deliveries) == 2)
    assert deliveries[1][1] == 8
    assert [row["name"] for row in deliveries[1][2]] == [vm.name for vm in in_scope[200:]]
    assert deliveries[1][3] == 279

    # The quick filter is the server's too: the browser drops its blocks and asks again.
    grid_calls = capture(grid, "run_grid_method")
    with user:
        by_testid(user, "vm-filter").set_value("SQL")
    await wait_for(lambda: ["purgeInfiniteCache"] in grid_calls)
    assert text_of(user, "vm-grid-count") == f"{SQL_VMS} of 298 VMs match"
    user.find(ui.aggrid).trigger("blockRequested", {**block, "request": 9, "filterModel": IN_SCOPE})
    await wait_for(lambda: len(deliveries) == 3)
    sql = [vm.name for vm in in_scope if "sql" in vm.name.lower()]
    assert [row["name"] for row in deliveries[2][2]] == sql
    assert deliveries[2][3] == SQL_VMS == len(sql)


async def test_all_matching_vms_means_every_filtered_vm_loaded_or_not(user: User) -> None:
    storage = sample_storage()
    sql_ids = {vm.vm_id for vm in storage.vms if "sql" in vm.name.lower()}
    assert len(sql_ids) == SQL_VMS
    user.javascript_rules[re.compile(r".*getSelectedRows.*")] = lambda _: []  # nothing ticked
    grid = await open_classify(user)
    assert text_of(user, "scope-count") == "279 of 298 VMs in scope"
    with user:
        by_testid(user, "vm-filter").set_value("sql")
    await wait_for(lambda: text_of(user, "vm-grid-count") == f"{SQL_VMS} of 298 VMs match")
    select_all = by_testid(user, "vm-select-all")
    assert isinstance(select_all, ui.checkbox)
    assert select_all.text == f"All {SQL_VMS} matching VMs"

    user.find(kind=ui.button, content="Ignore").click()  # ticks only: none in the browser
    await user.should_see("Tick one or more VMs in the grid first.")
    with user:
        select_all.value = True
    user.find(kind=ui.button, content="Ignore").click()
    await user.should_see(f"{279 - SQL_VMS} of 298 VMs in scope", retries=WAIT)
    await user.should_see(f"{SQL_VMS} VMs ignored.")
    await wait_for(lambda: {r["vm_id"] for r in grid.table.rows() if r["ignored"]} == sql_ids)


async def test_a_refused_edit_fetches_the_row_again_and_an_accepted_one_refreshes(
    user: User,
) -> None:
    storage = sample_storage()
    vm = next(vm for vm in storage.vms if vm.in_scope)
    grid = await open_classify(user)
    grid_calls = capture(grid, "run_grid_method")
    row = grid.table.row(vm.vm_id)
    refused = {"colId": "drr", "oldValue": vm.drr, "newValue": 0, "data": row, "rowId": vm.vm_id}
    user.find(ui.aggrid).trigger("cellValueChanged", refused)
    await user.should_see(f"DRR of VM {vm.name} must be above 0:1 and at most 100:1", retries=WAIT)
    await wait_for(lambda: grid_calls == [["refreshInfiniteCache"]])  # the browser shows 0: undo
    assert grid.table.row(vm.vm_id)["drr"] == vm.drr

    accepted = {**refused, "newValue": 7.5}
    user.find(ui.aggrid).trigger("cellValueChanged", accepted)
    await wait_for(lambda: grid.table.row(vm.vm_id)["drr"] == 7.5)
    assert grid.table.row(vm.vm_id)["drr_set"] is True
    assert grid_calls == [["refreshInfiniteCache"], ["refreshInfiniteCache"]]  # in place


async def test_reopening_the_page_reuses_the_table_until_the_sizing_changes(user: User) -> None:
    storage = sample_storage()
    vm = next(vm for vm in storage.vms if vm.in_scope)
    first = await open_classify(user)
    await visit(user, "/classify")
    await user.should_see(kind=ui.aggrid, retries=WAIT)
    again = next(iter(user.find(ui.aggrid).elements))
    assert isinstance(again, PagedGrid)
    assert again.table is first.table  # same sizing: not built a second time

    edit = {"colId": "drr", "oldValue": vm.drr, "newValue": 7.5, "rowId": vm.vm_id}
    user.find(ui.aggrid).trigger("cellValueChanged", {**edit, "data": again.table.row(vm.vm_id)})
    await wait_for(lambda: again.table.row(vm.vm_id)["drr"] == 7.5)
    assert again.table is not first.table  # a new sizing, a new table
    assert first.table.row(vm.vm_id)["drr"] == vm.drr
