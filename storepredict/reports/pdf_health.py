"""The PDF's health chapter and the scenarios compared, when the session holds several."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Spacer

from .. import vocabulary as vocab
from ..i18n import _, format_number, ngettext
from ..pipeline import CapacityUnit
from ..pipeline.health import HealthReport
from ..pipeline.session import ScenarioFigures, SessionState
from . import health_words as words
from .pdf_style import bullet, heading, table, text


def health(state: SessionState, report: HealthReport | None, unit: CapacityUnit) -> list[Any]:
    """What the checks found, the capacity they show as reclaimable, and what to do."""
    if report is None:
        return []
    flagged = words.flagged_lines(report, state)
    story: list[Any] = [
        heading(_("Health checks")),
        text(
            words.health_sentence(report, state)
            + " "
            + _("Each check reads the export; none of them changes the sizing by itself.")
        ),
        Spacer(1, 3 * mm),
        table(
            [_("Category"), _("Checks"), _("Flagged"), _("OK"), _("Not assessable")],
            words.category_rows(report),
            [70 * mm, 25 * mm, 25 * mm, 25 * mm, 35 * mm],
        ),
        *_reclaimable(state, report, unit),
        text(_("Flagged checks"), "h2"),
    ]
    if flagged:
        rows = [
            [line.severity, line.title, line.category, format_number(line.count), line.status]
            for line in flagged
        ]
        story.append(
            table(
                [_("Severity"), _("Check"), _("Category"), _("Found"), _("Status")],
                rows,
                [20 * mm, 74 * mm, 38 * mm, 16 * mm, 32 * mm],
                align="lllrl",
            )
        )
    else:
        story.append(text(_("No check flagged anything in this export.")))
    story += [PageBreak(), heading(_("Health checks in detail"))]
    story += [_detail(line, unit) for line in flagged]
    missing = words.unassessable_lines(report, state)
    if missing:
        story.append(text(_("Checks the export does not allow"), "h2"))
        story += [
            bullet(_("{title}: {missing}.", title=line.title, missing=line.missing or ""))
            for line in missing
        ]
    story.append(PageBreak())
    return story


def _reclaimable(state: SessionState, report: HealthReport, unit: CapacityUnit) -> list[Any]:
    rows = words.reclaim_rows(report, unit)
    story: list[Any] = [text(_("Reclaimable capacity"), "h2")]
    if not rows:
        return [*story, text(_("The checks show no capacity that could be reclaimed."))]
    rows.append([_("Total (reasons may overlap)"), vocab.capacity(report.reclaimable_mib, unit)])
    return [
        *story,
        text(
            _(
                "Capacity the checks show could be reclaimed before buying, by reason (logical "
                "capacity as the export counts it, before data reduction)."
            )
        ),
        Spacer(1, 2 * mm),
        table([_("Reason"), _("Capacity")], rows, [120 * mm, 40 * mm], bold_last=True),
        Spacer(1, 2 * mm),
        text(words.reclaim_sentence(state)),
    ]


def _detail(line: words.CheckLine, unit: CapacityUnit) -> Any:
    """One flagged check: what it found, why it matters, what to do, examples."""
    findings = ngettext("{n} finding", "{n} findings", line.count, n=format_number(line.count))
    found = f"{line.severity} · {line.category} · {findings}"
    if line.reclaimable_mib > 0:
        found += " · " + _(
            "{capacity} reclaimable", capacity=vocab.capacity(line.reclaimable_mib, unit)
        )
    parts: list[Any] = [
        text(line.title, "h3"),
        text(found, "small"),
        text(line.explanation),
        text(_("What to do: {remedy}", remedy=line.remedy)),
    ]
    if line.note is not None:
        parts.append(text(_("Acknowledged by the engineer: {note}", note=line.note), "note"))
    if line.examples:
        more = line.count - len(line.examples)
        tail = (
            ngettext(
                "; and {n} more (see the workbook)",
                "; and {n} more (see the workbook)",
                more,
                n=format_number(more),
            )
            if more > 0
            else ""
        )
        parts.append(
            text(_("For example: {examples}.", examples="; ".join(line.examples) + tail), "small")
        )
    return KeepTogether(parts)


def scenarios(rows: list[ScenarioFigures], unit: CapacityUnit) -> list[Any]:
    """The session's scenarios side by side (nothing when it holds only one)."""
    if len(rows) < 2:
        return []
    active = next((row.name for row in rows if row.active), rows[0].name)
    header, rows_text = words.scenario_header(), words.scenario_rows(rows, unit)
    headline, per_strategy = [0, 1, 2, 3, 7, 8], [0, 4, 5, 6]
    return [
        heading(_("Scenarios compared")),
        text(
            ngettext(
                "This sizing holds {n} scenario, each a complete set of assumptions sized on the "
                "same VMs. The rest of this document details the active scenario, “{active}”. "
                "Required capacity is physical, after data reduction; datastores are counted for "
                "the layout each scenario chose.",
                "This sizing holds {n} scenarios, each a complete set of assumptions sized on the "
                "same VMs. The rest of this document details the active scenario, “{active}”. "
                "Required capacity is physical, after data reduction; datastores are counted for "
                "the layout each scenario chose.",
                len(rows),
                n=format_number(len(rows)),
                active=active,
            )
        ),
        Spacer(1, 3 * mm),
        table(
            [header[i] for i in headline],
            [[row[i] for i in headline] for row in rows_text],
            [60 * mm, 25 * mm, 25 * mm, 25 * mm, 20 * mm, 25 * mm],
        ),
        text(_("Datastores under each strategy"), "h2"),
        table(
            [header[i] for i in per_strategy],
            [[row[i] for i in per_strategy] for row in rows_text],
            [60 * mm, 40 * mm, 40 * mm, 40 * mm],
        ),
        PageBreak(),
    ]
