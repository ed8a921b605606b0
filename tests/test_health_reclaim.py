"""Reclaimable capacity: shown by reason, left out of the sizing only when the engineer says so;
the extra sheets and acknowledgements survive the session archive; schema-1 archives restore."""

from __future__ import annotations

from pathlib import Path

import pytest

from storepredict.pipeline.classify.scope import OFF_WHOLE_EXPORT, apply_scope, off_whole_export
from storepredict.pipeline.health.reclaim import old_snapshot_mib
from storepredict.pipeline.inventory import Inventory
from storepredict.pipeline.readers.rvtools.workbook import read_rvtools
from storepredict.pipeline.session.archive import restore_session_zip, save_session_zip
from storepredict.pipeline.session.open import new_session
from storepredict.pipeline.settings import SizingSettings, load_settings
from storepredict.pipeline.sizing.storage import size_storage
from tests.health_workbooks import rvtools_estate

ARCHIVES = Path(__file__).resolve().parents[2] / "shared" / "archives"


@pytest.fixture(scope="module")
def content() -> bytes:
    return rvtools_estate()


@pytest.fixture(scope="module")
def estate(content: bytes) -> Inventory:
    return read_rvtools(content, "estate.xlsx")


def _settings(**reclaim: bool) -> SizingSettings:
    return load_settings({"scope": {"include_powered_off": True}, "reclaim": reclaim})


def _by_name(estate: Inventory, settings: SizingSettings) -> dict[str, tuple[bool, float]]:
    result = size_storage(estate, {}, settings)
    return {row.name: (row.in_scope, row.basis_mib) for row in result.vms}


def test_defaults_subtract_nothing(estate: Inventory) -> None:
    assert SizingSettings().reclaim.model_dump() == {
        "exclude_powered_off_whole_export": False,
        "exclude_old_snapshots": False,
    }
    rows = _by_name(estate, _settings())
    assert rows["old01"] == (True, 30720.0)
    assert rows["db01"] == (True, 40960.0)


def test_powered_off_vms_are_left_out_only_when_asked(estate: Inventory) -> None:
    settings = _settings(exclude_powered_off_whole_export=True)
    before = size_storage(estate, {}, _settings()).total.logical_mib
    result = size_storage(estate, {}, settings)
    assert result.scope.excluded[estate.vms[2].vm_id] == OFF_WHOLE_EXPORT
    assert estate.vms[2].name == "old01"
    assert before - result.total.logical_mib == 30720.0
    names = {vm.vm_id: vm.name for vm in estate.vms}
    without_reclaim = apply_scope(estate, settings.scope).excluded
    assert {names[k]: v for k, v in without_reclaim.items()} == {
        "tmpl01": "template",
        "vCLS-1": "vCLS system VM",
    }


def test_a_powered_off_vm_active_during_the_collection_is_not_off_for_the_whole_export(
    estate: Inventory,
) -> None:
    old = estate.vms[2]
    assert off_whole_export(old)
    assert not off_whole_export(old.model_copy(update={"peak_iops": 12.0}))
    assert not off_whole_export(estate.vms[3])  # a template


def test_old_snapshots_are_subtracted_only_when_asked(estate: Inventory) -> None:
    ids = {vm.name: vm.vm_id for vm in estate.vms}
    assert old_snapshot_mib(estate) == {ids["db01"]: 51200.0, ids["web01"]: 200.0}
    rows = _by_name(estate, _settings(exclude_old_snapshots=True))
    assert rows["db01"] == (True, 0.0)  # never below zero
    assert rows["web01"] == (True, 61240.0)
    assert rows["app01"] == (True, 102400.0)  # its only snapshot is a day old
    guest = _by_name(
        estate, load_settings({"basis": "guest_used", "reclaim": {"exclude_old_snapshots": True}})
    )
    assert guest["web01"] == (True, 61240.0)  # no guest data: falls back to in-use, less snapshots


def test_extras_and_acknowledgements_round_trip_through_the_archive(
    content: bytes, estate: Inventory
) -> None:
    state = new_session(estate, [("estate.xlsx", content)]).model_copy(
        update={
            "acknowledged": {"cdrom_connected": "ISO needed by the installer ✓"},
            "settings": _settings(exclude_old_snapshots=True),
        }
    )
    restored, originals = restore_session_zip(save_session_zip(state, [("estate.xlsx", content)]))
    assert restored == state
    assert restored.inventory is not None and restored.inventory.extras == estate.extras
    assert originals == [("estate.xlsx", content)]


@pytest.mark.parametrize("name", sorted(p.name for p in ARCHIVES.glob("v1-*.zip")))
def test_schema_1_archives_restore_without_extras(name: str) -> None:
    state, _ = restore_session_zip((ARCHIVES / name).read_bytes())
    assert state.inventory is not None and state.inventory.extras is None
    assert state.acknowledged == {}
    assert state.settings.reclaim == SizingSettings().reclaim
