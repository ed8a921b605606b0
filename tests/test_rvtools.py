"""RVTools reader on synthetic workbooks: one test per export quirk, error and finding."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storepredict.pipeline.errors import (
    CorruptWorkbookError,
    EmptyFileError,
    LegacyExcelError,
    MissingColumnsError,
    UnknownFormatError,
)
from storepredict.pipeline.inventory import Inventory
from storepredict.pipeline.readers.rvtools.sheets import load_named_table
from storepredict.pipeline.readers.rvtools.vinfo import custom_attribute_columns
from storepredict.pipeline.readers.rvtools.workbook import is_rvtools, read_rvtools
from tests.factory import write_workbook

VINFO_47 = [
    "VM", "Powerstate", "Template", "SRM Placeholder", "CPUs", "Memory",
    "Total disk capacity MiB", "Provisioned MiB", "In Use MiB", "Folder", "Annotation", "Owner",
    "Datacenter", "Cluster", "Host", "OS according to the configuration file",
    "OS according to the VMware Tools", "VM ID", "VM UUID", "VI SDK Server",
]  # fmt: skip
PARTITION_47 = ["VM", "Disk", "Capacity MiB", "Consumed MiB", "Free MiB", "VM UUID"]
PARTITION_47 += ["VI SDK Server"]
HOST_47 = ["Host", "Datacenter", "Cluster", "CPU Model", "Speed", "# CPU", "# Cores", "# Memory"]
HOST_47 += ["VI SDK Server"]
META = ["RVTools major version", "RVTools version", "xlsx creation datetime", "Server"]

APP01 = {
    "VM": "app01",
    "Powerstate": "poweredOn",
    "Template": "False",
    "SRM Placeholder": "False",
    "CPUs": 4,
    "Memory": 16384,
    "Total disk capacity MiB": 102400,
    "Provisioned MiB": 110592,
    "In Use MiB": 60000,
    "Folder": "/DC1/Apps",
    "Annotation": "ERP application server",
    "Owner": "finance",
    "Datacenter": "DC1",
    "Cluster": "Prod",
    "Host": "esx01.example.com",
    "OS according to the configuration file": "Microsoft Windows Server 2019 (64-bit)",
    "OS according to the VMware Tools": "Microsoft Windows Server 2022 (64-bit)",
    "VM ID": "vm-101",
    "VM UUID": "5001-aaaa",
    "VI SDK Server": "vc1.example.com",
}
TEMPLATE = {
    **APP01,
    "VM": "tpl-win",
    "Powerstate": "poweredOff",
    "Template": "True",
    "CPUs": 2,
    "Memory": 4096,
    "Total disk capacity MiB": 40960,
    "Provisioned MiB": 45056,
    "In Use MiB": 20480,
    "Owner": None,
    "Annotation": None,
    "VM ID": "vm-102",
    "VM UUID": "5001-bbbb",
}
VCLS = {**APP01, "VM": "vCLS-0f1e2d3c", "CPUs": 1, "Memory": 128, "Owner": None}
VCLS.update({"VM ID": "vm-103", "VM UUID": "5001-cccc", "Annotation": "vSphere Cluster Service VM"})


def rows(header: list[str], records: list[dict]) -> list[list[object]]:
    """A sheet: the header then one row per record, in header order (absent keys are blank)."""
    return [header, *([record.get(h) for h in header] for record in records)]


def partition(vm: dict, disk: str, capacity: int, consumed: int) -> dict:
    """One vPartition record of a VM."""
    return {
        "VM": vm["VM"],
        "Disk": disk,
        "Capacity MiB": capacity,
        "Consumed MiB": consumed,
        "Free MiB": capacity - consumed,
        "VM UUID": vm["VM UUID"],
        "VI SDK Server": vm["VI SDK Server"],
    }


def full_export() -> bytes:
    """A small 4.7-style export: vInfo, vPartition, vHost, vMetaData."""
    host = {"Host": "esx01.example.com", "Datacenter": "DC1", "Cluster": "Prod", "Speed": 2600}
    host.update({"CPU Model": "Intel(R) Xeon(R) Gold 6248R", "# CPU": 2, "# Cores": 48})
    host.update({"# Memory": 786432, "VI SDK Server": "vc1.example.com"})
    return write_workbook(
        {
            "vInfo": rows(VINFO_47, [APP01, TEMPLATE, VCLS]),
            "vPartition": rows(
                PARTITION_47,
                [partition(APP01, "C:\\", 81408, 30000), partition(APP01, "D:\\", 20480, 5000)],
            ),
            "vHost": rows(HOST_47, [host, {"Host": None, "Cluster": "blank row"}]),
            "vMetaData": [META, ["4.7", "4.7.1.4", "2025-05-30 15:43:03", "vc1.example.com"]],
        }
    )


def parse(sheets: dict[str, list[list[object]]], name: str = "export.xlsx") -> Inventory:
    """Write the sheets to an .xlsx and read it back."""
    return read_rvtools(write_workbook(sheets), name)


def blake_id(*key: str) -> str:
    """The id make_vm_ids gives a first occurrence, recomputed independently."""
    return "vm-" + hashlib.blake2b("\x1f".join(key).encode(), digest_size=6).hexdigest()


def codes(inventory: Inventory) -> list[str]:
    """Finding codes in order."""
    return [f.code for f in inventory.findings]


def finding(inventory: Inventory, code: str):
    """The one finding with this code."""
    (match,) = [f for f in inventory.findings if f.code == code]
    return match


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["vInfo", "vHost"], True),
        (["tabvInfo", "tabvHost"], True),
        (["VINFO "], True),
        (["Details", "VMs", "ESX Hosts"], False),
        (["vInformation"], False),
        ([], False),
    ],
)
def test_is_rvtools(names: list[str], expected: bool) -> None:
    assert is_rvtools(names) is expected


def test_full_export_maps_every_vm_field() -> None:
    inventory = read_rvtools(full_export(), "rv.xlsx")
    assert inventory.format == "rvtools"
    app = inventory.vms[0].model_dump()
    assert app == {
        "vm_id": blake_id("vc1.example.com", "5001-aaaa", "app01"),
        "name": "app01",
        "power_state": "on",
        "is_template": False,
        "is_srm_placeholder": False,
        "is_system": False,
        "vcpu": 4,
        "memory_mib": 16384.0,
        "provisioned_mib": 110592.0,
        "in_use_mib": 60000.0,
        "disk_capacity_mib": 102400.0,
        "disk_capacities_mib": None,  # no vDisk sheet
        "guest_capacity_mib": 101888.0,
        "guest_used_mib": 35000.0,
        "os": "Microsoft Windows Server 2019 (64-bit)",
        "os_tools": "Microsoft Windows Server 2022 (64-bit)",
        "datacenter": "DC1",
        "cluster": "Prod",
        "host": "esx01.example.com",
        "folder": "/DC1/Apps",
        "annotation": "ERP application server",
        "custom_attributes": {"Owner": "finance"},
        "vcenter": "vc1.example.com",
        "uuid": "5001-aaaa",
        "bios_uuid": None,
        "source": "rv.xlsx",
        "peak_iops": None,
        "avg_iops": None,
        "peak_read_iops": None,
        "peak_write_iops": None,
        "avg_read_iops": None,
        "avg_write_iops": None,
        "peak_mbps": None,
        "avg_mbps": None,
        "peak_latency_ms": None,
        "peak_cpu_ghz": None,
        "avg_cpu_ghz": None,
        "peak_memory_mib": None,
        "io_classification": None,
        "resource_pool": None,
        "export_date": None,
        "other_sources": [],
    }
    template, vcls = inventory.vms[1], inventory.vms[2]
    assert (template.is_template, template.power_state, template.guest_used_mib) == (
        True,
        "off",
        None,
    )
    assert template.custom_attributes == {}
    assert (vcls.is_system, vcls.name, vcls.vcpu) == (True, "vCLS-0f1e2d3c", 1)


def test_full_export_source_hosts_and_findings() -> None:
    inventory = read_rvtools(full_export(), "rv.xlsx")
    assert inventory.sources[0].model_dump() == {
        "file_name": "rv.xlsx",
        "format": "rvtools",
        "export_version": "4.7.1.4",
        "export_date": "2025-05-30 15:43:03",
        "vcenters": ["vc1.example.com"],
        "vm_count": 3,
    }
    assert [h.model_dump() for h in inventory.hosts] == [
        {
            "name": "esx01.example.com",
            "cluster": "Prod",
            "datacenter": "DC1",
            "sockets": 2,
            "cores": 48,
            "mhz": 2600.0,
            "memory_mib": 786432.0,
            "cpu_model": "Intel(R) Xeon(R) Gold 6248R",
            "vcenter": "vc1.example.com",
            "peak_cpu_ghz": None,
            "peak_memory_mib": None,
        }
    ]
    assert codes(inventory) == ["no_guest_partitions"]
    guestless = finding(inventory, "no_guest_partitions")
    assert guestless.rows == ["tpl-win", "vCLS-0f1e2d3c"]
    assert guestless.message == (
        "2 of 3 VM(s) (1 powered on) have no guest file-system data in vPartition "
        "(it needs VMware Tools running)."
    )
    assert guestless.severity == "info"


def test_vm_ids_are_stable_across_reparses() -> None:
    content = full_export()
    first = [vm.vm_id for vm in read_rvtools(content, "a.xlsx").vms]
    second = [vm.vm_id for vm in read_rvtools(content, "b.xlsx").vms]
    assert first == second
    assert len(set(first)) == 3


def test_mb_headers_give_the_same_binary_values_as_mib_headers() -> None:
    mib = ["VM", "Provisioned MiB", "In Use MiB", "VM UUID"]
    mb = ["VM", "Provisioned MB", "In Use MB", "VM UUID"]
    record = {"VM": "a", "VM UUID": "u1"}
    values = {"Provisioned": 102400, "In Use": 51200}
    new = {**record, **{f"{k} MiB": v for k, v in values.items()}, "Capacity MiB": 102400}
    old = {**record, **{f"{k} MB": v for k, v in values.items()}, "Capacity MB": 102400}
    part_new = rows(["VM", "Capacity MiB", "Consumed MiB"], [{**new, "Consumed MiB": 1000}])
    part_old = rows(["VM", "Capacity MB", "Consumed MB"], [{**old, "Consumed MB": 1000}])
    disk_new = rows(["VM", "VM UUID", "Capacity MiB"], [new])
    disk_old = rows(["VM", "VM UUID", "Capacity MB"], [old])
    a = parse({"vInfo": rows(mib, [new]), "vDisk": disk_new, "vPartition": part_new}).vms[0]
    b = parse({"vInfo": rows(mb, [old]), "vDisk": disk_old, "vPartition": part_old}).vms[0]
    expected = (102400.0, 51200.0, 102400.0, 102400.0, 1000.0)
    for vm in (a, b):
        fields = (vm.provisioned_mib, vm.in_use_mib, vm.disk_capacity_mib)
        assert (*fields, vm.guest_capacity_mib, vm.guest_used_mib) == expected


def test_tab_prefixed_3x_sheets_and_single_os_column() -> None:
    header = ["VM", "Powerstate", "Template", "CPUs", "Memory", "Provisioned MB", "In Use MB"]
    header += ["Cluster", "OS", "VM ID"]
    vm = {"VM": "old01", "Powerstate": "poweredOn", "Template": "False", "CPUs": 2}
    vm.update({"Memory": 2048, "Provisioned MB": 40960, "In Use MB": 30000, "Cluster": "C1"})
    vm.update({"OS": "Microsoft Windows Server 2008 R2 (64-bit)", "VM ID": "vm-7"})
    disk = {"VM": "old01", "VM ID": "vm-7", "Capacity MB": 40000}
    inventory = parse(
        {
            "tabvInfo": rows(header, [vm]),
            "tabvDisk": rows(["VM", "Capacity MB", "VM ID"], [disk, {**disk, "Capacity MB": 1}]),
            "tabvPartition": rows(["VM", "Consumed MB"], [{**disk, "Consumed MB": 9}]),
            "tabvHost": rows(["Host", "# CPU"], [{"Host": "esx9", "# CPU": 2}]),
        }
    )
    (old,) = inventory.vms
    assert (old.os, old.os_tools, old.uuid, old.vcenter) == (
        "Microsoft Windows Server 2008 R2 (64-bit)",
        None,
        None,
        None,
    )
    assert (old.disk_capacity_mib, old.guest_capacity_mib, old.guest_used_mib) == (
        40001.0,
        None,
        9.0,
    )
    assert [h.name for h in inventory.hosts] == ["esx9"]
    assert old.vm_id == blake_id("", "", "old01")
    assert inventory.sources[0].export_version is None
    assert inventory.sources[0].vcenters == []


def test_trimmed_workbook_with_only_a_14_column_vinfo() -> None:
    header = ["VM", "Powerstate", "Template", "CPUs", "Memory", "Provisioned MiB", "In Use MiB"]
    header += ["Datacenter", "Cluster", "Host", "OS according to the configuration file"]
    header += ["Annotation", "VM UUID", "VI SDK Server"]
    assert len(header) == 14
    inventory = parse({"vInfo": rows(header, [APP01, TEMPLATE])})
    assert [vm.name for vm in inventory.vms] == ["app01", "tpl-win"]
    app = inventory.vms[0]
    assert (app.provisioned_mib, app.disk_capacity_mib, app.guest_used_mib) == (110592, None, None)
    assert (app.folder, app.os_tools, app.custom_attributes) == (None, None, {})
    assert app.is_srm_placeholder is False
    assert inventory.hosts == []
    assert codes(inventory) == ["vpartition_missing", "vhost_missing"]
    assert finding(inventory, "vpartition_missing").message == (
        "The export has no vPartition sheet: guest file-system usage is unknown for every VM."
    )


def test_custom_attributes_anywhere_including_duplicates_of_standard_names() -> None:
    header = ["Owner", "VM", "Cluster", "Provisioned MiB", "Backup", "Cluster", " Backup "]
    header.append("In Use")
    assert custom_attribute_columns(header) == {
        0: "Owner",
        4: "Backup",
        5: "Cluster",
        6: "Backup (2)",
        7: "In Use",
    }
    record = ["ops", "db01", "Prod", 100, "gold", "stretched", "", "  "]
    inventory = parse({"vInfo": [header, record]})
    (db,) = inventory.vms
    assert db.cluster == "Prod"
    assert db.custom_attributes == {"Owner": "ops", "Backup": "gold", "Cluster": "stretched"}


def test_header_is_read_as_written_despite_blank_numeric_and_repeated_cells() -> None:
    header = [None, "VM", 7, "VM", "VM_1", " VM ", "In Use MiB"]
    content = write_workbook({"vInfo": [header, ["x", "web", "a", "b", "c", "d", 5]]})
    table = load_named_table(content, "h.xlsx", "vInfo", {})
    assert table is not None
    assert table.header == ["", "VM", "7", "VM", "VM_1", " VM ", "In Use MiB"]
    (web,) = read_rvtools(content, "h.xlsx").vms
    assert (web.name, web.in_use_mib) == ("web", 5.0)
    assert web.custom_attributes == {"7": "a", "VM": "b", "VM_1": "c", "VM (2)": "d"}


def test_custom_attribute_dates_and_numbers_become_text() -> None:
    import datetime as dt

    header = ["VM", "In Use MiB", "Last Backup", "Cost Center"]
    inventory = parse({"vInfo": [header, ["a", 1, dt.datetime(2024, 3, 1, 22, 5, 0), 4711]]})
    assert inventory.vms[0].custom_attributes == {
        "Last Backup": "2024-03-01 22:05:00",
        "Cost Center": "4711",
    }


def test_headers_with_leading_and_trailing_spaces_and_any_case() -> None:
    header = [" VM", "powerstate ", "  Provisioned MiB  ", "IN USE MIB", "cpus"]
    inventory = parse({"vInfo": [header, ["web01", "poweredOff", 2048, 1024, 2]]})
    (web,) = inventory.vms
    assert (web.name, web.power_state, web.provisioned_mib, web.in_use_mib, web.vcpu) == (
        "web01",
        "off",
        2048.0,
        1024.0,
        2,
    )
    assert web.custom_attributes == {}


def test_text_booleans_and_real_excel_booleans() -> None:
    header = ["VM", "Template", "SRM Placeholder", "In Use MiB"]
    inventory = parse(
        {
            "vInfo": [
                header,
                ["a", "True", "False", 1],
                ["b", "FALSE", "true", 1],
                ["c", True, None, 1],
                ["d", "", "no", 1],
            ]
        }
    )
    assert [(vm.is_template, vm.is_srm_placeholder) for vm in inventory.vms] == [
        (True, False),
        (False, True),
        (True, False),
        (False, False),
    ]


def test_numbers_stored_as_text_with_thousands_separators() -> None:
    header = ["VM", "CPUs", "Memory", "Provisioned MiB", "In Use MiB"]
    inventory = parse(
        {
            "vInfo": [
                header,
                ["a", "4", "16,384", "1,048,576", " 2 048 "],
                ["b", 2, 4096.0, "n/a", 512.5],
                ["c", "1e400", "inf", 7, "-inf"],
            ]
        }
    )
    a, b, c = inventory.vms
    assert (a.vcpu, a.memory_mib, a.provisioned_mib, a.in_use_mib) == (4, 16384, 1048576, 2048)
    assert (b.vcpu, b.memory_mib, b.provisioned_mib, b.in_use_mib) == (2, 4096, None, 512.5)
    assert (c.vcpu, c.memory_mib, c.provisioned_mib, c.in_use_mib) == (None, None, 7, None)
    bad = finding(inventory, "unreadable_numbers")
    assert bad.rows == ["b", "c"]
    assert bad.message == (
        "2 VM(s) have values that are not numbers in CPUs, Memory, Provisioned, In Use; those "
        "values are treated as unknown."
    )


def test_blank_rows_are_ignored_and_nameless_rows_reported() -> None:
    header = ["VM", "Powerstate", "In Use MiB"]
    inventory = parse(
        {
            "vInfo": [
                header,
                ["a", "poweredOn", 10],
                [None, None, None],
                ["b", "poweredOn", 20],
                ["  ", "poweredOff", 30],
                [None, None, None],
                ["", "", ""],
            ]
        }
    )
    assert [vm.name for vm in inventory.vms] == ["a", "b", "(unnamed row 5)"]
    assert (inventory.vms[2].power_state, inventory.vms[2].in_use_mib) == ("off", 30.0)
    nameless = finding(inventory, "rows_without_name")
    assert nameless.message == (
        "1 vInfo row(s) have data but no VM name: each is kept as a VM named after its row, "
        "such as '(unnamed row 5)', so its capacity counts."
    )
    assert nameless.rows == ["(unnamed row 5)"]
    assert inventory.sources[0].vm_count == 3


def test_vmtx_paths_are_templates_only_without_a_template_column() -> None:
    header = ["VM", "Powerstate", "In Use MiB", "Path"]
    rows = [
        ["gold-w2019", "poweredOff", 40, "[ds1] gold-w2019/gold-w2019.VMTX "],
        ["app01", "poweredOn", 10, "[ds1] app01/app01.vmx"],
        ["app02", "poweredOn", 10, None],
    ]
    old = parse({"vInfo": [header, *rows]})
    assert [vm.is_template for vm in old.vms] == [True, False, False]
    from_path = finding(old, "templates_from_path")
    assert from_path.message == (
        "vInfo has no Template column: 1 VM(s) whose configuration path ends in .vmtx are "
        "treated as templates."
    )
    assert (from_path.rows, from_path.severity) == (["gold-w2019"], "info")
    with_column = parse({"vInfo": [[*header, "Template"], *([*r, "False"] for r in rows)]})
    assert [vm.is_template for vm in with_column.vms] == [False, False, False]
    assert "templates_from_path" not in {f.code for f in with_column.findings}


def test_power_states_and_unknown_power_state_finding() -> None:
    header = ["VM", "Powerstate", "In Use MiB"]
    states = ["poweredOn", "poweredOff", "suspended", "POWEREDON", "unknownState", None]
    inventory = parse({"vInfo": [header, *([f"vm{i}", s, 1] for i, s in enumerate(states))]})
    expected = ["on", "off", "suspended", "on", "unknown", "unknown"]
    assert [vm.power_state for vm in inventory.vms] == expected
    unknown = finding(inventory, "unknown_power_state")
    assert unknown.rows == ["vm4", "vm5"]
    assert unknown.message == (
        "2 VM(s) have a missing or unrecognised power state; they are counted as neither on nor "
        "off."
    )


@pytest.mark.parametrize(
    ("name", "system"),
    [
        ("vCLS-6a3f2c1d-0000-4b5e-9c8d-1234567890ab", True),
        ("vCLS (1)", True),
        ("vCLS", True),
        ("VCLS-abc", True),
        ("vCLSomething", False),
        ("my-vCLS-1", False),
        ("app01", False),
    ],
)
def test_vcls_system_vms(name: str, system: bool) -> None:
    (vm,) = parse({"vInfo": [["VM", "In Use MiB"], [name, 1]]}).vms
    assert vm.is_system is system


def test_duplicate_names_are_kept_and_reported() -> None:
    header = ["VM", "In Use MiB", "VM UUID", "VI SDK Server"]
    inventory = parse(
        {
            "vInfo": [
                header,
                ["web", 1, "u1", "vc1"],
                ["web", 2, "u2", "vc2"],
                ["db", 3, "u3", "vc1"],
                ["db", 4, "u3", "vc1"],
            ]
        }
    )
    ids = [vm.vm_id for vm in inventory.vms]
    assert ids[0] == blake_id("vc1", "u1", "web")
    assert ids[1] == blake_id("vc2", "u2", "web")
    assert ids[2] == blake_id("vc1", "u3", "db")
    assert ids[3] == blake_id("vc1", "u3", "db") + "-2"
    duplicates = finding(inventory, "duplicate_vm_names")
    assert duplicates.rows == ["web", "db"]
    assert duplicates.message == (
        "2 VM name(s) appear more than once; each row is kept as a separate VM."
    )
    assert inventory.sources[0].vcenters == ["vc1", "vc2"]


def test_partitions_join_on_uuid_and_vcenter_when_names_collide() -> None:
    header = ["VM", "In Use MiB", "VM UUID", "VI SDK Server"]
    part_header = ["VM", "Capacity MiB", "Consumed MiB", "VM UUID", "VI SDK Server"]
    inventory = parse(
        {
            "vInfo": [header, ["web", 1, "u1", "vc1"], ["web", 2, "u1", "vc2"]],
            "vPartition": [
                part_header,
                ["web", 100, 10, "u1", "vc2"],
                ["web", 200, 20, "u1", "vc1"],
                ["web", 300, 30, "u1", "vc1"],
                ["ghost", 5, 5, "u9", "vc1"],
            ],
        }
    )
    assert [(vm.guest_capacity_mib, vm.guest_used_mib) for vm in inventory.vms] == [
        (500.0, 50.0),
        (100.0, 10.0),
    ]
    unmatched = finding(inventory, "unmatched_rows")
    assert unmatched.message == (
        "1 vPartition row(s) belong to no VM of vInfo (matched on uuid) and were ignored."
    )


def test_partitions_join_on_name_without_uuid_and_skip_ambiguous_names() -> None:
    inventory = parse(
        {
            "vInfo": [["VM", "In Use MiB"], ["a", 1], ["twin", 2], ["twin", 3]],
            "vPartition": [["VM", "Consumed MiB"], ["a", 7], ["a", 8], ["twin", 9]],
        }
    )
    assert [vm.guest_used_mib for vm in inventory.vms] == [15.0, None, None]
    assert [vm.guest_capacity_mib for vm in inventory.vms] == [None, None, None]
    ambiguous = finding(inventory, "ambiguous_join")
    assert ambiguous.rows == ["twin"]
    assert ambiguous.message == (
        "1 VM(s) share an identifier with another VM, so their vPartition rows could not be "
        "attributed and were ignored for them."
    )


def test_partitions_join_on_vm_id_when_the_vm_column_is_missing() -> None:
    # The real 3.x sample has an edited vPartition A1: only `VM ID` ties its rows to vInfo.
    inventory = parse(
        {
            "vInfo": [["VM", "In Use MB", "VM ID"], ["a", 1, "vm-1"], ["b", 2, "vm-2"]],
            "vPartition": [["DC01", "Capacity MB", "Consumed MB", "VM ID"], ["a", 50, 20, "vm-2"]],
        }
    )
    assert [vm.guest_used_mib for vm in inventory.vms] == [None, 20.0]


def test_partitions_without_any_join_column_are_reported() -> None:
    inventory = parse(
        {
            "vInfo": [["VM", "In Use MiB"], ["a", 1]],
            "vPartition": [["Disk", "Consumed MiB"], ["C:\\", 7]],
        }
    )
    assert inventory.vms[0].guest_used_mib is None
    assert codes(inventory) == [
        "unknown_power_state",
        "no_guest_partitions",
        "unjoinable_sheet",
        "vhost_missing",
    ]
    assert finding(inventory, "unknown_power_state").message == (
        "1 VM(s) have a missing or unrecognised power state (vInfo has no Powerstate column); "
        "they are counted as neither on nor off."
    )
    assert finding(inventory, "unjoinable_sheet").message == (
        "vPartition has none of the columns VM, VM UUID or VM ID, so its rows cannot be matched "
        "to VMs and were ignored."
    )


def test_vdisk_is_summed_only_when_total_disk_capacity_is_missing() -> None:
    disks = [["VM", "Capacity MiB", "VM UUID"], ["a", 100, "u1"], ["a", 50, "u1"], ["b", 1, "u2"]]
    without = parse(
        {
            "vInfo": [["VM", "In Use MiB", "VM UUID"], ["a", 1, "u1"], ["c", 1, "u3"]],
            "vDisk": disks,
        }
    )
    assert [vm.disk_capacity_mib for vm in without.vms] == [150.0, None]
    assert finding(without, "unmatched_rows").message == (
        "1 vDisk row(s) belong to no VM of vInfo (matched on uuid) and were ignored."
    )
    header = ["VM", "In Use MiB", "Total disk capacity MiB", "VM UUID"]
    with_total = parse({"vInfo": [header, ["a", 1, 999, "u1"]], "vDisk": disks})
    assert with_total.vms[0].disk_capacity_mib == 999.0
    assert "unmatched_rows" not in codes(with_total)


def test_no_capacity_data_finding() -> None:
    header = ["VM", "Provisioned MiB", "In Use MiB"]
    inventory = parse({"vInfo": [header, ["a", 10, 5], ["empty", None, None], ["b", None, 3]]})
    empty = finding(inventory, "no_capacity_data")
    assert empty.rows == ["empty"]
    assert empty.message == (
        "1 VM(s) have no Provisioned, In Use or disk capacity value: they add nothing to the "
        "capacity totals."
    )
    assert inventory.totals()["in_use_mib"] == 8


def test_metadata_server_adds_a_vcenter_when_vinfo_has_none() -> None:
    inventory = parse(
        {
            "vInfo": [["VM", "In Use MiB"], ["a", 1]],
            "vMetaData": [META, ["4.4", "4.4.3.0", "2024-02-27 11:56:25", "vc9.example.com"]],
        }
    )
    source = inventory.sources[0]
    assert (source.export_version, source.export_date, source.vcenters) == (
        "4.4.3.0",
        "2024-02-27 11:56:25",
        ["vc9.example.com"],
    )


def test_missing_vm_column_names_what_was_found() -> None:
    with pytest.raises(MissingColumnsError) as caught:
        parse({"vInfo": [["Name", "Provisioned MiB"], ["a", 1]]}, "trimmed.xlsx")
    assert str(caught.value) == (
        "The vInfo sheet of trimmed.xlsx lacks the column(s) VM (found: Name, Provisioned MiB). "
        "Export vInfo again from RVTools without removing these columns."
    )


def test_missing_capacity_columns_lists_the_headers_found() -> None:
    header = ["VM", *(f"Col{i}" for i in range(24))]
    with pytest.raises(MissingColumnsError) as caught:
        parse({"vInfo": [header, ["a", *range(24)]]}, "x.xlsx")
    shown = ", ".join(["VM", *(f"Col{i}" for i in range(19))])
    assert str(caught.value) == (
        "The vInfo sheet of x.xlsx lacks the column(s) Provisioned MiB or In Use MiB "
        f"(found: {shown} and 5 more). Export vInfo again from RVTools without removing "
        "these columns."
    )


def test_empty_vinfo_sheet_without_header() -> None:
    with pytest.raises(MissingColumnsError) as caught:
        parse({"vInfo": []}, "blank.xlsx")
    assert str(caught.value) == (
        "The vInfo sheet of blank.xlsx lacks the column(s) VM; Provisioned MiB or In Use MiB "
        "(found: no headers). Export vInfo again from RVTools without removing these columns."
    )


def test_vinfo_with_header_but_no_rows() -> None:
    with pytest.raises(EmptyFileError) as caught:
        parse({"vInfo": [["VM", "In Use MiB"], [None, None], ["", " "]]}, "empty.xlsx")
    assert str(caught.value) == (
        "The vInfo sheet of empty.xlsx has no VM rows: export it again from RVTools with the "
        "vCenter connected."
    )


def test_vinfo_whose_rows_all_lack_a_name() -> None:
    with pytest.raises(EmptyFileError) as caught:
        parse({"vInfo": [["VM", "In Use MiB"], [None, 1], ["", 2]]}, "anon.xlsx")
    assert str(caught.value) == (
        "The vInfo sheet of anon.xlsx has 2 row(s) but none with a VM name: export it again "
        "from RVTools with the vCenter connected."
    )


def test_workbook_without_vinfo_is_not_rvtools() -> None:
    with pytest.raises(UnknownFormatError) as caught:
        parse({"VMs": [["VM Name"], ["a"]], "Details": [["Project ID", 1]]}, "lo.xlsx")
    assert str(caught.value) == (
        "lo.xlsx has no vInfo sheet, so it is not an RVTools export (sheets found: VMs, "
        "Details). Upload the RVTools export with its vInfo sheet."
    )


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"", EmptyFileError),
        (bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600, LegacyExcelError),
        (b"PK\x03\x04 truncated zip", CorruptWorkbookError),
        (b"VM,Provisioned MiB\na,1\n", UnknownFormatError),
    ],
)
def test_unreadable_content_raises_store_predict_errors(content: bytes, error: type) -> None:
    with pytest.raises(error):
        read_rvtools(content, "bad.xlsx")


def test_truncated_real_workbook_is_corrupt() -> None:
    content = full_export()
    with pytest.raises(CorruptWorkbookError):
        read_rvtools(content[: len(content) // 2], "cut.xlsx")


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=10**9),
            st.integers(min_value=0, max_value=10**9),
            st.booleans(),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_totals_match_the_cells_whatever_the_header_era_and_text_format(
    vms: list[tuple[int, int, bool]],
) -> None:
    """Provisioned and in-use totals equal the written values, as numbers or as 1,234 text."""
    for unit in ("MiB", "MB"):
        header = ["VM", f"Provisioned {unit}", f"In Use {unit}"]
        body = [
            [f"vm{i}", f"{p:,}" if as_text else p, f"{u:,}" if as_text else u]
            for i, (p, u, as_text) in enumerate(vms)
        ]
        totals = parse({"vInfo": [header, *body]}).totals()
        assert totals["provisioned_mib"] == sum(p for p, _, _ in vms)
        assert totals["in_use_mib"] == sum(u for _, u, _ in vms)


def test_negative_sizes_are_unknown_and_reported() -> None:
    content = write_workbook(
        {
            "vInfo": [
                ["VM", "Powerstate", "CPUs", "Memory", "Provisioned MiB", "In Use MiB"],
                ["ok", "poweredOn", 2, 4096, 1000, 500],
                ["bad", "poweredOn", -2, 4096, -1000, 500],
            ]
        }
    )
    inventory = read_rvtools(content, "rv.xlsx")
    bad = inventory.vms[1]
    assert (bad.vcpu, bad.provisioned_mib, bad.in_use_mib) == (None, None, 500.0)
    finding = next(f for f in inventory.findings if f.code == "negative_numbers")
    assert finding.message == (
        "1 VM(s) have negative values in CPUs, Provisioned; those values are treated as unknown."
    )
    assert finding.rows == ["bad"]


def test_missing_columns_message_stays_on_one_line() -> None:
    content = write_workbook({"vInfo": [["VM", "Power\nstate", "Notes"], ["a", "poweredOn", "x"]]})
    with pytest.raises(MissingColumnsError) as caught:
        read_rvtools(content, "rv.xlsx")
    assert "\n" not in str(caught.value)
    assert "found: VM, Power state, Notes" in str(caught.value)
