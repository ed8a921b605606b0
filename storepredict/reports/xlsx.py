"""The customer workbook: Summary, Assumptions, Workloads, Datastores, VMs, Overrides, Compute,
Scenarios (when several), Findings, Health, Health evidence; streamed with XlsxWriter."""

from __future__ import annotations

import io
from datetime import date

import xlsxwriter

from .. import vocabulary as vocab
from ..pipeline import CapacityUnit, mib_per_unit
from ..pipeline.health import HealthReport
from ..pipeline.session import ScenarioFigures, SessionState
from ..pipeline.sizing import SizingResult
from . import facts, health_words, wording, xlsx_health, xlsx_tables
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
    scenarios: list[ScenarioFigures] | None = None,
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
    today = today or date.today()
    report = health_words.health_report(state, today)
    _summary(formats, state, result, unit, today, report)
    _assumptions(formats, state, result, unit)
    xlsx_tables.workloads(formats, result, unit, per)
    placement = xlsx_tables.datastores(formats, result, unit, per)
    xlsx_tables.vms(formats, state, result, unit, per, placement)
    xlsx_tables.overrides(formats, state, result)
    xlsx_tables.compute(formats, result)
    xlsx_health.scenarios(formats, health_words.scenario_figures(state, scenarios), unit, per)
    xlsx_tables.findings(formats, state, result)
    xlsx_health.health(formats, state, report, unit, per)
    book.close()
    return buffer.getvalue()


def summary_rows(
    state: SessionState,
    result: SizingResult,
    unit: CapacityUnit,
    today: date,
    report: HealthReport | None = None,
) -> list[SummaryRow]:
    """The Summary sheet as (item, value, unit, number format) rows, read top to bottom."""
    total, head = result.storage.total, facts.headline(result)
    per = mib_per_unit(unit)
    count, cores, memory = facts.current_hosts(state, result)
    c, licences = result.compute, facts.licence_cores(result)
    chosen = result.layout.strategies[result.layout.chosen]
    cover = wording.coverage(state, result)
    rows: list[SummaryRow] = [
        ("Project", state.project_name, "", None),
        ("Customer", state.customer, "", None),
        ("Prepared by", state.prepared_by, "", None),
        ("Reference", state.reference, "", None),
        ("Date", today.isoformat(), "", None),
        *(("Source", line, "", None) for line in facts.source_lines(state)),
        ("Required capacity", total.required_mib / per, unit, DECIMAL),
        ("Required capacity is", "physical, after data reduction", "", None),
        ("Effective DRR", total.effective_drr, "", RATIO),
        (f"Datastores ({vocab.strategy_label(head['strategy'])})", head["datastores"], "", INTEGER),
        ("ESXi hosts", head["hosts"], "hosts", INTEGER),
        ("VMs in scope", total.vm_count, "VMs", INTEGER),
        ("VMs excluded", len(result.storage.scope.excluded), "VMs", INTEGER),
        ("Logical capacity", total.logical_mib / per, unit, DECIMAL),
        ("Reduced capacity (after DRR)", total.reduced_mib / per, unit, DECIMAL),
        ("Datastore capacity (logical VMFS)", chosen.total_capacity_mib / per, unit, DECIMAL),
        ("ESXi hosts today (export)", count, "hosts", INTEGER),
        ("Sockets today", result.current.sockets, "sockets", INTEGER),
        ("Physical cores today", cores, "cores", INTEGER),
        ("Physical cores proposed", c.hosts * c.host.cores, "cores", INTEGER),
        ("Memory today", memory, "GiB", INTEGER),
        ("Memory proposed", c.hosts * c.host.ram_gib, "GiB", INTEGER),
        ("vCPU per core today", result.current.vcpu_per_core, "", RATIO),
        ("Licence cores today", licences[0], "cores", INTEGER),
        ("Licence cores proposed", licences[1], "cores", INTEGER),
        ("Compute", facts.compute_sentence(state, result), "", None),
        ("VMs of unknown workload", cover.unknown_vm_count, "VMs", INTEGER),
        ("Unknown workload share", cover.unknown_share, "", PERCENT),
        ("DRR assumed for unknown workload", cover.unknown_drr, "", RATIO),
        ("Classification", wording.coverage_sentence(state, result), "", None),
    ]
    warning = wording.unknown_warning(state, result)
    if warning:
        rows.append(("Warning", warning, "", None))
    rows += [
        (f"Step: {label}", mib / per, unit, DECIMAL) for label, mib, _ in facts.waterfall(result)
    ]
    rows += xlsx_health.reclaim_summary_rows(report, state, unit, per)
    for item in wording.biggest_assumptions(state, result, unit):
        rows.append(("Key assumption", item.text, "", None))
    return rows


def _summary(
    formats: Formats,
    state: SessionState,
    result: SizingResult,
    unit: CapacityUnit,
    today: date,
    report: HealthReport | None,
) -> None:
    sheet = TableSheet(
        formats, "Summary", [Column("Item", 30), Column("Value", 90), Column("Unit", 10)]
    )
    for item, value, unit_label, number_format in summary_rows(state, result, unit, today, report):
        sheet.append([item, value, unit_label], [None, number_format])
    sheet.finish()


def _assumptions(
    formats: Formats, state: SessionState, result: SizingResult, unit: CapacityUnit
) -> None:
    sheet = TableSheet(formats, "Assumptions", [Column("Topic", 20), Column("Assumption", 110)])
    for item in wording.assumptions(state, result, unit):
        sheet.append([item.topic, item.sentence[:1].upper() + item.sentence[1:]])
    sheet.finish()
