"""The team topology with local processes: Redis, two replicas, a sticky proxy in front.

A session loaded through replica A is found again, with the same figures, through replica B
after A is killed: tab storage and auto-saves live in Redis, not in either replica.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import redis
from playwright.sync_api import Page, expect

from .conftest import free_port
from .servers import FailoverProxy, start_redis, start_server, stop_server

pytestmark = pytest.mark.browser

SLOW_MS = 120_000
RESTORED = re.compile(r"^Restored from auto-save at ")


def report_text(page: Page) -> str:
    """The report page's content once its figures are drawn."""
    expect(page.get_by_text("Required capacity", exact=True)).to_be_visible(timeout=SLOW_MS)
    expect(page.get_by_text("Hosts needed", exact=True)).to_be_visible(timeout=SLOW_MS)
    return page.locator(".nicegui-content").inner_text()


def test_replica_b_serves_the_session_after_replica_a_dies(new_page, tmp_path: Path) -> None:
    redis_process, redis_port = start_redis(tmp_path)
    redis_url = f"redis://127.0.0.1:{redis_port}/0"
    env = {"STOREPREDICT_REDIS_URL": redis_url, "STOREPREDICT_DATA_DIR": str(tmp_path / "unused")}
    port_a, port_b = free_port(), free_port()
    replica_a = start_server(tmp_path / "a.log", env, port=port_a)
    replica_b = start_server(tmp_path / "b.log", env, port=port_b)
    proxy = FailoverProxy([port_a, port_b])
    try:
        page = new_page()
        page.goto(proxy.url + "/")
        page.get_by_role("button", name="Try the sample").click()
        expect(page.get_by_test_id("vm-count")).to_have_text("298", timeout=SLOW_MS)
        page.get_by_label("Project name").fill("Contoso DR")
        expect(page.get_by_test_id("project-name")).to_have_text("Contoso DR")
        page.get_by_role("button", name="TB", exact=True).click()  # a tab-storage setting
        page.goto(proxy.url + "/report")
        before = report_text(page)
        assert "TB" in before
        page.wait_for_timeout(1500)  # the auto-save lands in Redis within a second
        store = redis.Redis.from_url(redis_url)
        assert len(store.keys("storepredict:blob:*")) == 1
        assert store.keys("nicegui:tab-*")
        stop_server(replica_a, kill=True)
        page.reload()
        expect(page.get_by_text(RESTORED)).to_be_visible(timeout=SLOW_MS)
        after = report_text(page)
        assert after == before
        expect(page.get_by_test_id("project-name")).to_have_text("Contoso DR")
    finally:
        proxy.close()
        stop_server(replica_a)
        stop_server(replica_b)
        redis_process.terminate()
        redis_process.wait(timeout=10)
