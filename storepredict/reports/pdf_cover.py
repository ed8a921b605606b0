"""The first pages a customer reads: the cover, the table of contents and the executive summary."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import (
    Image,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

from .. import vocabulary as vocab
from ..pipeline import CapacityUnit
from ..pipeline.session import SessionState
from ..pipeline.sizing import SizingResult
from . import facts, wording
from .pdf_doc import after_cover, contents
from .pdf_style import BRAND, LIGHT, bullet, callout, heading, kpi_tiles, text

LOGO_BOX = (60 * mm, 28 * mm)


def cover(state: SessionState, today: date) -> list[Any]:
    """Logo, title, project and the details a reader needs to place the document."""
    story: list[Any] = [Spacer(1, 20 * mm)]
    if state.logo is not None and state.logo.content:
        story += [_logo(state.logo.content, state.logo.width, state.logo.height), Spacer(1, 12)]
    story += [
        Spacer(1, 25 * mm),
        text("Storage and compute sizing", "cover_title"),
        text(state.project_name, "cover_project"),
        Spacer(1, 14 * mm),
    ]
    rows = [
        ("Customer", state.customer or vocab.DASH),
        ("Prepared by", state.prepared_by or vocab.DASH),
        ("Reference", state.reference or vocab.DASH),
        ("Date", today.strftime("%d %B %Y").lstrip("0")),
        *(("Source", line) for line in facts.source_lines(state)),
    ]
    details = Table(
        [[text(label, "label"), text(value)] for label, value in rows],
        colWidths=[35 * mm, 140 * mm],
    )
    details.setStyle(
        TableStyle(
            [
                ("LINEABOVE", (0, 0), (-1, 0), 1, BRAND),
                ("LINEBELOW", (0, -1), (-1, -1), 1, BRAND),
                ("BACKGROUND", (0, 0), (0, -1), LIGHT),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    story += [details, after_cover(), PageBreak()]
    story += [text("Contents", "h1_plain"), contents(), PageBreak()]
    return story


def executive_summary(
    state: SessionState, result: SizingResult, unit: CapacityUnit, health: str | None = None
) -> list[Any]:
    """One page: the four headline figures, what they mean, the assumptions that matter most."""
    head = facts.headline(result)
    total = result.storage.total
    strategy = vocab.strategy_label(head["strategy"])
    chosen = result.layout.strategies[result.layout.chosen]
    excluded = len(result.storage.scope.excluded)
    story: list[Any] = [
        heading("Executive summary"),
        text(
            f"{vocab.plural(total.vm_count, 'VM')} are in scope "
            f"({vocab.plural(excluded, 'more VM', 'more VMs')} in the export are excluded). "
            f"They hold {vocab.capacity(total.logical_mib, unit)} of data, counted as "
            f"{wording.basis_words(state.settings)} capacity.",
            "lead",
        ),
        kpi_tiles(
            [
                (vocab.capacity(head["required_mib"], unit), "Required capacity (physical)"),
                (vocab.ratio(head["effective_drr"]), "Effective DRR"),
                (str(head["datastores"]), "Datastores"),
                (str(head["hosts"]), "ESXi hosts"),
            ]
        ),
        Spacer(1, 5 * mm),
        text("Storage", "h2"),
        text(
            f"After data reduction the data needs {vocab.capacity(total.reduced_mib, unit)}. "
            "With the snapshot reserve, growth over the planning horizon and free headroom, the "
            f"array needs {vocab.capacity(total.required_mib, unit)} of usable physical capacity."
        ),
        text("Classification", "h2"),
        text(wording.coverage_sentence(state, result)),
        text("Datastores", "h2"),
        text(
            f"The {strategy} layout places the VMs on "
            f"{vocab.plural(chosen.count, 'VMFS datastore')} with "
            f"{vocab.capacity(chosen.total_capacity_mib, unit)} of logical VMFS space in total "
            f"({_lower_first(vocab.STRATEGY_BLURBS[head['strategy']].rstrip('.'))})."
        ),
        text("Compute", "h2"),
        text(facts.compute_sentence(state, result)),
        text("The assumptions that matter most", "h2"),
        *(bullet(item.text) for item in wording.biggest_assumptions(state, result, unit)),
    ]
    warning = wording.unknown_warning(state, result)
    if warning:
        story += [Spacer(1, 4 * mm), callout(warning)]
    if health:
        story += [text("Health of the estate", "h2"), text(health)]
    findings = wording.finding_lines(state, result)
    if findings:
        story.append(Spacer(1, 3 * mm))
        story.append(
            text(
                f"The data raised {vocab.plural(len(findings), 'point')} to check: see "
                "“Data quality” below.",
                "small",
            )
        )
    story.append(PageBreak())
    return story


def _logo(content: bytes, width: int, height: int) -> Any:
    """The logo scaled to fit its box, keeping its proportions."""
    box_w, box_h = LOGO_BOX
    scale = min(box_w / width, box_h / height) if width and height else 1.0
    image = Image(io.BytesIO(content), width=width * scale or box_w, height=height * scale or box_h)
    image.hAlign = "LEFT"
    return image


def _lower_first(sentence: str) -> str:
    return sentence[:1].lower() + sentence[1:]
