"""Benchmark the RVTools reader against pandas + openpyxl on generated 10,000 and 50,000-VM exports.

    .venv/bin/python bench/ingest.py [--sizes 10000 50000] [--repeat 3] [--with-baseline-50k]

Workbooks are generated once with openpyxl (write-only) and cached in bench/out/. Our parse runs
in a fresh subprocess that reports its wall time and peak RSS; the baseline is
`pandas.read_excel(path, sheet_name=None, engine="openpyxl")` on the same file (skipped for 50,000
VMs unless asked: it takes minutes).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
TARGETS = {10_000: 1.5, 50_000: 8.0}
MAX_RSS_MB = 1500
GENERATOR_VERSION = 2  # bump when generate() changes, so cached workbooks are rebuilt


def _headers(joined: str) -> list[str]:
    """Header names from one |-separated string (keeps 90 names readable)."""
    return joined.split("|")


VINFO = _headers(
    "VM|Powerstate|Template|SRM Placeholder|Config status|DNS Name|Connection state|Guest state|"
    "Heartbeat|Consolidation Needed|PowerOn|Suspended To Memory|Suspend time|Suspend Interval|"
    "Creation date|Change Version|CPUs|Overall Cpu Readiness|Memory|Active Memory|NICs|Disks|"
    "Total disk capacity MiB|Fixed Passthru HotPlug|min Required EVC Mode Key|Latency Sensitivity|"
    "Op Notification Timeout|EnableUUID|CBT|Primary IP Address|Network #1|Network #2|Network #3|"
    "Network #4|Network #5|Network #6|Network #7|Network #8|Num Monitors|Video Ram KiB|"
    "Resource pool|Folder ID|Folder|vApp|DAS protection|FT State|FT Role|FT Latency|FT Bandwidth|"
    "FT Sec. Latency|Vm Failover In Progress|Provisioned MiB|In Use MiB|Unshared MiB|"
    "HA Restart Priority|HA Isolation Response|HA VM Monitoring|Cluster rule(s)|"
    "Cluster rule name(s)|Boot Required|Boot delay|Boot retry delay|Boot retry enabled|"
    "Boot BIOS setup|Reboot PowerOff|EFI Secure boot|Firmware|HW version|HW upgrade status|"
    "HW upgrade policy|HW target|Path|Log directory|Snapshot directory|Suspend directory|"
    "Annotation|Backup Policy|Owner|Datacenter|Cluster|Host|OS according to the configuration file|"
    "OS according to the VMware Tools|VM ID|SMBIOS UUID|"
    "VM UUID|VI SDK Server type|VI SDK API Version|VI SDK Server|VI SDK UUID"
)
VDISK = _headers(
    "VM|Powerstate|Template|SRM Placeholder|Disk|Disk Key|Disk UUID|Disk Path|Capacity MiB|Raw|"
    "Disk Mode|Sharing mode|Thin|Eagerly Scrub|Split|Write Through|Level|Shares|Reservation|Limit|"
    "Controller|Label|SCSI Unit #|Unit #|Shared Bus|Path|Raw LUN ID|Raw Comp. Mode|"
    "Internal Sort Column|Annotation|Datacenter|Cluster|Host|Folder|"
    "OS according to the configuration file|OS according to the VMware Tools|VM ID|VM UUID|"
    "VI SDK Server|VI SDK UUID"
)
VPARTITION = _headers(
    "VM|Powerstate|Template|SRM Placeholder|Disk Key|Disk|Capacity MiB|Consumed MiB|Free MiB|"
    "Free %|Internal Sort Column|Annotation|Datacenter|Cluster|Host|Folder|"
    "OS according to the configuration file|OS according to the VMware Tools|VM ID|VM UUID|"
    "VI SDK Server|VI SDK UUID"
)
VHOST = _headers(
    "Host|Datacenter|Cluster|Config status|CPU Model|Speed|HT Available|HT Active|# CPU|"
    "Cores per CPU|# Cores|CPU usage %|# Memory|Memory usage %|# VMs|# vCPUs|ESX Version|Vendor|"
    "Model|VI SDK Server|VI SDK UUID"
)
assert len(VINFO) == 90


def _vm_values(i: int, vcenter: str = "vcenter.example.com") -> dict[str, object]:
    """Realistic typed values of VM number i (numbers as numbers, booleans as RVTools text)."""
    power = "poweredOn" if i % 10 else "poweredOff"
    disk = (40 + i % 7 * 20) * 1024
    return {
        "VM": f"vm-{i:06d}-app",
        "Powerstate": power,
        "Template": "True" if i % 97 == 0 else "False",
        "CPUs": 1 + i % 8,
        "Memory": 2048 * (1 + i % 8),
        "Disks": 2,
        "NICs": 1,
        "Total disk capacity MiB": 2 * disk,
        "Provisioned MiB": 2 * disk + 4096,
        "In Use MiB": disk + 1234,
        "Unshared MiB": disk,
        "Creation date": dt.datetime(2024, 1, 1) + dt.timedelta(minutes=i),
        "Datacenter": "DC1",
        "Cluster": f"Cluster{i % 4}",
        "Host": f"esx{i % 400:03d}.example.com",
        "Folder": f"/DC1/Apps/{i % 50}",
        "Annotation": "Application server" if i % 3 else None,
        "Backup Policy": "gold" if i % 2 else None,
        "OS according to the configuration file": "Microsoft Windows Server 2019 (64-bit)",
        "OS according to the VMware Tools": "Microsoft Windows Server 2019 (64-bit)",
        "VM ID": f"vm-{100000 + i}",
        "VM UUID": f"5000{i:04x}-0000-0000-0000-{i:012x}",
        "VI SDK Server": vcenter,
    }


# Columns the reader ignores, filled as in the real samples: blank where RVTools mostly leaves
# them blank, numbers, dates and "True"/"False" text where it writes those.
BLANK = frozenset(
    _headers(
        "Suspended To Memory|Suspend time|Suspend Interval|Network #2|Network #3|Network #4|"
        "Network #5|Network #6|Network #7|Network #8|vApp|FT Role|Vm Failover In Progress|"
        "Cluster rule(s)|Cluster rule name(s)|HW target|Raw LUN ID|Raw Comp. Mode|Disk Path|"
        "Disk Key|Level"
    )
)
TYPICAL: dict[str, object] = {
    **dict.fromkeys(
        _headers(
            "Consolidation Needed|Fixed Passthru HotPlug|EnableUUID|CBT|DAS protection|"
            "Boot Required|Boot retry enabled|Boot BIOS setup|Reboot PowerOff|EFI Secure boot|"
            "Raw|Eagerly Scrub|Split|Write Through|HT Available|HT Active"
        ),
        "False",
    ),
    **dict.fromkeys(_headers("PowerOn|Change Version|Boot time"), dt.datetime(2025, 5, 20, 11, 34)),
    **dict.fromkeys(_headers("FT Latency|FT Bandwidth|FT Sec. Latency|Limit"), -1),
    **dict.fromkeys(_headers("Boot delay|Op Notification Timeout|Reservation|Unit #"), 0),
    **dict.fromkeys(_headers("Num Monitors|Snapshot"), 1),
    "Active Memory": 737,
    "Video Ram KiB": 4096,
    "Boot retry delay": 10000,
    "HW version": 19,
    "Shares": 1000,
    "SCSI Unit #": 7,
    "Overall Cpu Readiness": "0%",
    "Config status": "green",
    "Connection state": "connected",
    "Guest state": "running",
    "Heartbeat": "green",
    "Latency Sensitivity": "normal",
    "FT State": "notConfigured",
    "HA Restart Priority": "medium",
    "HA Isolation Response": "none",
    "HA VM Monitoring": "vmMonitoringDisabled",
    "Firmware": "efi",
    "HW upgrade status": "none",
    "HW upgrade policy": "never",
    "min Required EVC Mode Key": "intel-cascadelake",
    "Network #1": "VLAN-110-Servers",
    "Disk Mode": "persistent",
    "Sharing mode": "sharingNone",
    "Controller": "VMware paravirtual SCSI",
    "Label": "SCSI controller 0",
    "Shared Bus": "noSharing",
    "VI SDK Server type": "VMware vCenter Server 8.0.3 build-24022515",
    "VI SDK API Version": "8.0.3.0",
    "VI SDK UUID": "d8a4c668-18cf-48e7-8ce6-60ac7e0f1a2b",
}


def _filler(column: str, i: int) -> object:
    """A realistic value for a column the reader does not map."""
    if column in BLANK:
        return None
    if column in TYPICAL:
        return TYPICAL[column]
    return f"{column[:10]}-{i:06d}"


def sheet_rows(
    vms: int, first: int = 0, vcenter: str = "vcenter.example.com"
) -> dict[str, Iterator[list[object]]]:
    """The rows (header first) of each sheet: vInfo (90 columns), vDisk, vPartition, vHost,
    vMetaData, for VMs number `first` to `first + vms - 1` of vCenter `vcenter`."""

    def per_vm(sheet: str) -> Iterator[list[object]]:
        header = {"vInfo": VINFO, "vDisk": VDISK, "vPartition": VPARTITION}[sheet]
        yield header
        for i in range(first, first + vms):
            values = _vm_values(i, vcenter)
            if sheet == "vInfo":
                yield [values.get(c, _filler(c, i)) for c in VINFO]
                continue
            for n in (1, 2):
                half = values["Total disk capacity MiB"] // 2
                if sheet == "vDisk":
                    disk = {
                        **values,
                        "Disk": f"Hard disk {n}",
                        "Capacity MiB": half,
                        "Thin": "True",
                    }
                    yield [disk.get(c, _filler(c, i)) for c in VDISK]
                    continue
                used = half // 3 + n * 100
                part = {**values, "Disk": "C:\\" if n == 1 else "D:\\", "Capacity MiB": half - 512}
                part.update({"Consumed MiB": used, "Free MiB": half - 512 - used, "Free %": 60})
                yield [part.get(c, _filler(c, i)) for c in VPARTITION]

    def hosts() -> Iterator[list[object]]:
        yield VHOST
        for h in range(max(vms // 25, 1)):
            host = {"Host": f"esx{h:03d}.example.com", "Cluster": f"Cluster{h % 4}", "# CPU": 2}
            host["VI SDK Server"] = vcenter
            host.update(
                {"# Cores": 32, "Speed": 2600, "# Memory": 786432, "CPU Model": "Xeon Gold"}
            )
            yield [host.get(c, _filler(c, h)) for c in VHOST]

    def metadata() -> Iterator[list[object]]:
        yield ["RVTools major version", "RVTools version", "xlsx creation datetime", "Server"]
        yield ["4.7", "4.7.1.4", dt.datetime(2025, 5, 30, 15, 43, 3), vcenter]

    return {
        "vInfo": per_vm("vInfo"),
        "vDisk": per_vm("vDisk"),
        "vPartition": per_vm("vPartition"),
        "vHost": hosts(),
        "vMetaData": metadata(),
    }


def generate(vms: int, path: Path, first: int = 0, vcenter: str = "vcenter.example.com") -> None:
    """Write an RVTools-like workbook of `sheet_rows` with openpyxl (write-only)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for name, rows in sheet_rows(vms, first, vcenter).items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    workbook.save(partial)
    partial.replace(path)


_CHILD = """
import json, resource, sys, time
from storepredict.pipeline.readers.rvtools.workbook import read_rvtools
path, repeat = sys.argv[1], int(sys.argv[2])
content = open(path, "rb").read()
times, cpu = [], []
for _ in range(repeat):
    start, start_cpu = time.perf_counter(), time.process_time()
    inventory = read_rvtools(content, path)
    times.append(time.perf_counter() - start)
    cpu.append(time.process_time() - start_cpu)
rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"times": times, "cpu": cpu, "rss_mb": rss_mb, "vms": len(inventory.vms)}))
"""


def measure_ours(path: Path, repeat: int) -> dict:
    """Time read_rvtools in a fresh interpreter; peak RSS is that interpreter's maximum."""
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), str(repeat)],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    return json.loads(result.stdout)


def measure_baseline(path: Path) -> float:
    """Seconds for pandas.read_excel of every sheet with openpyxl."""
    import pandas as pd

    start = time.perf_counter()
    pd.read_excel(path, sheet_name=None, engine="openpyxl")
    return time.perf_counter() - start


def main() -> None:
    """Generate (or reuse) the workbooks and print our figures next to the baseline's."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--with-baseline-50k",
        dest="skip_baseline_50k",
        action="store_false",
        help="also time the openpyxl baseline on 50,000 VMs (takes minutes)",
    )
    parser.add_argument("--skip-baseline-50k", dest="skip_baseline_50k", action="store_true")
    parser.set_defaults(skip_baseline_50k=True)
    args = parser.parse_args()
    header = f"{'VMs':>7} {'MB':>6} {'ours s':>7} {'cpu s':>6} {'openpyxl s':>11} {'ratio':>7}"
    header += f" {'RSS MB':>7}"
    print(header + "  target")
    for vms in args.sizes:
        path = OUT / f"rvtools-{vms}vms-v{GENERATOR_VERSION}.xlsx"
        if not path.exists():
            start = time.perf_counter()
            generate(vms, path)
            print(f"(generated {path.name} in {time.perf_counter() - start:.0f} s)", flush=True)
        ours = measure_ours(path, args.repeat)
        assert ours["vms"] == vms, ours
        best, best_cpu = min(ours["times"]), min(ours["cpu"])
        skip = vms >= 50_000 and args.skip_baseline_50k
        baseline = None if skip else measure_baseline(path)
        ratio = f"{baseline / best:6.1f}x" if baseline else "   n/a"
        base = f"{baseline:11.2f}" if baseline else f"{'skipped':>11}"
        size = path.stat().st_size / 1e6
        target = TARGETS.get(vms)
        verdict = ""
        if target:
            ok = best < target and ours["rss_mb"] < MAX_RSS_MB
            ok = ok and (baseline is None or vms >= 50_000 or baseline / best >= 10)
            verdict = f"< {target} s, < {MAX_RSS_MB} MB: {'met' if ok else 'MISSED'}"
        print(
            f"{vms:>7} {size:6.1f} {best:7.2f} {best_cpu:6.2f} {base} {ratio} "
            f"{ours['rss_mb']:7.0f}  {verdict}",
            flush=True,
        )
    print(
        f"(ours: best wall and CPU time of {args.repeat} runs in one fresh process, peak RSS of "
        "that process; CPU time sums both threads and is the figure to trust on a busy machine)"
    )


if __name__ == "__main__":
    main()
