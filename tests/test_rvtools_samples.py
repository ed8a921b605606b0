"""RVTools reader on the five real exports: totals checked against openpyxl and pinned literals.

Every expected figure is computed twice: independently from the raw sheet with openpyxl
(read-only), and as a literal read once, so that a regression shared by both sides still shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import openpyxl
import pytest

from storepredict.pipeline.inventory import VM, Inventory
from storepredict.pipeline.readers.rvtools.sheets import load_named_table
from storepredict.pipeline.readers.rvtools.vinfo import custom_attribute_columns
from storepredict.pipeline.readers.rvtools.workbook import read_rvtools
from tests.factory import write_workbook


@dataclass(frozen=True)
class Expected:
    """Literal figures of one sample, read once."""

    vms: int
    templates: int
    powered_on: int
    provisioned_mib: int
    in_use_mib: int
    hosts: int
    version: str | None
    export_date: str | None
    custom_attributes: tuple[str, ...]
    guestless: int


SAMPLES = {
    "rvtools-3x-131vms.xlsx": Expected(
        131, 2, 109, 40_205_220, 39_720_794, 8, None, None, ("Last Backup",), 22
    ),
    "rvtools-4.0.7-1100vms.xlsx": Expected(
        1100,
        0,
        973,
        209_768_452,
        98_093_444,
        61,
        "4.0.7.0",
        "2022-02-14 14:46:41",
        (
            "Data Mover (IBM Spectrum Protect)",
            "Snapshot Attempts (IBM Spectrum Protect)",
            "Backup Management (IBM Spectrum Protect)",
        ),
        1051,
    ),
    "rvtools-4.4.3-124vms.xlsx": Expected(
        124, 0, 105, 46_620_866, 25_702_980, 5, "4.4.3.0", "2024-02-27 11:56:25", ("Post-it",), 25
    ),
    "rvtools-4.7.1-19vms.xlsx": Expected(
        19, 0, 5, 5_874_465, 5_750_129, 2, "4.7.1.4", "2026-02-18 11:00:51", (), 14
    ),
    "rvtools-4.7.1-233vms.xlsx": Expected(
        233,
        4,
        211,
        55_014_733,
        52_468_136,
        8,
        "4.7.1.4",
        "2025-05-30 15:43:03",
        (
            "Dell EMC vProxy Cleanup Descriptor",
            "Dell EMC vProxy FLR Session",
            "Dell EMC vProxy Session",
            "EMC vProxy Cleanup Descriptor",
            "EMC vProxy Session",
            "Last EMC vProxy Backup",
            "Rubrik_LastBackup",
            "Backup",
        ),
        28,
    ),
}


@cache
def raw_sheet(path: Path, name: str) -> tuple[list[str], list[tuple]]:
    """Trimmed header and data rows of a sheet (or its 3.x `tab` twin), read with openpyxl."""
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        actual = next(s for s in workbook.sheetnames if s.lower() in (name.lower(), f"tab{name}"))
        rows = workbook[actual].iter_rows(values_only=True)
        header = ["" if h is None else str(h).strip() for h in next(rows)]
        return header, [row for row in rows if any(v not in (None, "") for v in row)]
    finally:
        workbook.close()


def column(header: list[str], *names: str) -> int:
    """Index of the first header among `names`."""
    return next(header.index(n) for n in names if n in header)


def number(value: object) -> float:
    """A cell as a number (blank counts 0)."""
    if value in (None, ""):
        return 0.0
    return float(str(value).replace(",", "")) if isinstance(value, str) else float(value)


@cache
def parsed(path: Path) -> Inventory:
    """The sample read once per session."""
    return read_rvtools(path.read_bytes(), path.name)


def vm_named(inventory: Inventory, name: str) -> VM:
    """The single VM with this name."""
    (vm,) = [vm for vm in inventory.vms if vm.name == name]
    return vm


@pytest.fixture(params=sorted(SAMPLES))
def sample(request: pytest.FixtureRequest, samples_dir: Path) -> tuple[Path, Expected]:
    """(path, literal expectations) of each real RVTools export."""
    return samples_dir / request.param, SAMPLES[request.param]


def test_counts_and_capacity_totals(sample: tuple[Path, Expected]) -> None:
    path, expected = sample
    header, rows = raw_sheet(path, "vInfo")
    vm, template = column(header, "VM"), column(header, "Template")
    power = column(header, "Powerstate")
    provisioned = column(header, "Provisioned MiB", "Provisioned MB")
    in_use = column(header, "In Use MiB", "In Use MB")
    named = [row for row in rows if row[vm] not in (None, "")]
    raw = (
        len(named),
        sum(str(row[template]).strip().lower() == "true" for row in named),
        sum(row[power] == "poweredOn" for row in named),
        sum(number(row[provisioned]) for row in named),
        sum(number(row[in_use]) for row in named),
    )
    inventory = parsed(path)
    ours = (
        len(inventory.vms),
        sum(v.is_template for v in inventory.vms),
        sum(v.power_state == "on" for v in inventory.vms),
        inventory.totals()["provisioned_mib"],
        inventory.totals()["in_use_mib"],
    )
    literal = (
        expected.vms,
        expected.templates,
        expected.powered_on,
        expected.provisioned_mib,
        expected.in_use_mib,
    )
    assert ours == raw == literal


def test_hosts_match_vhost(sample: tuple[Path, Expected]) -> None:
    path, expected = sample
    header, rows = raw_sheet(path, "vHost")
    host, cores = column(header, "Host"), column(header, "# Cores")
    named = [row for row in rows if row[host] not in (None, "")]
    hosts = parsed(path).hosts
    assert len(hosts) == len(named) == expected.hosts
    assert sum(h.cores or 0 for h in hosts) == sum(int(number(row[cores])) for row in named)


def test_source_info_and_findings(sample: tuple[Path, Expected]) -> None:
    path, expected = sample
    inventory = parsed(path)
    (source,) = inventory.sources
    assert (source.export_version, source.export_date, source.vm_count) == (
        expected.version,
        expected.export_date,
        expected.vms,
    )
    # Real exports are clean apart from guest data, which needs VMware Tools running.
    assert [f.code for f in inventory.findings] == ["no_guest_partitions"]
    assert len(inventory.findings[0].rows) == expected.guestless


def test_custom_attribute_columns_are_exactly_the_non_standard_ones(
    sample: tuple[Path, Expected],
) -> None:
    path, expected = sample
    table = load_named_table(path.read_bytes(), path.name, "vInfo", {})
    assert table is not None
    assert tuple(custom_attribute_columns(table.header).values()) == expected.custom_attributes


def test_vcenter_appliance_in_the_233_vm_export(samples_dir: Path) -> None:
    path = samples_dir / "rvtools-4.7.1-233vms.xlsx"
    header, rows = raw_sheet(path, "vPartition")
    vm, consumed = column(header, "VM"), column(header, "Consumed MiB")
    capacity = column(header, "Capacity MiB")
    mine = [row for row in rows if row[vm] == "GRPSRVVCSA"]
    vcsa = vm_named(parsed(path), "GRPSRVVCSA")
    assert len(mine) == 17
    assert vcsa.guest_used_mib == sum(number(r[consumed]) for r in mine) == 203_836
    assert vcsa.guest_capacity_mib == sum(number(r[capacity]) for r in mine) == 2_029_401
    assert (vcsa.vcpu, vcsa.memory_mib, vcsa.cluster) == (4, 21504.0, "ClusterHPG10+")
    assert vcsa.os == "Other 3.x or later Linux (64-bit)"
    assert vcsa.provisioned_mib == 2_122_267
    assert vcsa.custom_attributes["Rubrik_LastBackup"] == (
        "Last Backup successfully completed at Thu May 29 22:00:09 UTC 2025"
    )
    assert "Backup" not in vcsa.custom_attributes


def test_vcls_vms_are_flagged_as_system(samples_dir: Path) -> None:
    inventory = parsed(samples_dir / "rvtools-4.7.1-233vms.xlsx")
    system = [vm.name for vm in inventory.vms if vm.is_system]
    assert len(system) == 5
    assert all(name.startswith("vCLS-") for name in system)
    assert not any(vm.name.lower().startswith("vcls") for vm in inventory.vms if not vm.is_system)


def test_mb_headers_of_4_0_7_hold_binary_values(samples_dir: Path) -> None:
    path = samples_dir / "rvtools-4.0.7-1100vms.xlsx"
    header, rows = raw_sheet(path, "vDisk")
    uuid, capacity = column(header, "VM UUID"), column(header, "Capacity MB")
    parent = vm_named(parsed(path), "cp-parent-00111e67-271d-4473-926f-10edd670bf24")
    disks = [number(row[capacity]) for row in rows if row[uuid] == parent.uuid]
    # A 100 GiB disk is 102400 under the "MB" label: no 1.048576 conversion anywhere.
    assert parent.disk_capacity_mib == sum(disks) == 102_400
    assert (parent.provisioned_mib, parent.in_use_mib, parent.memory_mib) == (
        194_788,
        91_880,
        8192,
    )
    assert parent.power_state == "suspended"
    assert parent.vcenter == "viewvcsprd01.company.com"


def test_3x_partitions_join_on_vm_id(samples_dir: Path) -> None:
    path = samples_dir / "rvtools-3x-131vms.xlsx"
    header, rows = raw_sheet(path, "vPartition")
    assert "VM" not in header  # A1 was edited in this export
    vm_id, consumed = column(header, "VM ID"), column(header, "Consumed MB")
    ca = vm_named(parsed(path), "ADCSCA01")
    assert ca.guest_used_mib == sum(number(r[consumed]) for r in rows if r[vm_id] == "vm-15333")
    assert (ca.guest_used_mib, ca.guest_capacity_mib, ca.disk_capacity_mib) == (
        23_180,
        40_430,
        40_901,
    )
    assert ca.os == "Microsoft Windows Server 2012 (64-bit)"
    assert (ca.uuid, ca.vcenter) == (None, None)


def test_an_export_without_template_column_finds_the_vmtx_templates(samples_dir: Path) -> None:
    """The real 4.7.1 export's vInfo without its Template column still has its 4 templates."""
    header, rows = raw_sheet(samples_dir / "rvtools-4.7.1-233vms.xlsx", "vInfo")
    drop = column(header, "Template")
    templates = {row[0] for row in rows if row[drop] in (True, "True")}
    assert len(templates) == 4
    trimmed = [[v for i, v in enumerate(row) if i != drop] for row in [header, *rows]]
    inventory = read_rvtools(write_workbook({"vInfo": trimmed}), "old.xlsx")
    assert len(inventory.vms) == 233
    assert {vm.name for vm in inventory.vms if vm.is_template} == templates
    (from_path,) = [f for f in inventory.findings if f.code == "templates_from_path"]
    assert sorted(from_path.rows) == sorted(templates)
