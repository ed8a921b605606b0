"""The extra RVTools sheets health checks read (vSnapshot, vTools, vDisk flags, vCD, vCPU, ...).

Only the named columns are converted (`load_table` parses each sheet once). Sheets are parsed
before the VMs exist (in a worker thread, beside vInfo), then their rows are tied to VM ids.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

import pandas as pd

from ...errors import CorruptWorkbookError
from ...estate import (
    CdColumns,
    ClusterColumns,
    DatastoreColumns,
    DiskColumns,
    EstateSheets,
    FileColumns,
    HealthColumns,
    HostColumns,
    LicenseColumns,
    ResourceColumns,
    SnapshotColumns,
    ToolsColumns,
    VcenterColumns,
)
from ...inventory import VM
from ..excel import find_sheet, to_bool
from .columns import VDISK_COLUMNS
from .sheets import (
    SheetTable,
    Workbook,
    candidate_filter,
    float_list,
    load_table,
    text_list,
    to_floats,
)

Wanted = dict[str, tuple[str, ...]]
_VM_KEYS: Wanted = {"vm": ("VM",), "uuid": ("VM UUID",), "vcenter": ("VI SDK Server",)}
_FLAGS = ("raw", "thin", "eager", "connected", "starts_connected", "hot_add", "ha_enabled")
_NUMBERS = {"size_mib", "capacity_mib", "reservation", "limit", "free_mib", "size_bytes"}
_NUMBERS |= {"num_hosts"}

SHEETS: dict[str, tuple[str, Wanted]] = {
    "snapshots": (
        "vSnapshot",
        {
            **_VM_KEYS,
            "name": ("Name",),
            "created": ("Date / time",),
            "size_mib": ("Size MiB (total)", "Size MB (total)"),
        },
    ),
    "tools": (
        "vTools",
        {**_VM_KEYS, "status": ("Tools",), "version": ("Tools Version",), "hw": ("VM Version",)},
    ),
    "disks": (
        "vDisk",
        {
            **_VM_KEYS,
            "disk": ("Disk",),
            "capacity_mib": ("Capacity MiB", "Capacity MB"),
            "raw": ("Raw",),
            "thin": ("Thin",),
            "eager": ("Eagerly Scrub",),
            "sharing_mode": ("Sharing mode",),
            "shared_bus": ("Shared Bus",),
            "disk_mode": ("Disk Mode",),
        },
    ),
    "cds": (
        "vCD",
        {
            **_VM_KEYS,
            "connected": ("Connected",),
            "starts_connected": ("Starts Connected",),
            "device_type": ("Device Type",),
        },
    ),
    "cpu": (
        "vCPU",
        {**_VM_KEYS, "reservation": ("Reservation",), "limit": ("Limit",), "hot_add": ("Hot Add",)},
    ),
    "memory": (
        "vMemory",
        {**_VM_KEYS, "reservation": ("Reservation",), "limit": ("Limit",), "hot_add": ("Hot Add",)},
    ),
    "health": (
        "vHealth",
        {"name": ("Name",), "message": ("Message",), "message_type": ("Message type",)},
    ),
    "files": (
        "vFileInfo",
        {"path": ("Friendly Path Name", "Path"), "size_bytes": ("File Size in bytes",)},
    ),
    "datastores": (
        "vDatastore",
        {
            "name": ("Name",),
            "type": ("Type",),
            "capacity_mib": ("Capacity MiB", "Capacity MB"),
            "free_mib": ("Free MiB", "Free MB"),
        },
    ),
    "hosts": (
        "vHost",
        {
            "host": ("Host",),
            "cluster": ("Cluster",),
            "esx_version": ("ESX Version",),
            "cpu_model": ("CPU Model",),
        },
    ),
    "clusters": (
        "vCluster",
        {"name": ("Name",), "ha_enabled": ("HA enabled",), "num_hosts": ("NumHosts",)},
    ),
    "vcenters": (
        "vSource",
        {"server": ("VI SDK Server",), "version": ("Version",), "fullname": ("Fullname",)},
    ),
    "licenses": (
        "vLicense",
        {
            "name": ("Name",),
            "cost_unit": ("Cost Unit",),
            "total": ("Total",),
            "used": ("Used",),
            "expiration": ("Expiration Date",),
        },
    ),
}
"""EstateSheets field -> (RVTools sheet, the columns read with their header spellings)."""

MODELS: dict[str, Callable[..., Any]] = {
    "snapshots": SnapshotColumns,
    "tools": ToolsColumns,
    "disks": DiskColumns,
    "cds": CdColumns,
    "cpu": ResourceColumns,
    "memory": ResourceColumns,
    "health": HealthColumns,
    "files": FileColumns,
    "datastores": DatastoreColumns,
    "hosts": HostColumns,
    "clusters": ClusterColumns,
    "vcenters": VcenterColumns,
    "licenses": LicenseColumns,
}


def parse_extra_sheets(
    open_reader: Callable[[], Workbook],
    file_name: str,
    fields: Iterable[str] = tuple(SHEETS),
    lenient: bool = False,
) -> dict[str, SheetTable]:
    """The extra sheets among `fields` the export has, parsed once (its own reader from
    `open_reader`: thread-safe).

    vDisk also keeps the columns the reader sums for exports without `Total disk capacity`.
    With `lenient`, a damaged sheet is left out (its checks become not assessable) instead of
    refusing the export.
    """
    reader = open_reader()
    tables = {}
    for field in fields:
        sheet_name, wanted = SHEETS[field]
        sheet = find_sheet(reader, sheet_name)
        if sheet is None:
            continue
        keep = {**wanted, **VDISK_COLUMNS} if field == "disks" else wanted
        try:
            tables[field] = load_table(reader, sheet, file_name, candidate_filter(keep))
        except CorruptWorkbookError:
            if not lenient:
                raise
    return tables


def _column(frame: pd.DataFrame, key: str) -> list[Any] | None:
    """One column converted to its type, or None when the sheet lacks it."""
    if key not in frame.columns:
        return None
    if key in _FLAGS:
        return [bool(v) for v in to_bool(frame[key]).tolist()]
    if key in _NUMBERS:
        return float_list(to_floats(frame[key]))
    if key == "hw":  # "21", or "vmx-21" in some versions
        return float_list(to_floats(frame[key].str.replace("vmx-", "", regex=False)))
    if key == "created":
        stamps = pd.to_datetime(frame[key], errors="coerce")
        return [None if pd.isna(t) else t.isoformat() for t in stamps]
    return text_list(frame[key])


def _vm_lookup(
    vms: list[VM],
) -> Callable[[list[Any], list[Any], list[Any]], list[str | None]]:
    """Find the VM id of each (name, UUID, vCenter) row: by (vCenter, UUID), else by a name no
    other VM carries."""
    by_uuid: dict[tuple[str, str], str] = {}
    by_name: dict[str, str | None] = {}
    for vm in vms:
        if vm.uuid:
            by_uuid.setdefault((vm.vcenter or "", vm.uuid), vm.vm_id)
        by_name[vm.name] = None if vm.name in by_name else vm.vm_id

    def find(names: list[Any], uuids: list[Any], vcenters: list[Any]) -> list[str | None]:
        found: list[str | None] = []
        for name, uuid, vcenter in zip(names, uuids, vcenters, strict=True):
            vm_id = by_uuid.get((vcenter or "", uuid)) if uuid else None
            found.append(vm_id if vm_id is not None else by_name.get(name) if name else None)
        return found

    return find


def build_estate(tables: Mapping[str, SheetTable], vms: list[VM]) -> EstateSheets:
    """Typed columns of the parsed sheets, per-VM rows tied to the inventory's VM ids."""
    find = _vm_lookup(vms)
    sheets: dict[str, Any] = {}
    for field, table in tables.items():
        wanted = SHEETS[field][1]
        frame = table.located(wanted)
        columns = {key: _column(frame, key) for key in wanted if key not in _VM_KEYS}
        if "vm" in wanted:
            names = _column(frame, "vm") or [None] * len(frame)
            uuids = _column(frame, "uuid") or [None] * len(frame)
            servers = _column(frame, "vcenter") or [None] * len(frame)
            columns["vm"] = names
            columns["vm_id"] = find(names, uuids, servers)
        elif columns.get(next(iter(wanted))) is None:
            continue  # the sheet lacks the column that names its rows
        if field == "tools":
            columns["hw_version"] = columns.pop("hw")
        if field == "disks":
            columns["sharing"] = _sharing(columns.pop("sharing_mode"), columns.pop("shared_bus"))
        sheets[field] = MODELS[field](**columns)
    return EstateSheets(**sheets)


def _sharing(mode: list[Any] | None, bus: list[Any] | None) -> list[str | None] | None:
    """The disk's `Sharing mode` where written, else its controller's `Shared Bus`."""
    if mode is None:
        return bus
    if bus is None:
        return mode
    return [m if m is not None else b for m, b in zip(mode, bus, strict=True)]
