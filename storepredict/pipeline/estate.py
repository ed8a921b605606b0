"""The extra sheets of an export that health checks read, kept as compact typed columns (ADR-073).

Each sheet is one model of parallel lists (one entry per sheet row), so 10,000 rows stay small in
`session.json` and validate fast. A sheet is None when the export lacks it; a column is None when
the sheet lacks it, so a check can name exactly what is missing. Per-VM rows carry the VM name as
written and the canonical `vm_id` of the VM they join (None when they join none).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Self

from pydantic import BaseModel, ConfigDict, model_validator

Texts = list[str | None]
Numbers = list[float | None]
Flags = list[bool | None]


class _Columns(BaseModel):
    """Parallel columns of one sheet: every non-None list has one entry per row."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="after")
    def _same_lengths(self) -> Self:
        lengths = {len(v) for v in self.__dict__.values() if isinstance(v, list)}
        if len(lengths) > 1:
            raise ValueError(f"{type(self).__name__} columns differ in length: {sorted(lengths)}")
        return self

    def row_count(self) -> int:
        """The number of rows (0 for a sheet without any kept column)."""
        return next((len(v) for v in self.__dict__.values() if isinstance(v, list)), 0)


class _VmColumns(_Columns):
    vm: Texts
    vm_id: Texts


class SnapshotColumns(_VmColumns):
    """vSnapshot: one row per snapshot."""

    name: Texts | None = None
    created: Texts | None = None
    """ISO date-time text (`2021-11-11T00:02:40`) or None."""
    size_mib: Numbers | None = None


class ToolsColumns(_VmColumns):
    """vTools: VMware Tools status (`toolsOk`, `toolsOld`, ...) and virtual hardware version."""

    status: Texts | None = None
    version: Texts | None = None
    hw_version: Numbers | None = None


class DiskColumns(_VmColumns):
    """vDisk: one row per virtual disk, with the flags the capacity reader does not keep."""

    disk: Texts | None = None
    capacity_mib: Numbers | None = None
    raw: Flags | None = None
    thin: Flags | None = None
    eager: Flags | None = None
    sharing: Texts | None = None
    """`Sharing mode` (4.4+, `sharingMultiWriter`) or, before it, the controller `Shared Bus`."""
    disk_mode: Texts | None = None


class CdColumns(_VmColumns):
    """vCD: CD/DVD drives."""

    connected: Flags | None = None
    starts_connected: Flags | None = None
    device_type: Texts | None = None


class ResourceColumns(_VmColumns):
    """vCPU or vMemory: reservation, limit (-1 is unlimited) and hot-add (MHz or MiB)."""

    reservation: Numbers | None = None
    limit: Numbers | None = None
    hot_add: Flags | None = None


class HealthColumns(_Columns):
    """vHealth: RVTools' own observations (object name, message, message type)."""

    name: Texts
    message: Texts
    message_type: Texts | None = None


class FileColumns(_Columns):
    """vFileInfo (only filled with RVTools' GetFileInfo option): file path and size."""

    path: Texts
    size_bytes: Numbers | None = None


class DatastoreColumns(_Columns):
    """vDatastore: capacity and free space per datastore."""

    name: Texts
    type: Texts | None = None
    capacity_mib: Numbers | None = None
    free_mib: Numbers | None = None


class HostColumns(_Columns):
    """vHost or LiveOptics `ESX Hosts`: ESXi version and CPU model per host."""

    host: Texts
    cluster: Texts | None = None
    esx_version: Texts | None = None
    cpu_model: Texts | None = None


class ClusterColumns(_Columns):
    """vCluster: HA settings per cluster."""

    name: Texts
    ha_enabled: Flags | None = None
    num_hosts: Numbers | None = None


class VcenterColumns(_Columns):
    """vSource: the vCenter version of each VI SDK server."""

    server: Texts
    version: Texts | None = None
    fullname: Texts | None = None


class LicenseColumns(_Columns):
    """vLicense: licence name, cost unit, total, used and expiration (text as exported)."""

    name: Texts
    cost_unit: Texts | None = None
    total: Texts | None = None
    used: Texts | None = None
    expiration: Texts | None = None


class HostLicenseColumns(_Columns):
    """LiveOptics `ESX Licenses`: the licence title of each host."""

    host: Texts
    title: Texts | None = None


class HostDiskColumns(_Columns):
    """LiveOptics `Host Disks`: local disks per host."""

    host: Texts
    capacity_mib: Numbers | None = None
    ssd: Flags | None = None


class EstateSheets(BaseModel):
    """The extra sheets of one inventory; None for a sheet the export does not carry."""

    model_config = ConfigDict(extra="forbid")

    snapshots: SnapshotColumns | None = None
    tools: ToolsColumns | None = None
    disks: DiskColumns | None = None
    cds: CdColumns | None = None
    cpu: ResourceColumns | None = None
    memory: ResourceColumns | None = None
    health: HealthColumns | None = None
    files: FileColumns | None = None
    datastores: DatastoreColumns | None = None
    hosts: HostColumns | None = None
    clusters: ClusterColumns | None = None
    vcenters: VcenterColumns | None = None
    licenses: LicenseColumns | None = None
    host_licenses: HostLicenseColumns | None = None
    host_disks: HostDiskColumns | None = None


SHEET_LABELS: dict[str, str] = {
    "snapshots": "vSnapshot",
    "tools": "vTools",
    "disks": "vDisk",
    "cds": "vCD",
    "cpu": "vCPU",
    "memory": "vMemory",
    "health": "vHealth",
    "files": "vFileInfo",
    "datastores": "vDatastore",
    "hosts": "vHost / ESX Hosts",
    "clusters": "vCluster",
    "vcenters": "vSource",
    "licenses": "vLicense",
    "host_licenses": "ESX Licenses",
    "host_disks": "Host Disks",
}
"""The export sheet behind each EstateSheets field, for 'not assessable' messages."""


def combine_estates(first: EstateSheets | None, second: EstateSheets | None) -> EstateSheets | None:
    """The sheets of `first`, completed with the sheets only `second` has (e.g. RVTools and
    LiveOptics exports of one estate: RVTools is the inventory of record)."""
    if first is None or second is None:
        return first or second
    names = EstateSheets.model_fields
    return EstateSheets(**{name: getattr(first, name) or getattr(second, name) for name in names})


def concat_estates(estates: Sequence[EstateSheets | None]) -> EstateSheets | None:
    """The sheets of several exports of one tool (one per vCenter), their rows appended."""
    present = [estate for estate in estates if estate is not None]
    if len(present) < 2:
        return present[0] if present else None
    sheets: dict[str, Any] = {}
    for name in EstateSheets.model_fields:
        parts = [getattr(estate, name) for estate in present if getattr(estate, name) is not None]
        sheets[name] = _concat_rows(parts) if parts else None
    return EstateSheets(**sheets)


def _concat_rows(parts: list[Any]) -> Any:
    """One sheet from several of the same kind; a column one part lacks is None in its rows."""
    kind = type(parts[0])
    heights = [
        max((len(v) for v in dict(part).values() if isinstance(v, list)), default=0)
        for part in parts
    ]
    columns: dict[str, Any] = {}
    for column in kind.model_fields:
        values = [getattr(part, column) for part in parts]
        if all(value is None for value in values):
            columns[column] = None
            continue
        columns[column] = [
            cell
            for value, height in zip(values, heights, strict=True)
            for cell in (value if value is not None else [None] * height)
        ]
    return kind(**columns)
