"""Issue 13 items 3 and 4: every assumption editable with default and reset; new sizing vs keep."""

from __future__ import annotations

import pytest
from nicegui.testing import User

from storepredict.pages import store
from storepredict.pipeline.limits import DEFAULT_LIMITS
from storepredict.pipeline.session.open import open_files
from storepredict.pipeline.session.state import SessionState
from storepredict.pipeline.settings import SizingSettings, numeric_fields
from storepredict.pipeline.sizing.run import size_session
from storepredict.pipeline.units import format_capacity

from .estates import wait_for_settings
from .helpers import WAIT, by_testid, sample_bytes, text_of, upload, visit

SAMPLE = "sample-rvtools.xlsx"


@pytest.fixture(scope="module")
def sample() -> tuple[SessionState, list[tuple[str, bytes]]]:
    """The bundled sample as a fresh session."""
    state, originals, _ = open_files([(SAMPLE, sample_bytes())], DEFAULT_LIMITS)
    return state, originals


async def open_loaded(user: User, sample, path: str) -> None:
    """Put the sample into the simulated tab, then open `path`."""
    state, originals = sample
    await visit(user, "/")
    with user:
        store.set_session(state, originals)
    await visit(user, path)


@pytest.mark.parametrize(
    ("key", "shown", "stored", "factor"),
    [
        ("snapshot_reserve", 30, 0.30, 1.30 / 1.15),  # x (1 + reserve)
        ("annual_growth", 20, 0.20, (1.20 / 1.10) ** 3),  # x (1 + growth) ^ years
        ("years", 5, 5, 1.10**2),
        ("max_fill", 50, 0.50, 0.80 / 0.50),  # / max fill
    ],
)
async def test_an_assumption_changes_the_report_by_the_predicted_factor(
    user: User, sample, key: str, shown: float, stored: float, factor: float
) -> None:
    state, _ = sample
    before = size_session(state).storage.total.required_mib
    changed = state.settings.model_copy(update={key: stored})
    after = size_session(state.model_copy(update={"settings": changed})).storage.total
    assert after.required_mib == pytest.approx(before * factor)

    await open_loaded(user, sample, "/classify")
    await user.should_see(marker=f"assumption-{key}", retries=WAIT)
    field = by_testid(user, f"assumption-{key}")
    with user:
        field.set_value(shown)
    await wait_for_settings(user, lambda s: getattr(s, key) == pytest.approx(stored))
    await visit(user, "/report")
    await user.should_see(marker="required", retries=WAIT)
    assert text_of(user, "required") == format_capacity(after.required_mib, "TiB")


async def test_every_storage_assumption_shows_its_unit_range_default_and_reset(
    user: User, sample
) -> None:
    await open_loaded(user, sample, "/classify")
    await user.should_see(marker="assumption-max_fill", retries=WAIT)
    for key, suffix in (
        ("snapshot_reserve", "%"),
        ("annual_growth", "%"),
        ("years", "years"),
        ("max_fill", "%"),
    ):
        field = by_testid(user, f"assumption-{key}")
        assert field.props["suffix"] == suffix
        assert field.props["hint"].startswith("Allowed: ")
    assert by_testid(user, "assumption-max_fill").props["hint"] == (
        "Allowed: above 0 % and at most 100 %"
    )
    years = by_testid(user, "assumption-years")
    with user:
        years.set_value(5)
    await wait_for_settings(user, lambda s: s.years == 5)
    await user.should_see("Default: 3 years", retries=WAIT)
    user.find(marker="reset-assumption-years").click()
    await wait_for_settings(user, lambda s: s.years == 3)
    assert years.value == 3
    await user.should_not_see("Default: 3 years", retries=WAIT)


async def test_layout_and_compute_assumptions_come_from_the_model(user: User, sample) -> None:
    await open_loaded(user, sample, "/layout")
    await user.should_see(marker="assumption-layout-fill_limit", retries=WAIT)
    layout_paths = [f.path for f in numeric_fields() if f.path.startswith("layout.")]
    for path in layout_paths:
        assert by_testid(user, "assumption-" + path.replace(".", "-"))
    await visit(user, "/compute")
    await user.should_see(marker="assumption-compute-vcpu_per_core", retries=WAIT)
    assert by_testid(user, "assumption-compute-min_hosts_per_cluster")


async def test_a_new_upload_starts_a_fresh_sizing_unless_settings_are_kept(
    user: User, sample
) -> None:
    state, originals = sample
    custom = state.settings.model_copy(update={"snapshot_reserve": 0.4, "years": 5})
    previous = state.model_copy(update={"settings": custom, "project_name": "Previous customer"})
    await visit(user, "/")
    with user:
        store.set_session(previous, originals)
    await visit(user, "/")
    await user.should_see("Inventory loaded", retries=WAIT)
    await upload(user, (SAMPLE, sample_bytes()))
    await wait_for_settings(user, lambda s: s == SizingSettings())
    with user:
        assert store.get_state().project_name == SessionState().project_name

    with user:
        store.set_session(previous, originals)
    await visit(user, "/")
    await user.should_see(marker="upload-mode", retries=WAIT)
    with user:
        by_testid(user, "upload-mode").set_value("keep")
    await upload(user, (SAMPLE, sample_bytes()))
    await wait_for_settings(user, lambda s: s.snapshot_reserve == 0.4 and s.years == 5)


async def test_new_sizing_clears_the_tab_after_a_confirmation(user: User, sample) -> None:
    await open_loaded(user, sample, "/layout")
    await user.should_see(marker="new-sizing", retries=WAIT)
    user.find(marker="new-sizing").click()
    await user.should_see("Start a new sizing?")
    with user:
        assert store.get_state().inventory is not None  # nothing cleared before the confirmation
    user.find(marker="new-sizing-confirm").click()
    await user.should_see("No data loaded", retries=WAIT)
    with user:
        assert store.get_state() == SessionState()
        assert store.get_originals() == []
