"""Real-browser fixtures: the app served by a subprocess on a free port, and headless Chromium.

Chromium is Debian's (/usr/bin/chromium) driven by Playwright; `playwright install` is never run.
Without Chromium the tests are skipped on a workstation and fail in CI (CI=true).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
# Playwright adds --headless and its own fresh, empty --user-data-dir (a temporary profile).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
VIEWPORT = {"width": 1440, "height": 900}
START_TIMEOUT_S = 60.0


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    """The real `storepredict serve` process on a loopback port."""

    process: subprocess.Popen[bytes]
    port: int
    log: Path

    @property
    def url(self) -> str:
        """Base URL, without a trailing slash."""
        return f"http://127.0.0.1:{self.port}"

    def log_text(self) -> str:
        """Everything the server printed so far."""
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def log_tail(self, lines: int = 40) -> str:
        """The last lines the server printed (for failure messages)."""
        return "\n".join(self.log_text().splitlines()[-lines:])


def _wait_until_serving(server: Server) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"The server exited with {server.process.returncode}:\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(server.url + "/", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    pytest.fail(f"The server did not answer within {START_TIMEOUT_S:.0f} s:\n{server.log_tail()}")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    """`storepredict serve` on 127.0.0.1 and a free port; stopped after the test."""
    # Without PYTEST_CURRENT_TEST (pitfall P3) and NiceGUI's test settings: a production server.
    env = {
        key: value
        for key, value in os.environ.items()
        if key != "PYTEST_CURRENT_TEST" and not key.startswith("NICEGUI_")
    }
    env["STOREPREDICT_DATA_DIR"] = str(tmp_path / "data")  # auto-saves stay in the test's folder
    port = free_port()
    log = tmp_path / "server.log"
    command = [sys.executable, "-m", "storepredict", "serve", "--host", "127.0.0.1"]
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [*command, "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=sink,
            stderr=sink,
            start_new_session=True,  # its own process group, worker processes included
        )
    running = Server(process, port, log)
    try:
        _wait_until_serving(running)
        yield running
    finally:
        print(f"--- server log (tail) ---\n{running.log_tail()}")  # shown when the test failed
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
        with contextlib.suppress(ProcessLookupError):  # no worker outlives its server
            os.killpg(process.pid, signal.SIGKILL)


@pytest.fixture
def browser() -> Iterator[Browser]:
    """Headless Debian Chromium for one test.

    Not session-scoped: Playwright's sync API keeps an event loop running on this thread while it
    is open, which would break every pytest-asyncio test that runs after it.
    """
    if not CHROMIUM.exists():
        reason = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def new_page(browser: Browser) -> Iterator[Callable[[], Page]]:
    """A factory of pages, each in its own browser context (so its own tab storage).

    Contexts use the 1440x900 viewport and accept downloads; all are closed after the test.
    """
    pages: list[Page] = []

    def open_page() -> Page:
        context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
        pages.append(context.new_page())
        return pages[-1]

    yield open_page
    for page in pages:
        page.context.close()  # a no-op for a context the test closed already


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """test-artifacts/ at the repository root (gitignored), for screenshots."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
