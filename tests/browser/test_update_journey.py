"""Issue 15 in a real browser: update a session with a newer export, then compare scenarios.

The newer export is the real 19-VM RVTools sample rewritten with openpyxl: one VM row dropped, one
renamed (same UUIDs), one added (a copy with new UUIDs and a new name). Every page is captured at
1440x900 and 390 px wide in test-artifacts/update-<page>-<width>.png.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Page, expect

from .conftest import Server

pytestmark = pytest.mark.browser

SAMPLE = "rvtools-4.7.1-19vms.xlsx"
REMOVED = "banchero12fsSRV"
RENAMED = ("Banchero16Sfront", "Banchero16Sfront-new")
ADDED = "brand-new-vm"
SLOW_MS = 90_000
PAGES = ["/", "/classify", "/health", "/layout", "/compute", "/scenarios", "/report"]
PHONE = {"width": 390, "height": 844}


def newer_export(sample: Path) -> bytes:
    """The sample with one VM row dropped, one renamed and one added, as xlsx bytes."""
    book = openpyxl.load_workbook(sample)
    sheet = book["vInfo"]
    header = [cell.value for cell in sheet[1]]
    column = {name: index for index, name in enumerate(header)}
    rows = list(sheet.iter_rows(min_row=2))
    removed = next(r for r in rows if r[column["VM"]].value == REMOVED)
    renamed = next(r for r in rows if r[column["VM"]].value == RENAMED[0])
    renamed[column["VM"]].value = RENAMED[1]
    copy = [cell.value for cell in rows[-1]]
    copy[column["VM"]] = ADDED
    copy[column["VM UUID"]] = "500a0000-0000-0000-0000-000000000001"
    copy[column["SMBIOS UUID"]] = None
    copy[column["VI SDK UUID"]] = None
    sheet.delete_rows(removed[0].row)
    sheet.append(copy)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def upload(page: Page, name: str, content: bytes) -> None:
    """Send one file through the upload page's uploader."""
    mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    page.set_input_files(
        '[data-testid="uploader"] input[type=file]',
        {"name": name, "mimeType": mime, "buffer": content},
    )


def settled(page: Page) -> None:
    """Wait until the page has drawn its content and no spinner is left."""
    expect(page.locator(".nicegui-content")).not_to_be_empty()
    expect(page.locator(".q-spinner")).to_have_count(0, timeout=SLOW_MS)
    page.wait_for_load_state("networkidle")


def capture_every_page(page: Page, url: str, artifacts: Path) -> None:
    """Full-page screenshots of every step, wide and phone-sized."""
    for width, viewport in (("1440", {"width": 1440, "height": 900}), ("390", PHONE)):
        page.set_viewport_size(viewport)
        for path in PAGES:
            page.goto(url + path)
            settled(page)
            name = path.strip("/") or "upload"
            page.screenshot(path=artifacts / f"update-{name}-{width}.png", full_page=True)
    page.set_viewport_size({"width": 1440, "height": 900})  # widths are test_page_widths' job


def test_update_with_a_newer_export_then_compare_scenarios(
    new_page: Callable[[], Page],
    server: Server,
    samples_dir: Path,
    artifacts: Path,
) -> None:
    url = server.url
    page = new_page()
    page.goto(url + "/")
    upload(page, "old.xlsx", (samples_dir / SAMPLE).read_bytes())
    expect(page.get_by_test_id("vm-count")).to_contain_text("19", timeout=SLOW_MS)

    # Update this sizing with the newer export: the change report gives the exact counts.
    page.get_by_test_id("upload-mode").get_by_text("Update this sizing with a newer export").click()
    upload(page, "newer.xlsx", newer_export(samples_dir / SAMPLE))
    report = page.get_by_test_id("change-report")
    expect(report).to_be_visible(timeout=SLOW_MS)
    expect(report).to_contain_text("What changed with the newer export")
    expect(report).to_contain_text(
        "18 VMs matched, 1 added, 1 removed, 1 renamed, 0 grown or shrunk by more than 10 %."
    )
    expect(report).to_contain_text(
        "Decisions carried: 0 class overrides, 0 DRR overrides, 0 ignored VMs."
    )
    expect(page.get_by_test_id("vm-count")).to_contain_text("19")
    report.get_by_text("Renamed: 1 VM").click()
    expect(report).to_contain_text(f"{RENAMED[0]} → {RENAMED[1]}")
    report.get_by_text("Added: 1 VM").click()
    expect(report).to_contain_text(ADDED)
    report.get_by_text("Removed: 1 VM").click()
    expect(report).to_contain_text(REMOVED)
    page.screenshot(path=artifacts / "update-change-report.png", full_page=True)

    # Compare: duplicate the active scenario; both show in the table, sized the same.
    page.goto(url + "/scenarios")
    table = page.get_by_test_id("scenario-table")
    expect(table).to_be_visible(timeout=SLOW_MS)
    page.get_by_test_id("scenario-name").fill("Aggressive DRR")
    page.get_by_test_id("duplicate-scenario").click()
    rows = page.get_by_test_id("scenario-table").locator("tbody tr")
    expect(rows).to_have_count(2, timeout=SLOW_MS)
    expect(rows.nth(0).locator("td").first).to_have_text("Aggressive DRR (active)")
    expect(rows.nth(1).locator("td").first).to_have_text("Base")
    cells = [rows.nth(i).locator("td").all_inner_texts()[1:] for i in range(2)]
    assert cells[0] == cells[1]  # a copy sizes exactly like its original

    capture_every_page(page, url, artifacts)
    assert "Traceback" not in server.log_text(), server.log_tail()
