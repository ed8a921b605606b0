"""Ingest cost of the extra sheets health checks read, on a generated 10,000-VM export with them.

    .venv/bin/python bench/health.py [--vms 10000] [--repeat 3] [--before /work/main]

The workbook is bench/ingest.py's (vInfo, vDisk, vPartition, vHost, vMetaData) plus vSnapshot,
vTools, vCD, vCPU, vMemory, vHealth, vDatastore, vCluster, vSource and vLicense. The reader of
this checkout ("after") and of `--before` (a checkout without the health sheets) each parse it in
a fresh interpreter, side by side; `run_checks` is timed on this checkout's inventory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ingest import VDISK, VHOST, VINFO, VPARTITION, _filler, _vm_values

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
PER_VM = ["VM", "Powerstate", "Template"]
TAIL = [
    "Annotation",
    "Datacenter",
    "Cluster",
    "Host",
    "Folder",
    "VM ID",
    "VM UUID",
    "VI SDK Server",
]
EXTRA = {
    "vSnapshot": [
        "VM",
        "Powerstate",
        "Name",
        "Description",
        "Date / time",
        "Filename",
        "Size MiB (vmsn)",
        "Size MiB (total)",
        "Quiesced",
        "State",
        *TAIL[1:],
    ],
    "vTools": [
        *PER_VM,
        "VM Version",
        "Tools",
        "Tools Version",
        "Required Version",
        "Upgradeable",
        "Upgrade Policy",
        "Sync time",
        "App status",
        "Heartbeat status",
        *TAIL,
    ],
    "vCD": [*PER_VM, "Device Node", "Connected", "Starts Connected", "Device Type", *TAIL],
    "vCPU": [
        *PER_VM,
        "CPUs",
        "Sockets",
        "Cores p/s",
        "Max",
        "Overall",
        "Level",
        "Shares",
        "Reservation",
        "Entitlement",
        "DRS Entitlement",
        "Limit",
        "Hot Add",
        "Hot Remove",
        *TAIL,
    ],
    "vMemory": [
        *PER_VM,
        "Size MiB",
        "Overhead",
        "Max",
        "Consumed",
        "Private",
        "Shared",
        "Swapped",
        "Ballooned",
        "Active",
        "Level",
        "Shares",
        "Reservation",
        "Limit",
        "Hot Add",
        *TAIL,
    ],
}
VALUES = {
    "Date / time": dt.datetime(2025, 5, 1, 8, 30),
    "Size MiB (total)": 2048.5,
    "VM Version": 19,
    "Tools": "toolsOk",
    "Tools Version": 12421,
    "Connected": "False",
    "Starts Connected": "False",
    "Device Type": "Remote device",
    "Reservation": 0,
    "Limit": -1,
    "Hot Add": "False",
}


def generate(vms: int, path: Path) -> None:
    """bench/ingest.py's workbook plus the extra sheets (one row per VM; a snapshot per 10th)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheets = {name: workbook.create_sheet(name) for name in ("vInfo", "vDisk", "vPartition")}
    sheets |= {name: workbook.create_sheet(name) for name in EXTRA}
    headers = {"vInfo": VINFO, "vDisk": VDISK, "vPartition": VPARTITION, **EXTRA}
    for name, sheet in sheets.items():
        sheet.append(headers[name])
    for i in range(vms):
        values = _vm_values(i) | VALUES
        sheets["vInfo"].append([values.get(c, _filler(c, i)) for c in VINFO])
        for n in (1, 2):
            disk = {**values, "Disk": f"Hard disk {n}", "Capacity MiB": 40960, "Thin": "True"}
            sheets["vDisk"].append([disk.get(c, _filler(c, i)) for c in VDISK])
            part = {**values, "Disk": f"D{n}", "Capacity MiB": 40000, "Consumed MiB": 9000}
            sheets["vPartition"].append([part.get(c, _filler(c, i)) for c in VPARTITION])
        for name in ("vTools", "vCD", "vCPU", "vMemory") + (("vSnapshot",) if i % 10 == 0 else ()):
            sheets[name].append([values.get(c, _filler(c, i)) for c in EXTRA[name]])
    _small_sheets(workbook, vms)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)


def _small_sheets(workbook, vms: int) -> None:
    hosts = max(vms // 25, 1)
    rows = {
        "vHost": [VHOST]
        + [
            [
                {
                    "Host": f"esx{h:03d}.example.com",
                    "Cluster": f"Cluster{h % 4}",
                    "# CPU": 2,
                    "# Cores": 32,
                    "Speed": 2600,
                    "# Memory": 786432,
                    "CPU Model": "Xeon Gold",
                    "ESX Version": "VMware ESXi 7.0.3 build-1",
                }.get(c, _filler(c, h))
                for c in VHOST
            ]
            for h in range(hosts)
        ],
        "vDatastore": [["Name", "Type", "Capacity MiB", "Free MiB"]]
        + [[f"ds{d}", "VMFS", 4194304, 1048576 * (d % 4)] for d in range(vms // 25)],
        "vHealth": [["Name", "Message", "Message type"]]
        + [
            [f"vm-{i:06d}-app", "VMware tools are out of date!", "VM Tools"]
            for i in range(vms // 5)
        ],
        "vCluster": [["Name", "HA enabled", "NumHosts"]]
        + [[f"Cluster{c}", "True", hosts // 4] for c in range(4)],
        "vSource": [
            ["VI SDK Server", "Version", "Fullname"],
            ["vcenter.example.com", "8.0.3", "VMware vCenter Server 8.0.3"],
        ],
        "vLicense": [
            ["Name", "Cost Unit", "Total", "Used", "Expiration Date"],
            ["vSphere 8 Enterprise Plus", "cpuPackage:32core", "1000", "800", "Never"],
        ],
        "vMetaData": [
            ["RVTools version", "xlsx creation datetime", "Server"],
            ["4.7.1.4", dt.datetime(2025, 5, 30), "vcenter.example.com"],
        ],
    }
    for name, content in rows.items():
        sheet = workbook.create_sheet(name)
        for row in content:
            sheet.append(row)


_CHILD = """
import json, sys, time
from storepredict.pipeline.readers.rvtools.workbook import read_rvtools
path, repeat = sys.argv[1], int(sys.argv[2])
content = open(path, "rb").read()
times, cpu = [], []
for _ in range(repeat):
    start, start_cpu = time.perf_counter(), time.process_time()
    inventory = read_rvtools(content, path)
    times.append(time.perf_counter() - start)
    cpu.append(time.process_time() - start_cpu)
checks = None
try:
    from storepredict.pipeline.health import run_checks
    from storepredict.pipeline.settings import SizingSettings
    start = time.perf_counter()
    run_checks(inventory, SizingSettings())
    checks = time.perf_counter() - start
except ImportError:
    pass
size = len(inventory.model_dump_json())
print(json.dumps({"wall": min(times), "cpu": min(cpu), "checks": checks, "json_mb": size / 1e6}))
"""


def measure(root: Path, path: Path, repeat: int) -> dict:
    """Parse the workbook with the reader of checkout `root`, in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), str(repeat)],
        check=True,
        capture_output=True,
        text=True,
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
    )
    return json.loads(done.stdout)


def main() -> None:
    """Generate (or reuse) the workbook and print before/after figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vms", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before", type=Path, default=Path("/work/main"))
    args = parser.parse_args()
    path = OUT / f"rvtools-{args.vms}vms-health-sheets.xlsx"
    if not path.exists():
        generate(args.vms, path)
    before, after = measure(args.before, path, args.repeat), measure(ROOT, path, args.repeat)
    print(f"{'':8} {'wall s':>7} {'cpu s':>6} {'checks s':>9} {'inventory JSON MB':>18}")
    for label, figures in (("before", before), ("after", after)):
        checks = "n/a" if figures["checks"] is None else f"{figures['checks']:.2f}"
        print(
            f"{label:8} {figures['wall']:7.2f} {figures['cpu']:6.2f} {checks:>9} "
            f"{figures['json_mb']:18.1f}"
        )
    print(
        f"ratio after/before: wall {after['wall'] / before['wall']:.2f}x, "
        f"cpu {after['cpu'] / before['cpu']:.2f}x"
    )


if __name__ == "__main__":
    main()
