"""Every refused input of the bad-input corpus, uploaded after a good export: the upload page
shows the exact message and the tab's session stays exactly as it was."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from nicegui.testing import User

from storepredict.pages import store
from storepredict.pipeline.limits import DEFAULT_LIMITS
from storepredict.pipeline.session.open import open_files
from tests.test_bad_inputs import REFUSED, Upload

from .helpers import WAIT, summary_counts, upload, visit

GOOD = "liveoptics-2022-6vms.xlsx"


@pytest.fixture
def case(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Upload]:
    """The corpus case, with its small limits in the environment before the app starts."""
    for key in [k for k in os.environ if k.startswith("STOREPREDICT_")]:
        monkeypatch.delenv(key)
    for key, value in request.param.case.env.items():
        monkeypatch.setenv(key, value)
    yield request.param


@pytest.mark.parametrize("case", REFUSED, ids=[u.case.name for u in REFUSED], indirect=True)
async def test_refused_upload_shows_its_message_and_keeps_the_session(
    case: Upload, user: User, samples_dir: Path
) -> None:
    # The earlier session is put in place directly: some cases shrink the upload limit below
    # the size of any real export.
    state, originals, _ = open_files([(GOOD, (samples_dir / GOOD).read_bytes())], DEFAULT_LIMITS)
    await visit(user, "/")
    with user:
        store.set_session(state, originals)
    await visit(user, "/")
    await user.should_see("Inventory loaded", retries=WAIT)
    before_counts = summary_counts(user)
    with user:
        before = store.get_state()
    await upload(user, *case.files)
    await user.should_see(case.case.message, retries=WAIT)
    await user.should_see("Not loaded: your current session is unchanged")
    assert summary_counts(user) == before_counts
    with user:
        assert store.get_state() == before
