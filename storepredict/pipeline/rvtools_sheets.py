"""The RVTools sheets around vInfo: per-VM sums from vDisk/vPartition, hosts from vHost, vMetaData.

Per-VM sheets are tied to vInfo rows by the most precise identifier both sheets carry: `VM UUID`,
else `VM ID` (the vCenter object id, present in 3.x exports that lack UUIDs), else the VM name;
`VI SDK Server` is added to the key when both sheets carry it (several vCenters in one export).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import fastexcel
import pandas as pd

from .excel import find_sheet, locate_columns, read_columns, read_header, to_number, to_text
from .inventory import Host
from .rvtools_columns import VHOST_COLUMNS, VMETADATA_COLUMNS

JOIN_LEVELS = ("uuid", "moref", "name")


@dataclass
class PerVmSums:
    """Sums of a per-VM sheet's numeric columns, aligned with the vInfo rows (NaN: no rows)."""

    sums: dict[str, pd.Series]
    joined_on: str
    unmatched_rows: int = 0
    ambiguous_names: list[str] = field(default_factory=list)


def clean_text(series: pd.Series) -> pd.Series:
    """Trimmed text as a pandas string series, with <NA> for blanks (vectorised)."""
    text = series.astype("string").str.strip()
    return text.mask(text == "")


def _carried(frame: pd.DataFrame, key: str) -> bool:
    return key in frame.columns and bool(clean_text(frame[key]).notna().any())


def _join_key(frame: pd.DataFrame, levels: list[str], with_vcenter: bool) -> pd.Series:
    """One key per row: the first non-blank identifier among `levels`, tagged with its level."""
    key = pd.Series(pd.NA, index=frame.index, dtype="string")
    for level in levels:
        key = key.fillna(level + ":" + clean_text(frame[level]))
    if with_vcenter:
        key = clean_text(frame["vcenter"]).fillna("") + "\x1f" + key
    return key


def sum_per_vm(vinfo: pd.DataFrame, rows: pd.DataFrame, value_keys: list[str]) -> PerVmSums | None:
    """Sum `value_keys` of a per-VM sheet for each vInfo row; None when nothing can join them."""
    levels = [k for k in JOIN_LEVELS if _carried(vinfo, k) and _carried(rows, k)]
    if not levels:
        return None
    with_vcenter = _carried(vinfo, "vcenter") and _carried(rows, "vcenter")
    vinfo_key = _join_key(vinfo, levels, with_vcenter)
    rows_key = _join_key(rows, levels, with_vcenter)
    duplicated = vinfo_key.duplicated(keep=False) & vinfo_key.notna()
    # Two VMs sharing a key cannot be told apart: give neither of them the other's rows.
    lookup_key = vinfo_key.mask(duplicated)
    sums = {}
    for key in value_keys:
        if key not in rows.columns:
            continue
        per_key = to_number(rows[key]).groupby(rows_key).sum(min_count=1)
        sums[key] = lookup_key.map(per_key).astype("float64")
    known = set(vinfo_key.dropna())
    unmatched = int((~rows_key.isin(known)).sum())
    ambiguous = sorted(set(to_text(vinfo.loc[duplicated, "name"]).dropna()))
    return PerVmSums(sums, levels[0], unmatched, ambiguous)


def read_per_vm_sheet(
    reader: fastexcel.ExcelReader,
    sheet: str,
    wanted: dict[str, tuple[str, ...]],
    file_name: str,
) -> pd.DataFrame:
    """The join and value columns of a per-VM sheet (missing columns are simply absent)."""
    header = read_header(reader, sheet, file_name)
    return read_columns(reader, sheet, locate_columns(header, wanted), file_name)


def _ints(series: pd.Series) -> list[int | None]:
    return [None if v != v else int(v) for v in to_number(series).tolist()]


def _floats(series: pd.Series) -> list[float | None]:
    return [None if v != v else v for v in to_number(series).tolist()]


def _texts(frame: pd.DataFrame, key: str) -> list[str | None]:
    if key not in frame.columns:
        return [None] * len(frame)
    return to_text(frame[key]).tolist()


def read_hosts(reader: fastexcel.ExcelReader, file_name: str) -> list[Host] | None:
    """ESXi hosts from vHost (rows without a host name are skipped); None when vHost is absent."""
    sheet = find_sheet(reader, "vHost")
    if sheet is None:
        return None
    header = read_header(reader, sheet, file_name)
    located = locate_columns(header, VHOST_COLUMNS)
    if "name" not in located:
        return None
    frame = read_columns(reader, sheet, located, file_name)
    names = to_text(frame["name"])
    frame = frame[names.notna()]
    empty = pd.Series([None] * len(frame), index=frame.index, dtype="object")
    column = {key: frame[key] if key in frame.columns else empty for key in VHOST_COLUMNS}
    return [
        Host(
            name=name,
            cluster=cluster,
            datacenter=datacenter,
            sockets=sockets,
            cores=cores,
            mhz=mhz,
            memory_mib=memory,
            cpu_model=cpu_model,
            vcenter=vcenter,
        )
        for name, cluster, datacenter, sockets, cores, mhz, memory, cpu_model, vcenter in zip(
            _texts(frame, "name"),
            _texts(frame, "cluster"),
            _texts(frame, "datacenter"),
            _ints(column["sockets"]),
            _ints(column["cores"]),
            _floats(column["mhz"]),
            _floats(column["memory"]),
            _texts(frame, "cpu_model"),
            _texts(frame, "vcenter"),
            strict=True,
        )
    ]


def read_metadata(reader: fastexcel.ExcelReader, file_name: str) -> dict[str, str | None]:
    """RVTools version, export date and server from vMetaData (4.x); all None when absent."""
    result: dict[str, str | None] = dict.fromkeys(VMETADATA_COLUMNS)
    sheet = find_sheet(reader, "vMetaData")
    if sheet is None:
        return result
    header = read_header(reader, sheet, file_name)
    frame = read_columns(reader, sheet, locate_columns(header, VMETADATA_COLUMNS), file_name)
    for key in frame.columns:
        values = to_text(frame[key]).dropna()
        result[key] = values.iloc[0] if len(values) else None
    return result
