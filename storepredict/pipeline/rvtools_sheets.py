"""Sheet access for the RVTools reader: one parse per sheet, and per-VM sums from vDisk/vPartition.

Per-VM sheets are tied to vInfo rows by the most precise identifier both sheets carry: `VM UUID`,
else `VM ID` (the vCenter object id, present in 3.x exports that lack UUIDs), else the VM name;
`VI SDK Server` is added to the key when both sheets carry it (several vCenters in one export).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import fastexcel
import pandas as pd
import pyarrow as pa

from .errors import CorruptWorkbookError
from .excel import find_sheet, locate_columns, open_workbook, to_number

JOIN_LEVELS = ("uuid", "moref", "name")


@dataclass(frozen=True)
class SheetTable:
    """A sheet parsed once: its header row and its data rows as text columns."""

    header: list[str]
    data: pa.RecordBatch

    def frame(self, columns: Mapping[str, int]) -> pd.DataFrame:
        """The given column indexes as a DataFrame keyed by name (pyarrow-backed text)."""
        return pd.DataFrame(
            {key: self.data.column(index).to_pandas() for key, index in columns.items()},
            index=pd.RangeIndex(self.data.num_rows),
        )

    def located(self, wanted: Mapping[str, tuple[str, ...]]) -> pd.DataFrame:
        """The wanted columns found in the header (absent ones are simply missing)."""
        return self.frame(locate_columns(self.header, wanted))


def load_table(reader: fastexcel.ExcelReader, sheet: str, file_name: str) -> SheetTable:
    """Parse a sheet once, every cell as text; row 1 is the header."""
    # One parse instead of a header read plus a column read: parsing is most of the cost.
    try:
        batch = reader.load_sheet(sheet, header_row=None, dtypes="string").to_arrow()
    except Exception:  # fastexcel raises several unrelated types for damaged sheets
        raise CorruptWorkbookError(
            f"Sheet '{sheet}' of {file_name} could not be read: export the file again."
        ) from None
    if batch.num_rows == 0:
        return SheetTable([], batch)
    header = [batch.column(i)[0].as_py() or "" for i in range(batch.num_columns)]
    return SheetTable(header, batch.slice(1))


def load_named_table(content: bytes, file_name: str, name: str) -> SheetTable | None:
    """Open the workbook on its own reader (safe in a worker thread) and parse sheet `name`."""
    reader = open_workbook(content, file_name)
    sheet = find_sheet(reader, name)
    return None if sheet is None else load_table(reader, sheet, file_name)


def clean_text(series: pd.Series) -> pd.Series:
    """Trimmed text with missing values for blanks (vectorised)."""
    text = series.astype("string").str.strip()
    return text.mask(text == "")


def text_list(series: pd.Series) -> list[str | None]:
    """Trimmed text values with None for blanks, as a plain list."""
    return clean_text(series).to_numpy(dtype=object, na_value=None).tolist()


def float_list(series: pd.Series) -> list[float | None]:
    """Float values with None for NaN, as a plain list."""
    return series.astype("float64").to_numpy(dtype=object, na_value=None).tolist()


def int_list(series: pd.Series) -> list[int | None]:
    """Whole numbers with None for NaN (fractions are truncated), as a plain list."""
    return [None if v is None else int(v) for v in float_list(series)]


@dataclass
class PerVmSums:
    """Sums of a per-VM sheet's numeric columns, aligned with the vInfo rows (NaN: no rows)."""

    sums: dict[str, pd.Series]
    joined_on: str
    unmatched_rows: int = 0
    ambiguous_names: list[str] = field(default_factory=list)


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
    # Two VMs sharing a key cannot be told apart: neither gets the rows.
    lookup_key = vinfo_key.mask(duplicated)
    sums = {}
    for key in value_keys:
        if key in rows.columns:
            per_key = to_number(rows[key]).groupby(rows_key).sum(min_count=1)
            sums[key] = lookup_key.map(per_key).astype("float64")
    known = set(vinfo_key.dropna().tolist())
    unmatched = sum(key not in known for key in rows_key.tolist())
    ambiguous = sorted(set(text_list(vinfo.loc[duplicated, "name"])) - {None})
    return PerVmSums(sums, levels[0], unmatched, ambiguous)
