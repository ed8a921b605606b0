"""Upload page with a session loaded: update with a newer export, its change report, refusals."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from nicegui import ui
from nicegui.testing import User

from storepredict.pages import store
from storepredict.pipeline.session import SessionState, save_session_zip
from tests.factory import write_workbook
from tests.test_archive_trust import tampered
from tests.test_session_update import decided_session, newer_rows, vinfo_rows

from .helpers import WAIT, by_testid, upload, visit


@pytest.fixture
def exports(samples_dir: Path) -> tuple[bytes, bytes]:
    rows = vinfo_rows(samples_dir)
    newer, _ = newer_rows(rows)
    return write_workbook({"vInfo": rows}), write_workbook({"vInfo": newer})


async def with_session(user: User, old: bytes) -> None:
    state, originals = decided_session(old)
    await visit(user, "/")
    with user:
        store.set_session(state, originals)
    await visit(user, "/")
    await user.should_see("Inventory loaded", retries=WAIT)


async def session_from(user: User, file_name: str) -> SessionState:
    """The tab's session once it was built from `file_name` (the upload runs in the pool)."""
    for _ in range(WAIT):
        with user:
            state = store.get_state()
        if [source.file_name for source in state.sources] == [file_name]:
            return state
        await asyncio.sleep(0.1)
    raise AssertionError(f"the session never came from {file_name}")


def choose(user: User, mode: str) -> None:
    radio = by_testid(user, "upload-mode")
    assert isinstance(radio, ui.radio)
    with user:
        radio.set_value(mode)


async def test_an_update_carries_the_decisions_and_shows_the_change_report(
    user: User, exports
) -> None:
    old, new = exports
    await with_session(user, old)
    choose(user, "update")
    await upload(user, ("new.xlsx", new))
    await user.should_see("What changed with the newer export", retries=WAIT)
    await user.should_see(
        "17 VMs matched, 2 added, 2 removed, 1 renamed, 1 grown or shrunk by more than 10 %."
    )
    await user.should_see("Decisions carried: 1 class overrides, 1 DRR overrides, 0 ignored VMs.")
    with user:
        state = store.get_state()
    renamed = next(vm.vm_id for vm in state.inventory.vms if vm.name == "Banchero16Sfront-new")
    assert state.settings.vm_class_overrides == {renamed: ["db_oracle"]}
    assert [entry.file_name for entry in state.history] == ["old.xlsx"]


async def test_a_new_sizing_is_the_default_and_starts_from_default_settings(
    user: User, exports
) -> None:
    old, new = exports
    await with_session(user, old)
    await upload(user, ("new.xlsx", new))
    state = await session_from(user, "new.xlsx")
    assert state.settings.class_drr_overrides == {}
    assert state.last_update is None
    assert [source.file_name for source in state.sources] == ["new.xlsx"]


async def test_an_update_matching_no_vm_asks_first_and_cancel_keeps_the_session(
    user: User, exports, samples_dir: Path
) -> None:
    old, _ = exports
    await with_session(user, old)
    with user:
        before = store.get_state()
    choose(user, "update")
    other = (samples_dir / "rvtools-4.4.3-124vms.xlsx").read_bytes()
    await upload(user, ("other.xlsx", other))
    await user.should_see("Update with an export that matches no VM?", retries=WAIT)
    user.find(marker="cancel-update").click()  # the dialog's, not the upload's own Cancel
    await user.should_not_see("Update with an export that matches no VM?", retries=WAIT)
    with user:
        assert store.get_state() == before


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            lambda d: d["state"]["inventory"]["vms"][3].update(name="not-in-the-export"),
            "session.json does not match its original export: the VM the export names",
        ),
        (lambda d: d.update(sources=[]), "session.json lists no original export"),
        (
            lambda d: d["state"].update(project_name="x" * 121),
            "session.json holds state.project_name of 121 characters, over the limit of 120",
        ),
    ],
)
async def test_a_tampered_archive_is_refused_and_the_session_stays(
    user: User, exports, edit, message: str
) -> None:
    old, _ = exports
    state, originals = decided_session(old)
    archive = tampered(save_session_zip(state, originals), edit)
    await with_session(user, old)
    with user:
        before = store.get_state()
    await upload(user, ("tampered.storepredict.zip", archive))
    await user.should_see(message, retries=WAIT)
    await user.should_see("Not loaded: your current session is unchanged")
    with user:
        assert store.get_state() == before


async def test_scenarios_are_duplicated_and_compared(user: User, exports) -> None:
    old, _ = exports
    await with_session(user, old)
    await visit(user, "/scenarios")
    await user.should_see(kind=ui.table, retries=WAIT)
    name = by_testid(user, "scenario-name")
    assert isinstance(name, ui.input)
    with user:
        name.set_value("Aggressive DRR")
    user.find("Duplicate the active scenario").click()
    await user.should_see("Make active", retries=WAIT)
    await user.should_see(kind=ui.table, retries=WAIT)
    table = by_testid(user, "scenario-table")
    assert isinstance(table, ui.table)
    assert [row["name"] for row in table.rows] == ["Aggressive DRR (active)", "Base"]
    assert table.rows[0]["required"] == table.rows[1]["required"]  # a copy sizes the same
    with user:
        state = store.get_state()
    assert state.scenario_name == "Aggressive DRR"
    assert [other.name for other in state.scenarios] == ["Base"]
