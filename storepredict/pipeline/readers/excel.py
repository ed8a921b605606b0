"""Read only the sheets and columns we need from an untrusted .xlsx, by header name, with fastexcel.

Headers are matched trimmed and case-insensitively; duplicate headers resolve to their first
occurrence. Values come back as pandas Series that the readers convert with `to_number`,
`to_bool` and `to_text`, which tolerate text numbers, thousands separators and text booleans.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Protocol

import fastexcel
import pandas as pd

from ...i18n import gettext
from ..errors import CorruptWorkbookError, EmptyFileError, LegacyExcelError, UnknownFormatError

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_ENCRYPTED_MARKER = "EncryptionInfo".encode("utf-16-le")
_SPACES = re.compile(r"\s+")
# No inventory figure (MiB, KiB, IOPS, MHz) comes near 10^15; larger values are corrupt or hostile
# and would overflow sums and unit conversions, so they are read as unknown.
MAX_MAGNITUDE = 1e15


def normalise_header(name: object) -> str:
    """Header key for matching: trimmed, inner whitespace collapsed, case-folded."""
    return _SPACES.sub(" ", str(name)).strip().casefold()


def open_workbook(content: bytes, file_name: str) -> fastexcel.ExcelReader:
    """Open an .xlsx from bytes; legacy, encrypted, damaged or foreign files raise clear errors."""
    if not content:
        raise EmptyFileError(
            gettext(
                "{file_name} is empty (0 bytes): export it again and re-upload.",
                file_name=file_name,
            )
        )
    if content.startswith(OLE_MAGIC):
        if _ENCRYPTED_MARKER in content:
            raise CorruptWorkbookError(
                gettext(
                    "{file_name} is password-protected: open it in Excel, remove the password "
                    "(File > Info > Protect Workbook) and save it again as .xlsx.",
                    file_name=file_name,
                )
            )
        raise LegacyExcelError(
            gettext(
                "{file_name} is a legacy Excel 97-2003 (.xls) workbook: open it in Excel and save "
                "it as .xlsx, then upload it again.",
                file_name=file_name,
            )
        )
    if not content.startswith(ZIP_MAGIC):
        raise UnknownFormatError(
            gettext(
                "{file_name} is not an Excel workbook, CSV or zip we recognise: upload an RVTools "
                "or LiveOptics export (.xlsx, .csv or .zip).",
                file_name=file_name,
            )
        )
    try:
        return fastexcel.read_excel(content)
    except Exception:  # fastexcel raises several unrelated types for damaged files
        raise CorruptWorkbookError(
            gettext(
                "{file_name} could not be read as an Excel workbook (it may be truncated or "
                "damaged): export it again, or open and re-save it in Excel.",
                file_name=file_name,
            )
        ) from None


class HasSheets(Protocol):
    """A workbook, or anything else that lists sheet names."""

    @property
    def sheet_names(self) -> list[str]:
        """The sheet names in workbook order."""
        ...


def find_sheet(reader: HasSheets, name: str) -> str | None:
    """The actual sheet name for `name`, accepting case, spacing and RVTools 3.x `tab` prefixes."""
    wanted = normalise_header(name)
    for actual in reader.sheet_names:
        key = normalise_header(actual)
        if key == wanted or key == "tab" + wanted:
            return actual
    return None


def read_header(reader: fastexcel.ExcelReader, sheet: str, file_name: str) -> list[str]:
    """The raw header row (row 1) of a sheet, as text."""
    frame = _load_sheet(reader, sheet, file_name, header_row=None, n_rows=1)
    if frame.empty:
        return []
    return ["" if pd.isna(v) else str(v) for v in frame.iloc[0].tolist()]


def locate_columns(header: list[str], wanted: Mapping[str, Iterable[str]]) -> dict[str, int]:
    """Map each wanted key to the index of the first header matching one of its candidate names."""
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        positions.setdefault(normalise_header(name), index)
    found: dict[str, int] = {}
    for key, candidates in wanted.items():
        for candidate in candidates:
            position = positions.get(normalise_header(candidate))
            if position is not None:
                found[key] = position
                break
    return found


def read_columns(
    reader: fastexcel.ExcelReader, sheet: str, columns: Mapping[str, int], file_name: str
) -> pd.DataFrame:
    """Load only the given column indexes of a sheet, renamed to their keys (string dtype)."""
    if not columns:
        return pd.DataFrame()
    order = sorted(set(columns.values()))
    raw = _load_sheet(reader, sheet, file_name, use_columns=order)
    by_index = dict(zip(order, raw.columns, strict=True))
    return pd.DataFrame({key: raw[by_index[i]] for key, i in columns.items()})


def to_text(series: pd.Series) -> pd.Series:
    """Trimmed text with None for blanks."""
    values = [v.strip() if isinstance(v, str) else None for v in series.astype("object")]
    return pd.Series([v or None for v in values], index=series.index, dtype="object")


def to_number(series: pd.Series, decimal_comma: bool = False) -> pd.Series:
    """Floats from numeric text; thousands separators tolerated; unparseable values become NaN."""
    text = series.astype("string").str.strip().str.replace("\u00a0", "", regex=False)
    text = text.str.replace(" ", "", regex=False)
    if decimal_comma:
        text = text.str.replace(".", "", regex=False).str.replace(",", ".", regex=False)
    else:
        text = text.str.replace(",", "", regex=False)
    return plausible(pd.to_numeric(text, errors="coerce").astype("float64"))


def plausible(values: pd.Series) -> pd.Series:
    """The values with NaN for infinities and magnitudes of MAX_MAGNITUDE or more."""
    return values.where(values.abs() < MAX_MAGNITUDE)


def non_negative(values: pd.Series) -> pd.Series:
    """The values with NaN for negatives: sizes, counts and rates cannot be below zero."""
    return values.where(values >= 0)


def to_bool(series: pd.Series) -> pd.Series:
    """Booleans from text such as True/FALSE/1/yes; blanks and anything else are False."""
    text = series.astype("string").str.strip().str.casefold()
    return text.isin(["true", "1", "1.0", "yes", "y"]).fillna(False).astype(bool)


def _load_sheet(
    reader: fastexcel.ExcelReader,
    sheet: str,
    file_name: str,
    header_row: int | None = 0,
    n_rows: int | None = None,
    use_columns: list[int] | None = None,
) -> pd.DataFrame:
    """A sheet's cells as text; any failure of the workbook library is a CorruptWorkbookError."""
    try:
        loaded = reader.load_sheet(
            sheet, header_row=header_row, n_rows=n_rows, use_columns=use_columns, dtypes="string"
        )
        return loaded.to_pandas()
    except Exception:
        raise CorruptWorkbookError(
            gettext(
                "Sheet '{sheet}' of {file_name} could not be read: export the file again.",
                sheet=sheet,
                file_name=file_name,
            )
        ) from None
