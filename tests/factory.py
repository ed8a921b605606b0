"""Write small real .xlsx workbooks for tests (openpyxl, write-only mode)."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

from openpyxl import Workbook


def write_workbook(sheets: Mapping[str, Sequence[Sequence[object]]]) -> bytes:
    """An .xlsx whose sheets hold the given rows (first row is the header), in order."""
    workbook = Workbook(write_only=True)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
