"""Generate the bundled demo export: a synthetic RVTools 4.7 workbook of ~300 recognisable VMs.

Run `python tools/make_sample.py` to rewrite storepredict/data/sample-rvtools.xlsx. Seeded, so the
same VMs come out every time; the names are invented (no customer data).
"""

from __future__ import annotations

import random
import uuid
from pathlib import Path

from openpyxl import Workbook

OUT = Path(__file__).resolve().parents[1] / "storepredict" / "data" / "sample-rvtools.xlsx"
VCENTER = "vcsa01.contoso.example"
WIN = "Microsoft Windows Server 2022 (64-bit)"
RHEL = "Red Hat Enterprise Linux 9 (64-bit)"
SLES = "SUSE Linux Enterprise 15 (64-bit)"
WIN10 = "Microsoft Windows 10 (64-bit)"

# (name pattern, count, cluster, os, vcpu, memory GiB, disk GiB range, annotation)
WORKLOADS = [
    ("PRD-SQL{:02d}", 10, "PROD-CL01", WIN, 8, 64, (400, 2400), "SQL Server 2019 cluster node"),
    ("ora-db-{:02d}", 6, "PROD-CL01", RHEL, 16, 128, (800, 3000), "Oracle 19c"),
    ("SAP-HANA-{:02d}", 2, "PROD-CL02", SLES, 32, 512, (1500, 2500), "SAP HANA DB"),
    ("sap-app-{:02d}", 4, "PROD-CL02", SLES, 8, 64, (100, 200), "SAP application server"),
    ("exch-mbx-{:02d}", 4, "PROD-CL02", WIN, 8, 96, (1200, 2800), "Exchange 2019 mailbox"),
    ("fs{:02d}", 6, "PROD-CL01", WIN, 4, 16, (1000, 6000), "File server"),
    ("web-iis-{:02d}", 12, "DMZ-CL01", WIN, 2, 8, (60, 120), "IIS front end"),
    ("nginx-{:02d}", 8, "DMZ-CL01", RHEL, 2, 4, (40, 80), "Reverse proxy"),
    ("k8s-worker-{:02d}", 16, "PROD-CL02", RHEL, 8, 32, (200, 400), "Kubernetes worker"),
    ("veeam-proxy{:02d}", 3, "PROD-CL01", WIN, 8, 16, (100, 200), "Backup proxy"),
    ("splunk-idx-{:02d}", 4, "PROD-CL02", RHEL, 16, 64, (1500, 3000), "Splunk indexer"),
    ("epic-cache-{:02d}", 2, "PROD-CL01", RHEL, 16, 128, (800, 1600), "Epic EMR"),
    ("DC{:02d}", 3, "PROD-CL01", WIN, 2, 8, (60, 100), "Domain controller"),
    ("vdi-win10-{:03d}", 150, "VDI-CL01", WIN10, 2, 8, (40, 80), ""),
    ("app-{:02d}", 60, "PROD-CL01", WIN, 4, 16, (80, 300), ""),
]


def _vm_rows(rng: random.Random) -> list[dict[str, object]]:
    rows = []
    for pattern, count, cluster, os_name, vcpu, mem_gib, (lo, hi), note in WORKLOADS:
        for i in range(1, count + 1):
            name = pattern.format(i)
            provisioned = rng.randint(lo, hi) * 1024
            powered = "poweredOff" if rng.random() < 0.05 else "poweredOn"
            rows.append(
                {
                    "name": name,
                    "cluster": cluster,
                    "os": os_name,
                    "vcpu": vcpu,
                    "memory": mem_gib * 1024,
                    "provisioned": provisioned,
                    "in_use": round(provisioned * rng.uniform(0.35, 0.9)),
                    "power": powered,
                    "template": False,
                    "annotation": note,
                }
            )
    for i in range(1, 5):
        rows.append(
            {
                "name": f"tpl-{['win2022', 'rhel9', 'win10', 'ubuntu22'][i - 1]}",
                "cluster": "PROD-CL01",
                "os": WIN if i % 2 else RHEL,
                "vcpu": 2,
                "memory": 4096,
                "provisioned": 61440,
                "in_use": 20480,
                "power": "poweredOff",
                "template": True,
                "annotation": "Golden image",
            }
        )
    for i in range(1, 4):
        rows.append(
            {
                "name": f"vCLS-{uuid.UUID(int=rng.getrandbits(128))}"[:41],
                "cluster": ["PROD-CL01", "PROD-CL02", "DMZ-CL01"][i - 1],
                "os": "Other 3.x or later Linux (64-bit)",
                "vcpu": 1,
                "memory": 128,
                "provisioned": 2048,
                "in_use": 500,
                "power": "poweredOn",
                "template": False,
                "annotation": "vSphere Cluster Service VM",
            }
        )
    rows.append(
        {
            "name": "vcsa01",
            "cluster": "PROD-CL01",
            "os": "Other 3.x or later Linux (64-bit)",
            "vcpu": 4,
            "memory": 21504,
            "provisioned": 593920,
            "in_use": 65536,
            "power": "poweredOn",
            "template": False,
            "annotation": "vCenter Server Appliance",
        }
    )
    return rows


def build(path: Path = OUT) -> None:
    """Write the sample workbook."""
    rng = random.Random(20261121)
    vms = _vm_rows(rng)
    hosts = {"PROD-CL01": 6, "PROD-CL02": 6, "DMZ-CL01": 3, "VDI-CL01": 4}
    dc = {
        "PROD-CL01": "DC-North",
        "PROD-CL02": "DC-North",
        "DMZ-CL01": "DC-North",
        "VDI-CL01": "DC-South",
    }
    wb = Workbook(write_only=True)
    info = wb.create_sheet("vInfo")
    info.append(
        [
            "VM",
            "Powerstate",
            "Template",
            "SRM Placeholder",
            "CPUs",
            "Memory",
            "NICs",
            "Disks",
            "Provisioned MiB",
            "In Use MiB",
            "Unshared MiB",
            "Total disk capacity MiB",
            "Annotation",
            "Owner",
            "Datacenter",
            "Cluster",
            "Host",
            "Folder",
            "OS according to the configuration file",
            "OS according to the VMware Tools",
            "VM UUID",
            "VI SDK Server",
        ]
    )
    partition = wb.create_sheet("vPartition")
    partition.append(
        [
            "VM",
            "Powerstate",
            "Template",
            "Disk",
            "Capacity MiB",
            "Consumed MiB",
            "Free MiB",
            "VM UUID",
            "VI SDK Server",
        ]
    )
    for n, vm in enumerate(vms):
        cluster = vm["cluster"]
        host = f"esx{list(hosts).index(cluster) + 1}{n % hosts[cluster] + 1:02d}.contoso.example"
        vm_uuid = str(uuid.UUID(int=rng.getrandbits(128)))
        disk_total = (
            vm["provisioned"] - vm["memory"] if vm["power"] == "poweredOn" else vm["provisioned"]
        )
        owner = rng.choice(["Finance", "Clinical IT", "Platform", "Workplace", ""])
        folder = "VDI/Desktops" if cluster == "VDI-CL01" else f"Production/{owner or 'Shared'}"
        info.append(
            [
                vm["name"],
                vm["power"],
                str(vm["template"]),
                "False",
                vm["vcpu"],
                vm["memory"],
                1,
                2,
                vm["provisioned"],
                vm["in_use"],
                vm["in_use"],
                disk_total,
                vm["annotation"],
                owner,
                dc[cluster],
                cluster,
                host,
                folder,
                vm["os"],
                vm["os"] if vm["power"] == "poweredOn" else "",
                vm_uuid,
                VCENTER,
            ]
        )
        if vm["power"] == "poweredOn" and not vm["name"].startswith("vCLS"):
            system = round(disk_total * 0.15)
            data = disk_total - system
            for disk, capacity in (
                ("C:\\" if "Windows" in vm["os"] else "/", system),
                ("D:\\" if "Windows" in vm["os"] else "/data", data),
            ):
                used = round(capacity * rng.uniform(0.3, 0.85))
                partition.append(
                    [
                        vm["name"],
                        vm["power"],
                        "False",
                        disk,
                        capacity,
                        used,
                        capacity - used,
                        vm_uuid,
                        VCENTER,
                    ]
                )
    vhost = wb.create_sheet("vHost")
    vhost.append(
        [
            "Host",
            "Datacenter",
            "Cluster",
            "CPU Model",
            "Speed",
            "# CPU",
            "Cores per CPU",
            "# Cores",
            "# Memory",
            "ESX Version",
            "VI SDK Server",
        ]
    )
    for c, (cluster, count) in enumerate(hosts.items(), start=1):
        for h in range(1, count + 1):
            vhost.append(
                [
                    f"esx{c}{h:02d}.contoso.example",
                    dc[cluster],
                    cluster,
                    "Intel(R) Xeon(R) Gold 6338 CPU @ 2.00GHz",
                    2000,
                    2,
                    32,
                    64,
                    1048576,
                    "VMware ESXi 8.0.3 build-24022510",
                    VCENTER,
                ]
            )
    meta = wb.create_sheet("vMetaData")
    meta.append(["RVTools major version", "RVTools version", "xlsx creation datetime", "Server"])
    meta.append([4, "4.7.1.4", "2026/11/02 09:30:00", VCENTER])
    wb.save(path)


if __name__ == "__main__":
    build()
    print(f"wrote {OUT}")
