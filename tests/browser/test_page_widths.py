"""Widths in headless Chromium (issue 12, defects 5, 6 and 7's uploader leftover).

The header stays on one row at 1280 px with a 60-character project name (truncated, full name in
a tooltip); at 390 px (a phone) no page scrolls sideways and the cards use the screen's width.
Screenshots go to test-artifacts/ (phone-<page>.png, header-1280-<page>.png).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import Server

LONG_NAME = "Lonati Group · datacenter refresh 2027 · Brescia and Milan DC"
PAGES = ("/", "/classify", "/health", "/layout", "/compute", "/scenarios", "/report")
SLOW_MS = 90_000

pytestmark = pytest.mark.browser


def load_sample(page: Page, url: str) -> None:
    """Open the upload page and load the bundled sample."""
    page.goto(url + "/")
    page.get_by_text("Try the sample").click()
    expect(page.get_by_text("Inventory loaded")).to_be_visible(timeout=SLOW_MS)


def header_rows(page: Page) -> int:
    """How many rows the header's items occupy (items whose vertical extents do not overlap)."""
    return page.evaluate(
        """() => {
          const header = document.querySelector('.q-header');
          const items = [...header.querySelectorAll(':scope > *, :scope > * > *')]
            .filter((e) => e.offsetParent !== null && getComputedStyle(e).display !== 'contents')
            .map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0 && r.height > 0);
          const rows = [];
          for (const r of items.sort((a, b) => a.top - b.top)) {
            const mid = (r.top + r.bottom) / 2;
            if (!rows.some((row) => mid > row.top && mid < row.bottom)) rows.push(r);
          }
          return rows.length;
        }"""
    )


def test_header_stays_on_one_row_at_1280_px(
    server: Server, new_page: Callable[[], Page], artifacts: Path
) -> None:
    page = new_page()
    page.set_viewport_size({"width": 1280, "height": 800})
    load_sample(page, server.url)
    project = page.get_by_label("Project name")
    project.fill(LONG_NAME)
    project.press("Tab")
    for path in PAGES:
        page.goto(server.url + path)
        name = page.get_by_test_id("project-name")
        expect(name).to_have_text(LONG_NAME, timeout=SLOW_MS)
        expect(page.locator(".q-header").get_by_text("Download session")).to_be_visible()
        page.screenshot(path=artifacts / f"header-1280-{path.strip('/') or 'upload'}.png")
        assert header_rows(page) == 1, path
        assert name.get_attribute("title") == LONG_NAME  # the tooltip of the truncated name
        box = page.get_by_test_id("download-session").bounding_box()
        assert box is not None and box["x"] + box["width"] <= 1280
    page.set_viewport_size({"width": 1024, "height": 800})  # narrower, the header may wrap
    page.wait_for_timeout(300)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1024


def test_every_page_fits_a_phone(
    server: Server, new_page: Callable[[], Page], artifacts: Path
) -> None:
    page = new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    load_sample(page, server.url)
    wait_for = {
        "/": "Inventory loaded",
        "/classify": "Data reduction per class",
        "/health": "Estate health",
        "/layout": "Datastores",
        "/compute": "Per cluster",
        "/scenarios": "Side by side",
        "/report": "Downloads",
    }
    for path in PAGES:
        page.goto(server.url + path)
        expect(page.get_by_text(wait_for[path], exact=True).first).to_be_visible(timeout=SLOW_MS)
        page.wait_for_timeout(500)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        name = path.strip("/") or "upload"
        page.screenshot(path=artifacts / f"phone-{name}.png", full_page=True)
        assert width <= 390, f"{path} is {width} px wide"
        steps = page.locator(".q-header .sp-step").all()
        assert len(steps) == 7, path
        for step in steps:  # every step in sight, none scrolled away
            box = step.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, path
        current = page.locator('.q-header .sp-step[aria-current="step"]')
        expect(current.locator(".block")).to_be_visible()  # the current step keeps its label
        cards = page.locator(".nicegui-content .q-card").all()
        widths = [c.bounding_box()["width"] for c in cards if c.is_visible()]
        assert widths and min(widths) >= 300, (path, widths)  # stacked, not squeezed


def test_uploader_shows_no_leftover_progress(server: Server, new_page: Callable[[], Page]) -> None:
    page = new_page()
    load_sample(page, server.url)
    uploader = page.get_by_test_id("uploader")
    expect(uploader).to_be_visible()
    expect(uploader.get_by_text("0.00%")).to_be_hidden()
    expect(uploader.get_by_text("0.0B")).to_be_hidden()
