"""A streamed worksheet with typed columns: number formats, widths, frozen header, autofilter.

Built on XlsxWriter in constant-memory mode: each row goes to disk as it is written. Text is
always written as a string, never as a formula; text a spreadsheet could evaluate (starting with
=, +, -, @, tab or CR) also gets Excel's quote prefix, so it shows exactly as typed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..i18n import _

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
BRAND = "#0F4C81"
INTEGER = "#,##0"
DECIMAL = "#,##0.00"
FINE = "#,##0.000"
RATIO = '0.00":1"'
PERCENT = "0.0%"
MAX_CELL_CHARS = 32_767  # Excel's limit; longer text makes Excel "repair" the file
INFINITY = float("inf")
_UNSET = object()
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # control characters XML 1.0 forbids


@dataclass(frozen=True)
class Column:
    """A column: header text, width in characters and number format (None for text)."""

    header: str
    width: float = 14
    number_format: str | None = None


class Formats:
    """The workbook's cell formats, each made once (XlsxWriter keeps every format it is given)."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.header = book.add_format(
            {"bold": True, "font_color": "#FFFFFF", "bg_color": BRAND, "text_wrap": True,
             "valign": "vcenter"}
        )  # fmt: skip
        self.title = book.add_format({"bold": True, "font_size": 14, "font_color": BRAND})
        self.bold = book.add_format({"bold": True})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.quoted = book.add_format({"quote_prefix": True})
        self._numbers: dict[str, Any] = {}
        self.yes_no = (_("yes"), _("no"))  # translated once, written for every boolean cell

    def number(self, number_format: str) -> Any:
        """The format for one number format string."""
        if number_format not in self._numbers:
            self._numbers[number_format] = self.book.add_format({"num_format": number_format})
        return self._numbers[number_format]


class TableSheet:
    """Append rows of plain values; cells get their column's format, text stays inert."""

    def __init__(self, formats: Formats, title: str, columns: Sequence[Column]) -> None:
        self.formats = formats
        self.sheet = formats.book.add_worksheet(title)
        self.columns = list(columns)
        self.row = 0
        self._styles: list[Any] = [_UNSET] * len(self.columns)  # formats, made on first use
        # XlsxWriter's public cell writers first check for 'A1' notation in a decorator, about a
        # tenth of the time of a 50,000-VM sheet; the undecorated writers behind them (stable
        # since XlsxWriter 1.x) take row and column numbers, as every call here passes.
        self._write_string = getattr(self.sheet, "_write_string", self.sheet.write_string)
        self._write_number = getattr(self.sheet, "_write_number", self.sheet.write_number)
        for index, column in enumerate(self.columns):
            self.sheet.set_column(index, index, column.width)
        self.sheet.freeze_panes(1, 0)
        for index, column in enumerate(self.columns):
            self.sheet.write_string(0, index, column.header, formats.header)

    def append(self, values: Sequence[object], number_formats: Sequence[str | None] = ()) -> None:
        """Add one data row; `number_formats` overrides the column formats cell by cell."""
        self.row += 1
        if len(values) != len(self.columns):
            raise ValueError(f"{len(values)} values for {len(self.columns)} columns")
        if any(number_formats):
            overrides = list(number_formats) + [None] * (len(self.columns) - len(number_formats))
            for index, (column, value, override) in enumerate(
                zip(self.columns, values, overrides, strict=True)
            ):
                write_cell(
                    self.sheet,
                    self.formats,
                    self.row,
                    index,
                    value,
                    override or column.number_format,
                )
            return
        # The usual row: write_cell inlined, each column's style looked up at its first number
        # (formats are added to the workbook in the same order as write_cell adds them).
        row, formats, styles = self.row, self.formats, self._styles
        write_string, write_number = self._write_string, self._write_number
        for index, value in enumerate(values):
            if type(value) is str:  # most cells: safe_text inlined (subclasses take the long way)
                if not value:
                    continue
                if _ILLEGAL.search(value):
                    value = _ILLEGAL.sub("\ufffd", value)
                if len(value) > MAX_CELL_CHARS:
                    value = value[: MAX_CELL_CHARS - 1] + "…"
                quoted = formats.quoted if value.startswith(FORMULA_TRIGGERS) else None
                write_string(row, index, value, quoted)
                continue
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                write_string(row, index, formats.yes_no[0] if value else formats.yes_no[1])
            elif isinstance(value, int | float):
                if value == value and value not in (INFINITY, -INFINITY):
                    style = styles[index]
                    if style is _UNSET:
                        number_format = self.columns[index].number_format
                        style = formats.number(number_format) if number_format else None
                        styles[index] = style
                    write_number(row, index, value, style)
            else:
                text = safe_text(str(value))
                quoted = formats.quoted if text.startswith(FORMULA_TRIGGERS) else None
                write_string(row, index, text, quoted)

    def finish(self) -> None:
        """Set the autofilter over the header and every data row."""
        self.sheet.autofilter(0, 0, self.row, len(self.columns) - 1)


def write_cell(
    sheet: Any, formats: Formats, row: int, col: int, value: object, number_format: str | None
) -> None:
    """One cell: numbers with their format, booleans as yes/no, everything else as inert text."""
    if value is None or value == "":
        return
    if isinstance(value, bool):
        sheet.write_string(row, col, formats.yes_no[0] if value else formats.yes_no[1])
    elif isinstance(value, int | float):
        if value != value or value in (float("inf"), float("-inf")):  # NaN or infinite
            return
        style = formats.number(number_format) if number_format else None
        sheet.write_number(row, col, value, style)
    else:
        text = safe_text(str(value))
        style = formats.quoted if text.startswith(FORMULA_TRIGGERS) else None
        sheet.write_string(row, col, text, style)


def safe_text(value: str) -> str:
    """Text that fits a cell: forbidden control characters replaced, at most Excel's limit."""
    if _ILLEGAL.search(value):  # rare: searching is cheaper than substituting nothing
        value = _ILLEGAL.sub("\ufffd", value)
    return value if len(value) <= MAX_CELL_CHARS else value[: MAX_CELL_CHARS - 1] + "…"
