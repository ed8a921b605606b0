"""The customer workbook: Summary, Assumptions, Workloads, Datastores, VMs, Overrides, Compute,
Findings; streamed with XlsxWriter in constant-memory mode."""

from __future__ import annotations

import io
from datetime import date

import xlsxwriter

from .. import vocabulary as vocab
from ..pipeline import CapacityUnit, mib_per_unit
from ..pipeline.session import SessionState
from ..pipeline.sizing import SizingResult
from . import facts, wording, xlsx_tables
from .xlsx_sheet import DECIMAL, INTEGER, PERCENT, RATIO, Column, Formats, TableSheet

WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}
SummaryRow = tuple[str, object, str, str | None]


def build_xlsx(
    state: SessionState,
    result: SizingResult,
    unit: CapacityUnit = "TiB",
    today: date | None = None,
    *,
    constant_memory: bool = True,
) -> bytes:
    """The report workbook as .xlsx bytes; capacities in `unit`, every figure a number cell.

    `constant_memory` streams rows to disk with inline strings; without it XlsxWriter keeps the
    cells until the end and shares repeated strings (about twice as fast, more memory).
    """
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {**WORKBOOK_OPTIONS, "constant_memory": constant_memory})
    book.set_properties(
        {
            "title": f"Storage and compute sizing: {state.project_name}",
            "author": state.prepared_by,
            "company": state.customer,
            "comments": state.reference,
        }
    )
    formats = Formats(book)
    per = mib_per_unit(unit)
    _summary(formats, state, result, unit, today or date.today())
    _assumptions(formats, state, result, unit)
    xlsx_tables.workloads(formats, result, unit, per)
    placement = xlsx_tables.datastores(formats, result, unit, per)
    xlsx_tables.vms(formats, state, result, unit, per, placement)
    xlsx_tables.overrides(formats, state, result)
    xlsx_tables.compute(formats, result)
    xlsx_tables.findings(formats, state, result)
    book.close()
    return buffer.getvalue()


def summary_rows(
    state: SessionState, result: SizingResult, unit: CapacityUnit, today: date
) -> list[SummaryRow]:
    """The Summary sheet as (item, value, unit, number format) rows, read top to bottom."""
    total, head = result.storage.total, facts.headline(result)
    per = mib_per_unit(unit)
    count, cores, memory = facts.current_hosts(state, result)
    rows: list[SummaryRow] = [
        ("Project", state.project_name, "", None),
        ("Customer", state.customer, "", None),
        ("Prepared by", state.prepared_by, "", None),
        ("Reference", state.reference, "", None),
        ("Date", today.isoformat(), "", None),
        *(("Source", line, "", None) for line in facts.source_lines(state)),
        ("Required capacity", total.required_mib / per, unit, DECIMAL),
        ("Effective DRR", total.effective_drr, "", RATIO),
        (f"Datastores ({vocab.strategy_label(head['strategy'])})", head["datastores"], "", INTEGER),
        ("ESXi hosts", head["hosts"], "hosts", INTEGER),
        ("VMs in scope", total.vm_count, "VMs", INTEGER),
        ("VMs excluded", len(result.storage.scope.excluded), "VMs", INTEGER),
        ("Logical capacity", total.logical_mib / per, unit, DECIMAL),
        ("Reduced capacity (after DRR)", total.reduced_mib / per, unit, DECIMAL),
        ("ESXi hosts today (export)", count, "hosts", INTEGER),
        ("Physical cores today", cores, "cores", INTEGER),
        ("Memory today", memory, "GiB", INTEGER),
        ("Compute", facts.compute_sentence(state, result), "", None),
        ("Unknown workload share", wording.unknown_share(result), "", PERCENT),
    ]
    licences = facts.licence_cores(result)
    if licences is not None:
        rows.append(("Licence cores today", licences[0], "cores", INTEGER))
        rows.append(("Licence cores proposed", licences[1], "cores", INTEGER))
    rows += [(label, mib / per, unit, DECIMAL) for label, mib in facts.waterfall(result)]
    warning = wording.unknown_warning(result)
    if warning:
        rows.append(("Warning", warning, "", None))
    for item in wording.biggest_assumptions(state, result, unit):
        rows.append(("Key assumption", item.text, "", None))
    return rows


def _summary(
    formats: Formats, state: SessionState, result: SizingResult, unit: CapacityUnit, today: date
) -> None:
    sheet = TableSheet(
        formats, "Summary", [Column("Item", 30), Column("Value", 90), Column("Unit", 10)]
    )
    for item, value, unit_label, number_format in summary_rows(state, result, unit, today):
        sheet.append([item, value, unit_label], [None, number_format])
    sheet.finish()


def _assumptions(
    formats: Formats, state: SessionState, result: SizingResult, unit: CapacityUnit
) -> None:
    sheet = TableSheet(formats, "Assumptions", [Column("Topic", 20), Column("Assumption", 110)])
    for item in wording.assumptions(state, result, unit):
        sheet.append([item.topic, item.sentence[:1].upper() + item.sentence[1:]])
    sheet.finish()
