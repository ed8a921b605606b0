"""Read a Dell LiveOptics VMware .xlsx export into an Inventory.

Headers are matched with their unit label canonicalised: 2022 collectors write `(MB)`/`(KB)`/`(GB)`,
2026 collectors `(MiB)`/`(KiB)`/`(GiB)`, and the values are binary in both. `VM Performance` and
`VM Disks` rows are joined to `VMs` on `MOB ID` plus the VM name: names repeat within an export,
and MOB IDs are only unique within one vCenter. `peak_mbps` is `Max KB/sec` / 1024, the peak of
the combined throughput, not `Peak Read MB/s` + `Peak Write MB/s`, whose peaks need not coincide.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import fastexcel
import pandas as pd

from ...errors import EmptyFileError, MissingColumnsError, UnknownFormatError
from ...inventory import Host, Inventory, SourceInfo
from ..excel import (
    find_sheet,
    locate_columns,
    normalise_header,
    open_workbook,
    read_columns,
    read_header,
    to_text,
)
from .extras import SHEETS as EXTRA_SHEETS
from .extras import build_liveoptics_estate
from .hostperf import HOST_PERF_COLUMNS, with_host_peaks
from .vms import (
    VM_COLUMNS,
    build_vms,
    column_numbers,
    column_texts,
    guest_backfilled,
    join_keys,
    vcenters_of,
)

PERF_COLUMNS = {
    "mob": ("MOB ID",),
    "name": ("VM Name",),
    "peak_iops": ("Peak IOPS",),
    "avg_iops": ("Average IOPS",),
    "peak_read_iops": ("Peak Read IOPS",),
    "peak_write_iops": ("Peak Write IOPS",),
    "avg_read_iops": ("Avg Read IOPS",),
    "avg_write_iops": ("Avg Write IOPS",),
    "io_classification": ("VM IO Classification",),
    "peak_kbps": ("Max KB/sec",),
    "avg_kbps": ("Average KB/sec",),
    "peak_latency_ms": ("Peak Latency",),
    "peak_cpu_ghz": ("Peak vCPU (GHz)",),
    "avg_cpu_ghz": ("Average vCPU (GHz)",),
    "peak_memory_mib": ("Peak Memory (MiB)",),
}
DISK_COLUMNS = {"mob": ("MOB ID",), "name": ("VM Name",)}
ATTRIBUTE_COLUMNS = {
    "name": ("Guest VM Name", "VM Name"),
    "attribute": ("Custom Attribute",),
    "content": ("Custom Content",),
}
HOST_COLUMNS = {
    "name": ("Host Name",),
    "cluster": ("Cluster",),
    "datacenter": ("Datacenter",),
    "vcenter": ("vCenter",),
    "sockets": ("CPU Sockets",),
    "cores": ("CPU Cores",),  # the host total, not per socket (2 x Xeon Gold 6142 shows 32)
    "ghz": ("CPU Clock Speed (GHz)",),
    "memory_kib": ("Memory (KiB)",),
    "cpu_model": ("CPU Description", "Model"),  # `Model` is the server model: last resort
}
REQUIRED_VM_COLUMNS = {
    "name": "VM Name",
    "provisioned": "Virtual Disk Size (MiB)",
    "in_use": "Virtual Disk Used (MiB)",
}
# Sheets only a LiveOptics VMware export has beside `VMs` (other collectors may have `VMs` too).
COMPANION_SHEETS = ("ESX Hosts", "ESX Performance", "ESX Licenses", "VM Performance", "VM Disks")
_UNIT = re.compile(r"\(([kmg])b\)")


def canonical_header(name: object) -> str:
    """Header key with `(MB)`/`(KB)`/`(GB)` read as `(MiB)`/`(KiB)`/`(GiB)`: only labels differ."""
    return _UNIT.sub(lambda m: f"({m.group(1)}ib)", normalise_header(name))


def is_liveoptics(sheet_names: Iterable[str]) -> bool:
    """True for a LiveOptics VMware workbook: a `VMs` sheet with a VMware companion (or alone)."""
    names = {normalise_header(n) for n in sheet_names}
    companions = {normalise_header(n) for n in COMPANION_SHEETS}
    return "vms" in names and (len(names) == 1 or bool(names & companions))


def read_liveoptics(content: bytes, file_name: str) -> Inventory:
    """Parse a LiveOptics VMware .xlsx export (format "liveoptics")."""
    reader = open_workbook(content, file_name)
    vms_frame = read_sheet(reader, "VMs", VM_COLUMNS, file_name)
    if vms_frame is None:
        raise UnknownFormatError(
            f"{file_name} has no 'VMs' sheet, so it is not a LiveOptics VMware export: upload the "
            "VMware workbook of the LiveOptics project."
        )
    require_columns(vms_frame, "VMs", file_name)
    disks = read_sheet(reader, "VM Disks", DISK_COLUMNS, file_name)
    if disks is None:
        guest_known = ~guest_backfilled(vms_frame)
    else:
        guest_known = join_keys(vms_frame, disks).isin(set(join_keys(disks, vms_frame)))
    vms, findings = build_vms(
        vms_frame,
        file_name,
        guest_known=guest_known,
        perf=read_sheet(reader, "VM Performance", PERF_COLUMNS, file_name),
        attributes=_custom_attributes(reader, file_name),
    )
    details = _details(reader, file_name)
    source = SourceInfo(
        file_name=file_name,
        format="liveoptics",
        export_version=details.get("version"),
        export_date=details.get("date"),
        vcenters=vcenters_of(vms),
        vm_count=len(vms),
    )
    perf = read_sheet(reader, "ESX Performance", HOST_PERF_COLUMNS, file_name)
    hosts = with_host_peaks(_hosts(reader, file_name), perf)
    extra_frames = {
        field: read_sheet(reader, sheet, columns, file_name)
        for field, (sheet, columns) in EXTRA_SHEETS.items()
    }
    return Inventory(
        format="liveoptics",
        sources=[source],
        vms=vms,
        hosts=hosts,
        findings=findings,
        extras=build_liveoptics_estate(extra_frames),
    )


def read_sheet(
    reader: fastexcel.ExcelReader,
    name: str,
    columns: Mapping[str, tuple[str, ...]],
    file_name: str,
) -> pd.DataFrame | None:
    """The located columns of a sheet, keyed by our names; None when the sheet is absent."""
    sheet = find_sheet(reader, name)
    if sheet is None:
        return None
    header = [canonical_header(h) for h in read_header(reader, sheet, file_name)]
    return read_columns(reader, sheet, locate_columns(header, columns), file_name)


def require_columns(frame: pd.DataFrame, sheet: str, file_name: str) -> None:
    """Refuse a VMs table without names or capacities, and one without rows."""
    missing = [label for key, label in REQUIRED_VM_COLUMNS.items() if key not in frame.columns]
    if missing:
        raise MissingColumnsError(
            f"The '{sheet}' data of {file_name} lacks the column(s) {', '.join(missing)} "
            "(MB or MiB labels both work): export the VMware project again from LiveOptics."
        )
    if not to_text(frame["name"]).notna().any():
        raise EmptyFileError(
            f"The '{sheet}' data of {file_name} has no VM rows: export the VMware project again "
            "from LiveOptics once the collector has seen the vCenter."
        )


def _custom_attributes(reader: fastexcel.ExcelReader, file_name: str) -> dict[str, dict[str, str]]:
    """Attributes per trimmed VM name from the long-format `Custom Attributes` sheet."""
    frame = read_sheet(reader, "Custom Attributes", ATTRIBUTE_COLUMNS, file_name)
    if frame is None or not {"name", "attribute", "content"} <= set(frame.columns):
        return {}
    by_name: dict[str, dict[str, str]] = {}
    rows = zip(
        to_text(frame["name"]), to_text(frame["attribute"]), to_text(frame["content"]), strict=True
    )
    for name, attribute, content in rows:
        if name and attribute:
            by_name.setdefault(name, {})[attribute] = content or ""
    return by_name


def _hosts(reader: fastexcel.ExcelReader, file_name: str) -> list[Host]:
    """ESXi hosts from `ESX Hosts` (rows without a host name skipped)."""
    frame = read_sheet(reader, "ESX Hosts", HOST_COLUMNS, file_name)
    if frame is None or "name" not in frame.columns:
        return []
    frame = frame[to_text(frame["name"]).notna()]
    texts = {k: column_texts(frame, k) for k in ("name", "cluster", "datacenter", "vcenter")}
    return [
        Host(
            name=name,
            cluster=cluster,
            datacenter=datacenter,
            vcenter=vcenter,
            sockets=None if sockets is None else int(sockets),
            cores=None if cores is None else int(cores),
            mhz=None if clock is None else round(clock * 1000, 3),
            memory_mib=None if memory is None else memory / 1024,
            cpu_model=cpu_model,
        )
        for name, cluster, datacenter, vcenter, sockets, cores, clock, memory, cpu_model in zip(
            texts["name"],
            texts["cluster"],
            texts["datacenter"],
            texts["vcenter"],
            _non_negative(column_numbers(frame, "sockets")),
            _non_negative(column_numbers(frame, "cores")),
            _non_negative(column_numbers(frame, "ghz")),
            _non_negative(column_numbers(frame, "memory_kib")),
            column_texts(frame, "cpu_model"),
            strict=True,
        )
    ]


def _details(reader: fastexcel.ExcelReader, file_name: str) -> dict[str, str]:
    """Collector version and export date from the key/value `Details` sheet (nothing else is kept).

    The sheet also names the project owner: it is read cell by cell here and never logged.
    """
    sheet = find_sheet(reader, "Details")
    if sheet is None:
        return {}
    try:
        frame = reader.load_sheet(sheet, header_row=None, dtypes="string").to_pandas()
    except Exception:  # a damaged Details sheet only costs us the version and date
        return {}
    if frame.shape[1] < 2:
        return {}
    wanted = {"collector build version": "version", "date": "date"}
    found: dict[str, str] = {}
    for key, value in zip(to_text(frame.iloc[:, 0]), to_text(frame.iloc[:, 1]), strict=True):
        target = wanted.get(normalise_header(key)) if key else None
        if target and value and target not in found:
            found[target] = value
    if "date" in found:
        found["date"] = _iso_date(found["date"])
    return found


def _iso_date(text: str) -> str:
    """`2022/11/14` or `11/14/2022` as `2022-11-14`; text we cannot parse is kept as it is."""
    match = re.fullmatch(r"(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})(?:[ T].*)?", text)
    if match:
        year, month, day = match.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T].*)?", text)
    if match:
        month, day, year = match.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    return text


def _non_negative(values: list[float | None]) -> list[float | None]:
    return [None if v is None or v < 0 else v for v in values]
