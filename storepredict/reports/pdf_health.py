"""The PDF's health chapter and the scenarios compared, when the session holds several."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Spacer

from .. import vocabulary as vocab
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
        heading("Health checks"),
        text(
            words.health_sentence(report, state)
            + " Each check reads the export; none of them changes the sizing by itself."
        ),
        Spacer(1, 3 * mm),
        table(
            ["Category", "Checks", "Flagged", "OK", "Not assessable"],
            words.category_rows(report),
            [70 * mm, 25 * mm, 25 * mm, 25 * mm, 35 * mm],
        ),
        *_reclaimable(state, report, unit),
        text("Flagged checks", "h2"),
    ]
    if flagged:
        rows = [
            [line.severity, line.title, line.category, f"{line.count:,}", line.status]
            for line in flagged
        ]
        story.append(
            table(
                ["Severity", "Check", "Category", "Found", "Status"],
                rows,
                [18 * mm, 78 * mm, 36 * mm, 16 * mm, 32 * mm],
                align="lllrl",
            )
        )
    else:
        story.append(text("No check flagged anything in this export."))
    story += [PageBreak(), heading("Health checks in detail")]
    story += [_detail(line, unit) for line in flagged]
    missing = words.unassessable_lines(report, state)
    if missing:
        story.append(text("Checks the export does not allow", "h2"))
        story += [bullet(f"{line.title}: {line.missing}.") for line in missing]
    story.append(PageBreak())
    return story


def _reclaimable(state: SessionState, report: HealthReport, unit: CapacityUnit) -> list[Any]:
    rows = words.reclaim_rows(report, unit)
    story: list[Any] = [text("Reclaimable capacity", "h2")]
    if not rows:
        return [*story, text("The checks show no capacity that could be reclaimed.")]
    rows.append(["Total (reasons may overlap)", vocab.capacity(report.reclaimable_mib, unit)])
    return [
        *story,
        text(
            "Capacity the checks show could be reclaimed before buying, by reason (logical "
            "capacity as the export counts it, before data reduction)."
        ),
        Spacer(1, 2 * mm),
        table(["Reason", "Capacity"], rows, [120 * mm, 40 * mm], bold_last=True),
        Spacer(1, 2 * mm),
        text(words.reclaim_sentence(state)),
    ]


def _detail(line: words.CheckLine, unit: CapacityUnit) -> Any:
    """One flagged check: what it found, why it matters, what to do, examples."""
    found = f"{line.severity} · {line.category} · {vocab.plural(line.count, 'finding')}"
    if line.reclaimable_mib > 0:
        found += f" · {vocab.capacity(line.reclaimable_mib, unit)} reclaimable"
    parts: list[Any] = [
        text(line.title, "h3"),
        text(found, "small"),
        text(line.explanation),
        text(f"What to do: {line.remedy}"),
    ]
    if line.note is not None:
        parts.append(text(f"Acknowledged by the engineer: {line.note}", "note"))
    if line.examples:
        more = line.count - len(line.examples)
        tail = f"; and {vocab.plural(more, 'more')} (see the workbook)" if more > 0 else ""
        parts.append(text("For example: " + "; ".join(line.examples) + tail + ".", "small"))
    return KeepTogether(parts)


def scenarios(rows: list[ScenarioFigures], unit: CapacityUnit) -> list[Any]:
    """The session's scenarios side by side (nothing when it holds only one)."""
    if len(rows) < 2:
        return []
    active = next((row.name for row in rows if row.active), rows[0].name)
    header, rows_text = words.scenario_header(), words.scenario_rows(rows, unit)
    headline, per_strategy = [0, 1, 2, 3, 7, 8], [0, 4, 5, 6]
    return [
        heading("Scenarios compared"),
        text(
            f"This sizing holds {vocab.plural(len(rows), 'scenario')}, each a complete set of "
            f"assumptions sized on the same VMs. The rest of this document details the active "
            f"scenario, “{active}”. Required capacity is physical, after data reduction; "
            "datastores are counted for the layout each scenario chose."
        ),
        Spacer(1, 3 * mm),
        table(
            [header[i] for i in headline],
            [[row[i] for i in headline] for row in rows_text],
            [60 * mm, 25 * mm, 25 * mm, 25 * mm, 20 * mm, 25 * mm],
        ),
        text("Datastores under each strategy", "h2"),
        table(
            [header[i] for i in per_strategy],
            [[row[i] for i in per_strategy] for row in rows_text],
            [60 * mm, 40 * mm, 40 * mm, 40 * mm],
        ),
        PageBreak(),
    ]
