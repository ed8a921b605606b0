"""Upload inputs built from the real exports in ../shared/samples, one per input kind.

No real LiveOptics CSV or zip exists, so they are derived here from the real LiveOptics workbook
the way the portal produces them (formats.md).
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import openpyxl

KINDS = (
    "rvtools-4.0.7",
    "rvtools-3x",
    "liveoptics-xlsx",
    "liveoptics-zip",
    "liveoptics-csv",
    "dual",
)
RVTOOLS = "rvtools-4.7.1-233vms.xlsx"
LIVEOPTICS = "liveoptics-2022-595vms.xlsx"


def zip_of(*entries: tuple[str, bytes]) -> bytes:
    """A deflated zip holding the given (name, content) entries."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries:
            archive.writestr(name, content)
    return buffer.getvalue()


def vms_sheet_as_csv(path: Path, delimiter: str = ",", decimal_comma: bool = False) -> str:
    """The VMs sheet of a LiveOptics workbook as CSV text, as the portal would give it."""
    workbook = openpyxl.load_workbook(path, read_only=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in workbook["VMs"].iter_rows(values_only=True):
        if any(value is not None for value in row):
            writer.writerow([_csv_value(value, decimal_comma) for value in row])
    workbook.close()
    return buffer.getvalue()


def _csv_value(value: object, decimal_comma: bool) -> object:
    if value is None:
        return ""
    if decimal_comma and isinstance(value, float):
        return repr(value).replace(".", ",")
    return value


def real_files(samples_dir: Path, kind: str) -> list[tuple[str, bytes]]:
    """The (file name, bytes) pairs a user would upload for one input kind."""
    rvtools = samples_dir / RVTOOLS
    liveoptics = samples_dir / LIVEOPTICS
    if kind == "rvtools-4.0.7":
        content = (samples_dir / "rvtools-4.0.7-1100vms.xlsx").read_bytes()
        return [("exports/RVTools_export_all.xlsx", content)]
    if kind == "rvtools-3x":
        return [("rvtools-3x-131vms.xlsx", (samples_dir / "rvtools-3x-131vms.xlsx").read_bytes())]
    if kind == "liveoptics-xlsx":
        return [(liveoptics.name, liveoptics.read_bytes())]
    if kind == "liveoptics-zip":
        inner = (f"VMWARE/{liveoptics.name}", liveoptics.read_bytes())
        return [("LiveOptics_download.zip", zip_of(inner))]
    if kind == "liveoptics-csv":
        return [("VMs.csv", vms_sheet_as_csv(liveoptics).encode("utf-8-sig"))]
    if kind == "dual":
        return [(rvtools.name, rvtools.read_bytes()), (liveoptics.name, liveoptics.read_bytes())]
    raise ValueError(f"unknown input kind {kind!r}")
