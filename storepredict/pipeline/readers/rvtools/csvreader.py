"""Read an RVTools export saved as CSV files (one per tab), with a finding on who wrote it."""

from __future__ import annotations

from collections.abc import Mapping

from ....i18n import N_
from ... import findings as codes
from ...findings import make_finding, phrase
from ...inventory import Finding, Inventory, Phrase
from ..excel import find_sheet, normalise_header
from .csvexport import CsvWorkbook
from .workbook import read_rvtools_sheets

# vMetaData headers of RVTools itself; other writers may add their own (tool, filters).
_RVTOOLS_KEYS = {"rvtools major version", "rvtools version", "xlsx creation datetime", "server"}
_TOOL_WORDS = ("tool", "writer", "generator", "application", "exported by", "created by")
_FILTER_WORDS = ("filter", "include", "exclude")


def read_rvtools_csv(sheets: Mapping[str, bytes], file_name: str) -> Inventory:
    """Parse the CSV files of one RVTools export (sheet name -> bytes; vInfo required)."""
    workbook = CsvWorkbook(sheets)
    inventory = read_rvtools_sheets(workbook, file_name, lambda: workbook)
    finding = writer_finding(workbook, file_name, inventory)
    return inventory.model_copy(update={"findings": [*inventory.findings, finding]})


def writer_finding(workbook: CsvWorkbook, file_name: str, inventory: Inventory) -> Finding:
    """Which tabs were read, how they were encoded, and which tool wrote them when they say."""
    source = inventory.sources[0]
    metadata = _metadata(workbook, file_name)
    extra = {key: value for key, value in metadata.items() if key.casefold() not in _RVTOOLS_KEYS}
    tools = [v for k, v in extra.items() if any(w in k.casefold() for w in _TOOL_WORDS)]
    filters = [
        f"{k}: {v}" for k, v in extra.items() if any(w in k.casefold() for w in _FILTER_WORDS)
    ]
    writer: list[str | Phrase]
    if tools:
        writer = [phrase(N_("written by {tools}"), tools=", ".join(tools))]
    elif source.export_version:
        writer = [phrase(N_("written by RVTools {version}"), version=source.export_version)]
    else:
        writer = [phrase(N_("which does not say which tool wrote it"))]
    if source.export_date and (tools or source.export_version):
        writer.append(phrase(N_(" on {date}"), date=source.export_date))
    if filters:
        writer.append(phrase(N_(", with the filters {filters}"), filters="; ".join(filters)))
    encodings = workbook.encodings()
    tabs = ", ".join(f"{_tab(sheet)} ({encodings[sheet]})" for sheet in workbook.sheet_names)
    return make_finding(codes.CSV_EXPORT, file_name=file_name, writer=writer, tabs=tabs)


def _metadata(workbook: CsvWorkbook, file_name: str) -> dict[str, str]:
    """The first row of vMetaData as header -> value (empty when there is no such tab)."""
    sheet = find_sheet(workbook, "vMetaData")
    if sheet is None:
        return {}
    header, batch, positions = workbook.load(sheet, file_name, lambda _: True)
    if batch.num_rows == 0:
        return {}
    values = {
        " ".join(header[index].split()): batch.column(position)[0].as_py()
        for index, position in positions.items()
    }
    return {k: str(v).strip() for k, v in values.items() if k and v is not None and str(v).strip()}


def _tab(sheet: str) -> str:
    """`tabvInfo` as `vInfo`."""
    return sheet[3:] if normalise_header(sheet).startswith("tab") else sheet
