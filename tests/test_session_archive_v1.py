"""Schema-1 archives saved before the single capacity model still restore, decisions intact."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storepredict.pipeline.errors import SettingsError
from storepredict.pipeline.session.migrations import drop_layout_reserves, migrate_document
from storepredict.pipeline.session.open import open_files
from storepredict.pipeline.settings import load_settings
from storepredict.pipeline.sizing.run import size_session

ARCHIVES = Path(__file__).resolve().parents[2] / "shared" / "archives"
NAMES = (
    "v1-rvtools-233vms.storepredict.zip",
    "v1-liveoptics-6vms.storepredict.zip",
    "v1-dual-19-6.storepredict.zip",
)


def restore(name: str):
    return open_files([(name, (ARCHIVES / name).read_bytes())])


@pytest.mark.parametrize("name", NAMES)
def test_every_schema_1_archive_restores_and_sizes(name: str) -> None:
    state, originals, restored = restore(name)
    assert restored and originals
    assert state.settings.layout.fill_limit == 0.8
    result = size_session(state)
    for plan in result.layout.strategies.values():
        for d in plan.datastores:
            assert d.used_mib / d.size_mib <= 0.8 * (1 + 1e-9)


def test_the_233_vm_archive_keeps_every_decision() -> None:
    state, _, _ = restore(NAMES[0])
    settings = state.settings
    assert settings.scope.clusters == ["ClusterHPG10+"]
    assert settings.scope.include_powered_off is False
    assert settings.class_drr_overrides == {"unknown": 2.5}
    assert (settings.snapshot_reserve, settings.annual_growth, settings.years) == (0.2, 0.05, 5)
    assert settings.max_fill == 0.75
    assert settings.layout.chosen_strategy == "uniform"
    assert (settings.compute.scenario, settings.compute.ha_spares) == ("stretched", 2)
    result = size_session(state)
    assert result.storage.total.vm_count == 185
    # The layout reserves the archive's own snapshot reserve (20 %) and growth (1.05^5).
    expected = result.storage.total.logical_mib * 1.2 * 1.05**5
    assert result.layout.strategies["uniform"].used_mib == pytest.approx(expected)


def test_the_tidy_up_drops_the_retired_keys_and_leaves_the_input_alone() -> None:
    layout = {"snapshot_reserve": 0.15, "growth_margin": 0.2, "fill_limit": 1.0, "hot_max_vms": 9}
    document = {"schema_version": 1, "state": {"settings": {"layout": layout}}}
    before = json.loads(json.dumps(document))
    tidy = migrate_document(document)
    assert document == before
    assert tidy["state"]["settings"]["layout"] == {"fill_limit": 0.8, "hot_max_vms": 9}
    chosen = {"schema_version": 1, "state": {"settings": {"layout": {"growth_margin": 0.3}}}}
    assert drop_layout_reserves(chosen)["state"]["settings"]["layout"] == {}
    kept = {"schema_version": 1, "state": {"settings": {"layout": {"fill_limit": 0.9}}}}
    assert drop_layout_reserves(kept) is kept


@pytest.mark.parametrize("key", ["snapshot_reserve", "growth_margin"])
def test_settings_with_the_retired_layout_keys_are_refused_as_unknown(key: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({"layout": {key: 0.2}})
    assert caught.value.message == (
        f"Unknown setting 'layout.{key}': remove it or check its spelling."
    )
