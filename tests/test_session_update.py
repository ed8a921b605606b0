"""Updating a session with a newer export: decisions follow their VMs, the change report is exact.

The "newer export" is derived from the real 19-VM RVTools sample's vInfo rows with the workbook
factory: two VMs removed, two added (one with the name of an existing VM), one renamed, one grown.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from storepredict.pipeline.errors import InputError, NoMatchError
from storepredict.pipeline.session.archive import save_session_zip
from storepredict.pipeline.session.open import open_files
from storepredict.pipeline.session.update import change_summary, update_session
from storepredict.pipeline.sizing.run import size_session
from tests.factory import write_workbook

SAMPLE = "rvtools-4.7.1-19vms.xlsx"
RENAMED = ("Banchero16Sfront", "Banchero16Sfront-new")
REMOVED = ("banchero12fsSRV", "Banchero16Bckp_restored")


def vinfo_rows(samples_dir: Path) -> list[list[object]]:
    book = openpyxl.load_workbook(samples_dir / SAMPLE, read_only=True)
    return [list(row) for row in book["vInfo"].iter_rows(values_only=True)]


def newer_rows(rows: list[list[object]]) -> tuple[list[list[object]], str]:
    header = rows[0]
    name, uuid, in_use = header.index("VM"), header.index("VM UUID"), header.index("In Use MiB")
    body = [list(row) for row in rows[1:] if row[name] not in REMOVED]
    grown = next(row for row in body if row[name] not in (RENAMED[0],) and row[in_use])
    grown[in_use] = int(grown[in_use] * 1.5)
    for row in body:
        if row[name] == RENAMED[0]:
            row[name] = RENAMED[1]
    fresh = [list(body[0]), list(body[1])]
    fresh[0][name], fresh[0][uuid] = "brand-new-vm", "500a0000-0000-0000-0000-000000000001"
    fresh[1][uuid] = "500a0000-0000-0000-0000-000000000002"  # same name as body[1]: a duplicate
    for row in fresh:
        row[header.index("SMBIOS UUID")] = None
        row[header.index("VI SDK UUID")] = None
    return [header, *body, *fresh], str(grown[name])


@pytest.fixture
def exports(samples_dir: Path) -> tuple[bytes, bytes, str]:
    rows = vinfo_rows(samples_dir)
    newer, grown = newer_rows(rows)
    return write_workbook({"vInfo": rows}), write_workbook({"vInfo": newer}), grown


def decided_session(old: bytes):
    state, originals, _ = open_files([("old.xlsx", old)])
    ids = {vm.name: vm.vm_id for vm in state.inventory.vms}
    settings = state.settings.model_copy(
        update={
            "vm_class_overrides": {
                ids[RENAMED[0]]: ["db_oracle"],
                ids[REMOVED[0]]: ["vdi_full_clone"],
            },
            "vm_drr_overrides": {ids["Banchero16Bckp_restored"]: 1.5, ids[RENAMED[0]]: 1.2},
            "class_drr_overrides": {"unknown": 2.5},
            "scope": state.settings.scope.model_copy(
                update={"clusters": ["BC-Cluster1", "Gone-Cluster"], "include_powered_off": True}
            ),
        }
    )
    return state.model_copy(update={"settings": settings}), originals


def test_update_carries_every_decision_and_reports_exact_counts(exports) -> None:
    old, new, grown = exports
    state, _ = decided_session(old)
    updated, originals = update_session(state, [("new.xlsx", new)])
    report = updated.last_update
    assert report is not None
    assert report.matched == 17
    names = [vm.name for vm in updated.inventory.vms]
    duplicate = next(name for name in names if names.count(name) == 2)
    assert sorted(report.added) == sorted(["brand-new-vm", duplicate])
    assert sorted(report.removed) == sorted(REMOVED)
    assert [(r.old_name, r.new_name) for r in report.renamed] == [RENAMED]
    assert [r.vm for r in report.resized] == [grown]
    assert report.carried == {"vm_class_overrides": 1, "vm_drr_overrides": 1, "ignored": 0}
    assert sorted((d.vm, d.decision) for d in report.dropped) == [
        ("Banchero16Bckp_restored", "vm_drr_overrides"),
        ("banchero12fsSRV", "vm_class_overrides"),
    ]
    assert report.missing_scope == ["cluster Gone-Cluster"]
    assert report.replaced == ["old.xlsx"]
    assert originals == [("new.xlsx", new)]
    new_ids = {vm.name: vm.vm_id for vm in updated.inventory.vms}
    settings = updated.settings
    assert settings.vm_class_overrides == {new_ids[RENAMED[1]]: ["db_oracle"]}
    assert settings.vm_drr_overrides == {new_ids[RENAMED[1]]: 1.2}
    assert settings.class_drr_overrides == {"unknown": 2.5}
    assert settings.scope.clusters == ["BC-Cluster1", "Gone-Cluster"]
    assert settings.scope.include_powered_off is True
    assert [h.file_name for h in updated.history] == ["old.xlsx"]
    assert updated.history[0].vm_count == 19
    before, after = size_session(state), size_session(updated)
    delta = report.delta
    assert delta is not None
    assert delta.required_mib == pytest.approx(
        after.storage.total.required_mib - before.storage.total.required_mib
    )
    assert delta.hosts == after.compute.hosts - before.compute.hosts


def test_ignored_vm_follows_its_vm_through_a_rename(exports) -> None:
    old, new, _ = exports
    state, _ = decided_session(old)
    ids = {vm.name: vm.vm_id for vm in state.inventory.vms}
    scope = state.settings.scope.model_copy(update={"ignored_vm_ids": [ids[RENAMED[0]]]})
    state = state.model_copy(
        update={"settings": state.settings.model_copy(update={"scope": scope})}
    )
    updated, _ = update_session(state, [("new.xlsx", new)])
    renamed_id = next(vm.vm_id for vm in updated.inventory.vms if vm.name == RENAMED[1])
    assert updated.settings.scope.ignored_vm_ids == [renamed_id]
    assert updated.last_update.carried["ignored"] == 1


def test_an_update_survives_the_archive_round_trip(exports) -> None:
    old, new, _ = exports
    state, _ = decided_session(old)
    updated, originals = update_session(state, [("new.xlsx", new)])
    restored, restored_originals, _ = open_files([("s.zip", save_session_zip(updated, originals))])
    assert restored == updated
    assert restored_originals == originals


def test_change_summary_reads_as_sentences(exports) -> None:
    old, new, _ = exports
    state, _ = decided_session(old)
    updated, _ = update_session(state, [("new.xlsx", new)])
    lines = change_summary(updated.last_update)
    assert lines[0] == (
        "17 VMs matched, 2 added, 2 removed, 1 renamed, 1 grown or shrunk by more than 10 %."
    )
    assert lines[1] == "Decisions carried: 1 class overrides, 1 DRR overrides, 0 ignored VMs."
    assert lines[3] == (
        "The scope names what the newer export no longer has: cluster Gone-Cluster. "
        "Check the scope."
    )


def test_an_export_of_another_estate_is_refused_unless_allowed(exports, samples_dir: Path) -> None:
    old, _, _ = exports
    state, _ = decided_session(old)
    other = (samples_dir / "rvtools-4.4.3-124vms.xlsx").read_bytes()
    with pytest.raises(NoMatchError) as error:
        update_session(state, [("other.xlsx", other)])
    assert error.value.message == (
        "The newer export matches none of the 19 VMs of this sizing (by UUID or name): it looks "
        "like another estate. Check that you picked an export of the same vCenter(s), or start a "
        "new sizing with it."
    )
    updated, _ = update_session(state, [("other.xlsx", other)], allow_no_match=True)
    assert updated.last_update.matched == 0
    assert len(updated.last_update.dropped) == 4


def test_an_unreadable_newer_export_changes_nothing(exports) -> None:
    old, _, _ = exports
    state, _ = decided_session(old)
    snapshot = state.model_copy(deep=True)
    with pytest.raises(InputError):
        update_session(state, [("broken.xlsx", b"PK\x03\x04 not really")])
    assert state == snapshot


def test_a_session_archive_is_not_an_update(exports) -> None:
    old, _, _ = exports
    state, originals = decided_session(old)
    with pytest.raises(InputError) as error:
        update_session(state, [("s.zip", save_session_zip(state, originals))])
    assert error.value.message == (
        "s.zip is a saved session, not an export: to update this sizing, upload the customer's "
        "newer RVTools or LiveOptics export."
    )
