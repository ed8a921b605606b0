"""Slides of the deck: the capacity waterfall, the health checks and the scenarios compared."""

from __future__ import annotations

from pptx.presentation import Presentation
from pptx.util import Emu, Inches

from .. import vocabulary as vocab
from ..i18n import _, format_number, ngettext
from ..pipeline import CapacityUnit, mib_per_unit
from ..pipeline.health import HealthReport
from ..pipeline.session import ScenarioFigures, SessionState
from ..pipeline.sizing import SizingResult
from . import facts, wording
from . import health_words as words
from .pptx_parts import (
    BODY_TOP,
    BODY_WIDTH,
    GREY,
    MARGIN,
    add_bar_chart,
    add_bullets,
    add_table,
    add_text,
    add_tiles,
    titled_slide,
)

FLAGGED_ROWS = 7  # the slide names the most severe flagged checks; the report lists all


def waterfall(deck: Presentation, result: SizingResult, unit: CapacityUnit) -> None:
    """The capacity after each step as a native bar chart, each step's factor in its name."""
    steps = facts.waterfall(result)
    slide = titled_slide(deck, _("From data to required capacity"))
    per = mib_per_unit(unit)
    names = [
        f"{label} ({facts.factor_text(factor, index == 0)})"
        if index
        else _("{step} (logical)", step=label)
        for index, (label, _mib, factor) in enumerate(steps)
    ]
    add_bar_chart(
        slide,
        names,
        [
            (
                _("Capacity ({unit})", unit=wording.unit_text(unit)),
                [mib / per for _label, mib, _f in steps],
            )
        ],
        (MARGIN, BODY_TOP, BODY_WIDTH, Inches(5.2)),
        horizontal=True,
        number_format="#,##0.00",
        labels=True,
    )
    add_text(
        slide,
        _(
            "The first bar is logical capacity (what the VMs store); every later bar is physical "
            "capacity on the array, after data reduction. Each step's factor is in its name."
        ),
        MARGIN, Emu(BODY_TOP + Inches(5.3)), BODY_WIDTH, Inches(0.6), size=12, color=GREY,
    )  # fmt: skip


def health(
    deck: Presentation, state: SessionState, report: HealthReport | None, unit: CapacityUnit
) -> None:
    """Counts per status, the reclaimable capacity, and the most severe flagged checks."""
    if report is None:
        return
    slide = titled_slide(deck, _("Health of the estate"))
    counts = report.status_counts()
    add_tiles(
        slide,
        [
            (format_number(counts["flagged"]), _("Checks flagged")),
            (format_number(counts["ok"]), _("Checks OK")),
            (format_number(counts["not_assessable"]), _("Not assessable")),
            (vocab.capacity(report.reclaimable_mib, unit), _("Reclaimable (logical)")),
        ],
        BODY_TOP,
    )
    flagged = words.flagged_lines(report, state)
    rows = [[line.title, line.severity, format_number(line.count), line.status] for line in flagged]
    if len(rows) > FLAGGED_ROWS:
        more = len(rows) - FLAGGED_ROWS + 1
        rows = [
            *rows[: FLAGGED_ROWS - 1],
            [
                ngettext(
                    "… and {n} more check", "… and {n} more checks", more, n=format_number(more)
                ),
                "",
                "",
                _("see the report"),
            ],
        ]
    if rows:
        header = [_("Flagged check"), _("Severity"), _("Found"), _("Status")]
        add_table(slide, header, rows, Inches(3.05), BODY_WIDTH, font_size=11, first_share=0.5)
    notes = [
        _("{title}: {note}", title=line.title, note=line.note)
        for line in flagged
        if line.note is not None
    ]
    footer = words.reclaim_sentence(state)
    if notes:
        acknowledged = _("Acknowledged by the engineer: {note}", note="; ".join(notes))
        footer = f"{acknowledged}. {footer}"
    add_text(slide, footer, MARGIN, Inches(6.4), BODY_WIDTH, Inches(0.95), size=11, color=GREY)


def scenarios(deck: Presentation, rows: list[ScenarioFigures], unit: CapacityUnit) -> None:
    """The session's scenarios side by side (no slide when it holds only one)."""
    if len(rows) < 2:
        return
    slide = titled_slide(deck, _("Scenarios compared"))
    add_table(slide, words.scenario_header(), words.scenario_rows(rows, unit), BODY_TOP,
              BODY_WIDTH, font_size=11, first_share=0.16)  # fmt: skip
    add_bullets(
        slide,
        [
            _(
                "Each scenario is a complete set of assumptions sized on the same VMs; the other "
                "slides show the active one."
            ),
            _(
                "Required capacity is physical, after data reduction. Datastores is the count of "
                "the layout each scenario chose; the next columns give every strategy's count."
            ),
        ],
        MARGIN, Emu(BODY_TOP + Inches(0.45) * (len(rows) + 2)), BODY_WIDTH, Inches(1.6), size=13,
    )  # fmt: skip
