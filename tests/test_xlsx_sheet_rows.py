"""TableSheet.append writes a row exactly as write_cell writes each of its cells."""

from __future__ import annotations

import enum
import io
import zipfile

import numpy as np
import xlsxwriter

from storepredict.reports.xlsx_sheet import (
    DECIMAL,
    INTEGER,
    Column,
    Formats,
    TableSheet,
    write_cell,
)


class Colour(enum.StrEnum):
    RED = "red"

    def __str__(self) -> str:
        return "shown red"


ROWS: list[list[object]] = [
    ["plain", "", None, "=SUM(A1)", "+1", "-x", "@x", "\ttab", "\rcr", "a\x01b\x1fc"],
    ["x" * 40_000, True, False, 0, 1.5, float("nan"), float("inf"), -float("inf"), 7, 2.25],
    [Colour.RED, np.str_("np text"), np.float64(3.5), np.int64(4), "ok", None, "", 1, None, "é"],
]
COLUMNS = [Column(f"c{i}", 10, INTEGER if i % 3 == 0 else DECIMAL if i % 3 == 1 else None)
           for i in range(10)]  # fmt: skip


def _sheet_xml(fill: object) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"constant_memory": True})
    formats = Formats(book)
    fill(formats)  # type: ignore[operator]
    book.close()
    return zipfile.ZipFile(buffer).read("xl/worksheets/sheet1.xml")


def test_append_writes_the_cells_write_cell_writes() -> None:
    def by_append(formats: Formats) -> None:
        sheet = TableSheet(formats, "T", COLUMNS)
        for values in ROWS:
            sheet.append(values)
        sheet.append(ROWS[1], [None, None, None, None, "0.0%"])

    def by_cell(formats: Formats) -> None:
        sheet = TableSheet(formats, "T", COLUMNS)
        overrides = [None, None, None, None, "0.0%"] + [None] * 5
        for row, values in enumerate([*ROWS, ROWS[1]], start=1):
            last = row == len(ROWS) + 1
            for col, (column, value) in enumerate(zip(COLUMNS, values, strict=True)):
                number_format = (overrides[col] if last else None) or column.number_format
                write_cell(sheet.sheet, formats, row, col, value, number_format)

    written = _sheet_xml(by_append)
    assert written == _sheet_xml(by_cell)
    assert b"shown red" in written and b"\xef\xbf\xbd" in written  # str() and U+FFFD kept
