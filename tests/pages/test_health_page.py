"""The health page under a simulated user: counts, severity filter, evidence, acknowledgements."""

from __future__ import annotations

import pytest
from nicegui import ui
from nicegui.testing import User

from storepredict.pages import store
from storepredict.pipeline.health import run_checks
from storepredict.pipeline.limits import DEFAULT_LIMITS
from storepredict.pipeline.session.open import open_files
from storepredict.pipeline.session.state import SessionState
from storepredict.pipeline.units import format_capacity
from tests.health_workbooks import rvtools_estate

from .helpers import WAIT, text_of

FILE = "estate.xlsx"


@pytest.fixture(scope="module")
def estate() -> tuple[SessionState, list[tuple[str, bytes]]]:
    content = rvtools_estate()
    state, originals, _ = open_files([(FILE, content)], DEFAULT_LIMITS)
    return state, originals


async def open_health(user: User, state: SessionState, originals) -> None:
    await user.open("/")
    with user:
        store.set_session(state, originals)
    await user.open("/health")
    await user.should_see(marker="status-flagged", retries=WAIT)


def _titles(user: User) -> list[str]:
    return sorted(e.text for e in user.find(kind=ui.expansion).elements)  # type: ignore[attr-defined]


async def test_counts_per_status_and_category_match_the_pipeline(user: User, estate) -> None:
    state, originals = estate
    await open_health(user, state, originals)
    assert state.inventory is not None
    report = run_checks(state.inventory, state.settings)
    counts = report.status_counts()
    assert text_of(user, "status-flagged") == str(counts["flagged"]) == "40"
    assert text_of(user, "status-ok") == str(counts["ok"])
    assert text_of(user, "status-not_assessable") == "2"
    assert text_of(user, "category-licensing") == "5"
    assert text_of(user, "category-protection") == "4"
    assert text_of(user, "reclaimable-total") == format_capacity(102600.0, "TiB")
    titles = _titles(user)
    assert len(titles) == len(report.results)
    assert "Powered-off VMs · Flagged (1)" in titles
    assert "Powered-on VMs with no activity · Not assessable" in titles
    assert "Duplicate VM names · OK" in titles


async def test_severity_filter_and_evidence_table(user: User, estate) -> None:
    await open_health(user, *estate)
    user.find(marker="severity-filter").elements.pop().set_value("critical")
    await user.should_not_see("Powered-off VMs · Flagged (1)")
    titles = _titles(user)
    assert titles == [
        "Clusters that cannot restart their VMs after a host failure · Flagged (1)",
        "ESXi releases past end of general support · Flagged (2)",
        "Licences used beyond their total · Flagged (1)",
        "VMs larger than a host of their cluster · Flagged (2)",
        "vCenter past end of general support · Flagged (1)",
    ]
    table = user.find(marker="evidence-vm_larger_than_host").elements.pop()
    assert [(r["object"], r["detail"]) for r in table.rows] == [  # type: ignore[attr-defined]
        ("db01", "64 vCPU > 32 cores"),
        ("big02", "80 vCPU > 16 cores; 40 GiB > 32 GiB RAM"),
    ]


async def test_acknowledged_checks_stay_listed_greyed_and_are_saved(user: User, estate) -> None:
    await open_health(user, *estate)
    user.find(marker="note-cdrom_connected").type("installer ISO, on purpose")
    user.find(marker="acknowledge-cdrom_connected").click()
    await user.should_see("Acknowledged: installer ISO, on purpose")
    with user:
        assert store.get_state().acknowledged == {"cdrom_connected": "installer ISO, on purpose"}
    row = user.find(marker="check-cdrom_connected").elements.pop()
    assert "opacity-50" in row.classes
    await user.open("/health")  # reload: the acknowledgement is part of the session
    await user.should_see("Acknowledged: installer ISO, on purpose", retries=WAIT)
    user.find("Download session").click()
    response = await user.download.next()
    restored, _, _ = open_files([("saved.storepredict.zip", response.content)], DEFAULT_LIMITS)
    assert restored.acknowledged == {"cdrom_connected": "installer ISO, on purpose"}


async def test_reclaim_switch_changes_the_scope(user: User, estate) -> None:
    state, originals = estate
    state = state.model_copy(
        update={
            "settings": state.settings.model_copy(
                update={
                    "scope": state.settings.scope.model_copy(update={"include_powered_off": True})
                }
            )
        }
    )
    await open_health(user, state, originals)
    await user.should_see("5 of 7 VMs in scope")
    await user.should_see(format_capacity(286720.0, "TiB"), retries=WAIT)  # sized beside
    user.find(marker="reclaim-exclude_powered_off_whole_export").click()
    await user.should_see("4 of 7 VMs in scope")
    await user.should_see(format_capacity(286720.0 - 30720.0, "TiB"), retries=WAIT)
    with user:
        assert store.get_state().settings.reclaim.exclude_powered_off_whole_export


async def test_without_data_points_to_upload(user: User) -> None:
    await user.open("/health")
    await user.should_see("No inventory loaded yet.", retries=WAIT)
