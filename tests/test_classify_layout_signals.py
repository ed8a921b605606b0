"""The disk layout and performance profile signals: factory exports with known layouts and IO
profiles, the real samples read independently with pandas, the dual merge and the archive."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd
import pytest

from storepredict.pipeline.classify.classification import Classification
from storepredict.pipeline.classify.engine import classify_vms
from storepredict.pipeline.inventory import VM, Inventory, SourceInfo
from storepredict.pipeline.readers.liveoptics.workbook import read_liveoptics
from storepredict.pipeline.readers.merge import merge_inventories
from storepredict.pipeline.readers.rvtools.workbook import read_rvtools
from storepredict.pipeline.session.archive import save_session_zip
from storepredict.pipeline.session.open import open_files
from storepredict.pipeline.session.restore import restore_session
from storepredict.pipeline.session.state import SessionState
from tests.factory import write_workbook
from tests.test_liveoptics import vm_row
from tests.test_liveoptics import workbook as liveoptics_workbook

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"
GIB = 1024
VINFO = ["VM", "Powerstate", "Template", "CPUs", "Memory", "Provisioned MiB", "In Use MiB"]
VINFO += ["VM UUID", "VI SDK Server"]
VDISK = ["VM", "Disk", "Capacity MiB", "VM UUID", "VI SDK Server"]
# Each VM's disks in GiB, Hard disk 1 first (the guest OS).
LAYOUTS: dict[str, list[float]] = {
    "PHX101": [80, 500, 500, 50, 100],  # a log-sized 50 GiB beside 500 GiB
    "PHX102": [60, 400, 300, 100, 100, 100, 100, 100, 100, 20, 120],  # 10 data disks
    "PHX201": [100, 2048, 2048, 2048, 2048],  # equal big disks
    "PHX202": [100, 1024, 1024, 1024, 100],  # equal big disks and a log-sized one: database
    "PHX301": [80, 200, 150, 120],  # no disk a third of the largest or less
    "PHX302": [80, 300, 2, 2, 2],  # tiny disks are not logs
    "PHX303": [80, 500, 50],  # two data disks only
    "PHX304": [40, 90, 20, 10, 10],  # the largest data disk under 100 GiB
    "PHX305": [100, 512, 512, 512, 512],  # equal disks, under 1 TiB
    "SQL-PRD-01": [80, 500, 500, 50, 100],  # the name wins
    "PHX401": [],  # no vDisk row
}


def rvtools_export() -> bytes:
    """vInfo and vDisk with the layouts above; PHX102's rows are written out of disk order."""
    vinfo = [VINFO]
    vdisk = [VDISK]
    for number, (name, disks) in enumerate(LAYOUTS.items()):
        total = sum(disks) * GIB
        vinfo.append([name, "poweredOn", "False", 4, 8192, total, total, f"u-{number}", "vc1"])
        rows = [
            [name, f"Hard disk {disk}", size * GIB, f"u-{number}", "vc1"]
            for disk, size in enumerate(disks, start=1)
        ]
        vdisk += sorted(rows, key=lambda row: str(row[1])) if name == "PHX102" else rows
    vdisk.append(["PHX301", "Hard disk 4", None, "u-4", "vc1"])  # blank capacity: left out
    return write_workbook({"vInfo": vinfo, "vDisk": vdisk})


def by_name(inventory: Inventory) -> dict[str, tuple[VM, Classification]]:
    found = classify_vms(inventory.vms)
    return {vm.name: (vm, found[vm.vm_id]) for vm in inventory.vms}


def decided(found: Classification) -> tuple[list[str], str | None, str, str]:
    return found.class_ids, found.rule_id, found.reason, found.confidence


UNKNOWN = (["unknown"], None, "no rule matched", "default")


def test_rvtools_disks_are_kept_per_vm_in_disk_order() -> None:
    vms = {vm.name: vm for vm in read_rvtools(rvtools_export(), "rv.xlsx").vms}
    assert vms["PHX102"].disk_capacities_mib == [
        size * GIB for size in [60, 400, 300, 100, 100, 100, 100, 100, 100, 20, 120]
    ]
    assert vms["PHX301"].disk_capacities_mib == [80 * GIB, 200 * GIB, 150 * GIB, 120 * GIB]
    assert vms["PHX401"].disk_capacities_mib is None


def test_disk_layouts_give_exact_classes_reasons_and_confidence() -> None:
    found = by_name(read_rvtools(rvtools_export(), "rv.xlsx"))
    assert decided(found["PHX101"][1]) == (
        ["db_generic"],
        "sig-disk-db",
        "signal sig-disk-db: disk layout of 4 data disks with a log-sized disk, 50 GiB beside "
        "500 GiB (database-like)",
        "signal",
    )
    assert decided(found["PHX102"][1])[2] == (
        "signal sig-disk-db: disk layout of 10 data disks with a log-sized disk, 20 GiB beside "
        "400 GiB (database-like)"
    )
    assert decided(found["PHX201"][1]) == (
        ["backup_appliance"],
        "sig-disk-backup",
        "signal sig-disk-backup: disk layout of 4 data disks, 4 of them equal at 2,048 GiB "
        "(backup or file store)",
        "signal",
    )
    assert decided(found["PHX202"][1])[:2] == (["db_generic"], "sig-disk-db")
    for name in ("PHX301", "PHX302", "PHX303", "PHX304", "PHX305", "PHX401"):
        assert decided(found[name][1]) == UNKNOWN, name
    assert decided(found["SQL-PRD-01"][1])[::3] == (["db_sql_server"], "rule")


PERF = [
    "VM Name", "MOB ID", "VM IO Classification", "Peak IOPS", "Average IOPS", "Max KB/sec",
    "Average KB/sec", "Peak Read IOPS", "Peak Write IOPS", "Avg Read IOPS", "Avg Write IOPS",
]  # fmt: skip
PROFILES = {  # name: IO classification, peak, average IOPS, max and average KB/s, peak R/W, avg R/W
    "LOX1": ("Unique", 900, 100, 80000, 12800, 300, 600, 10, 90),  # 128 KiB, 90% writes
    "LOX2": ("Standard", 2400, 800, 40000, 6400, 600, 1800, 500, 300),  # 8 KiB, 75% peak writes
    "LOX3": ("Standard", 900, 5, 80000, 1280, 300, 600, 0, 5),  # 5 IOPS: too quiet
    "LOX4": ("Standard", 900, 100, 80000, 12800, 300, 600, 70, 30),  # large but read-heavy
    "LOX5": ("Standard", 900, 20, 80000, 1000, 300, 600, 0, 20),  # under 1 MiB/s
    "web01": ("Unique", 900, 100, 80000, 12800, 300, 600, 10, 90),  # the name wins
    "LOX6": (None, 900, 100, 80000, 12800, 300, 600, 10, 90),  # no classification exported
}


def liveoptics_export() -> bytes:
    vms = [vm_row(f"vm-{n}", name) for n, name in enumerate(PROFILES)]
    perf = [[name, f"vm-{n}", *profile] for n, (name, profile) in enumerate(PROFILES.items())]
    return liveoptics_workbook(vms=vms, disks=[], **{"VM Performance": [PERF, *perf]})


def test_liveoptics_keeps_average_read_write_iops_and_io_classification() -> None:
    vms = {vm.name: vm for vm in read_liveoptics(liveoptics_export(), "lo.xlsx").vms}
    one = vms["LOX1"]
    assert (one.io_classification, one.avg_read_iops, one.avg_write_iops) == ("Unique", 10, 90)
    assert (one.avg_iops, one.avg_mbps) == (100, 12.5)
    assert vms["LOX6"].io_classification is None


def test_performance_profiles_give_exact_classes_reasons_and_confidence() -> None:
    found = by_name(read_liveoptics(liveoptics_export(), "lo.xlsx"))
    assert decided(found["LOX1"][1]) == (
        ["backup_appliance"],
        "sig-perf-backup",
        "signal sig-perf-backup: performance profile of large 128 KiB IOs, 90% writes, "
        "12.5 MiB/s on average (backup-like; LiveOptics IO classification Unique)",
        "signal",
    )
    assert decided(found["LOX2"][1]) == (
        ["db_generic"],
        "sig-perf-db",
        "signal sig-perf-db: performance profile of small 8 KiB IOs, 75% writes, peak 2,400 IOPS "
        "(database-like; LiveOptics IO classification Standard)",
        "signal",
    )
    assert decided(found["LOX6"][1])[2] == (
        "signal sig-perf-backup: performance profile of large 128 KiB IOs, 90% writes, "
        "12.5 MiB/s on average (backup-like)"
    )
    for name in ("LOX3", "LOX4", "LOX5"):
        assert decided(found[name][1]) == UNKNOWN, name
    assert decided(found["web01"][1])[::3] == (["web_no_content"], "rule")


def test_a_dual_inventory_keeps_rvtools_disks_and_liveoptics_profiles() -> None:
    disks = [80.0 * GIB, 500.0 * GIB, 500.0 * GIB, 50.0 * GIB]
    rv = VM(vm_id="r1", name="PHX9", uuid="u-9", source="rv", disk_capacities_mib=disks)
    profile = {"avg_iops": 100.0, "avg_mbps": 12.5, "avg_read_iops": 10.0, "avg_write_iops": 90.0}
    lo = VM(vm_id="l1", name="PHX9", uuid="u-9", source="lo", io_classification="Unique", **profile)
    rv_source = SourceInfo(file_name="rv.xlsx", format="rvtools", vm_count=1)
    lo_source = SourceInfo(file_name="lo.xlsx", format="liveoptics", vm_count=1)
    [merged] = merge_inventories(
        Inventory(format="rvtools", sources=[rv_source], vms=[rv]),
        Inventory(format="liveoptics", sources=[lo_source], vms=[lo]),
    ).vms
    assert merged.disk_capacities_mib == disks
    assert (merged.io_classification, merged.avg_read_iops, merged.avg_write_iops) == (
        "Unique",
        10.0,
        90.0,
    )
    # A measured profile comes before the disk layout.
    assert classify_vms([merged])["r1"].rule_id == "sig-perf-backup"


# Independent reading of the real samples with pandas and the thresholds written out again.


@cache
def opened(name: str) -> SessionState:
    path = SAMPLES / name
    return open_files([(path.name, path.read_bytes())]).state


def signalled(state: SessionState, signal: str) -> set[str]:
    assert state.inventory is not None
    return {
        vm.name for vm in state.inventory.vms if state.classifications[vm.vm_id].rule_id == signal
    }


def by_builtin_rule(state: SessionState) -> set[str]:
    assert state.inventory is not None
    return {
        vm.name
        for vm in state.inventory.vms
        if not (state.classifications[vm.vm_id].rule_id or "sig-").startswith("sig-")
    }


def raw_backup_profiles(path: Path) -> set[str]:
    perf = pd.read_excel(path, sheet_name="VM Performance")
    rate = perf["Average KB/sec"] / 1024
    io_kib = perf["Average KB/sec"] / perf["Average IOPS"]
    writes = perf["Avg Write IOPS"] / (perf["Avg Read IOPS"] + perf["Avg Write IOPS"])
    backup = (perf["Average IOPS"] >= 10) & (rate >= 1) & (io_kib >= 64) & (writes >= 0.7)
    return set(perf.loc[backup, "VM Name"])


def test_the_real_liveoptics_export_has_six_backup_like_vms() -> None:
    path = SAMPLES / "liveoptics-2022-595vms.xlsx"
    raw = raw_backup_profiles(path)
    state = opened(path.name)
    found = signalled(state, "sig-perf-backup")
    assert found == raw - by_builtin_rule(state)
    assert sorted(found) == [
        "PHCLA225", "PHCMA1022", "PHCMA1030", "PHCMA1062", "PHCMA1216", "PHCMX213"
    ]  # fmt: skip
    assert len(signalled(state, "sig-perf-db")) == 42
    assert signalled(state, "sig-disk-db") | signalled(state, "sig-disk-backup") == set()


def raw_disk_layouts(path: Path) -> dict[str, str]:
    """vInfo name -> `db` or `backup` for the layouts the signal describes, from vDisk alone
    (tied to vInfo by VM UUID, else VM ID: the 3.x sample's vDisk spells some names otherwise)."""
    book = pd.ExcelFile(path)
    sheets = {name.lower().removeprefix("tab"): name for name in book.sheet_names}
    vinfo = pd.read_excel(book, sheet_name=sheets["vinfo"])
    disks = pd.read_excel(book, sheet_name=sheets["vdisk"])
    key = next(k for k in ("VM UUID", "VM ID", "VM") if k in vinfo and k in disks)
    names = dict(zip(vinfo[key], vinfo["VM"], strict=True))
    capacity = next(c for c in disks.columns if c.strip() in ("Capacity MiB", "Capacity MB"))
    disks["number"] = disks["Disk"].astype(str).str.extract(r"(\d+)\s*$")[0].astype(float)
    layouts = {}
    for vm, rows in disks.sort_values("number").groupby(key):
        data = [size / 1024 for size in rows[capacity].tolist()[1:]]
        if len(data) < 3 or max(data) < 100:
            continue
        if any(4 <= size <= max(data) / 3 for size in data):
            layouts[str(names[vm])] = "db"
        elif max(data) >= 1024 and sum(size >= 0.99 * max(data) for size in data) >= 3:
            layouts[str(names[vm])] = "backup"
    return layouts


@pytest.mark.parametrize(
    ("sample", "layouts", "decided_by_signal"),
    [
        ("rvtools-4.7.1-233vms.xlsx", 5, {"GRPSRVQAS23X"}),
        ("rvtools-3x-131vms.xlsx", 7, set()),
        ("rvtools-4.4.3-124vms.xlsx", 1, set()),
        ("rvtools-4.7.1-19vms.xlsx", 2, set()),
        ("rvtools-4.0.7-1100vms.xlsx", 0, set()),
    ],
)
def test_disk_layouts_of_the_real_rvtools_samples(
    sample: str, layouts: int, decided_by_signal: set[str]
) -> None:
    raw = raw_disk_layouts(SAMPLES / sample)
    assert len(raw) == layouts
    assert set(raw.values()) <= {"db"}  # no sample has equal big disks
    state = opened(sample)
    found = signalled(state, "sig-disk-db")
    assert found == set(raw) - by_builtin_rule(state) == decided_by_signal
    assert signalled(state, "sig-disk-backup") == set()


def test_disks_and_the_signal_survive_the_session_archive() -> None:
    state = opened("rvtools-4.7.1-233vms.xlsx")
    path = SAMPLES / "rvtools-4.7.1-233vms.xlsx"
    restored, _ = restore_session(save_session_zip(state, [(path.name, path.read_bytes())]))
    assert restored.inventory == state.inventory
    assert signalled(restored, "sig-disk-db") == {"GRPSRVQAS23X"}
    assert restored.inventory is not None
    vms = {vm.name: vm for vm in restored.inventory.vms}
    assert [round(size / 1024) for size in vms["GRPSRVQAS23X"].disk_capacities_mib or []] == [
        80, 150, 180, 200, 64
    ]  # fmt: skip
