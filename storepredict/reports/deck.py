"""The slide deck (PPTX): title, executive summary, waterfall, workloads, datastores, compute,
scenarios, health, assumptions, next steps; charts are native PowerPoint charts."""

from __future__ import annotations

import io
from datetime import date

import pptx
from pptx.presentation import Presentation
from pptx.util import Emu, Inches

from .. import vocabulary as vocab
from ..i18n import _, format_date, format_number, ngettext
from ..pipeline import CapacityUnit, mib_per_unit
from ..pipeline.classify import UNKNOWN_CLASS
from ..pipeline.health import HealthReport
from ..pipeline.session import ScenarioFigures, SessionState
from ..pipeline.sizing import SizingResult
from . import deck_health, facts, health_words, wording
from .pptx_parts import (
    BODY_TOP,
    BODY_WIDTH,
    GREY,
    HEIGHT,
    MARGIN,
    WIDTH,
    add_bar_chart,
    add_bullets,
    add_callout,
    add_table,
    add_text,
    add_tiles,
    one_line_size,
    titled_slide,
)

CHART_CLASSES = 8
FILL_BARS_MAX = 40


def build_pptx(
    state: SessionState,
    result: SizingResult,
    unit: CapacityUnit = "TiB",
    today: date | None = None,
    *,
    scenarios: list[ScenarioFigures] | None = None,
) -> bytes:
    """The sizing as a 16:9 slide deck, as .pptx bytes."""
    deck = pptx.Presentation()
    deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    deck.core_properties.title = _(
        "Storage and compute sizing: {project}", project=facts.project_title(state)
    )
    deck.core_properties.author = state.prepared_by or "StorePredict"
    today = today or date.today()
    _title(deck, state, today)
    report = health_words.health_report(state, today)
    _summary(deck, state, result, unit)
    deck_health.waterfall(deck, result, unit)
    _workloads(deck, result, unit)
    _layout(deck, result, unit)
    _compute(deck, state, result)
    deck_health.scenarios(deck, health_words.scenario_figures(state, scenarios), unit)
    deck_health.health(deck, state, report, unit)
    _assumptions(deck, state, result, unit)
    _next_steps(deck, state, result, report)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def _title(deck: Presentation, state: SessionState, today: date) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[6])
    if state.logo is not None and state.logo.content:
        picture = slide.shapes.add_picture(io.BytesIO(state.logo.content), MARGIN, Inches(0.6))
        scale = min(Inches(3) / picture.width, Inches(1.3) / picture.height)
        picture.width, picture.height = int(picture.width * scale), int(picture.height * scale)
    heading = _("Storage and compute sizing")
    size = one_line_size(heading, 40, BODY_WIDTH)
    add_text(slide, heading, MARGIN, Inches(2.4), BODY_WIDTH, Inches(1), size=size, bold=True)
    title = facts.project_title(state)
    add_text(slide, title, MARGIN, Inches(3.4), BODY_WIDTH, Inches(0.7), size=24, color=GREY)
    lines = [
        _("Customer: {value}", value=state.customer or vocab.DASH),
        _("Prepared by: {value}", value=state.prepared_by or vocab.DASH),
        _("Reference: {value}", value=state.reference or vocab.DASH),
        _("Date: {value}", value=format_date(today)),
    ]
    add_bullets(slide, lines, MARGIN, Inches(4.5), BODY_WIDTH, Inches(2.4), size=16)


def _summary(
    deck: Presentation, state: SessionState, result: SizingResult, unit: CapacityUnit
) -> None:
    slide = titled_slide(deck, _("Executive summary"))
    head, total = facts.headline(result), result.storage.total
    add_tiles(
        slide,
        [
            (vocab.capacity(head["required_mib"], unit), _("Required capacity (physical)")),
            (vocab.ratio(head["effective_drr"]), _("Effective DRR")),
            (
                format_number(head["datastores"]),
                _("Datastores ({strategy})", strategy=_(vocab.strategy_label(head["strategy"]))),
            ),
            (format_number(head["hosts"]), _("ESXi hosts")),
        ],
        BODY_TOP,
    )
    lines = [
        ngettext(
            "{n} VM in scope holds {logical}; after data reduction it needs {reduced}.",
            "{n} VMs in scope hold {logical}; after data reduction they need {reduced}.",
            total.vm_count,
            n=format_number(total.vm_count),
            logical=vocab.capacity(total.logical_mib, unit),
            reduced=vocab.capacity(total.reduced_mib, unit),
        ),
        facts.compute_sentence(state, result),
        wording.coverage_sentence(state, result),
        *(item.text for item in wording.biggest_assumptions(state, result, unit)),
    ]
    add_bullets(slide, lines, MARGIN, Inches(3.1), BODY_WIDTH, Inches(3.3), size=13)
    warning = wording.unknown_warning(state, result)
    if warning:
        add_callout(slide, warning, Inches(6.5))


def _workloads(deck: Presentation, result: SizingResult, unit: CapacityUnit) -> None:
    slide = titled_slide(deck, _("Capacity by workload"))
    per = mib_per_unit(unit)
    biggest = sorted(result.storage.by_class, key=lambda r: -r.logical_mib)[:CHART_CLASSES]
    add_bar_chart(
        slide,
        [_(r.name) for r in biggest],
        [
            (
                _("Logical ({unit})", unit=wording.unit_text(unit)),
                [r.logical_mib / per for r in biggest],
            ),
            (
                _("Required, physical ({unit})", unit=wording.unit_text(unit)),
                [r.required_mib / per for r in biggest],
            ),
        ],
        (MARGIN, BODY_TOP, BODY_WIDTH, Inches(5.6)),
        horizontal=True,
    )


def _layout(deck: Presentation, result: SizingResult, unit: CapacityUnit) -> None:
    chosen = result.layout.strategies[result.layout.chosen]
    slide = titled_slide(
        deck, _("Datastore layout: {strategy}", strategy=_(vocab.strategy_label(chosen.strategy)))
    )
    rows = [
        [
            _(vocab.strategy_label(s.strategy)),
            format_number(s.count),
            vocab.capacity(s.total_capacity_mib, unit),
        ]
        for s in result.layout.strategies.values()
    ]
    add_table(
        slide, [_("Strategy"), _("Datastores"), _("VMFS (logical)")], rows, BODY_TOP, Inches(5.2)
    )
    stores = chosen.datastores
    if len(stores) <= FILL_BARS_MAX:
        names, values = [d.name for d in stores], [d.fill_pct for d in stores]
        title = _("Fill of each datastore (%)")
    else:
        values = [0.0] * 10
        for store in stores:
            values[min(int(store.fill_pct // 10), 9)] += 1
        names = [f"{10 * i}-{10 * i + 10} %" for i in range(10)]
        title = _("Datastores per fill band")
    box = (Emu(MARGIN + Inches(5.6)), BODY_TOP, Emu(BODY_WIDTH - Inches(5.6)), Inches(5.6))
    add_bar_chart(slide, names, [(title, values)], box, number_format="0")
    add_text(slide, title, box[0], Emu(BODY_TOP + Inches(5.6)), box[2], Inches(0.4), size=12,
             color=GREY)  # fmt: skip


def _compute(deck: Presentation, state: SessionState, result: SizingResult) -> None:
    slide = titled_slide(deck, _("Compute: today and proposed"))
    c = result.compute
    count, cores, memory = facts.current_hosts(state, result)
    dash = vocab.DASH
    rows = [
        [_("ESXi hosts"), format_number(count) if count else dash, format_number(c.hosts)],
        [
            _("Physical cores"),
            format_number(cores) if count else dash,
            format_number(c.hosts * c.host.cores),
        ],
        [
            _("Memory (GiB)"),
            format_number(memory) if count else dash,
            format_number(c.hosts * c.host.ram_gib),
        ],
    ]
    licences = facts.licence_cores(result)
    rows.append(
        [
            _("Licence cores (per-core rule)"),
            format_number(licences[0]),
            format_number(licences[1]),
        ]
    )
    add_table(slide, ["", _("Today (export)"), _("Proposed")], rows, BODY_TOP, Inches(7))
    add_bullets(
        slide,
        [
            facts.compute_sentence(state, result),
            _("Host model: {host}.", host=vocab.host_label(c.host)),
        ],
        MARGIN,
        Inches(3.7),
        BODY_WIDTH,
        Inches(3),
        size=15,
    )


def _assumptions(
    deck: Presentation, state: SessionState, result: SizingResult, unit: CapacityUnit
) -> None:
    slide = titled_slide(deck, _("Assumptions"))
    lines = [item.text for item in wording.assumptions(state, result, unit)]
    add_bullets(slide, lines, MARGIN, BODY_TOP, BODY_WIDTH, Inches(5.6), size=13)


def _next_steps(
    deck: Presentation, state: SessionState, result: SizingResult, report: HealthReport | None
) -> None:
    slide = titled_slide(deck, _("Next steps"))
    lines = [_("Review the assumptions together and confirm or adjust them.")]
    open_checks = [
        r for r in (report.results if report else [])
        if r.status == "flagged" and r.code not in state.acknowledged
    ]  # fmt: skip
    if open_checks:
        lines.append(
            ngettext(
                "Go through the {n} flagged health check not yet acknowledged, and decide what "
                "reclaimable capacity to leave out of the sizing.",
                "Go through the {n} flagged health checks not yet acknowledged, and decide what "
                "reclaimable capacity to leave out of the sizing.",
                len(open_checks),
                n=format_number(len(open_checks)),
            )
        )
    unknown = sum(r.vm_count for r in result.storage.by_class if r.class_id == UNKNOWN_CLASS)
    if unknown:
        lines.append(
            ngettext(
                "Confirm the workload of the {n} VM not yet classified.",
                "Confirm the workload of the {n} VMs not yet classified.",
                unknown,
                n=format_number(unknown),
            )
        )
    findings = wording.finding_lines(state, result)
    if findings:
        lines.append(
            ngettext(
                "Check the {n} data-quality point listed in the report.",
                "Check the {n} data-quality points listed in the report.",
                len(findings),
                n=format_number(len(findings)),
            )
        )
    if state.inventory is not None and state.inventory.format == "rvtools":
        lines.append(_("Collect performance data (Dell LiveOptics) to confirm IOPS and peak CPU."))
    lines.append(_("Agree the datastore layout and the host model, then prepare the quotation."))
    add_bullets(slide, lines, MARGIN, BODY_TOP, BODY_WIDTH, Inches(5.6), size=18)
