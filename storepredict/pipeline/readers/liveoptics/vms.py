"""Turn LiveOptics `VMs` rows (from the workbook or its CSV form) into VM records and findings.

Frames hold text columns keyed as in `VM_COLUMNS`. `uuid` is the vCenter instance UUID
(`InstanceUUID`), the identifier RVTools 4.4+ calls `VM UUID`; the BIOS `UUID` is the fallback.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pandas as pd

from ....i18n import N_
from ... import findings as codes
from ...findings import negative_values_finding, phrase, row_findings
from ...inventory import VM, Finding, make_vm_ids
from ..excel import to_bool, to_number, to_text
from ..rvtools.workbook import SYSTEM_VM

VM_COLUMNS = {
    "mob": ("MOB ID",),
    "name": ("VM Name",),
    "power": ("Power State",),
    "running": ("IsRunning",),
    "template": ("Template",),
    "vcpu": ("Virtual CPU",),
    "memory": ("Provisioned Memory (MiB)",),
    "provisioned": ("Virtual Disk Size (MiB)",),
    "in_use": ("Virtual Disk Used (MiB)",),
    "guest_capacity": ("Guest VM Disk Capacity (MiB)",),
    "guest_used": ("Guest VM Disk Used (MiB)",),
    "os": ("VM OS",),
    "datacenter": ("Datacenter",),
    "cluster": ("Cluster",),
    "host": ("Host",),
    "vcenter": ("vCenter",),
    "instance_uuid": ("InstanceUUID",),
    "bios_uuid": ("UUID",),
}
# VM field -> (VM Performance key, scale): KB/sec columns become MiB/s.
PERF_FIELDS = {
    "peak_iops": ("peak_iops", 1.0),
    "avg_iops": ("avg_iops", 1.0),
    "peak_read_iops": ("peak_read_iops", 1.0),
    "peak_write_iops": ("peak_write_iops", 1.0),
    "avg_read_iops": ("avg_read_iops", 1.0),
    "avg_write_iops": ("avg_write_iops", 1.0),
    "peak_mbps": ("peak_kbps", 1 / 1024),
    "avg_mbps": ("avg_kbps", 1 / 1024),
    "peak_latency_ms": ("peak_latency_ms", 1.0),
    "peak_cpu_ghz": ("peak_cpu_ghz", 1.0),
    "avg_cpu_ghz": ("avg_cpu_ghz", 1.0),
    "peak_memory_mib": ("peak_memory_mib", 1.0),
}
_POWER = {"poweredon": "on", "poweredoff": "off", "suspended": "suspended"}
_RUNNING = {"true": "on", "false": "off"}


def column_texts(frame: pd.DataFrame, key: str) -> list[str | None]:
    """Trimmed text of a column (None for blanks, or everywhere when the column is absent)."""
    if key not in frame.columns:
        return [None] * len(frame)
    return to_text(frame[key]).tolist()


def column_numbers(
    frame: pd.DataFrame, key: str, decimal_comma: bool = False
) -> list[float | None]:
    """Numbers of a column (None for blanks and text, or everywhere when the column is absent)."""
    if key not in frame.columns:
        return [None] * len(frame)
    return [None if v != v else v for v in to_number(frame[key], decimal_comma).tolist()]


def join_keys(frame: pd.DataFrame, other: pd.DataFrame) -> pd.Series:
    """Row keys to join two LiveOptics sheets: MOB ID and trimmed name, or the name alone."""
    names = to_text(frame["name"]).fillna("") if "name" in frame.columns else ""
    if "mob" in frame.columns and "mob" in other.columns:
        return to_text(frame["mob"]).fillna("") + "\x1f" + names
    return pd.Series(names, index=frame.index, dtype="object")


def guest_backfilled(frame: pd.DataFrame, decimal_comma: bool = False) -> pd.Series:
    """Rows whose guest columns merely repeat the virtual disk columns (no real guest data).

    Used when no `VM Disks` sheet says which VMs have guest file systems (the CSV form).
    """
    if "guest_capacity" not in frame.columns or "guest_used" not in frame.columns:
        return pd.Series(True, index=frame.index)
    guest = [to_number(frame[k], decimal_comma) for k in ("guest_capacity", "guest_used")]
    virtual = [to_number(frame[k], decimal_comma) for k in ("provisioned", "in_use")]
    missing = guest[0].isna() & guest[1].isna()
    return missing | ((guest[0] == virtual[0]) & (guest[1] == virtual[1]))


def vcenters_of(vms: list[VM]) -> list[str]:
    """Distinct vCenter names of the VMs, in order of appearance."""
    return list(dict.fromkeys(vm.vcenter for vm in vms if vm.vcenter))


def build_vms(
    frame: pd.DataFrame,
    file_name: str,
    *,
    guest_known: pd.Series,
    perf: pd.DataFrame | None,
    attributes: dict[str, dict[str, str]],
    decimal_comma: bool = False,
) -> tuple[list[VM], list[Finding]]:
    """VMs from a `VMs` frame (rows without a name skipped), with performance joined, and findings.

    `guest_known` marks rows whose guest columns are real (else they are None); custom attributes
    are attached by VM name, so VMs sharing a name share them.
    """
    keep = to_text(frame["name"]).notna()
    frame = frame[keep].reset_index(drop=True)
    guest_known = guest_known[keep].reset_index(drop=True)
    names = [str(n) for n in column_texts(frame, "name")]

    def numbers(key: str) -> list[float | None]:
        return column_numbers(frame, key, decimal_comma)

    columns: dict[str, list[Any]] = {
        key: column_texts(frame, key) for key in ("os", "datacenter", "cluster", "host", "vcenter")
    }
    columns["name"] = names
    columns["is_system"] = [bool(SYSTEM_VM.match(name)) for name in names]
    columns["power_state"] = _power_states(frame)
    columns["is_template"] = (
        to_bool(frame["template"]).tolist() if "template" in frame.columns else [False] * len(frame)
    )
    columns["vcpu"] = [None if v is None else int(v) for v in numbers("vcpu")]
    columns["memory_mib"] = numbers("memory")
    columns["provisioned_mib"] = numbers("provisioned")
    columns["in_use_mib"] = numbers("in_use")
    for field, key in (("guest_capacity_mib", "guest_capacity"), ("guest_used_mib", "guest_used")):
        columns[field] = [
            v if known else None for v, known in zip(numbers(key), guest_known, strict=True)
        ]
    columns["uuid"] = [
        instance or bios
        for instance, bios in zip(
            column_texts(frame, "instance_uuid"), column_texts(frame, "bios_uuid"), strict=True
        )
    ]
    columns["bios_uuid"] = column_texts(frame, "bios_uuid")
    has_perf = _join_performance(frame, perf, columns)
    negative = _drop_negatives(columns, names)
    ids = make_vm_ids(
        [
            (v or "", u or "", n)
            for v, u, n in zip(columns["vcenter"], columns["uuid"], names, strict=True)
        ]
    )
    vms = [
        VM(
            vm_id=vm_id,
            source=file_name,
            custom_attributes=dict(attributes.get(names[i], {})),
            **{field: values[i] for field, values in columns.items()},
        )
        for i, vm_id in enumerate(ids)
    ]
    findings = _findings(vms, has_perf, perf is not None, file_name)
    return vms, [negative, *findings] if negative else findings


_SIGNLESS_FIELDS = {
    "vcpu": "CPUs",
    "memory_mib": "Memory",
    "provisioned_mib": "Provisioned",
    "in_use_mib": "In Use",
    "guest_capacity_mib": "Guest capacity",
    "guest_used_mib": "Guest used",
    "peak_iops": "Peak IOPS",
    "avg_iops": "Average IOPS",
    "peak_read_iops": "Peak Read IOPS",
    "peak_write_iops": "Peak Write IOPS",
    "avg_read_iops": "Avg Read IOPS",
    "avg_write_iops": "Avg Write IOPS",
    "peak_mbps": "Max KB/sec",
    "avg_mbps": "Average KB/sec",
    "peak_latency_ms": "Peak Latency",
    "peak_cpu_ghz": "Peak vCPU",
    "avg_cpu_ghz": "Average vCPU",
    "peak_memory_mib": "Peak Memory",
}


def _drop_negatives(columns: dict[str, list[Any]], names: list[str]) -> Finding | None:
    """Turn impossible negative sizes into unknowns (in place) and report them."""
    bad = [False] * len(names)
    labels = []
    for field, label in _SIGNLESS_FIELDS.items():
        negative = [v is not None and v < 0 for v in columns[field]]
        if any(negative):
            labels.append(label)
            columns[field] = [
                None if n else v for v, n in zip(columns[field], negative, strict=True)
            ]
            bad = [a or b for a, b in zip(bad, negative, strict=True)]
    if not labels:
        return None
    return negative_values_finding(
        labels, [name for name, flagged in zip(names, bad, strict=True) if flagged]
    )


def _power_states(frame: pd.DataFrame) -> list[str]:
    """`Power State` (poweredOn/poweredOff/suspended), else `IsRunning`, else unknown."""
    power = column_texts(frame, "power")
    running = column_texts(frame, "running")
    return [
        _POWER.get((p or "").casefold()) or _RUNNING.get((r or "").casefold()) or "unknown"
        for p, r in zip(power, running, strict=True)
    ]


def _join_performance(
    frame: pd.DataFrame, perf: pd.DataFrame | None, columns: dict[str, list[Any]]
) -> list[bool]:
    """Add the performance fields to `columns`; True where the VM has a `VM Performance` row."""
    if perf is None or "name" not in perf.columns:
        for field in (*PERF_FIELDS, "io_classification"):
            columns[field] = [None] * len(frame)
        return [False] * len(frame)
    keys = join_keys(frame, perf)
    indexed = perf.set_axis(join_keys(perf, frame).tolist()).loc[lambda f: ~f.index.duplicated()]
    aligned = indexed.reindex(keys.tolist())
    for field, (key, scale) in PERF_FIELDS.items():
        columns[field] = [None if v is None else v * scale for v in column_numbers(aligned, key)]
    columns["io_classification"] = column_texts(aligned, "io_classification")
    return keys.isin(set(indexed.index)).tolist()


def _findings(
    vms: list[VM], has_perf: list[bool], perf_sheet: bool, file_name: str
) -> list[Finding]:
    """Duplicate names, VMs without capacity or performance rows, unknown power states."""
    counts = Counter(vm.name.strip().casefold() for vm in vms)
    duplicated = sorted({vm.name for vm in vms if counts[vm.name.strip().casefold()] > 1})
    total = sum(n for n in counts.values() if n > 1)
    findings = row_findings(
        codes.DUPLICATE_VM_NAMES,
        duplicated,
        where=phrase(N_(" ({total} VMs) in {file}"), total=total, file=file_name),
        told_apart=phrase(N_(", told apart by its MOB ID")),
    )
    empty = [vm.name for vm in vms if not (vm.provisioned_mib or vm.in_use_mib)]
    findings += row_findings(
        codes.NO_CAPACITY_DATA,
        empty,
        where=phrase(N_(" of {file}"), file=file_name),
        what=phrase(N_("virtual disk size or usage")),
    )
    missing = [vm for vm, joined in zip(vms, has_perf, strict=True) if not joined]
    findings += row_findings(
        codes.NO_PERFORMANCE,
        [vm.name for vm in missing],
        severity="warning" if any(vm.power_state == "on" for vm in missing) else "info",
        total=len(vms),
        file=file_name,
        missing=phrase(N_("row in 'VM Performance'"))
        if perf_sheet
        else phrase(N_("'VM Performance' data")),
    )
    unknown = [vm.name for vm in vms if vm.power_state == "unknown"]
    findings += row_findings(
        codes.UNKNOWN_POWER_STATE,
        unknown,
        where=phrase(N_(" of {file}"), file=file_name),
        reason="",
    )
    return findings
