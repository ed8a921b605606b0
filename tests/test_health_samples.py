"""Health checks on the real exports, pinned against an independent openpyxl reading of sheets."""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from pathlib import Path

import openpyxl
import pytest

from storepredict.pipeline.health import HealthReport, run_checks
from storepredict.pipeline.readers.liveoptics.workbook import read_liveoptics
from storepredict.pipeline.readers.rvtools.workbook import read_rvtools
from storepredict.pipeline.settings import SizingSettings

TODAY = date(2026, 12, 6)
RVTOOLS = [
    "rvtools-4.7.1-233vms.xlsx",
    "rvtools-4.7.1-19vms.xlsx",
    "rvtools-4.4.3-124vms.xlsx",
    "rvtools-4.0.7-1100vms.xlsx",
]


@cache
def _report(path: Path) -> HealthReport:
    reader = read_liveoptics if path.name.startswith("liveoptics") else read_rvtools
    inventory = reader(path.read_bytes(), path.name)
    return run_checks(inventory, SizingSettings(), TODAY)


def _rows(path: Path, sheet: str) -> list[dict[str, object]]:
    """Every data row of a sheet as {trimmed header: value}, read with openpyxl."""
    book = openpyxl.load_workbook(path, read_only=True)
    rows = book[sheet].iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows)]
    data = [dict(zip(header, row, strict=False)) for row in rows if any(v is not None for v in row)]
    book.close()
    return data


def _date(value: object) -> date:
    return value.date() if isinstance(value, datetime) else date.fromisoformat(str(value)[:10])


def _count(report: HealthReport, code: str) -> int:
    result = report.result(code)
    assert result.status in ("ok", "flagged"), (code, result.missing)
    return result.count


@pytest.mark.parametrize("name", RVTOOLS)
def test_counts_match_the_raw_sheets(samples_dir: Path, name: str) -> None:
    path = samples_dir / name
    report = _report(path)
    exported = _date(_rows(path, "vMetaData")[0]["xlsx creation datetime"])
    snapshots = _rows(path, "vSnapshot")
    old = [r for r in snapshots if (exported - _date(r["Date / time"])).days > 3]
    assert _count(report, "snapshot_old") == len(old)
    # vInfo's power state is the inventory's: vTools may disagree (suspended instant clones)
    power = {r["VM UUID"]: r["Powerstate"] for r in _rows(path, "vInfo")}
    tools = [r for r in _rows(path, "vTools") if r["Template"] != "True"]
    tools = [r for r in tools if not str(r["VM"]).startswith("vCLS")]
    running = [
        r for r in tools if r["Tools"] == "toolsNotRunning" and power[r["VM UUID"]] == "poweredOn"
    ]
    assert _count(report, "tools_not_running") == len(running)
    assert _count(report, "tools_not_installed") == sum(
        r["Tools"] == "toolsNotInstalled" for r in tools
    )
    assert _count(report, "tools_out_of_date") == sum(r["Tools"] == "toolsOld" for r in tools)
    assert _count(report, "rdm_disks") == sum(r["Raw"] == "True" for r in _rows(path, "vDisk"))
    health = _rows(path, "vHealth")
    zombies = [r for r in health if r["Message type"] == "Zombie" and "vmdk" in str(r["Message"])]
    assert _count(report, "zombie_vmdk") == len(zombies)
    capacity = (
        "Capacity MiB" if "MiB" in name or not name.startswith("rvtools-4.0") else "Capacity MB"
    )
    free = capacity.replace("Capacity", "Free")
    full = [
        r for r in _rows(path, "vDatastore")
        if r[capacity] and (r[capacity] - r[free]) / r[capacity] > 0.8  # type: ignore[operator]
    ]  # fmt: skip
    assert _count(report, "datastore_full") == len(full)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "rvtools-4.7.1-233vms.xlsx",
            {"snapshot_old": 0, "zombie_vmdk": 5, "zombie_vm": 2, "tools_out_of_date": 153,
             "tools_not_running": 0, "tools_not_installed": 3, "rdm_disks": 0,
             "datastore_full": 11, "cdrom_connected": 4, "esxi_end_of_support": 2},
        ),
        (
            "rvtools-4.0.7-1100vms.xlsx",
            {"snapshot_old": 1047, "tools_not_running": 924, "tools_not_installed": 2,
             "rdm_disks": 0, "zombie_vmdk": 0, "datastore_full": 7, "esxi_end_of_support": 61},
        ),
        (
            "rvtools-4.7.1-19vms.xlsx",
            {"rdm_disks": 6, "shared_disks": 6, "independent_disks": 6, "zombie_vmdk": 4,
             "esxi_end_of_support": 2, "vcenter_end_of_support": 1},
        ),
        ("liveoptics-2022-595vms.xlsx", {"esxi_end_of_support": 17, "powered_off_vms": 43}),
    ],
)  # fmt: skip
def test_pinned_counts_of_the_real_exports(samples_dir: Path, name: str, expected: dict) -> None:
    report = _report(samples_dir / name)
    assert {code: _count(report, code) for code in expected} == expected


def test_health_messages_of_the_233_vm_sample(samples_dir: Path) -> None:
    """The issue's figures: 223 vHealth messages, 156 about VMware Tools, 7 zombies, 4 CD-ROMs."""
    path = samples_dir / "rvtools-4.7.1-233vms.xlsx"
    types = [r["Message type"] for r in _rows(path, "vHealth")]
    assert (len(types), types.count("VM Tools"), types.count("Zombie")) == (223, 156, 7)
    report = _report(path)
    assert _count(report, "zombie_vmdk") + _count(report, "zombie_vm") == 7
    assert _count(report, "cdrom_connected") == types.count("CDROM") == 4
