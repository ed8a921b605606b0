"""The classify grid in headless Chromium: rows come in server blocks, sorted and filtered there."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from storepredict.pipeline.session.open import open_files
from storepredict.pipeline.sizing.run import size_session

from ..pages.helpers import sample_bytes
from .conftest import Server

SLOW_MS = 90_000
IN_SCOPE = "{scope: {filterType: 'text', type: 'equals', filter: 'In scope'}}"
GRID_API = "getElement(document.querySelector('.nicegui-aggrid').id.slice(1)).api"

pytestmark = pytest.mark.browser


def row_name(page: Page, index: int) -> str:
    """The VM name the grid shows at row `index` (once that row's block has arrived)."""
    row = page.locator(f'.ag-pinned-left-cols-container .ag-row[row-index="{index}"]')
    expect(row.locator('[col-id="name"]')).not_to_be_empty(timeout=SLOW_MS)
    return row.locator('[col-id="name"]').inner_text()


def test_sort_column_filter_and_later_blocks_render(
    new_page: Callable[[], Page], server: Server
) -> None:
    state, _, _ = open_files([("sample-rvtools.xlsx", sample_bytes())])
    storage = size_session(state).storage
    by_name = sorted(storage.vms, key=lambda vm: vm.name.casefold())
    in_scope = [vm.name for vm in by_name if vm.in_scope]
    assert len(by_name) == 298 and len(in_scope) == 279

    page = new_page()
    page.goto(server.url + "/")
    page.get_by_text("Try the sample").click()
    expect(page.get_by_test_id("vm-count")).to_contain_text("298", timeout=SLOW_MS)
    page.goto(server.url + "/classify")
    expect(page.locator(".ag-pinned-left-cols-container .ag-row").first).to_be_visible(
        timeout=SLOW_MS
    )
    expect(page.get_by_test_id("vm-grid-count")).to_have_text("298 VMs")
    assert row_name(page, 0) == storage.vms[0].name  # inventory order until sorted

    page.locator('.ag-header-cell[col-id="name"] .ag-header-cell-label').click()  # ascending
    expect(page.locator('.ag-pinned-left-cols-container .ag-row[row-index="0"]')).to_have_text(
        by_name[0].name, timeout=SLOW_MS
    )
    page.evaluate(f"() => {GRID_API}.setFilterModel({IN_SCOPE})")
    expect(page.get_by_test_id("vm-grid-count")).to_have_text(
        "279 of 298 VMs match", timeout=SLOW_MS
    )
    expect(page.locator('.ag-pinned-left-cols-container .ag-row[row-index="0"]')).to_have_text(
        in_scope[0], timeout=SLOW_MS
    )
    page.evaluate(f"() => {GRID_API}.ensureIndexVisible(278, 'bottom')")  # the third block
    assert row_name(page, 278) == in_scope[278]
    assert page.locator('.ag-row[row-index="279"]').count() == 0  # the grid knows the end
    expect(page.get_by_text("All 279 matching VMs")).to_be_visible()
