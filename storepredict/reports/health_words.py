"""The health checks and scenarios as every report says them: rows and sentences in words.

Labels come from the shared vocabulary; a check's code never reaches a document.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .. import vocabulary as vocab
from ..i18n import _, format_number, ngettext
from ..pipeline import CapacityUnit
from ..pipeline.health import CATEGORIES, SEVERITIES, CheckResult, HealthReport, run_checks
from ..pipeline.session import ScenarioFigures, SessionState, compare_scenarios

EXAMPLES = 5  # evidence objects named per flagged check in the PDF and on the slide


@dataclass(frozen=True)
class CheckLine:
    """One check in words: labels, counts, and the engineer's acknowledgement if any."""

    title: str
    category: str
    severity: str
    status: str
    count: int
    reclaimable_mib: float
    explanation: str
    remedy: str
    note: str | None  # the engineer's note when the check is acknowledged
    missing: str | None
    examples: list[str]


def health_report(state: SessionState, today: date | None = None) -> HealthReport | None:
    """Every check's result for the session's inventory (None without an inventory)."""
    if state.inventory is None:
        return None
    return run_checks(state.inventory, state.settings, today)


def check_line(result: CheckResult, state: SessionState) -> CheckLine:
    """One check result in words; an acknowledged check says so, with the engineer's note."""
    acknowledged = result.code in state.acknowledged
    status = _(vocab.health_status_label(result.status))
    if acknowledged:
        status = (
            _("Acknowledged")
            if result.status == "flagged"
            else _("{status}, acknowledged", status=status)
        )
    examples = [
        row.object + (f" ({row.detail})" if row.detail else "")
        for row in result.evidence[:EXAMPLES]
    ]
    return CheckLine(
        title=result.title,
        category=_(vocab.health_category_label(result.category)),
        severity=_(vocab.severity_label(result.severity)),
        status=status,
        count=result.count,
        reclaimable_mib=result.reclaimable_mib,
        explanation=result.explanation,
        remedy=result.remedy,
        note=(state.acknowledged[result.code] or _("no note")) if acknowledged else None,
        missing=result.missing,
        examples=examples,
    )


def flagged_lines(report: HealthReport, state: SessionState) -> list[CheckLine]:
    """The flagged checks, most severe first, then in category order."""
    flagged = [r for r in report.results if r.status == "flagged"]
    flagged.sort(key=lambda r: (SEVERITIES.index(r.severity), CATEGORIES.index(r.category)))
    return [check_line(result, state) for result in flagged]


def unassessable_lines(report: HealthReport, state: SessionState) -> list[CheckLine]:
    """The checks the export does not allow, with what is missing."""
    return [check_line(r, state) for r in report.results if r.status == "not_assessable"]


def category_rows(report: HealthReport) -> list[list[str]]:
    """Per category: label, checks run, flagged, OK, not assessable (as text)."""
    rows = []
    for category in CATEGORIES:
        results = [r for r in report.results if r.category == category]
        counts = [sum(r.status == s for r in results) for s in ("flagged", "ok", "not_assessable")]
        rows.append([_(vocab.health_category_label(category)), format_number(len(results))] + [
            format_number(n) for n in counts
        ])  # fmt: skip
    return rows


def health_sentence(report: HealthReport, state: SessionState) -> str:
    """How many checks ran and how they ended, in one sentence."""
    counts = report.status_counts()
    acknowledged = sum(
        1 for r in report.results if r.status == "flagged" and r.code in state.acknowledged
    )
    ack = (
        ngettext(
            " ({n} of them acknowledged by the engineer)",
            " ({n} of them acknowledged by the engineer)",
            acknowledged,
            n=format_number(acknowledged),
        )
        if acknowledged
        else ""
    )
    return ngettext(
        "StorePredict ran {n} health check on the export: {flagged} flagged{ack}, {ok} OK and "
        "{unassessable} not assessable with the data the export holds.",
        "StorePredict ran {n} health checks on the export: {flagged} flagged{ack}, {ok} OK and "
        "{unassessable} not assessable with the data the export holds.",
        len(report.results),
        n=format_number(len(report.results)),
        flagged=format_number(counts["flagged"]),
        ack=ack,
        ok=format_number(counts["ok"]),
        unassessable=format_number(counts["not_assessable"]),
    )


def reclaim_rows(report: HealthReport, unit: CapacityUnit) -> list[list[str]]:
    """Reclaimable capacity per reason (check title), largest first, as text."""
    ranked = sorted(report.reclaimable_by_reason.items(), key=lambda item: -item[1])
    return [[reason, vocab.capacity(mib, unit)] for reason, mib in ranked]


def reclaim_sentence(state: SessionState) -> str:
    """Whether the reclaimable capacity is subtracted from the sizing: only by choice."""
    reclaim = state.settings.reclaim.model_dump()
    chosen = [_(vocab.RECLAIM_LABELS[key]) for key, on in reclaim.items() if on]
    if not chosen:
        return _(
            "This capacity is shown beside the sizing and is not subtracted from it: the figures "
            "in this document still include it."
        )
    return _(
        "This capacity is shown beside the sizing; it is not subtracted from it except where the "
        "engineer chose to: {chosen}. Reasons may overlap (a powered-off VM can also be a "
        "template), so the total is an upper bound.",
        chosen="; ".join(chosen),
    )


def scenario_figures(
    state: SessionState, given: list[ScenarioFigures] | None = None
) -> list[ScenarioFigures]:
    """Every scenario of the session sized on its own (`given` when the caller has them already),
    when it holds more than one; else none."""
    if not state.scenarios or state.inventory is None:
        return []
    return given if given is not None else compare_scenarios(state)


def scenario_rows(rows: list[ScenarioFigures], unit: CapacityUnit) -> list[list[str]]:
    """Scenario, required, DRR, datastores (chosen, then per strategy), hosts, licence cores."""
    strategies = list(vocab.STRATEGY_LABELS)
    return [
        [
            _("{name} (active)", name=row.name) if row.active else row.name,
            vocab.capacity(row.required_mib, unit),
            vocab.ratio(row.effective_drr),
            format_number(row.datastores),
            *(format_number(row.datastores_by_strategy.get(key, 0)) for key in strategies),
            format_number(row.hosts),
            format_number(row.licence_cores),
        ]
        for row in rows
    ]


def scenario_header() -> list[str]:
    """The column headers of `scenario_rows`."""
    return [
        _("Scenario"),
        _("Required"),
        _("Effective DRR"),
        _("Datastores (chosen)"),
        *(_(label) for label in vocab.STRATEGY_LABELS.values()),
        _("Hosts"),
        _("Licence cores"),
    ]


def summary_sentence(report: HealthReport | None, state: SessionState, unit: CapacityUnit) -> str:
    """The health checks in one sentence for an executive summary (empty without a report)."""
    if report is None:
        return ""
    flagged = [r for r in report.results if r.status == "flagged"]
    critical = sum(r.severity == "critical" for r in flagged)
    worst = (
        ngettext(
            " ({n} of them critical)",
            " ({n} of them critical)",
            critical,
            n=format_number(critical),
        )
        if critical
        else ""
    )
    subtracted = any(state.settings.reclaim.model_dump().values())
    reclaim = ""
    if report.reclaimable_mib > 0:
        reclaim = (
            _(
                "; they show {capacity} of logical capacity that could be reclaimed, subtracted "
                "only where the engineer chose to",
                capacity=vocab.capacity(report.reclaimable_mib, unit),
            )
            if subtracted
            else _(
                "; they show {capacity} of logical capacity that could be reclaimed, not "
                "subtracted from the sizing",
                capacity=vocab.capacity(report.reclaimable_mib, unit),
            )
        )
    return ngettext(
        "{flagged} of {n} health check flagged something{worst}{reclaim}. See “Health checks”.",
        "{flagged} of {n} health checks flagged something{worst}{reclaim}. See “Health checks”.",
        len(report.results),
        flagged=format_number(len(flagged)),
        n=format_number(len(report.results)),
        worst=worst,
        reclaim=reclaim,
    )
