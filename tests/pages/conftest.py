"""NiceGUI `user` fixtures for the page tests, running the real app from main.py.

`pytest_plugins` is only allowed in the top-level conftest, so the two fixtures of
nicegui.testing.user_plugin are rebuilt here on its public `user_simulation` instead.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import pytest
from nicegui import core, ui
from nicegui.functions.download import download
from nicegui.functions.navigate import Navigate
from nicegui.functions.notify import notify
from nicegui.testing import User
from nicegui.testing.general import prepare_simulation
from nicegui.testing.general_fixtures import pytest_configure  # noqa: F401  (temp storage path)
from nicegui.testing.user_simulation import user_simulation

from storepredict.pages.store import PREVIOUS_KEY_JS

MAIN_FILE = Path(__file__).resolve().parents[2] / "main.py"


def remember_no_session(simulated: User, key: str | None = None) -> User:
    """Answer the page's question for the session key its browser tab kept (`key`: none yet)."""
    simulated.javascript_rules[re.compile(re.escape(PREVIOUS_KEY_JS))] = lambda _match: key
    return simulated


@pytest.fixture
async def user(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> AsyncIterator[User]:
    """A simulated browser tab on the real app; fails the test on any ERROR log."""
    # The simulated browser asks for host "test"; auto-saves go to this test's own folder.
    monkeypatch.setenv("STOREPREDICT_ALLOWED_HOSTS", "test,localhost,127.0.0.1")
    monkeypatch.setenv("STOREPREDICT_DATA_DIR", str(tmp_path / "storepredict-data"))
    async with user_simulation(main_file=MAIN_FILE) as simulated:
        remember_no_session(simulated)
        yield simulated
        errors = [r for r in caplog.get_records("call") if r.levelname == "ERROR"]
        if errors:
            pytest.fail(f"Unexpected ERROR logs: {[r.getMessage() for r in errors]}", pytrace=False)


@pytest.fixture
async def create_user(user: User) -> AsyncIterator[Callable[[], User]]:
    """A factory of further simulated tabs (each with its own tab storage) on the same app."""
    del user  # the app is started by the `user` fixture
    prepare_simulation()
    try:
        async with core.app.router.lifespan_context(core.app):
            yield lambda: remember_no_session(
                User(
                    httpx.AsyncClient(
                        transport=httpx.ASGITransport(core.app), base_url="http://test"
                    )
                )
            )
    finally:
        ui.navigate = Navigate()
        ui.notify = notify
        ui.download = download
