"""The extra LiveOptics sheets health checks read: `ESX Hosts`, `ESX Licenses`, `Host Disks`."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ...estate import EstateSheets, HostColumns, HostDiskColumns, HostLicenseColumns
from ..excel import to_bool, to_number, to_text

SHEETS: dict[str, tuple[str, dict[str, tuple[str, ...]]]] = {
    "hosts": (
        "ESX Hosts",
        {
            "host": ("Host Name",),
            "cluster": ("Cluster",),
            "esx_version": ("OS",),
            "cpu_model": ("CPU Description",),
        },
    ),
    "host_licenses": ("ESX Licenses", {"host": ("ESX Host",), "title": ("Software Title",)}),
    "host_disks": (
        "Host Disks",
        {"host": ("Host",), "capacity_mib": ("Disk Capacity (MiB)",), "ssd": ("SSD",)},
    ),
}
"""EstateSheets field -> (LiveOptics sheet, the columns read with their header spellings)."""


def _texts(frame: pd.DataFrame, key: str) -> list[str | None] | None:
    return to_text(frame[key]).tolist() if key in frame.columns else None


def build_liveoptics_estate(frames: Mapping[str, pd.DataFrame | None]) -> EstateSheets:
    """Typed columns of the sheets that were present (a sheet without its key column is skipped)."""
    sheets: dict[str, object] = {}
    hosts = frames.get("hosts")
    if hosts is not None and "host" in hosts.columns:
        sheets["hosts"] = HostColumns(
            host=to_text(hosts["host"]).tolist(),
            cluster=_texts(hosts, "cluster"),
            esx_version=_texts(hosts, "esx_version"),
            cpu_model=_texts(hosts, "cpu_model"),
        )
    licenses = frames.get("host_licenses")
    if licenses is not None and "host" in licenses.columns:
        sheets["host_licenses"] = HostLicenseColumns(
            host=to_text(licenses["host"]).tolist(), title=_texts(licenses, "title")
        )
    disks = frames.get("host_disks")
    if disks is not None and "host" in disks.columns:
        capacity = None
        if "capacity_mib" in disks.columns:
            values = to_number(disks["capacity_mib"])
            capacity = [None if pd.isna(v) else float(v) for v in values]
        ssd: list[bool | None] | None = None
        if "ssd" in disks.columns:
            ssd = [bool(v) for v in to_bool(disks["ssd"])]
        sheets["host_disks"] = HostDiskColumns(
            host=to_text(disks["host"]).tolist(), capacity_mib=capacity, ssd=ssd
        )
    return EstateSheets.model_validate(sheets)
