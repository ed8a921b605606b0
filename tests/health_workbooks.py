"""Small RVTools and LiveOptics workbooks with a known answer for every health check."""

from __future__ import annotations

from datetime import datetime

from tests.factory import write_workbook

JOIN = ["VM UUID", "VI SDK Server"]
VINFO = [
    "VM", "Powerstate", "Template", "SRM Placeholder", "CPUs", "Memory", "Provisioned MiB",
    "In Use MiB", "Total disk capacity MiB", "Cluster", "Host", "Backup", *JOIN,
]  # fmt: skip
# name: power, template, vCPU, memory, provisioned, in use, cluster, backup marker
VMS = {
    "app01": ("poweredOn", "False", 4, 8192, 204800, 102400, "C1", "2025-06-09"),
    "db01": ("poweredOn", "False", 64, 16384, 409600, 40960, "C1", "2025-06-09"),
    "old01": ("poweredOff", "False", 2, 4096, 51200, 30720, "C1", None),
    "tmpl01": ("poweredOff", "True", 2, 4096, 20480, 10240, "C1", None),
    "web01": ("poweredOn", "False", 2, 4096, 102400, 61440, "C1", None),
    "big02": ("poweredOn", "False", 80, 40960, 102400, 51200, "C2", "x"),
    "vCLS-1": ("poweredOn", "False", 1, 128, 2048, 1024, "C1", None),
}


def _vm(name: str, *values: object) -> list[object]:
    return [name, *values, f"uuid-{name}", "vc1"]


def _per_vm(header: list[str], rows: list[list[object]]) -> list[list[object]]:
    return [["VM", *header, *JOIN], *(_vm(*row) for row in rows)]  # type: ignore[arg-type]


def rvtools_estate(**replace: list[list[object]] | None) -> bytes:
    """An RVTools export where every check flags a known set (sheets given as None are left out)."""
    sheets: dict[str, list[list[object]] | None] = {
        "vInfo": [
            VINFO,
            *(
                _vm(n, p, t, "False", c, m, pr, u, pr, cl, "h1" if cl == "C1" else "h3", b)
                for n, (p, t, c, m, pr, u, cl, b) in VMS.items()
            ),
        ],
        "vSnapshot": _per_vm(
            ["Name", "Date / time", "Size MiB (total)"],
            [
                ["app01", "daily", datetime(2025, 6, 9, 10), 1024],
                ["db01", "before-upgrade", datetime(2025, 5, 1), 51200],
                ["web01", "s1", datetime(2025, 6, 1), 100],
                ["web01", "s2", datetime(2025, 6, 5), 100],
                ["web01", "s3", datetime(2025, 6, 8), 100],
            ],
        ),
        "vTools": _per_vm(
            ["VM Version", "Tools", "Tools Version"],
            [
                ["app01", "19", "toolsOk", "12421"],
                ["db01", "13", "toolsNotRunning", "12421"],
                ["old01", "vmx-10", "toolsNotRunning", "10287"],
                ["web01", "11", "toolsOld", "10287"],
                ["tmpl01", "19", "toolsNotInstalled", "0"],
                ["big02", "19", "toolsNotInstalled", "0"],
            ],
        ),
        "vDisk": _per_vm(
            [
                "Disk",
                "Capacity MiB",
                "Raw",
                "Thin",
                "Eagerly Scrub",
                "Disk Mode",
                "Sharing mode",
                "Shared Bus",
            ],
            [
                [
                    "app01",
                    "Hard disk 1",
                    102400,
                    "False",
                    "False",
                    "True",
                    "persistent",
                    "sharingNone",
                    "noSharing",
                ],
                [
                    "app01",
                    "Hard disk 2",
                    102400,
                    "False",
                    "True",
                    "False",
                    "persistent",
                    "sharingNone",
                    "noSharing",
                ],
                [
                    "db01",
                    "Hard disk 1",
                    409600,
                    "True",
                    "False",
                    "False",
                    "independent_persistent",
                    "sharingMultiWriter",
                    "noSharing",
                ],
                [
                    "web01",
                    "Hard disk 1",
                    102400,
                    "False",
                    "True",
                    "False",
                    "persistent",
                    None,
                    "physicalSharing",
                ],
            ],
        ),
        "vCD": _per_vm(
            ["Connected", "Device Type"],
            [["app01", "True", "ISO [ds1] iso/win.iso"], ["web01", "False", "Remote device"]],
        ),
        "vCPU": _per_vm(
            ["Reservation", "Limit", "Hot Add"],
            [["app01", 1000, -1, "True"], ["db01", 0, 2000, "False"], ["web01", 0, -1, "False"]],
        ),
        "vMemory": _per_vm(
            ["Reservation", "Limit", "Hot Add"],
            [["app01", 0, -1, "False"], ["db01", 16384, -1, "False"], ["web01", 0, 2048, "True"]],
        ),
        "vHealth": [
            ["Name", "Message", "Message type"],
            ["[ds1] gone/gone.vmdk", "Possibly a Zombie vmdk file! Please check.", "Zombie"],
            ["[ds1] gone2/gone2.vmdk", "Possibly a Zombie vmdk file! Please check.", "Zombie"],
            ["[ds1] gone/gone.vmx", "Possibly a Zombie VM! Please check.", "Zombie"],
            ["app01", "On C:\\ is 5% disk space available! The threshold value is 10%.", "Storage"],
            ["ds1", "On ds1 is 3% disk space available! The threshold value is 10%.", "Storage"],
        ],
        "vFileInfo": [
            ["Friendly Path Name", "File Size in bytes"],
            ["[ds1] gone/gone.vmdk", 10 * 2**30],
        ],
        "vDatastore": [
            ["Name", "Type", "Capacity MiB", "Free MiB"],
            ["ds1", "VMFS", 1048576, 104857],
            ["ds2", "VMFS", 1048576, 524288],
        ],
        "vHost": [
            [
                "Host",
                "Cluster",
                "CPU Model",
                "# CPU",
                "# Cores",
                "Speed",
                "# Memory",
                "ESX Version",
            ],
            [
                "h1",
                "C1",
                "Intel(R) Xeon(R) CPU E5-2650 v4 @ 2.20GHz",
                2,
                32,
                2200,
                65536,
                "VMware ESXi 6.7.0 build-1",
            ],
            [
                "h2",
                "C1",
                "Intel(R) Xeon(R) Gold 6346 CPU @ 3.10GHz",
                2,
                32,
                3100,
                65536,
                "VMware ESXi 7.0.3 build-2",
            ],
            [
                "h3",
                "C2",
                "Intel(R) Xeon(R) Gold 6346 CPU @ 3.10GHz",
                2,
                16,
                3100,
                32768,
                "VMware ESXi 8.0.3 build-3",
            ],
        ],
        "vCluster": [["Name", "HA enabled", "NumHosts"], ["C1", "True", 2], ["C2", "False", 1]],
        "vSource": [
            ["VI SDK Server", "Version", "Fullname"],
            ["vc1", "6.7.0", "VMware vCenter Server 6.7.0 build-1"],
        ],
        "vLicense": [
            ["Name", "Cost Unit", "Total", "Used", "Expiration Date"],
            ["vSphere 7 Enterprise Plus", "cpuPackage:32core", "4", "6", "Never"],
            ["vCenter Server 6 Standard", "server", "1", "1", "2025-07-01 00:00:00"],
            ["Evaluation Mode", "cpuPackage", "0", "0", "Never"],
        ],
        "vMetaData": [
            ["RVTools version", "xlsx creation datetime", "Server"],
            ["4.7.1.4", "2025-06-10 12:00:00", "vc1"],
        ],
    }
    sheets.update(replace)
    return write_workbook({name: rows for name, rows in sheets.items() if rows is not None})


def liveoptics_estate() -> bytes:
    """A LiveOptics export: one idle VM, one busy one, an evaluation licence, host disks."""
    vm_header = [
        "MOB ID",
        "VM Name",
        "Power State",
        "Virtual CPU",
        "Provisioned Memory (MiB)",
        "Virtual Disk Size (MiB)",
        "Virtual Disk Used (MiB)",
        "Template",
        "Cluster",
    ]
    perf_header = ["VM Name", "MOB ID", "Peak vCPU (GHz)", "Peak IOPS"]
    return write_workbook(
        {
            "VMs": [
                vm_header,
                ["vm-1", "busy01", "poweredOn", 4, 8192, 102400, 40960, "FALSE", "CL1"],
                ["vm-2", "idle01", "poweredOn", 2, 4096, 51200, 20480, "FALSE", "CL1"],
            ],
            "VM Performance": [
                perf_header,
                ["busy01", "vm-1", 2.5, 900],
                ["idle01", "vm-2", 0.02, 0],
            ],
            "ESX Hosts": [
                [
                    "Host Name",
                    "Cluster",
                    "OS",
                    "CPU Sockets",
                    "CPU Cores",
                    "CPU Description",
                    "Memory (KiB)",
                ],
                [
                    "esx01",
                    "CL1",
                    "VMware ESXi 6.5.0 build-1",
                    2,
                    24,
                    "Intel(R) Xeon(R) CPU E5-2680 v3 @ 2.50GHz",
                    268435456,
                ],
            ],
            "ESX Licenses": [["ESX Host", "Software Title"], ["esx01", "Evaluation Mode"]],
            "Host Disks": [
                ["Host", "Disk Capacity (MiB)", "SSD"],
                ["esx01", 763097, "TRUE"],
                ["esx01", 1144641, "FALSE"],
            ],
        }
    )
