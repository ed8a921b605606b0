"""Auto-save on the embedded store: a restarted server gives a tab its session back."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from .servers import start_server, stop_server

pytestmark = pytest.mark.browser

SLOW_MS = 120_000
# A cancelable beforeunload event: our handler cancels it (the browser's "Leave site?" prompt)
# exactly when changes exist only in the tab.
LEAVE = """() => {
    const event = new Event("beforeunload", {cancelable: true});
    window.dispatchEvent(event);
    return event.defaultPrevented;
}"""
# the date in the locale's medium format (English: "Dec 7, 2026 14:05:09")
RESTORED = re.compile(r"^Restored from auto-save at [A-Z][a-z]{2} \d{1,2}, \d{4} \d\d:\d\d:\d\d$")


def load_sample(page: Page, url: str) -> None:
    """Open the upload page and load the bundled sample (298 VMs)."""
    page.goto(url + "/")
    page.get_by_text("Try the sample").click()
    expect(page.get_by_test_id("vm-count")).to_contain_text("298", timeout=SLOW_MS)


def reload_after_restart(page: Page) -> None:
    """Reload the tab; NiceGUI may reload it itself on reconnecting, which aborts ours."""
    try:
        page.reload()
    except PlaywrightError as error:
        if "ERR_ABORTED" not in str(error):
            raise
        page.wait_for_load_state()


# NiceGUI takes a tab whose last page never ran `onbeforeunload` for a duplicate and gives it a new
# tab id: that happens when its own reload on reconnecting and ours overtake each other.
RENEW_TAB_ID = "() => { window.onbeforeunload = null; }"


@pytest.mark.parametrize("tab_id", ["kept", "renewed"])
def test_restart_mid_session_restores_the_tab(new_page, tmp_path: Path, tab_id: str) -> None:
    env = {"STOREPREDICT_DATA_DIR": str(tmp_path / "data")}
    log = tmp_path / "server.log"
    server = start_server(log, env)
    page = new_page()
    try:
        load_sample(page, server.url)
        page.get_by_label("Project name").fill("Acme refresh")
        expect(page.get_by_test_id("project-name")).to_have_text("Acme refresh")
        page.goto(server.url + "/layout")
        expect(page.get_by_text(re.compile(r"^\w+ layout: \d+ datastores$")).first).to_be_visible(
            timeout=SLOW_MS
        )
        before = page.get_by_test_id("scope-badge").inner_text()
        page.wait_for_timeout(1500)  # the auto-save lands within a second
        saves = list((tmp_path / "data" / "autosave" / "sessions").glob("*.json"))
        assert len(saves) == 1
        tab_before = page.evaluate("sessionStorage.__nicegui_tab_id")
        if tab_id == "renewed":
            page.evaluate(RENEW_TAB_ID)
        port = server.port
        stop_server(server, kill=True)  # a crash, not a clean stop
        server = start_server(log, env, port=port)
        reload_after_restart(page)
        expect(page.get_by_text(RESTORED)).to_be_visible(timeout=SLOW_MS)
        renewed = page.evaluate("sessionStorage.__nicegui_tab_id") != tab_before
        assert renewed is (tab_id == "renewed")
        expect(page.get_by_test_id("project-name")).to_have_text("Acme refresh")
        expect(page.get_by_test_id("scope-badge")).to_have_text(before)
        expect(page.get_by_text(re.compile(r"^\w+ layout: \d+ datastores$")).first).to_be_visible(
            timeout=SLOW_MS
        )
        assert page.evaluate("window.spUnsaved") is False
    finally:
        print(server.log_tail())
        stop_server(server)


def test_recent_sessions_reopen_and_delete_per_browser(new_page, tmp_path: Path) -> None:
    data = tmp_path / "data"
    server = start_server(tmp_path / "server.log", {"STOREPREDICT_DATA_DIR": str(data)})
    try:
        first = new_page()
        load_sample(first, server.url)
        first.get_by_label("Project name").fill("Northwind")
        expect(first.get_by_test_id("project-name")).to_have_text("Northwind")
        first.wait_for_timeout(1500)
        second = first.context.new_page()  # same browser, a new tab: its own empty session
        second.goto(server.url + "/")
        recent = second.get_by_test_id("recent-sessions")
        expect(recent).to_contain_text("Northwind")
        expect(recent).to_contain_text("298 VMs · saved ")
        stranger = new_page()  # another browser never sees it
        stranger.goto(server.url + "/")
        expect(stranger.get_by_text("Try the sample")).to_be_visible()
        expect(stranger.get_by_test_id("recent-sessions")).to_have_count(0)
        recent.get_by_role("button", name="Reopen").click()
        expect(second.get_by_test_id("project-name")).to_have_text("Northwind")
        expect(second.get_by_test_id("vm-count")).to_have_text("298", timeout=SLOW_MS)
        third = first.context.new_page()
        third.goto(server.url + "/")
        third.get_by_test_id("recent-sessions").get_by_role("button", name="Delete").click()
        expect(third.get_by_text("Try the sample")).to_be_visible()
        expect(third.get_by_test_id("recent-sessions")).to_have_count(0)
        assert list((data / "autosave" / "sessions").glob("*.json")) == []
        assert list((data / "autosave" / "blobs").glob("*.zip")) == []
    finally:
        stop_server(server)


def test_closing_warns_only_when_changes_exist_only_in_the_tab(new_page, tmp_path: Path) -> None:
    env = {"STOREPREDICT_AUTOSAVE": "off", "STOREPREDICT_DATA_DIR": str(tmp_path / "data")}
    server = start_server(tmp_path / "off.log", env)
    try:
        page = new_page()
        load_sample(page, server.url)
        page.wait_for_function("window.spUnsaved === true")
        assert page.evaluate(LEAVE) is True
        with page.expect_download(timeout=SLOW_MS):
            page.get_by_role("button", name="Download session").first.click()
        page.wait_for_function("window.spUnsaved === false")
        assert page.evaluate(LEAVE) is False
        page.get_by_label("Project name").fill("Changed after the download")
        page.wait_for_function("window.spUnsaved === true")
        assert page.evaluate(LEAVE) is True  # the browser would ask before closing
        assert not (tmp_path / "data").exists()  # auto-save off stores nothing
    finally:
        stop_server(server)
    server = start_server(tmp_path / "on.log", {"STOREPREDICT_DATA_DIR": str(tmp_path / "on")})
    try:
        page = new_page()
        load_sample(page, server.url)
        page.get_by_label("Project name").fill("Saved by itself")
        page.wait_for_timeout(1500)
        assert page.evaluate("window.spUnsaved") is False
        assert page.evaluate(LEAVE) is False
    finally:
        stop_server(server)
