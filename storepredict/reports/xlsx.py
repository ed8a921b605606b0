"""The customer workbook: Summary, Assumptions, Workloads, Datastores, VMs, Overrides, Compute,
Scenarios (when several), Findings, Health, Health evidence; streamed with XlsxWriter."""

from __future__ import annotations

import io
from datetime import date

import xlsxwriter

from .. import vocabulary as vocab
from ..i18n import _, format_date
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
            "title": _("Storage and compute sizing: {project}", project=facts.project_title(state)),
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
    vms, hosts, cores_word = _("VMs"), _("hosts"), _("cores")
    rows: list[SummaryRow] = [
        (_("Project"), facts.project_title(state), "", None),
        (_("Customer"), state.customer, "", None),
        (_("Prepared by"), state.prepared_by, "", None),
        (_("Reference"), state.reference, "", None),
        (_("Date"), format_date(today), "", None),
        *((_("Source"), line, "", None) for line in facts.source_lines(state)),
        (_("Required capacity"), total.required_mib / per, unit, DECIMAL),
        (_("Required capacity is"), _(vocab.PHYSICAL), "", None),
        (_("Effective DRR"), total.effective_drr, "", RATIO),
        (
            _("Datastores ({strategy})", strategy=_(vocab.strategy_label(head["strategy"]))),
            head["datastores"],
            "",
            INTEGER,
        ),
        (_("ESXi hosts"), head["hosts"], hosts, INTEGER),
        (_("VMs in scope"), total.vm_count, vms, INTEGER),
        (_("VMs excluded"), len(result.storage.scope.excluded), vms, INTEGER),
        (_("Logical capacity"), total.logical_mib / per, unit, DECIMAL),
        (_("Reduced capacity (after DRR)"), total.reduced_mib / per, unit, DECIMAL),
        (
            _("Datastore capacity (logical VMFS)"),
            chosen.total_capacity_mib / per,
            unit,
            DECIMAL,
        ),
        (_("ESXi hosts today (export)"), count, hosts, INTEGER),
        (_("Sockets today"), result.current.sockets, _("sockets"), INTEGER),
        (_("Physical cores today"), cores, cores_word, INTEGER),
        (_("Physical cores proposed"), c.hosts * c.host.cores, cores_word, INTEGER),
        (_("Memory today"), memory, "GiB", INTEGER),
        (_("Memory proposed"), c.hosts * c.host.ram_gib, "GiB", INTEGER),
        (_("vCPU per core today"), result.current.vcpu_per_core, "", RATIO),
        (_("Licence cores today"), licences[0], cores_word, INTEGER),
        (_("Licence cores proposed"), licences[1], cores_word, INTEGER),
        (_("Compute"), facts.compute_sentence(state, result), "", None),
        (_("VMs of unknown workload"), cover.unknown_vm_count, vms, INTEGER),
        (_("Unknown workload share"), cover.unknown_share, "", PERCENT),
        (_("DRR assumed for unknown workload"), cover.unknown_drr, "", RATIO),
        (_("Classification"), wording.coverage_sentence(state, result), "", None),
    ]
    warning = wording.unknown_warning(state, result)
    if warning:
        rows.append((_("Warning"), warning, "", None))
    rows += [
        (_("Step: {step}", step=label), mib / per, unit, DECIMAL)
        for label, mib, _factor in facts.waterfall(result)
    ]
    rows += xlsx_health.reclaim_summary_rows(report, state, unit, per)
    for item in wording.biggest_assumptions(state, result, unit):
        rows.append((_("Key assumption"), item.text, "", None))
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
        formats,
        _("Summary"),
        [Column(_("Item"), 34), Column(_("Value"), 90), Column(_("Unit"), 10)],
    )
    for item, value, unit_label, number_format in summary_rows(state, result, unit, today, report):
        sheet.append([item, value, wording.unit_text(unit_label)], [None, number_format])
    sheet.finish()


def _assumptions(
    formats: Formats, state: SessionState, result: SizingResult, unit: CapacityUnit
) -> None:
    sheet = TableSheet(
        formats, _("Assumptions"), [Column(_("Topic"), 24), Column(_("Assumption"), 110)]
    )
    for item in wording.assumptions(state, result, unit):
        sheet.append([item.topic, item.sentence[:1].upper() + item.sentence[1:]])
    sheet.finish()
