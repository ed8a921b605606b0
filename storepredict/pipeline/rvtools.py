"""Read an RVTools .xlsx export into an Inventory (vInfo, plus vDisk, vPartition, vHost, vMetaData).

Only vInfo is required, with `VM` and `Provisioned` or `In Use`. Values are MiB whatever the header
era says (`MB` before 4.4, `MiB` after): RVTools always reported binary units.
Finding codes: unknown_power_state, no_capacity_data, unreadable_numbers, duplicate_vm_names,
rows_without_name, no_guest_partitions, vpartition_missing, unjoinable_sheet, ambiguous_join,
unmatched_rows, vhost_missing.
"""

from __future__ import annotations

import re

import fastexcel
import pandas as pd

from .errors import EmptyFileError, MissingColumnsError, UnknownFormatError
from .excel import (
    find_sheet,
    locate_columns,
    normalise_header,
    open_workbook,
    read_columns,
    read_header,
    to_bool,
    to_number,
    to_text,
)
from .inventory import VM, Finding, Inventory, SourceInfo, make_vm_ids
from .rvtools_columns import (
    CAPACITY_KEYS,
    STANDARD_VINFO_HEADERS,
    VDISK_COLUMNS,
    VINFO_COLUMNS,
    VPARTITION_COLUMNS,
)
from .rvtools_findings import join_findings, vm_findings
from .rvtools_sheets import PerVmSums, read_hosts, read_metadata, read_per_vm_sheet, sum_per_vm

POWER_STATES = {"poweredon": "on", "poweredoff": "off", "suspended": "suspended"}
SYSTEM_VM = re.compile(r"^vCLS(?:$|[-\s(])", re.IGNORECASE)
NUMBER_KEYS = ("vcpu", "memory", "provisioned", "in_use", "disk_capacity")
_CUSTOM = "custom:"


def is_rvtools(sheet_names: list[str]) -> bool:
    """True when the workbook has a vInfo sheet (or the 3.x `tabvInfo`)."""
    return any(normalise_header(name) in ("vinfo", "tabvinfo") for name in sheet_names)


def custom_attribute_columns(header: list[str]) -> dict[int, str]:
    """Column index -> attribute name for every non-standard (or repeated standard) vInfo header."""
    seen_standard: set[str] = set()
    names: dict[int, str] = {}
    for index, raw in enumerate(header):
        key = normalise_header(raw)
        if not key:
            continue
        if key in STANDARD_VINFO_HEADERS and key not in seen_standard:
            seen_standard.add(key)
            continue
        name = " ".join(str(raw).split())
        taken = set(names.values())
        unique, n = name, 1
        while unique in taken:
            n += 1
            unique = f"{name} ({n})"
        names[index] = unique
    return names


def _read_vinfo(
    reader: fastexcel.ExcelReader, file_name: str
) -> tuple[pd.DataFrame, dict[str, str]]:
    """The vInfo columns we use (standard keys plus `custom:<i>`) and the custom attribute names."""
    sheet = find_sheet(reader, "vInfo")
    if sheet is None:
        raise UnknownFormatError(
            f"{file_name} has no vInfo sheet, so it is not an RVTools export "
            f"(sheets found: {', '.join(reader.sheet_names)}). Upload the RVTools export with "
            "its vInfo sheet."
        )
    header = read_header(reader, sheet, file_name)
    located = locate_columns(header, VINFO_COLUMNS)
    missing = []
    if "name" not in located:
        missing.append("VM")
    if not any(key in located for key in CAPACITY_KEYS):
        missing.append("Provisioned MiB or In Use MiB")
    if missing:
        found = [h.strip() for h in header if h.strip()]
        shown = ", ".join(found[:20]) + (f" and {len(found) - 20} more" if len(found) > 20 else "")
        raise MissingColumnsError(
            f"The vInfo sheet of {file_name} lacks the column(s) {'; '.join(missing)} "
            f"(found: {shown or 'no headers'}). Export vInfo again from RVTools without "
            "removing these columns."
        )
    customs = custom_attribute_columns(header)
    columns = {**located, **{f"{_CUSTOM}{i}": i for i in customs}}
    frame = read_columns(reader, sheet, columns, file_name)
    frame = frame[frame.notna().any(axis=1)].reset_index(drop=True)
    if frame.empty:
        raise EmptyFileError(
            f"The vInfo sheet of {file_name} has a header but no VM rows: export it again "
            "from RVTools with the vCenter connected."
        )
    return frame, {f"{_CUSTOM}{i}": name for i, name in customs.items()}


def _join_sheet(
    reader: fastexcel.ExcelReader,
    vinfo: pd.DataFrame,
    sheet_name: str,
    wanted: dict[str, tuple[str, ...]],
    file_name: str,
) -> tuple[PerVmSums | None, bool]:
    """Per-VM sums of a sheet, and whether the sheet exists at all."""
    sheet = find_sheet(reader, sheet_name)
    if sheet is None:
        return None, False
    rows = read_per_vm_sheet(reader, sheet, wanted, file_name)
    value_keys = [k for k in wanted if k not in ("name", "uuid", "moref", "vcenter")]
    return sum_per_vm(vinfo, rows, value_keys), True


def _floats(series: pd.Series) -> list[float | None]:
    return [None if v != v else v for v in series.tolist()]


def _column(frame: pd.DataFrame, key: str) -> pd.Series:
    if key in frame.columns:
        return frame[key]
    return pd.Series([None] * len(frame), index=frame.index, dtype="object")


def _custom_attributes(frame: pd.DataFrame, names: dict[str, str]) -> list[dict[str, str]]:
    attributes: list[dict[str, str]] = [{} for _ in range(len(frame))]
    for key, name in names.items():
        values = to_text(frame[key])
        for row, value in values.dropna().items():
            attributes[row][name] = value
    return attributes


def _power_states(frame: pd.DataFrame) -> list[str]:
    text = _column(frame, "power").astype("string").str.strip().str.casefold()
    return text.map(POWER_STATES).fillna("unknown").tolist()


def build_vms(
    frame: pd.DataFrame,
    custom_names: dict[str, str],
    numbers: dict[str, pd.Series],
    file_name: str,
) -> list[VM]:
    """One VM per vInfo row; `numbers` holds float series aligned with the rows."""
    names = to_text(frame["name"]).tolist()
    vcenters = to_text(_column(frame, "vcenter")).tolist()
    uuids = to_text(_column(frame, "uuid")).tolist()
    os_tools = to_text(_column(frame, "os_tools"))
    os_any = (
        to_text(_column(frame, "os_config"))
        .fillna(os_tools)
        .fillna(to_text(_column(frame, "os_legacy")))
    )
    columns = {
        "vm_id": make_vm_ids(
            [(v or "", u or "", n) for v, u, n in zip(vcenters, uuids, names, strict=True)]
        ),
        "name": names,
        "power_state": _power_states(frame),
        "is_template": to_bool(_column(frame, "template")).tolist(),
        "is_srm_placeholder": to_bool(_column(frame, "srm")).tolist(),
        "is_system": [bool(SYSTEM_VM.match(n)) for n in names],
        "vcpu": [None if v is None else int(v) for v in _floats(numbers["vcpu"])],
        "memory_mib": _floats(numbers["memory"]),
        "provisioned_mib": _floats(numbers["provisioned"]),
        "in_use_mib": _floats(numbers["in_use"]),
        "disk_capacity_mib": _floats(numbers["disk_capacity"]),
        "guest_capacity_mib": _floats(numbers["guest_capacity"]),
        "guest_used_mib": _floats(numbers["guest_used"]),
        "os": os_any.where(os_any.notna(), None).tolist(),
        "os_tools": os_tools.tolist(),
        **{
            field: to_text(_column(frame, field)).tolist()
            for field in ("datacenter", "cluster", "host", "folder", "annotation")
        },
        "custom_attributes": _custom_attributes(frame, custom_names),
        "vcenter": vcenters,
        "uuid": uuids,
        "source": [file_name] * len(names),
    }
    keys = list(columns)
    # Every value above is already of the model's type, so validation would only cost time.
    return [VM.model_construct(**dict(zip(keys, row, strict=True))) for row in zip(*columns.values())]


def read_rvtools(content: bytes, file_name: str) -> Inventory:
    """Parse an RVTools export into an Inventory with one SourceInfo, hosts and findings."""
    reader = open_workbook(content, file_name)
    vinfo, custom_names = _read_vinfo(reader, file_name)
    findings: list[Finding] = []
    named = to_text(vinfo["name"]).notna()
    if not named.all():
        findings.append(
            Finding(
                code="rows_without_name",
                message=f"{int((~named).sum())} vInfo row(s) have data but no VM name and were "
                "skipped.",
            )
        )
        vinfo = vinfo[named].reset_index(drop=True)
    numbers = {key: to_number(_column(vinfo, key)) for key in NUMBER_KEYS}
    if "disk_capacity" not in vinfo.columns:
        disks, has_disks = _join_sheet(reader, vinfo, "vDisk", VDISK_COLUMNS, file_name)
        findings += join_findings("vDisk", disks, has_disks)
        if disks is not None and "capacity" in disks.sums:
            numbers["disk_capacity"] = disks.sums["capacity"]
    partitions, has_partitions = _join_sheet(
        reader, vinfo, "vPartition", VPARTITION_COLUMNS, file_name
    )
    empty = pd.Series(float("nan"), index=vinfo.index)
    sums = partitions.sums if partitions else {}
    numbers["guest_capacity"] = sums.get("capacity", empty)
    numbers["guest_used"] = sums.get("consumed", empty)
    vms = build_vms(vinfo, custom_names, numbers, file_name)
    findings += vm_findings(vinfo, numbers, vms, partitions, has_partitions)
    hosts = read_hosts(reader, file_name)
    if hosts is None:
        findings.append(
            Finding(
                code="vhost_missing",
                message="No usable vHost sheet: host details (sockets, cores, memory) are unknown.",
                severity="info",
            )
        )
    metadata = read_metadata(reader, file_name)
    vcenters = [vm.vcenter for vm in vms if vm.vcenter] + [metadata["server"] or ""]
    source = SourceInfo(
        file_name=file_name,
        format="rvtools",
        export_version=metadata["version"],
        export_date=metadata["created"],
        vcenters=[v for v in dict.fromkeys(vcenters) if v],
        vm_count=len(vms),
    )
    return Inventory(format="rvtools", sources=[source], vms=vms, hosts=hosts or [], findings=findings)
