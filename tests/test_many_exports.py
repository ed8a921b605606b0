"""Many exports, one estate: several RVTools (one per vCenter) and LiveOptics exports at once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from storepredict.cli import main
from storepredict.pipeline.errors import InputError
from storepredict.pipeline.inventory import Inventory
from storepredict.pipeline.readers.ingest import load_inventory
from storepredict.pipeline.session.archive import restore_session_zip, save_session_zip
from storepredict.pipeline.session.open import open_files
from storepredict.pipeline.settings import ScopeSettings, SizingSettings
from storepredict.pipeline.sizing.run import size_session
from tests.factory import write_workbook

VINFO = [
    "VM", "Powerstate", "CPUs", "Memory", "Provisioned MiB", "In Use MiB", "Datacenter",
    "Cluster", "VM UUID", "VI SDK Server",
]  # fmt: skip
META = ["RVTools major version", "RVTools version", "xlsx creation datetime", "Server"]


def rvtools(vcenter: str, taken: dt.datetime, *vms: tuple[str, str, int]) -> bytes:
    """An RVTools export of one vCenter: (name, uuid, provisioned MiB) per VM."""
    rows = [
        [name, "poweredOn", 2, 4096, size, size // 2, "DC1", f"CL-{vcenter}", uuid, vcenter]
        for name, uuid, size in vms
    ]
    return write_workbook(
        {"vInfo": [VINFO, *rows], "vMetaData": [META, ["4.7", "4.7.1.4", taken, vcenter]]}
    )


MAY = dt.datetime(2025, 5, 30, 15, 43, 3)
# vc-a and vc-b are linked-mode vCenters: the export of vc-b also lists two VMs of vc-a.
EXPORT_A = rvtools(
    "vc-a", MAY, ("a1", "uuid-1", 1000), ("a2", "uuid-2", 2000), ("a3", "uuid-3", 3000)
)
EXPORT_B = rvtools("vc-b", MAY, ("b1", "uuid-4", 4000), ("b2", "uuid-1", 5000))
# The second export of vc-b also lists two vc-a VMs under their own vCenter (the UUID in
# another case), one with other values: the first export's values are kept.
EXPORT_AB = write_workbook(
    {
        "vInfo": [
            VINFO,
            ["c1", "poweredOn", 2, 4096, 6000, 3000, "DC1", "CL-vc-b", "uuid-6", "vc-b"],
            ["a2 (again)", "poweredOn", 2, 4096, 9999, 4999, "DC1", "CL-vc-a", "uuid-2", "vc-a"],
            ["a3", "poweredOn", 2, 4096, 3000, 1500, "DC1", "CL-vc-a", "UUID-3", "vc-a"],
        ],
        "vMetaData": [META, ["4.7", "4.7.1.4", MAY + dt.timedelta(hours=2), "vc-b"]],
    }
)
FILES = [("vc-a.xlsx", EXPORT_A), ("vc-b.xlsx", EXPORT_B), ("linked.xlsx", EXPORT_AB)]


@pytest.fixture(scope="module")
def estate() -> Inventory:
    return load_inventory(FILES)


def test_three_overlapping_exports_count_each_vm_once(estate: Inventory) -> None:
    assert estate.format == "rvtools"
    # uuid-1 in vc-b is another VM than uuid-1 in vc-a: the key is vCenter + instance UUID.
    assert [vm.name for vm in estate.vms] == ["a1", "a2", "a3", "b1", "b2", "c1"]
    assert estate.totals() == {
        "provisioned_mib": 21000.0,
        "in_use_mib": 10500.0,
        "guest_used_mib": 0,
        "vcpu": 12,
        "memory_mib": 24576.0,
    }
    assert len({vm.vm_id for vm in estate.vms}) == 6
    (repeats,) = [f for f in estate.findings if f.code == "duplicate_vms_across_exports"]
    assert repeats.rows == ["a2", "a3"]
    assert repeats.severity == "info"
    assert repeats.message == (
        "2 VM(s) appear in more than one RVTools export (same vCenter and instance UUID, e.g. "
        "linked-mode vCenters or an export taken twice) and are counted once, with the values of "
        "the first export; repeats were found in 'linked.xlsx'."
    )
    assert not [f for f in estate.findings if f.code == "export_dates_differ"]


def test_every_vm_keeps_its_provenance(estate: Inventory) -> None:
    provenance = {
        vm.name: (vm.source, vm.vcenter, vm.export_date, vm.other_sources) for vm in estate.vms
    }
    assert provenance == {
        "a1": ("vc-a.xlsx", "vc-a", "2025-05-30 15:43:03", []),
        "a2": ("vc-a.xlsx", "vc-a", "2025-05-30 15:43:03", ["linked.xlsx"]),
        "a3": ("vc-a.xlsx", "vc-a", "2025-05-30 15:43:03", ["linked.xlsx"]),
        "b1": ("vc-b.xlsx", "vc-b", "2025-05-30 15:43:03", []),
        "b2": ("vc-b.xlsx", "vc-b", "2025-05-30 15:43:03", []),
        "c1": ("linked.xlsx", "vc-b", "2025-05-30 17:43:03", []),
    }
    assert [(s.file_name, s.vcenters, s.vm_count) for s in estate.sources] == [
        ("vc-a.xlsx", ["vc-a"], 3),
        ("vc-b.xlsx", ["vc-b"], 2),
        ("linked.xlsx", ["vc-b", "vc-a"], 3),
    ]
    assert estate.vcenters == ["vc-a", "vc-b"]


def test_findings_of_each_export_name_their_file(estate: Inventory) -> None:
    missing = [f.message for f in estate.findings if f.code == "vpartition_missing"]
    assert missing == [
        f"{name}: The export has no vPartition sheet: guest file-system usage is unknown for "
        "every VM."
        for name, _ in FILES
    ]


def test_exports_of_one_vcenter_taken_on_different_days_are_flagged() -> None:
    june = rvtools("vc-a", dt.datetime(2025, 6, 2, 9, 0), ("a9", "uuid-9", 100))
    inventory = load_inventory([*FILES[:2], ("vc-a-june.xlsx", june)])
    (finding,) = [f for f in inventory.findings if f.code == "export_dates_differ"]
    assert finding.message == (
        "vCenter vc-a comes from RVTools exports taken on different days (vc-a.xlsx on "
        "2025-05-30, vc-a-june.xlsx on 2025-06-02): the estate mixes two moments. To follow an "
        "estate over time, size the older export and update the sizing with the newer one "
        "instead."
    )
    assert (finding.severity, finding.rows) == ("warning", ["vc-a.xlsx", "vc-a-june.xlsx"])


def test_vcenter_scope(estate: Inventory) -> None:
    state, _, _ = open_files(FILES)
    scope = ScopeSettings(vcenters=["vc-b"])
    sized = size_session(state.model_copy(update={"settings": SizingSettings(scope=scope)}))
    names = {vm.vm_id: vm.name for vm in estate.vms}
    assert sorted(names[i] for i in sized.storage.scope.in_scope) == ["b1", "b2", "c1"]
    assert {names[i]: r for i, r in sized.storage.scope.excluded.items()} == {
        "a1": "vCenter not selected",
        "a2": "vCenter not selected",
        "a3": "vCenter not selected",
    }
    assert sized.storage.total.vm_count == 3


def test_archive_round_trip_keeps_every_original(tmp_path: Path) -> None:
    state, originals, restored = open_files(FILES)
    assert not restored and originals == FILES
    assert [(s.file_name, s.size, s.format) for s in state.sources] == [
        (name, len(content), "rvtools") for name, content in FILES
    ]
    archive = save_session_zip(state, originals)
    back, back_originals = restore_session_zip(archive)
    assert back == state
    assert back_originals == FILES
    reopened = open_files([("estate.zip", archive)])
    assert reopened.restored and reopened.originals == FILES
    # The originals restored from the archive rebuild the very same estate.
    assert load_inventory(back_originals) == state.inventory


def test_the_cli_reads_many_exports(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    paths = []
    for name, content in FILES:
        (tmp_path / name).write_bytes(content)
        paths.append(str(tmp_path / name))
    assert main(["inspect", *paths]) == 0
    out = capsys.readouterr().out
    assert "VMs: 6  hosts: 0\n" in out
    assert [line for line in out.splitlines() if line.startswith("source:")] == [
        "source: vc-a.xlsx (rvtools 4.7.1.4)",
        "source: vc-b.xlsx (rvtools 4.7.1.4)",
        "source: linked.xlsx (rvtools 4.7.1.4)",
    ]


LO_VMS = [
    "MOB ID", "VM Name", "Power State", "Virtual Disk Size (MiB)", "Virtual Disk Used (MiB)",
    "InstanceUUID", "vCenter",
]  # fmt: skip
LO_PERF = ["VM Name", "MOB ID", "Peak IOPS"]


def liveoptics(*vms: tuple[str, str, str, float]) -> bytes:
    """A LiveOptics export: (MOB ID, name, instance UUID, peak IOPS) per VM, all in vc-a."""
    rows = [[mob, name, "poweredOn", 100, 50, uuid, "vc-a"] for mob, name, uuid, _ in vms]
    perf = [[name, mob, iops] for mob, name, _, iops in vms]
    return write_workbook(
        {"VMs": [LO_VMS, *rows], "VM Performance": [LO_PERF, *perf], "ESX Hosts": [["Host Name"]]}
    )


def test_rvtools_and_liveoptics_exports_merge_as_one_estate() -> None:
    lo_1 = liveoptics(("vm-1", "a1", "uuid-1", 900.0), ("vm-2", "a2", "uuid-2", 50.0))
    lo_2 = liveoptics(("vm-2", "a2", "uuid-2", 50.0), ("vm-3", "a3", "uuid-3", 70.0))
    inventory = load_inventory([*FILES[:2], ("lo-1.xlsx", lo_1), ("lo-2.xlsx", lo_2)])
    assert inventory.format == "dual"
    by_name = {vm.name: vm for vm in inventory.vms}
    assert list(by_name) == ["a1", "a2", "a3", "b1", "b2"]
    assert {name: vm.peak_iops for name, vm in by_name.items()} == {
        "a1": 900.0,
        "a2": 50.0,
        "a3": 70.0,
        "b1": None,
        "b2": None,
    }
    assert by_name["a2"].other_sources == ["lo-1.xlsx", "lo-2.xlsx"]
    assert by_name["a3"].other_sources == ["lo-2.xlsx"]
    # uuid-1 names a VM in vc-a and another in vc-b, and LiveOptics' vCenter column holds the
    # product name, not the server: as in today's dual merge, a1 then matches by its unique name.
    matched = next(f for f in inventory.findings if f.code == "dual_matched")
    assert matched.message.startswith("3 of 5 RVTools VMs matched a LiveOptics VM (2 by UUID, 1 by")


def test_a_session_archive_cannot_join_exports() -> None:
    state, originals, _ = open_files(FILES[:1])
    archive = save_session_zip(state, originals)
    with pytest.raises(InputError) as error:
        open_files([FILES[1], ("saved.zip", archive)])
    assert str(error.value) == (
        "saved.zip is a saved StorePredict session: open it on its own, not together with exports."
    )
