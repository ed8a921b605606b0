"""RVTools exports saved as CSV: one `RVTools_tab<sheet>.csv` file per tab, read like the .xlsx.

RVTools' "Export all to csv" writes `RVTools_tabvInfo.csv`, `RVTools_tabvDisk.csv`, ... into an
`RVTools_export_all_<date>` folder, usually sent zipped; other inventory tools write the same file
names and headers. Each file's encoding and delimiter are detected on its own (`csvtext`). Cells
come back as text, blanks as nulls, exactly as the .xlsx reader sees them; where the delimiter is
not a comma, decimal commas in number columns are read as decimal points.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping
from pathlib import PurePosixPath

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from ....i18n import gettext
from ...errors import EmptyFileError, InputError
from ..csvtext import header_cells, to_utf8
from ..excel import locate_columns, normalise_header
from .columns import CAPACITY_KEYS, VINFO_COLUMNS

SHEET_FILE = re.compile(r"RVTools_(tab\w+)\.csv", re.IGNORECASE)
"""A tab's file name; the group is the 3.x-style sheet name (`tabvInfo`)."""
VINFO_SHEET = "tabvInfo"
# Header names of the columns read as numbers (MiB, counts, MHz), where a decimal comma may occur.
_NUMBER_HEADER = re.compile(r"(mib|mb|kib|kb|mhz|ghz)$|^(cpus|memory|speed|# .*)$")
_DECIMAL_COMMA = r"^(-?\d+),(\d+)$"


def sheet_of(path: str) -> str | None:
    """The sheet an `RVTools_tab<sheet>.csv` path holds (`tabvDisk`), else None."""
    match = SHEET_FILE.fullmatch(PurePosixPath(path).name)
    return match.group(1) if match else None


def looks_like_vinfo_csv(content: bytes) -> bool:
    """True when the header line is an RVTools vInfo header (VM plus Provisioned or In Use)."""
    if not content.strip():
        return False
    cells, _ = header_cells(content)
    located = locate_columns(cells, VINFO_COLUMNS)
    return "name" in located and any(key in located for key in CAPACITY_KEYS)


class CsvWorkbook:
    """The CSV files of one RVTools export, by sheet name, parsed on demand (thread-safe)."""

    def __init__(self, files: Mapping[str, bytes]) -> None:
        self._files = dict(files)

    @property
    def sheet_names(self) -> list[str]:
        """The sheet names, 3.x style (`tabvInfo`), which `find_sheet` accepts."""
        return list(self._files)

    def encodings(self) -> dict[str, str]:
        """Sheet name -> detected encoding and delimiter, for the writer finding."""
        described = {}
        for sheet, content in self._files.items():
            _, delimiter = header_cells(content)
            described[sheet] = f"{to_utf8(content[:4096]).encoding}, {_DELIMITER_NAMES[delimiter]}"
        return described

    def load(
        self, sheet: str, file_name: str, keep: Callable[[str], bool]
    ) -> tuple[list[str], pa.RecordBatch, dict[int, int]]:
        """The whole header, the kept columns as text, and header index -> kept column."""
        content = self._files[sheet]
        header, delimiter = header_cells(content)
        if not header:
            raise EmptyFileError(
                gettext(
                    "RVTools_{sheet}.csv of {file_name} is empty: export it again.",
                    sheet=sheet,
                    file_name=file_name,
                )
            )
        kept = [index for index, name in enumerate(header) if keep(name)]
        names = [f"c{index}" for index in range(len(header))]
        try:
            table = pa_csv.read_csv(
                io.BytesIO(to_utf8(content).data),
                read_options=pa_csv.ReadOptions(column_names=names, skip_rows=1),
                parse_options=pa_csv.ParseOptions(delimiter=delimiter, newlines_in_values=True),
                convert_options=pa_csv.ConvertOptions(
                    column_types=dict.fromkeys(names, pa.large_string()),
                    include_columns=[names[i] for i in kept],
                    strings_can_be_null=True,
                    null_values=[""],
                ),
            )
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            raise InputError(
                gettext(
                    "RVTools_{sheet}.csv of {file_name} could not be read as CSV (rows have a "
                    "different number of fields than the header): export it again from RVTools.",
                    sheet=sheet,
                    file_name=file_name,
                )
            ) from None
        columns = [
            _decimal_points(table.column(position).combine_chunks(), header[index], delimiter)
            for position, index in enumerate(kept)
        ]
        batch = pa.RecordBatch.from_arrays(columns, names=[names[i] for i in kept])
        return header, batch, {index: position for position, index in enumerate(kept)}


_DELIMITER_NAMES = {",": "comma-separated", ";": "semicolon-separated", "\t": "tab-separated"}


def _decimal_points(column: pa.Array, header: str, delimiter: str) -> pa.Array:
    """`12,5` as `12.5` in a number column of a file whose delimiter is not a comma."""
    if delimiter == "," or not _NUMBER_HEADER.search(normalise_header(header)):
        return column
    return pc.replace_substring_regex(column, _DECIMAL_COMMA, r"\1.\2")


def csv_groups(paths: list[str]) -> dict[str, dict[str, str]]:
    """Folder -> {sheet: path} for the `RVTools_tab*.csv` files of each folder with a vInfo."""
    groups: dict[str, dict[str, str]] = {}
    for path in paths:
        sheet = sheet_of(path)
        if sheet is not None:
            groups.setdefault(str(PurePosixPath(path).parent), {})[sheet] = path
    return {
        folder: sheets
        for folder, sheets in groups.items()
        if any(normalise_header(s) == VINFO_SHEET.casefold() for s in sheets)
    }
