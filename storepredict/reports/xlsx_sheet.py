"""A write-only worksheet with typed columns: number formats, widths, frozen header, autofilter.

Text that a spreadsheet could evaluate (starting with =, +, -, @, tab or CR) is written as an
inline string with Excel's quote prefix, so it is shown as typed and never run as a formula.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="0F4C81")
INTEGER = "#,##0"
DECIMAL = "#,##0.00"
RATIO = '0.00":1"'
PERCENT = "0.0%"
MAX_CELL_CHARS = 32_767  # Excel's limit; longer text makes Excel "repair" the file


@dataclass(frozen=True)
class Column:
    """A column: header text, width in characters and number format (None for text)."""

    header: str
    width: float = 14
    number_format: str | None = None


class TableSheet:
    """Append rows of plain values; cells get their column's format, text is made inert."""

    def __init__(self, workbook: Workbook, title: str, columns: Sequence[Column]) -> None:
        self.sheet: WriteOnlyWorksheet = workbook.create_sheet(title)
        self.columns = list(columns)
        self.rows = 0
        for index, column in enumerate(self.columns, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = column.width
        self.sheet.freeze_panes = "A2"
        header = []
        for column in self.columns:
            cell = WriteOnlyCell(self.sheet, value=column.header)
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            cell.alignment = Alignment(vertical="center", wrap_text=True)
            header.append(cell)
        self.sheet.append(header)

    def append(self, values: Sequence[object], formats: Sequence[str | None] = ()) -> None:
        """Add one data row; `formats` overrides the column formats cell by cell."""
        cells = []
        overrides = list(formats) + [None] * (len(self.columns) - len(formats))
        for column, value, override in zip(self.columns, values, overrides, strict=True):
            number_format = override or column.number_format
            if number_format and isinstance(value, int | float) and not isinstance(value, bool):
                cell = WriteOnlyCell(self.sheet, value=value)
                cell.number_format = number_format
                cells.append(cell)
            else:
                cells.append(safe_value(self.sheet, value))
        self.sheet.append(cells)
        self.rows += 1

    def finish(self) -> None:
        """Set the autofilter over the header and every data row."""
        last = get_column_letter(len(self.columns))
        self.sheet.auto_filter.ref = f"A1:{last}{self.rows + 1}"


def safe_value(sheet: WriteOnlyWorksheet, value: object) -> object:
    """A value or cell to append; text never becomes a formula and always fits Excel's limits."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if not isinstance(value, str):
        return value
    text: str = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    if len(text) > MAX_CELL_CHARS:
        text = text[: MAX_CELL_CHARS - 1] + "…"
    if not text.startswith(FORMULA_TRIGGERS):
        return text
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell
