"""Dual source: RVTools is the record, LiveOptics adds performance to the VMs it matches."""

from __future__ import annotations

import functools
from pathlib import Path

import openpyxl
import pytest

from storepredict.pipeline.inventory import VM, Finding, Host, Inventory, SourceInfo
from storepredict.pipeline.readers.ingest import load_inventory
from storepredict.pipeline.readers.merge import match_vms, merge_inventories
from storepredict.pipeline.readers.rvtools.workbook import read_rvtools
from tests.factory import write_workbook

RVTOOLS_SAMPLE = "rvtools-4.7.1-233vms.xlsx"
LO_VMS_HEADER = [
    "MOB ID", "VM Name", "Power State", "Template", "Virtual CPU", "Provisioned Memory (MiB)",
    "Virtual Disk Size (MiB)", "Virtual Disk Used (MiB)", "vCenter", "Cluster", "UUID",
    "InstanceUUID",
]  # fmt: skip
LO_PERF_HEADER = ["VM Name", "MOB ID", "Peak IOPS", "Average IOPS", "Max KB/sec", "Peak vCPU (GHz)"]


@functools.cache
def vinfo_rows(path: Path) -> tuple[dict[str, object], ...]:
    """vInfo rows of the RVTools sample as header -> value dicts (openpyxl)."""
    workbook = openpyxl.load_workbook(path, read_only=True)
    rows = workbook["vInfo"].iter_rows(values_only=True)
    header = next(rows)
    table = tuple(dict(zip(header, row, strict=True)) for row in rows)
    workbook.close()
    return table


def liveoptics_from_rvtools(rows, *, instance_uuid: bool = True, bios_uuid: bool = True) -> bytes:
    """A LiveOptics-shaped workbook of the same estate; VM i gets Peak IOPS 10 * i."""
    vms = [LO_VMS_HEADER]
    perf = [LO_PERF_HEADER]
    for i, row in enumerate(rows, 1):
        vms.append(
            [
                f"vm-{i}", row["VM"], row["Powerstate"], str(row["Template"]).upper(),
                row["CPUs"], row["Memory"], row["Provisioned MiB"], row["In Use MiB"],
                "VMware vCenter Server 8.0.3", row["Cluster"],
                row["SMBIOS UUID"] if bios_uuid else None,
                row["VM UUID"] if instance_uuid else None,
            ]
        )  # fmt: skip
        perf.append([row["VM"], f"vm-{i}", 10 * i, i, 1024 * i, 0.5])
    return write_workbook({"VMs": vms, "VM Performance": perf, "ESX Hosts": [["Host Name"]]})


@pytest.fixture(scope="module")
def rvtools_bytes(samples_dir: Path) -> bytes:
    return (samples_dir / RVTOOLS_SAMPLE).read_bytes()


@pytest.fixture(scope="module")
def rows(samples_dir: Path) -> tuple[dict[str, object], ...]:
    return vinfo_rows(samples_dir / RVTOOLS_SAMPLE)


def test_rvtools_vm_uuid_matches_liveoptics_instance_uuid(rvtools_bytes: bytes, rows) -> None:
    lo = liveoptics_from_rvtools(rows)
    inv = load_inventory([("lo.xlsx", lo), (RVTOOLS_SAMPLE, rvtools_bytes)])
    alone = read_rvtools(rvtools_bytes, RVTOOLS_SAMPLE)
    assert inv.format == "dual"
    assert [s.file_name for s in inv.sources] == [RVTOOLS_SAMPLE, "lo.xlsx"]
    assert [s.format for s in inv.sources] == ["rvtools", "liveoptics"]
    assert inv.totals() == alone.totals()
    assert inv.hosts == alone.hosts
    assert [vm.vm_id for vm in inv.vms] == [vm.vm_id for vm in alone.vms]
    by_name = {vm.name: vm for vm in inv.vms}
    for i, row in enumerate(rows, 1):
        vm = by_name[row["VM"]]
        assert (vm.peak_iops, vm.avg_iops, vm.peak_mbps, vm.peak_cpu_ghz) == (10 * i, i, i, 0.5)
    matched = next(f for f in inv.findings if f.code == "dual_matched")
    assert matched.message == (
        "233 of 233 RVTools VMs matched a LiveOptics VM (233 by UUID, 0 by name); their "
        "performance comes from LiveOptics."
    )
    assert not any(f.code.startswith("dual_unmatched") for f in inv.findings)


def test_liveoptics_bios_uuid_matches_rvtools_smbios_uuid(rvtools_bytes: bytes, rows) -> None:
    lo = liveoptics_from_rvtools(rows, instance_uuid=False)
    inv = load_inventory([(RVTOOLS_SAMPLE, rvtools_bytes), ("lo.xlsx", lo)])
    matched = next(f for f in inv.findings if f.code == "dual_matched")
    assert matched.message.startswith(
        "233 of 233 RVTools VMs matched a LiveOptics VM (233 by UUID, 0 by name)"
    )


def test_old_rvtools_vm_uuid_is_the_bios_uuid_and_matches_liveoptics_uuid() -> None:
    # RVTools 4.0.7 and older: `VM UUID` holds the BIOS UUID (42...), there is no SMBIOS column.
    ours = [vm("r1", "app01", "4231-7a59"), vm("r2", "app02", "4231-0000")]
    theirs = [
        vm("l1", "renamed", "5031-aaaa", bios_uuid="4231-7A59"),
        vm("l2", "app02", "5031-bbbb", bios_uuid="4231-ffff"),
    ]
    matched, how = match_vms(ours, theirs)
    assert {k: v.vm_id for k, v in matched.items()} == {"r1": "l1", "r2": "l2"}
    assert how == {"r1": "uuid", "r2": "name"}


def test_unmatched_vms_are_counted_both_ways(rvtools_bytes: bytes, rows) -> None:
    renamed = [dict(row) for row in rows]
    for row in renamed[:3]:  # not in the RVTools export at all
        row["VM"] = f"{row['VM']}-clone"
        row["VM UUID"] = row["SMBIOS UUID"] = None
    for row in renamed[3:10]:  # no UUID at all: matched by name
        row["VM UUID"] = row["SMBIOS UUID"] = None
    lo = liveoptics_from_rvtools(renamed[:-4])  # the last 4 RVTools VMs are missing
    inv = load_inventory([(RVTOOLS_SAMPLE, rvtools_bytes), ("lo.xlsx", lo)])
    codes = {f.code: f for f in inv.findings if f.code.startswith("dual_")}
    assert codes["dual_matched"].message == (
        "226 of 233 RVTools VMs matched a LiveOptics VM (219 by UUID, 7 by name); their "
        "performance comes from LiveOptics."
    )
    assert codes["dual_unmatched_rvtools"].message == (
        "7 RVTools VMs have no LiveOptics match (no shared UUID and no unique shared name): their "
        "performance is unknown."
    )
    assert codes["dual_unmatched_rvtools"].rows == [r["VM"] for r in rows[:3]] + [
        r["VM"] for r in rows[-4:]
    ]
    assert codes["dual_unmatched_liveoptics"].rows == [r["VM"] for r in renamed[:3]]
    assert codes["dual_unmatched_liveoptics"].message.startswith(
        "3 LiveOptics VMs match no RVTools VM and are left out (RVTools is the inventory of record)"
    )
    assert sum(vm.peak_iops is None for vm in inv.vms) == 7


def vm(vm_id: str, name: str, uuid: str | None = None, **fields: object) -> VM:
    return VM(vm_id=vm_id, name=name, uuid=uuid, source="test", **fields)


def inventory(fmt: str, vms: list[VM], **extra) -> Inventory:
    source = SourceInfo(file_name=f"{fmt}.xlsx", format=fmt, vm_count=len(vms))
    return Inventory(format=fmt, sources=[source], vms=vms, **extra)


def test_uuid_is_compared_without_case_or_braces() -> None:
    ours = [vm("r1", "alpha", "503B7093-812D-BB2A")]
    theirs = [vm("l1", "other-name", "{503b7093812dbb2a}")]
    matched, how = match_vms(ours, theirs)
    assert (matched["r1"].vm_id, how) == ("l1", {"r1": "uuid"})


def test_names_shared_by_several_vms_are_not_matched() -> None:
    ours = [vm("r1", "web"), vm("r2", "WEB "), vm("r3", "db")]
    theirs = [vm("l1", "web"), vm("l2", " DB")]
    matched, how = match_vms(ours, theirs)
    assert ({k: v.vm_id for k, v in matched.items()}, how) == ({"r3": "l2"}, {"r3": "name"})


def test_a_liveoptics_vm_matches_at_most_once() -> None:
    ours = [vm("r1", "app", "u-1"), vm("r2", "app-old")]
    theirs = [vm("l1", "app-old", "u-1")]
    matched, _ = match_vms(ours, theirs)
    assert {k: v.vm_id for k, v in matched.items()} == {"r1": "l1"}


def test_merge_keeps_rvtools_fields_and_drops_superseded_findings() -> None:
    rv = inventory(
        "rvtools",
        [vm("r1", "app", "u-1", provisioned_mib=100.0, peak_iops=None)],
        findings=[Finding(code="duplicate_vm_names", message="rv")],
    )
    lo = inventory(
        "liveoptics",
        [vm("l1", "app", "u-1", provisioned_mib=999.0, peak_iops=50.0, avg_mbps=None)],
        hosts=[Host(name="esx1")],
        findings=[
            Finding(code="no_capacity_data", message="lo capacity"),
            Finding(code="no_performance", message="lo perf"),
        ],
    )
    merged = merge_inventories(rv, lo)
    [only] = merged.vms
    assert (only.vm_id, only.provisioned_mib, only.peak_iops, only.avg_mbps) == (
        "r1",
        100.0,
        50.0,
        None,
    )
    assert [f.code for f in merged.findings] == [
        "duplicate_vm_names",
        "no_performance",
        "dual_matched",
    ]
    assert merged.hosts == [Host(name="esx1")]  # RVTools had no vHost: LiveOptics hosts are used


def test_rvtools_hosts_take_the_peaks_liveoptics_measured_on_them() -> None:
    rv_hosts = [
        Host(name="esx01.corp.local", cluster="prod", sockets=2, cores=32),
        Host(name="ESX02.corp.local", cluster="prod", sockets=2, cores=32),
        Host(name="esx03.corp.local", cluster="prod", sockets=2, cores=32),
        Host(name="esx04.lab.local", cluster="lab"),
        Host(name="esx04.corp.local", cluster="prod"),
    ]
    measured = [
        Host(name="esx01", peak_cpu_ghz=40.5, peak_memory_mib=300_000.0),  # short name
        Host(name="esx02.corp.local", peak_cpu_ghz=22.0, peak_memory_mib=250_000.0),
        Host(name="esx04", peak_cpu_ghz=9.0, peak_memory_mib=1.0),  # two RVTools esx04: none
        Host(name="esx99.corp.local", peak_cpu_ghz=1.0, peak_memory_mib=1.0),  # not in RVTools
        Host(name="esx03.corp.local"),  # listed without performance
    ]
    rv = inventory("rvtools", [vm("r1", "app", "u-1")], hosts=rv_hosts)
    lo = inventory("liveoptics", [vm("l1", "app", "u-1")], hosts=measured)
    merged = merge_inventories(rv, lo)
    assert [(h.name, h.cluster, h.peak_cpu_ghz, h.peak_memory_mib) for h in merged.hosts] == [
        ("esx01.corp.local", "prod", 40.5, 300_000.0),
        ("ESX02.corp.local", "prod", 22.0, 250_000.0),
        ("esx03.corp.local", "prod", None, None),
        ("esx04.lab.local", "lab", None, None),
        ("esx04.corp.local", "prod", None, None),
    ]
    assert merged.hosts[0].cores == 32  # RVTools stays the record of the hardware
