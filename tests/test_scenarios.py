"""Scenarios of one session: duplicate, switch, delete, compare; they survive the archive."""

from __future__ import annotations

import pytest

from storepredict.pipeline.errors import SettingsError
from storepredict.pipeline.session.archive import save_session_zip
from storepredict.pipeline.session.open import open_files
from storepredict.pipeline.session.scenarios import (
    all_scenarios,
    compare_scenarios,
    delete_scenario,
    duplicate_scenario,
    switch_scenario,
)
from storepredict.pipeline.sizing.run import size_session
from tests.pages.helpers import sample_bytes


@pytest.fixture(scope="module")
def opened():
    return open_files([("sample-rvtools.xlsx", sample_bytes())])


def test_duplicate_makes_an_editable_copy_active(opened) -> None:
    state = duplicate_scenario(opened.state, "Aggressive DRR")
    assert state.scenario_name == "Aggressive DRR"
    assert [name for name, _ in all_scenarios(state)] == ["Aggressive DRR", "Base"]
    edited = state.model_copy(
        update={"settings": state.settings.model_copy(update={"profile": "flat_2"})}
    )
    back = switch_scenario(edited, "Base")
    assert back.settings == opened.state.settings
    assert [name for name, _ in all_scenarios(back)] == ["Base", "Aggressive DRR"]
    assert back.scenarios[0].settings.profile == "flat_2"
    assert switch_scenario(back, "Aggressive DRR").settings.profile == "flat_2"


def test_names_are_unique_and_bounded(opened) -> None:
    state = duplicate_scenario(opened.state, "Option B")
    with pytest.raises(SettingsError, match=r"^A scenario named 'option b' exists already"):
        duplicate_scenario(state, "option b")
    with pytest.raises(SettingsError, match=r"^A scenario name needs 1 to 80 characters\.$"):
        duplicate_scenario(state, "  ")
    with pytest.raises(SettingsError, match=r"^The active scenario cannot be deleted"):
        delete_scenario(state, "Option B")
    assert delete_scenario(state, "Base").scenarios == []


def test_compare_gives_each_scenario_its_own_sizing(opened) -> None:
    state = duplicate_scenario(opened.state, "No reduction")
    state = state.model_copy(
        update={"settings": state.settings.model_copy(update={"profile": "flat_1"})}
    )
    rows = compare_scenarios(state)
    assert [(row.name, row.active) for row in rows] == [("No reduction", True), ("Base", False)]
    base = size_session(opened.state)
    assert rows[1].required_mib == base.storage.total.required_mib
    assert rows[1].hosts == base.compute.hosts
    assert rows[0].effective_drr == 1.0
    assert set(rows[0].datastores_by_strategy) == {"consolidation", "performance", "uniform"}


def test_scenarios_survive_the_archive(opened) -> None:
    state = duplicate_scenario(opened.state, "Stretched")
    restored, _, _ = open_files([("s.zip", save_session_zip(state, opened.originals))])
    assert restored.scenario_name == "Stretched"
    assert [s.name for s in restored.scenarios] == ["Base"]
