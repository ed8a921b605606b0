"""The LiveOptics readers on the real sample exports, checked against the raw sheets (openpyxl)."""

from __future__ import annotations

import csv
import functools
import io
from pathlib import Path

import openpyxl
import pytest

from storepredict.pipeline.readers.liveoptics.csvfile import (
    looks_like_liveoptics_csv,
    read_liveoptics_csv,
)
from storepredict.pipeline.readers.liveoptics.workbook import read_liveoptics

SAMPLES = ["liveoptics-2022-595vms.xlsx", "liveoptics-2022-6vms.xlsx"]
# file -> (VMs, templates, powered on, provisioned MiB, in-use MiB, hosts), read off the files.
PINNED = {
    "liveoptics-2022-595vms.xlsx": (595, 14, 538, 201_483_944, 144_240_020, 17),
    "liveoptics-2022-6vms.xlsx": (6, 0, 6, 3_729_037, 3_729_037, 5),
}


@functools.cache
def raw_sheet(path: Path, sheet: str) -> list[dict[str, object]]:
    """Rows of a sheet as header -> value dicts, read with openpyxl (independent of fastexcel)."""
    workbook = openpyxl.load_workbook(path, read_only=True)
    rows = workbook[sheet].iter_rows(values_only=True)
    header = [str(h) for h in next(rows)]
    table = [dict(zip(header, row, strict=True)) for row in rows if any(v is not None for v in row)]
    workbook.close()
    return table


@functools.cache
def inventory(path: Path):
    return read_liveoptics(path.read_bytes(), path.name)


@pytest.mark.parametrize("name", SAMPLES)
def test_counts_and_totals_match_the_raw_vms_sheet(samples_dir: Path, name: str) -> None:
    path = samples_dir / name
    rows = raw_sheet(path, "VMs")
    inv = inventory(path)
    assert len(inv.vms) == len(rows)
    assert sum(vm.is_template for vm in inv.vms) == sum(r["Template"] == "TRUE" for r in rows)
    assert sum(vm.power_state == "on" for vm in inv.vms) == sum(
        r["Power State"] == "poweredOn" for r in rows
    )
    totals = inv.totals()
    assert totals["provisioned_mib"] == sum(r["Virtual Disk Size (MB)"] for r in rows)
    assert totals["in_use_mib"] == sum(r["Virtual Disk Used (MB)"] for r in rows)
    assert totals["vcpu"] == sum(r["Virtual CPU"] for r in rows)
    assert totals["memory_mib"] == sum(r["Provisioned Memory (MB)"] for r in rows)
    vms, templates, powered_on, provisioned, in_use, hosts = PINNED[name]
    assert (len(inv.vms), sum(vm.is_template for vm in inv.vms)) == (vms, templates)
    assert sum(vm.power_state == "on" for vm in inv.vms) == powered_on
    assert (totals["provisioned_mib"], totals["in_use_mib"]) == (provisioned, in_use)
    assert len(inv.hosts) == hosts
    assert len({vm.vm_id for vm in inv.vms}) == vms


@pytest.mark.parametrize("name", SAMPLES)
def test_source_info_comes_from_details(samples_dir: Path, name: str) -> None:
    source = inventory(samples_dir / name).sources[0]
    assert source.model_dump() == {
        "file_name": name,
        "format": "liveoptics",
        "export_version": "23.3.11.78",
        "export_date": "2022-11-14",
        "vcenters": ["VMware vCenter Server 7.0.3 build-20395099"],
        "vm_count": PINNED[name][0],
    }


@pytest.mark.parametrize("name", SAMPLES)
def test_guest_data_only_for_vms_with_vm_disks_rows(samples_dir: Path, name: str) -> None:
    path = samples_dir / name
    with_disks = {r["MOB ID"] for r in raw_sheet(path, "VM Disks")}
    mob_ids = [r["MOB ID"] for r in raw_sheet(path, "VMs")]
    inv = inventory(path)
    assert [vm.guest_used_mib is not None for vm in inv.vms] == [m in with_disks for m in mob_ids]
    without_guest = {"liveoptics-2022-595vms.xlsx": 112, "liveoptics-2022-6vms.xlsx": 0}
    assert sum(vm.guest_used_mib is None for vm in inv.vms) == without_guest[name]


def test_peak_iops_is_joined_by_mob_id(samples_dir: Path) -> None:
    path = samples_dir / "liveoptics-2022-595vms.xlsx"
    mob = next(r["MOB ID"] for r in raw_sheet(path, "VMs") if r["VM Name"] == "PHCMA411")
    perf = next(r for r in raw_sheet(path, "VM Performance") if r["MOB ID"] == mob)
    vm = next(vm for vm in inventory(path).vms if vm.name == "PHCMA411")
    assert vm.peak_iops == perf["Peak IOPS"] == 27600
    assert (vm.avg_iops, vm.peak_read_iops, vm.peak_write_iops) == (23, 27596, 399)
    assert vm.peak_mbps == perf["Max KB/sec"] / 1024
    assert (vm.peak_latency_ms, vm.peak_cpu_ghz, vm.avg_cpu_ghz) == (25, 6.49, 0.42)
    assert vm.peak_memory_mib == 7454
    assert vm.uuid == "503cfb5e-4871-a776-dd80-6fcc3c47da63"  # InstanceUUID


def test_duplicate_names_stay_distinct_vms(samples_dir: Path) -> None:
    inv = inventory(samples_dir / "liveoptics-2022-595vms.xlsx")
    pair = [vm for vm in inv.vms if vm.name == "Windows 2019VRA"]
    assert len(pair) == 2
    assert pair[0].vm_id != pair[1].vm_id
    # Only the template has VM Disks rows (joined by MOB ID, not by the shared name).
    assert [(vm.is_template, vm.guest_used_mib) for vm in pair] == [(False, None), (True, 28922)]
    finding = next(f for f in inv.findings if f.code == "duplicate_vm_names")
    assert finding.message == (
        "11 VM name(s) appear more than once (22 VMs) in liveoptics-2022-595vms.xlsx; each row "
        "is kept as a separate VM, told apart by its MOB ID."
    )
    assert "Windows 2019VRA" in finding.rows
    system = [vm.name for vm in inv.vms if vm.is_system]
    assert len(system) == 6
    assert all(name.startswith("vCLS-") for name in system)
    assert [f.code for f in inv.findings] == ["duplicate_vm_names"]


def test_custom_attributes_and_hosts(samples_dir: Path) -> None:
    inv = inventory(samples_dir / "liveoptics-2022-595vms.xlsx")
    vm = next(vm for vm in inv.vms if vm.name == "PHCLA178")
    assert vm.custom_attributes == {"Application": "Cisco DNA Spaces"}
    assert sum(bool(vm.custom_attributes) for vm in inv.vms) == 412
    host = inv.hosts[0]
    assert (host.name, host.cluster, host.sockets, host.cores, host.mhz) == (
        "phcva380.piedmonthospital.org",
        "zColo_06",
        2,
        32,
        2600,
    )
    assert host.memory_mib == 536476224 / 1024
    assert host.cpu_model.startswith("Intel(R) Xeon(R) Gold 6142 CPU @ 2.60GHz")


def _vms_csv(path: Path, delimiter: str, decimal_comma: bool) -> str:
    """The VMs sheet as CSV text; with decimal commas, memory is written as e.g. `8192,0`."""
    header = list(raw_sheet(path, "VMs")[0])
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in raw_sheet(path, "VMs"):
        values = dict(row)
        if decimal_comma:
            values["Provisioned Memory (MB)"] = f"{values['Provisioned Memory (MB)']},0"
        writer.writerow(["" if values[h] is None else values[h] for h in header])
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("delimiter", "decimal_comma", "encoding"),
    [(",", False, "utf-8-sig"), (";", True, "utf-8"), ("\t", False, "utf-16")],
)
def test_csv_of_the_vms_sheet_reads_like_the_workbook(
    samples_dir: Path, delimiter: str, decimal_comma: bool, encoding: str
) -> None:
    path = samples_dir / "liveoptics-2022-595vms.xlsx"
    content = _vms_csv(path, delimiter, decimal_comma).encode(encoding)
    assert looks_like_liveoptics_csv(content)
    from_csv = read_liveoptics_csv(content, "vms.csv")
    from_xlsx = inventory(path)
    assert len(from_csv.vms) == 595
    assert [vm.vm_id for vm in from_csv.vms] == [vm.vm_id for vm in from_xlsx.vms]
    for key in ("provisioned_mib", "in_use_mib", "vcpu", "memory_mib"):
        assert from_csv.totals()[key] == from_xlsx.totals()[key]
    assert sum(vm.is_template for vm in from_csv.vms) == 14
    # Without VM Disks, guest data is kept where it differs from the virtual disk columns.
    assert sum(vm.guest_used_mib is not None for vm in from_csv.vms) == 528
    assert from_csv.sources[0].export_version is None
    assert all(vm.peak_iops is None for vm in from_csv.vms)
