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
from ..i18n import _, format_date, format_number, ngettext
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
        text(_("Storage and compute sizing"), "cover_title"),
        text(facts.project_title(state), "cover_project"),
        Spacer(1, 14 * mm),
    ]
    rows = [
        (_("Customer"), state.customer or vocab.DASH),
        (_("Prepared by"), state.prepared_by or vocab.DASH),
        (_("Reference"), state.reference or vocab.DASH),
        (_("Date"), format_date(today)),
        *((_("Source"), line) for line in facts.source_lines(state)),
    ]
    details = Table(
        [[text(label, "label"), text(value)] for label, value in rows],
        colWidths=[38 * mm, 137 * mm],
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
    story += [text(_("Contents"), "h1_plain"), contents(), PageBreak()]
    return story


def executive_summary(
    state: SessionState, result: SizingResult, unit: CapacityUnit, health: str | None = None
) -> list[Any]:
    """One page: the four headline figures, what they mean, the assumptions that matter most."""
    head = facts.headline(result)
    total = result.storage.total
    strategy = _(vocab.strategy_label(head["strategy"]))
    chosen = result.layout.strategies[result.layout.chosen]
    excluded = len(result.storage.scope.excluded)
    more = ngettext("{n} more VM", "{n} more VMs", excluded, n=format_number(excluded))
    blurb = _lower_first(_(vocab.STRATEGY_BLURBS[head["strategy"]]).rstrip("."))
    in_scope = ngettext(
        "{n} VM is in scope ({excluded} in the export are excluded).",
        "{n} VMs are in scope ({excluded} in the export are excluded).",
        total.vm_count,
        n=format_number(total.vm_count),
        excluded=more,
    )
    story: list[Any] = [
        heading(_("Executive summary")),
        text(
            in_scope
            + " "
            + _(
                "They hold {capacity} of data, counted as {basis} capacity.",
                capacity=vocab.capacity(total.logical_mib, unit),
                basis=wording.basis_words(state.settings),
            ),
            "lead",
        ),
        kpi_tiles(
            [
                (vocab.capacity(head["required_mib"], unit), _("Required capacity (physical)")),
                (vocab.ratio(head["effective_drr"]), _("Effective DRR")),
                (format_number(head["datastores"]), _("Datastores")),
                (format_number(head["hosts"]), _("ESXi hosts")),
            ]
        ),
        Spacer(1, 5 * mm),
        text(_("Storage"), "h2"),
        text(
            _(
                "After data reduction the data needs {reduced}. With the snapshot reserve, growth "
                "over the planning horizon and free headroom, the array needs {required} of usable "
                "physical capacity.",
                reduced=vocab.capacity(total.reduced_mib, unit),
                required=vocab.capacity(total.required_mib, unit),
            )
        ),
        text(_("Classification"), "h2"),
        text(wording.coverage_sentence(state, result)),
        text(_("Datastores"), "h2"),
        text(
            ngettext(
                "The {strategy} layout places the VMs on {n} VMFS datastore with {capacity} of "
                "logical VMFS space in total ({blurb}).",
                "The {strategy} layout places the VMs on {n} VMFS datastores with {capacity} of "
                "logical VMFS space in total ({blurb}).",
                chosen.count,
                strategy=strategy,
                n=format_number(chosen.count),
                capacity=vocab.capacity(chosen.total_capacity_mib, unit),
                blurb=blurb,
            )
        ),
        text(_("Compute"), "h2"),
        text(facts.compute_sentence(state, result)),
        text(_("The assumptions that matter most"), "h2"),
        *(bullet(item.text) for item in wording.biggest_assumptions(state, result, unit)),
    ]
    warning = wording.unknown_warning(state, result)
    if warning:
        story += [Spacer(1, 4 * mm), callout(warning)]
    if health:
        story += [text(_("Health of the estate"), "h2"), text(health)]
    findings = wording.finding_lines(state, result)
    if findings:
        story.append(Spacer(1, 3 * mm))
        story.append(
            text(
                ngettext(
                    "The data raised {n} point to check: see “Data quality” below.",
                    "The data raised {n} points to check: see “Data quality” below.",
                    len(findings),
                    n=format_number(len(findings)),
                ),
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
    return wording.inline_label(sentence[:1]) + sentence[1:]
