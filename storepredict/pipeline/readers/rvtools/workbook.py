"""Read an RVTools export into an Inventory (vInfo, plus vDisk, vPartition, vHost, vMetaData).

The sheets come from the .xlsx, or from the CSV files of its tabs (`csvexport`).

Only vInfo is required, with `VM` and `Provisioned` or `In Use`. Values are MiB whatever the header
era says (`MB` before 4.4, `MiB` after): RVTools always reported binary units.
Finding codes: rows_without_name, unknown_power_state, no_capacity_data, unreadable_numbers,
negative_numbers,
duplicate_vm_names, vpartition_missing, no_guest_partitions, unjoinable_sheet, ambiguous_join,
unmatched_rows, vhost_missing, templates_from_path.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from functools import cache

import pandas as pd
from pydantic import TypeAdapter

from ... import findings as codes
from ...errors import CorruptWorkbookError
from ...findings import make_finding
from ...inventory import VM, Finding, Inventory, SourceInfo, make_vm_ids
from ...memory import collector_paused
from ..excel import normalise_header, open_workbook, to_bool
from .columns import JOIN_COLUMNS, VDISK_COLUMNS, VPARTITION_COLUMNS
from .context import read_hosts, read_metadata
from .extras import SHEETS as EXTRA_SHEETS
from .extras import build_estate, parse_extra_sheets
from .findings import (
    join_findings,
    negative_numbers,
    templates_from_paths,
    unreadable_numbers,
    vm_findings,
)
from .join import PerVmSums, disk_lists, sum_per_vm
from .sheets import (
    SheetTable,
    Workbook,
    clean_text,
    float_list,
    int_list,
    load_sheet_table,
    text_list,
    to_floats,
)
from .vinfo import read_vinfo, template_flags

POWER_STATES = {"poweredon": "on", "poweredoff": "off", "suspended": "suspended"}
SYSTEM_VM = re.compile(r"vCLS(?:$|[-\s(])", re.IGNORECASE)
NUMBER_KEYS = ("vcpu", "memory", "provisioned", "in_use", "disk_capacity")
DISKS = {**VDISK_COLUMNS, "disk": ("Disk",)}


def is_rvtools(sheet_names: list[str]) -> bool:
    """True when the workbook has a vInfo sheet (or the 3.x `tabvInfo`)."""
    return any(normalise_header(name) in ("vinfo", "tabvinfo") for name in sheet_names)


def _join_sheet(
    vinfo: pd.DataFrame,
    table: SheetTable | None,
    sheet_name: str,
    wanted: dict[str, tuple[str, ...]],
) -> tuple[PerVmSums | None, list[Finding]]:
    """Per-VM sums of a parsed sheet (None if absent or unjoinable) and what went wrong."""
    if table is None:
        return None, []
    value_keys = [k for k in wanted if k not in JOIN_COLUMNS]
    sums = sum_per_vm(vinfo, table.located(wanted), value_keys)
    return sums, join_findings(sheet_name, sums)


def _column(frame: pd.DataFrame, key: str) -> pd.Series:
    if key in frame.columns:
        return frame[key]
    return pd.Series(pd.NA, index=frame.index, dtype="string")


def _custom_attributes(frame: pd.DataFrame, names: dict[str, str]) -> list[dict[str, str]]:
    attributes: list[dict[str, str]] = [{} for _ in range(len(frame))]
    for key, name in names.items():
        for row, value in enumerate(text_list(frame[key])):
            if value is not None:
                attributes[row][name] = value
    return attributes


@cache
def _vms_adapter() -> TypeAdapter[list[VM]]:
    return TypeAdapter(list[VM])


def build_vms(
    frame: pd.DataFrame,
    custom_names: dict[str, str],
    numbers: dict[str, pd.Series],
    file_name: str,
    disks: list[list[float] | None] | None = None,
) -> list[VM]:
    """One VM per vInfo row; `numbers` holds float series aligned with the rows, `disks` each
    row's virtual disk capacities (None: no vDisk sheet)."""
    names = [name or "" for name in text_list(frame["name"])]  # read_vinfo dropped unnamed rows
    vcenters = text_list(_column(frame, "vcenter"))
    uuids = text_list(_column(frame, "uuid"))
    os_tools = clean_text(_column(frame, "os_tools"))
    os_any = clean_text(_column(frame, "os_config")).fillna(os_tools)
    power = clean_text(_column(frame, "power")).str.casefold().map(POWER_STATES)
    columns = {
        "vm_id": make_vm_ids(
            [(v or "", u or "", n) for v, u, n in zip(vcenters, uuids, names, strict=True)]
        ),
        "name": names,
        "power_state": power.fillna("unknown").tolist(),
        "is_template": template_flags(frame).tolist(),
        "is_srm_placeholder": to_bool(_column(frame, "srm")).tolist(),
        "is_system": [bool(SYSTEM_VM.match(name)) for name in names],
        "vcpu": int_list(numbers["vcpu"]),
        "memory_mib": float_list(numbers["memory"]),
        "provisioned_mib": float_list(numbers["provisioned"]),
        "in_use_mib": float_list(numbers["in_use"]),
        "disk_capacity_mib": float_list(numbers["disk_capacity"]),
        "disk_capacities_mib": disks or [None] * len(names),
        "guest_capacity_mib": float_list(numbers["guest_capacity"]),
        "guest_used_mib": float_list(numbers["guest_used"]),
        "os": text_list(os_any.fillna(clean_text(_column(frame, "os_legacy")))),
        "os_tools": text_list(os_tools),
        **{
            key: text_list(_column(frame, key))
            for key in ("datacenter", "cluster", "host", "folder", "annotation", "resource_pool")
        },
        "custom_attributes": _custom_attributes(frame, custom_names),
        "vcenter": vcenters,
        "uuid": uuids,
        "bios_uuid": text_list(_column(frame, "bios_uuid")),
    }
    columns["source"] = [file_name] * len(names)
    keys = list(columns)
    records = [dict(zip(keys, row, strict=True)) for row in zip(*columns.values(), strict=True)]
    # Validating plain dicts in one call is faster than VM.model_construct row by row.
    return _vms_adapter().validate_python(records)


def _optional_tables(job: Future[dict[str, SheetTable]]) -> dict[str, SheetTable]:
    """The tables a job parsed; none when its sheet is damaged (only health checks needed it)."""
    try:
        return job.result()
    except CorruptWorkbookError:
        return {}


def read_rvtools(content: bytes, file_name: str) -> Inventory:
    """Parse an RVTools .xlsx export into an Inventory with one SourceInfo, hosts and findings."""
    return read_rvtools_sheets(
        open_workbook(content, file_name), file_name, lambda: open_workbook(content, file_name)
    )


def read_rvtools_sheets(
    reader: Workbook, file_name: str, another_reader: Callable[[], Workbook]
) -> Inventory:
    """Parse the sheets of an RVTools export (.xlsx or CSV files); `another_reader` gives a
    reader for a second thread."""
    with ThreadPoolExecutor(max_workers=3) as pool:
        # Parsing dominates and fastexcel releases the GIL: vPartition, vDisk and the other
        # sheets health checks read parse while vInfo does.
        partition_job = pool.submit(
            lambda: load_sheet_table(another_reader(), file_name, "vPartition", VPARTITION_COLUMNS)
        )
        disk_job = pool.submit(parse_extra_sheets, another_reader, file_name, ("disks",))
        others = [field for field in EXTRA_SHEETS if field != "disks"]
        extras_job = pool.submit(parse_extra_sheets, another_reader, file_name, others, True)
        vinfo, custom_names, unnamed, generated = read_vinfo(reader, file_name)
        findings = (
            [make_finding(codes.ROWS_WITHOUT_NAME, generated, count=unnamed, example=generated[0])]
            if unnamed
            else []
        )
        numbers = {key: to_floats(_column(vinfo, key)) for key in NUMBER_KEYS}
        # Judge the cells before negatives are blanked, so a negative is not also "not a number".
        unreadable, negative = unreadable_numbers(vinfo, numbers), negative_numbers(vinfo, numbers)
        if negative:
            findings.append(negative)
            numbers = {key: values.where(~(values < 0)) for key, values in numbers.items()}
        if "disk_capacity" not in vinfo.columns:  # before 4.4: sum the VM's virtual disks
            disk_table = disk_job.result().get("disks")
            disks, disk_findings = _join_sheet(vinfo, disk_table, "vDisk", VDISK_COLUMNS)
            findings += disk_findings
            if disks is not None and "capacity" in disks.sums:
                numbers["disk_capacity"] = disks.sums["capacity"]
        disk_table = _optional_tables(disk_job).get("disks")
        per_disk = None if disk_table is None else disk_lists(vinfo, disk_table.located(DISKS))
        partition_table = partition_job.result()
        extra_tables = {**_optional_tables(disk_job), **extras_job.result()}
    partitions, partition_findings = _join_sheet(
        vinfo, partition_table, "vPartition", VPARTITION_COLUMNS
    )
    sums = partitions.sums if partitions else {}
    unknown = pd.Series(float("nan"), index=vinfo.index)
    numbers["guest_capacity"] = sums.get("capacity", unknown)
    numbers["guest_used"] = sums.get("consumed", unknown)
    with collector_paused():
        vms = build_vms(vinfo, custom_names, numbers, file_name, per_disk)
    findings += vm_findings(vinfo, numbers, vms, partition_table is not None, unreadable)
    from_paths = templates_from_paths(vinfo, vms)
    findings += [from_paths] if from_paths else []
    findings += partition_findings
    hosts = read_hosts(reader, file_name)
    if hosts is None:
        findings.append(make_finding(codes.VHOST_MISSING))
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
    return Inventory(
        format="rvtools",
        sources=[source],
        vms=vms,
        hosts=hosts or [],
        findings=findings,
        extras=build_estate(extra_tables, vms),
    )
