"""Sheet access for the RVTools reader: one parse per sheet, and fast text/number conversions.

Parsing the sheet XML is most of the cost of reading an export, so each sheet is parsed once and
only the columns we read are converted; conversions are vectorised with pyarrow.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import fastexcel
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ....i18n import gettext
from ...errors import CorruptWorkbookError
from ..excel import (
    find_sheet,
    locate_columns,
    normalise_header,
    open_workbook,
    plausible,
    to_number,
)
from .csvexport import CsvWorkbook

_RENAMED = re.compile(r"(.*)_\d+")
Workbook = fastexcel.ExcelReader | CsvWorkbook
"""Where an RVTools export's sheets come from: an .xlsx, or the CSV files of its tabs."""


@dataclass(frozen=True)
class SheetTable:
    """A sheet parsed once: its whole header row and the kept columns of its data rows, as text."""

    header: list[str]
    data: pa.RecordBatch
    positions: dict[int, int]
    """Header index -> column of `data`, for the columns that were kept."""

    def frame(self, columns: Mapping[str, int]) -> pd.DataFrame:
        """The given (kept) header indexes as a DataFrame keyed by name (pyarrow-backed text)."""
        return pd.DataFrame(
            {key: self.data.column(self.positions[i]).to_pandas() for key, i in columns.items()},
            index=pd.RangeIndex(self.data.num_rows),
        )

    def located(self, wanted: Mapping[str, tuple[str, ...]]) -> pd.DataFrame:
        """The wanted columns found in the header (absent ones are simply missing)."""
        return self.frame(locate_columns(self.header, wanted))


def _written_header(columns: list[fastexcel.ColumnInfo]) -> list[str]:
    """Header cells as written, undoing fastexcel's renames of blank (`__UNNAMED__n`) and
    repeated (`name_n`) headers; a literal `X_1` after an `X` is read as a repeat of `X`."""
    seen: set[str] = set()
    header = []
    for column in sorted(columns, key=lambda c: c.index):
        renamed = _RENAMED.fullmatch(column.name)
        if column.column_name_from == "generated":
            header.append("")
        elif renamed and renamed.group(1) in seen:
            header.append(renamed.group(1))
        else:
            header.append(column.name)
        seen.add(column.name)
    return header


def candidate_filter(wanted: Mapping[str, tuple[str, ...]]) -> Callable[[str], bool]:
    """Keep a column when its header is one of the spellings in `wanted`."""
    names = {normalise_header(n) for spellings in wanted.values() for n in spellings}
    return lambda header: normalise_header(header) in names


def load_table(
    reader: Workbook,
    sheet: str,
    file_name: str,
    keep: Callable[[str], bool],
) -> SheetTable:
    """Parse a sheet once (row 1 is the header), converting only the columns `keep` accepts."""
    if isinstance(reader, CsvWorkbook):
        return SheetTable(*reader.load(sheet, file_name, keep))
    # Parsing is most of the cost: one parse, and no text conversion of columns we never read.
    try:
        loaded = reader.load_sheet(sheet, use_columns=lambda c: keep(c.name), dtypes="string")
        batch = loaded.to_arrow()
        columns = loaded.available_columns()
    except Exception:  # fastexcel raises several unrelated types for damaged sheets
        raise CorruptWorkbookError(
            gettext(
                "Sheet '{sheet}' of {file_name} could not be read: export the file again.",
                sheet=sheet,
                file_name=file_name,
            )
        ) from None
    kept = {name: position for position, name in enumerate(batch.schema.names)}
    positions = {c.index: kept[c.name] for c in columns if c.name in kept}
    return SheetTable(_written_header(columns), batch, positions)


def load_named_table(
    content: bytes, file_name: str, name: str, wanted: Mapping[str, tuple[str, ...]]
) -> SheetTable | None:
    """Parse the `wanted` columns of sheet `name` on a reader of its own (thread-safe)."""
    return load_sheet_table(open_workbook(content, file_name), file_name, name, wanted)


def load_sheet_table(
    reader: Workbook, file_name: str, name: str, wanted: Mapping[str, tuple[str, ...]]
) -> SheetTable | None:
    """Parse the `wanted` columns of sheet `name` (None when the export has no such sheet)."""
    sheet = find_sheet(reader, name)
    if sheet is None:
        return None
    return load_table(reader, sheet, file_name, candidate_filter(wanted))


def _arrow_text(series: pd.Series) -> pa.Array:
    """Trimmed text as an arrow array, null for blanks (vectorised in pyarrow)."""
    array = pa.array(series, from_pandas=True)
    if not pa.types.is_large_string(array.type):
        array = array.cast(pa.large_string())
    text = pc.utf8_trim_whitespace(array)
    return pc.if_else(pc.equal(text, ""), pa.scalar(None, text.type), text)


def clean_text(series: pd.Series) -> pd.Series:
    """Trimmed text with missing values for blanks."""
    return pd.Series(pd.arrays.ArrowStringArray(_arrow_text(series)), index=series.index)


def has_text(series: pd.Series) -> np.ndarray:
    """Which cells hold text once trimmed (clean_text(series).notna(), without the Series)."""
    mask: np.ndarray = _arrow_text(series).is_valid().to_numpy(zero_copy_only=False)
    return mask


def text_list(series: pd.Series) -> list[str | None]:
    """Trimmed text values with None for blanks, as a plain list."""
    texts: list[str | None] = _arrow_text(series).to_pylist()
    return texts


def to_floats(series: pd.Series) -> pd.Series:
    """Finite floats from numeric text (NaN for blanks, non-numbers and infinities)."""
    try:  # a plain cast covers the usual cells (numbers rendered as text) 25x faster
        array = pc.cast(pa.array(series, from_pandas=True), pa.float64())
        values = pd.Series(array.to_numpy(zero_copy_only=False), index=series.index)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        values = to_number(series)  # thousands separators, stray spaces, text such as "n/a"
    return plausible(values.astype("float64"))


def float_list(series: pd.Series) -> list[float | None]:
    """Float values with None for NaN, as a plain list."""
    # pandas-stubs do not accept na_value=None, which is what gives None for NaN here.
    array = series.astype("float64").to_numpy(dtype=object, na_value=None)  # type: ignore[call-overload]
    values: list[float | None] = array.tolist()
    return values


def int_list(series: pd.Series) -> list[int | None]:
    """Whole numbers with None for NaN (fractions are truncated), as a plain list."""
    return [None if v is None else int(v) for v in float_list(series)]
