"""Low-level workbook access: magic-byte checks, header matching, value conversion."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from storepredict.pipeline.errors import (
    CorruptWorkbookError,
    EmptyFileError,
    LegacyExcelError,
    UnknownFormatError,
)
from storepredict.pipeline.readers import excel
from tests.factory import write_workbook


def test_open_workbook_rejects_empty_legacy_encrypted_foreign_and_truncated_files() -> None:
    with pytest.raises(EmptyFileError, match=r"^a\.xlsx is empty \(0 bytes\)"):
        excel.open_workbook(b"", "a.xlsx")
    with pytest.raises(LegacyExcelError, match=r"save it as \.xlsx"):
        excel.open_workbook(excel.OLE_MAGIC + b"\0" * 600, "old.xls")
    encrypted = excel.OLE_MAGIC + b"\0" * 64 + "EncryptionInfo".encode("utf-16-le")
    with pytest.raises(CorruptWorkbookError, match="is password-protected"):
        excel.open_workbook(encrypted, "secret.xlsx")
    with pytest.raises(UnknownFormatError, match="is not an Excel workbook, CSV or zip"):
        excel.open_workbook(b"hello world", "notes.xlsx")
    content = write_workbook({"vInfo": [["VM"], ["a"]]})
    with pytest.raises(CorruptWorkbookError, match="could not be read as an Excel workbook"):
        excel.open_workbook(content[: len(content) // 2], "cut.xlsx")


def test_headers_match_trimmed_case_insensitive_first_duplicate_and_tab_prefix() -> None:
    content = write_workbook(
        {"tabvInfo": [[" VM", "In Use MB ", "vm", "Free % "], ["a", "1,024", "b", 5]]}
    )
    reader = excel.open_workbook(content, "t.xlsx")
    sheet = excel.find_sheet(reader, "vInfo")
    assert sheet == "tabvInfo"
    header = excel.read_header(reader, sheet, "t.xlsx")
    columns = excel.locate_columns(
        header, {"name": ["VM"], "in_use": ["In Use MiB", "In Use MB"], "free": ["Free %"]}
    )
    assert columns == {"name": 0, "in_use": 1, "free": 3}
    frame = excel.read_columns(reader, sheet, columns, "t.xlsx")
    assert frame["name"].tolist() == ["a"]
    assert excel.to_number(frame["in_use"]).tolist() == [1024.0]


def test_value_conversions() -> None:
    numbers = excel.to_number(pd.Series(["1,234.5", "2048", None, "n/a", " 12 "]))
    assert numbers[:2].tolist() == [1234.5, 2048.0]
    assert math.isnan(numbers[2]) and math.isnan(numbers[3])
    assert numbers[4] == 12.0
    european = excel.to_number(pd.Series(["1.234,5", "2048,25"]), decimal_comma=True)
    assert european.tolist() == [1234.5, 2048.25]
    assert excel.to_bool(pd.Series(["True", "FALSE", None, "x", "1"])).tolist() == [
        True,
        False,
        False,
        False,
        True,
    ]
    assert excel.to_text(pd.Series([" a ", "", None, float("nan")])).tolist() == [
        "a",
        None,
        None,
        None,
    ]
