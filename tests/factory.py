"""Write small real .xlsx workbooks for tests (openpyxl, write-only mode)."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell


def write_workbook(sheets: Mapping[str, Sequence[Sequence[object]]]) -> bytes:
    """An .xlsx whose sheets hold the given rows (first row is the header), in order.

    Strings are always written as text, as exporters do: a VM named "=1+1" stays a name.
    """
    workbook = Workbook(write_only=True)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append([_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _cell(sheet, value: object) -> object:
    if isinstance(value, str) and value.startswith("="):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value
