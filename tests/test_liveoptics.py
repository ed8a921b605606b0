"""LiveOptics readers on small synthetic workbooks and CSVs: label eras, joins and quirks."""

from __future__ import annotations

import pytest

from storepredict.pipeline.errors import (
    EmptyFileError,
    InputError,
    MissingColumnsError,
    UnknownFormatError,
)
from storepredict.pipeline.readers.liveoptics.csvfile import (
    looks_like_liveoptics_csv,
    read_liveoptics_csv,
)
from storepredict.pipeline.readers.liveoptics.workbook import (
    canonical_header,
    is_liveoptics,
    read_liveoptics,
)
from tests.factory import write_workbook

VM_HEADER = [
    "MOB ID", "VM Name", "IsRunning", "Power State", "VM OS", "Virtual CPU",
    "Provisioned Memory ({u})", "Guest VM Disk Capacity ({u})", "Guest VM Disk Used ({u})",
    "Virtual Disk Size ({u})", "Virtual Disk Used ({u})", "Template", "Datacenter", "vCenter",
    "Cluster", "UUID", "InstanceUUID", "Host",
]  # fmt: skip
PERF_HEADER = [
    "VM Name", "MOB ID", "Peak vCPU (GHz)", "Average vCPU (GHz)", "Peak Memory ({u})",
    "Peak IOPS", "Average IOPS", "Max KB/sec", "Average KB/sec", "Peak Latency",
    "Peak Read IOPS", "Peak Write IOPS",
]  # fmt: skip
HOST_HEADER = [
    "Host Name", "Cluster", "Model", "CPU Sockets", "CPU Cores", "CPU Description",
    "CPU Clock Speed (GHz)", "Memory ({k})",
]  # fmt: skip


def vm_row(mob: str, name: str, **overrides: object) -> list[object]:
    """A VMs row: 4 vCPU, 8 GiB, 100 GiB disk with 40 GiB used, guest 90/30 GiB, powered on."""
    values = {
        "MOB ID": mob, "VM Name": name, "IsRunning": "TRUE", "Power State": "poweredOn",
        "VM OS": "Microsoft Windows Server 2019 (64-bit)", "Virtual CPU": 4,
        "Provisioned Memory": 8192, "Guest VM Disk Capacity": 92160, "Guest VM Disk Used": 30720,
        "Virtual Disk Size": 102400, "Virtual Disk Used": 40960, "Template": "FALSE",
        "Datacenter": "DC1", "vCenter": "vc01", "Cluster": "CL1", "UUID": f"42{mob}",
        "InstanceUUID": f"50{mob}", "Host": "esx01",
    }  # fmt: skip
    values.update(overrides)
    return [values.get(h.split(" (")[0]) for h in VM_HEADER]


def workbook(unit: str = "MiB", vms=None, perf=None, disks=None, **sheets) -> bytes:
    """A LiveOptics-shaped workbook; sheets given as None are left out."""
    content = {
        "Details": [
            [None, None],
            ["Project ID", "1234567"],
            ["Date", "11/14/2022"],
            ["Collector Build Version", "26.1.0.5"],
        ],
        "ESX Hosts": [
            [h.format(k=unit.replace("M", "K")) for h in HOST_HEADER],
            ["esx01", "CL1", "PowerEdge R650", 2, 48, "Intel(R) Xeon(R) Gold 6342", 2.8, 536870912],
        ],
        "VMs": [[h.format(u=unit) for h in VM_HEADER], *(vms or [vm_row("vm-1", "app01")])],
        "VM Performance": [
            [h.format(u=unit) for h in PERF_HEADER],
            *(
                perf
                if perf is not None
                else [["app01", "vm-1", 2.5, 0.5, 4096, 900, 120, 20480, 2048, 7, 600, 300]]
            ),
        ],
        "VM Disks": [
            ["MOB ID", "VM Name", "Disk"],
            *(disks if disks is not None else [["vm-1", "app01", "C:\\"]]),
        ],
    }
    content.update(sheets)
    return write_workbook({k: v for k, v in content.items() if v is not None})


@pytest.mark.parametrize("unit", ["MB", "MiB"])
def test_both_label_eras_give_the_same_vm(unit: str) -> None:
    inv = read_liveoptics(workbook(unit), "lo.xlsx")
    assert inv.format == "liveoptics"
    vm = inv.vms[0]
    assert vm.model_dump(exclude={"vm_id"}) == {
        "name": "app01", "power_state": "on", "is_template": False, "is_srm_placeholder": False,
        "is_system": False, "vcpu": 4, "memory_mib": 8192.0, "provisioned_mib": 102400.0,
        "in_use_mib": 40960.0, "disk_capacity_mib": None, "disk_capacities_mib": None,
        "guest_capacity_mib": 92160.0,
        "guest_used_mib": 30720.0, "os": "Microsoft Windows Server 2019 (64-bit)",
        "os_tools": None, "datacenter": "DC1", "cluster": "CL1", "host": "esx01", "folder": None,
        "annotation": None, "custom_attributes": {}, "vcenter": "vc01", "uuid": "50vm-1",
        "bios_uuid": "42vm-1",
        "source": "lo.xlsx", "peak_iops": 900.0, "avg_iops": 120.0, "peak_read_iops": 600.0,
        "peak_write_iops": 300.0, "avg_read_iops": None, "avg_write_iops": None,
        "peak_mbps": 20.0, "avg_mbps": 2.0, "peak_latency_ms": 7.0,
        "peak_cpu_ghz": 2.5, "avg_cpu_ghz": 0.5, "peak_memory_mib": 4096.0,
        "io_classification": None, "resource_pool": None,
        "export_date": None, "other_sources": [],
    }  # fmt: skip
    host = inv.hosts[0]
    assert (host.name, host.sockets, host.cores, host.mhz, host.memory_mib) == (
        "esx01", 2, 48, 2800.0, 524288.0,
    )  # fmt: skip
    assert host.cpu_model == "Intel(R) Xeon(R) Gold 6342"
    source = inv.sources[0]
    assert (source.export_version, source.export_date, source.vcenters) == (
        "26.1.0.5", "2022-11-14", ["vc01"],
    )  # fmt: skip
    assert inv.findings == []


def test_power_state_falls_back_to_isrunning_then_unknown() -> None:
    vms = [
        vm_row("vm-1", "a", **{"Power State": "suspended"}),
        vm_row("vm-2", "b", **{"Power State": None, "IsRunning": "TRUE"}),
        vm_row("vm-3", "c", **{"Power State": None, "IsRunning": "false"}),
        vm_row("vm-4", "d", **{"Power State": "standby", "IsRunning": None}),
        vm_row("vm-5", "e", **{"Power State": "poweredOff", "Template": "TRUE"}),
    ]
    perf = [[name, f"vm-{i}", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0] for i, name in enumerate("abcde", 1)]
    inv = read_liveoptics(workbook(vms=vms, perf=perf), "lo.xlsx")
    assert [vm.power_state for vm in inv.vms] == ["suspended", "on", "off", "unknown", "off"]
    assert [vm.is_template for vm in inv.vms] == [False, False, False, False, True]
    [finding] = inv.findings
    assert (finding.code, finding.rows, finding.severity) == (
        "unknown_power_state",
        ["d"],
        "warning",
    )
    assert finding.message == (
        "1 VM(s) of lo.xlsx have a missing or unrecognised power state; they are counted as "
        "neither on nor off."
    )


def test_performance_joins_on_mob_id_when_names_repeat() -> None:
    vms = [vm_row("vm-1", "web"), vm_row("vm-2", "web"), vm_row("vm-3", "db")]
    perf = [
        ["web", "vm-2", 1, 1, 1, 222, 1, 1024, 1, 1, 1, 1],
        ["web", "vm-1", 1, 1, 1, 111, 1, 1024, 1, 1, 1, 1],
    ]
    disks = [["vm-2", "web", "C:\\"], ["vm-2", "web", "D:\\"]]
    inv = read_liveoptics(workbook(vms=vms, perf=perf, disks=disks), "lo.xlsx")
    assert [vm.peak_iops for vm in inv.vms] == [111, 222, None]
    assert [vm.guest_used_mib for vm in inv.vms] == [None, 30720, None]
    assert len({vm.vm_id for vm in inv.vms}) == 3
    assert [(f.code, f.rows, f.severity) for f in inv.findings] == [
        ("duplicate_vm_names", ["web"], "warning"),
        ("no_performance", ["db"], "warning"),
    ]
    assert inv.findings[1].message == (
        "1 of 3 VMs of lo.xlsx have no row in 'VM Performance'; their IOPS, throughput and CPU "
        "demand are unknown."
    )


def test_missing_performance_of_powered_off_vms_is_only_info() -> None:
    vms = [vm_row("vm-1", "app01"), vm_row("vm-2", "old", **{"Power State": "poweredOff"})]
    inv = read_liveoptics(workbook(vms=vms), "lo.xlsx")
    assert [(f.code, f.rows, f.severity) for f in inv.findings] == [
        ("no_performance", ["old"], "info")
    ]


def test_without_performance_sheet_every_vm_is_reported() -> None:
    inv = read_liveoptics(workbook(**{"VM Performance": None}), "lo.xlsx")
    [finding] = inv.findings
    assert finding.message == (
        "1 of 1 VMs of lo.xlsx have no 'VM Performance' data; their IOPS, throughput and CPU "
        "demand are unknown."
    )
    assert inv.vms[0].peak_iops is None


def test_without_vm_disks_sheet_backfilled_guest_columns_are_dropped() -> None:
    vms = [
        vm_row("vm-1", "real"),
        vm_row("vm-2", "copied", **{"Guest VM Disk Capacity": 102400, "Guest VM Disk Used": 40960}),
    ]
    inv = read_liveoptics(workbook(vms=vms, perf=[], **{"VM Disks": None}), "lo.xlsx")
    assert [vm.guest_used_mib for vm in inv.vms] == [30720, None]
    assert [vm.guest_capacity_mib for vm in inv.vms] == [92160, None]


def test_no_capacity_and_uuid_fallback() -> None:
    vms = [
        vm_row("vm-1", "empty", **{"Virtual Disk Size": None, "Virtual Disk Used": 0}),
        vm_row("vm-2", "bios-only", InstanceUUID=None),
    ]
    inv = read_liveoptics(workbook(vms=vms, perf=[], disks=[]), "lo.xlsx")
    assert inv.vms[1].uuid == "42vm-2"
    finding = next(f for f in inv.findings if f.code == "no_capacity_data")
    assert (finding.rows, finding.message) == (
        ["empty"],
        "1 VM(s) of lo.xlsx have no virtual disk size or usage: they add nothing to the capacity "
        "totals.",
    )


def test_custom_attributes_are_attached_by_name() -> None:
    attributes = [
        ["Guest VM Name", "Custom Attribute", "Custom Content"],
        ["app01", "Application", "SQL Server"],
        ["app01", "Owner", None],
        ["ghost", "Application", "Nothing"],
    ]
    inv = read_liveoptics(workbook(**{"Custom Attributes": attributes}), "lo.xlsx")
    assert inv.vms[0].custom_attributes == {"Application": "SQL Server", "Owner": ""}


def test_missing_columns_are_named() -> None:
    header = ["MOB ID", "VM Name", "Virtual Disk Size (MB)"]
    content = workbook(VMs=[header, ["vm-1", "a", 100]])
    with pytest.raises(MissingColumnsError) as error:
        read_liveoptics(content, "lo.xlsx")
    assert str(error.value) == (
        "The 'VMs' data of lo.xlsx lacks the column(s) Virtual Disk Used (MiB) (MB or MiB labels "
        "both work): export the VMware project again from LiveOptics."
    )


def test_vms_sheet_without_rows_is_empty() -> None:
    with pytest.raises(EmptyFileError, match=r"^The 'VMs' data of lo.xlsx has no VM rows"):
        read_liveoptics(workbook(VMs=[[h.format(u="MiB") for h in VM_HEADER]]), "lo.xlsx")


def test_workbook_without_vms_sheet_is_refused() -> None:
    with pytest.raises(UnknownFormatError) as error:
        read_liveoptics(write_workbook({"Sheet1": [["a"], [1]]}), "book.xlsx")
    assert str(error.value) == (
        "book.xlsx has no 'VMs' sheet, so it is not a LiveOptics VMware export: upload the VMware "
        "workbook of the LiveOptics project."
    )


def test_details_date_and_missing_details() -> None:
    details = [["Date", "2026/01/05"], ["Owner", "someone"]]
    assert read_liveoptics(workbook(Details=details), "a.xlsx").sources[0].export_date == (
        "2026-01-05"
    )
    source = read_liveoptics(workbook(Details=None), "a.xlsx").sources[0]
    assert (source.export_version, source.export_date) == (None, None)


def test_cpu_model_falls_back_to_the_server_model() -> None:
    hosts = [["Host Name", "Model", "CPU Cores"], ["esx9", "PowerEdge R750", 64], [None, "x", 1]]
    inv = read_liveoptics(workbook(**{"ESX Hosts": hosts}), "a.xlsx")
    assert [(h.name, h.cpu_model, h.cores, h.sockets) for h in inv.hosts] == [
        ("esx9", "PowerEdge R750", 64, None)
    ]


@pytest.mark.parametrize(
    ("sheets", "expected"),
    [
        (["Details", "ESX Hosts", "VMs", "VM Performance"], True),
        (["vms"], True),
        (["VMs", "VM Disks"], True),
        (["VMs", "Hosts", "Disks"], False),
        (["Details", "ESX Hosts"], False),
        ([], False),
    ],
)
def test_is_liveoptics(sheets: list[str], expected: bool) -> None:
    assert is_liveoptics(sheets) is expected


def test_canonical_header_reads_mb_as_mib() -> None:
    assert canonical_header(" Provisioned Memory (MB) ") == "provisioned memory (mib)"
    assert canonical_header("Memory (KB)") == "memory (kib)"
    assert canonical_header("Capacity (GB)") == "capacity (gib)"
    assert canonical_header("Provisioned Memory (Bytes)") == "provisioned memory (bytes)"
    assert canonical_header("Max KB/sec") == "max kb/sec"


CSV_HEADER = (
    "VM Name;Power State;Virtual CPU;Provisioned Memory (MiB);Virtual Disk Size (MiB);"
    "Virtual Disk Used (MiB)"
)


def test_csv_with_decimal_comma_and_thousands_dot() -> None:
    text = (
        f"{CSV_HEADER}\r\nweb;poweredOn;2;4.096,5;1.024,25;512,75\r\n\r\ndb;poweredOff;;;10;5\r\n"
    )
    inv = read_liveoptics_csv(text.encode("cp1252"), "vms.csv")
    assert [(vm.name, vm.power_state, vm.vcpu) for vm in inv.vms] == [
        ("web", "on", 2),
        ("db", "off", None),
    ]
    assert [vm.memory_mib for vm in inv.vms] == [4096.5, None]
    assert [(vm.provisioned_mib, vm.in_use_mib) for vm in inv.vms] == [(1024.25, 512.75), (10, 5)]
    assert inv.hosts == []
    assert inv.sources[0].vm_count == 2


def test_csv_detection() -> None:
    assert looks_like_liveoptics_csv(b'"VM Name","Virtual Disk Size (MB)","Virtual Disk Used (MB)"')
    assert not looks_like_liveoptics_csv(b"VM,Powerstate,Provisioned MiB,In Use MiB\r\n")
    assert not looks_like_liveoptics_csv(b"VM Name,Virtual Disk Size (MB)\r\n")
    assert not looks_like_liveoptics_csv(bytes(range(256)))
    assert not looks_like_liveoptics_csv(b"")


@pytest.mark.parametrize(
    "rows",
    ["web;poweredOn;2;4;1;1\ndb;poweredOn;2;4;1;1;extra\n", "web;poweredOn;2;4;1;1;shifted;x\n"],
)
def test_csv_with_ragged_rows_is_refused(rows: str) -> None:
    with pytest.raises(InputError) as error:
        read_liveoptics_csv(f"{CSV_HEADER}\n{rows}".encode(), "vms.csv")
    assert str(error.value) == (
        "vms.csv could not be read as CSV (rows have a different number of fields than the "
        "header): save the LiveOptics VMs sheet again as CSV and re-upload it."
    )


def test_csv_with_header_only_is_empty() -> None:
    with pytest.raises(EmptyFileError, match=r"^The 'VMs' data of vms.csv has no VM rows"):
        read_liveoptics_csv(CSV_HEADER.encode(), "vms.csv")
