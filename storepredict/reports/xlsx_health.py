"""The workbook's health sheets (every check, every evidence row) and the scenarios compared."""

from __future__ import annotations

from .. import vocabulary as vocab
from ..i18n import _
from ..pipeline.health import HealthReport
from ..pipeline.session import ScenarioFigures, SessionState
from . import health_words as words
from . import wording
from .xlsx_sheet import DECIMAL, INTEGER, RATIO, Column, Formats, TableSheet


def health(
    formats: Formats, state: SessionState, report: HealthReport | None, unit: str, per: float
) -> None:
    """One row per check (also when OK), then one row per evidence object of the flagged ones."""
    if report is None:
        return
    sheet = TableSheet(
        formats,
        _("Health"),
        [
            Column(_("Check"), 44),
            Column(_("Category"), 24),
            Column(_("Severity"), 10),
            Column(_("Status"), 20),
            Column(_("Found"), 8, INTEGER),
            Column(_("Reclaimable ({unit})", unit=wording.unit_text(unit)), 14, DECIMAL),
            Column(_("Why it matters"), 60),
            Column(_("What to do"), 50),
            Column(_("Engineer's note"), 30),
            Column(_("Not assessable"), 40),
        ],
    )
    for result in report.results:
        line = words.check_line(result, state)
        reclaimable = line.reclaimable_mib / per if line.reclaimable_mib else None
        sheet.append(
            [
                line.title,
                line.category,
                line.severity,
                line.status,
                line.count,
                reclaimable,
                line.explanation,
                line.remedy,
                line.note,
                line.missing,
            ]
        )
    sheet.finish()
    evidence = TableSheet(
        formats,
        _("Health evidence"),
        [
            Column(_("Check"), 44),
            Column(_("Object"), 50),
            Column(_("VM"), 30),
            Column(_("Detail"), 60),
            Column(_("Size ({unit})", unit=wording.unit_text(unit)), 12, DECIMAL),
        ],
    )
    for result in report.results:
        for row in result.evidence:
            size = row.mib / per if row.mib else None
            evidence.append([result.title, row.object, row.vm, row.detail, size])
    evidence.finish()


def reclaim_summary_rows(
    report: HealthReport | None, state: SessionState, unit: str, per: float
) -> list[tuple[str, object, str, str | None]]:
    """Summary rows: health counts, reclaimable capacity by reason and whether it is subtracted."""
    if report is None:
        return []
    counts = report.status_counts()
    rows: list[tuple[str, object, str, str | None]] = [
        (_("Health checks flagged"), counts["flagged"], _("checks"), INTEGER),
        (_("Health checks OK"), counts["ok"], _("checks"), INTEGER),
        (_("Health checks not assessable"), counts["not_assessable"], _("checks"), INTEGER),
    ]
    ranked = sorted(report.reclaimable_by_reason.items(), key=lambda item: -item[1])
    rows += [
        (_("Reclaimable: {reason}", reason=reason), mib / per, unit, DECIMAL)
        for reason, mib in ranked
    ]
    if ranked:
        rows.append((_("Reclaimable in total"), report.reclaimable_mib / per, unit, DECIMAL))
        rows.append((_("Reclaimable capacity"), words.reclaim_sentence(state), "", None))
    return rows


def scenarios(formats: Formats, rows: list[ScenarioFigures], unit: str, per: float) -> None:
    """The session's scenarios side by side (no sheet when it holds only one)."""
    if len(rows) < 2:
        return
    strategies = list(vocab.STRATEGY_LABELS.items())
    sheet = TableSheet(
        formats,
        _("Scenarios"),
        [
            Column(_("Scenario"), 30),
            Column(_("Active"), 8),
            Column(_("Required ({unit})", unit=wording.unit_text(unit)), 14, DECIMAL),
            Column(_("Effective DRR"), 13, RATIO),
            Column(_("Datastores"), 11, INTEGER),
            *(
                Column(_("Datastores ({strategy})", strategy=_(label)), 16, INTEGER)
                for _key, label in strategies
            ),
            Column(_("Hosts"), 8, INTEGER),
            Column(_("Licence cores"), 13, INTEGER),
        ],
    )
    for row in rows:
        sheet.append(
            [
                row.name,
                row.active,
                row.required_mib / per,
                row.effective_drr,
                row.datastores,
                *(row.datastores_by_strategy.get(key, 0) for key, _label in strategies),
                row.hosts,
                row.licence_cores,
            ]
        )
    sheet.finish()
