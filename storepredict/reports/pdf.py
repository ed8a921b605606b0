"""The customer PDF: cover, contents, executive summary, sections, scenarios, health checks,
assumptions and method."""

from __future__ import annotations

from datetime import date

from .. import __version__
from ..i18n import _, format_date
from ..pipeline import CapacityUnit
from ..pipeline.session import ScenarioFigures, SessionState
from ..pipeline.sizing import SizingResult
from . import facts, health_words, pdf_appendix, pdf_health, pdf_sections, pdf_waterfall
from .pdf_cover import cover, executive_summary
from .pdf_doc import Footer, build


def build_pdf(
    state: SessionState,
    result: SizingResult,
    unit: CapacityUnit = "TiB",
    today: date | None = None,
    *,
    scenarios: list[ScenarioFigures] | None = None,
) -> bytes:
    """The sizing report as PDF bytes, with its fonts embedded."""
    today = today or date.today()
    report = health_words.health_report(state, today)
    story = [
        *cover(state, today),
        *executive_summary(state, result, unit, health_words.summary_sentence(report, state, unit)),
        *pdf_waterfall.waterfall(result, unit),
        *pdf_sections.workloads(state, result, unit),
        *pdf_sections.layout(state, result, unit),
        *pdf_sections.compute(state, result),
        *pdf_health.scenarios(health_words.scenario_figures(state, scenarios), unit),
        *pdf_health.health(state, report, unit),
        *pdf_appendix.data_quality(state, result),
        *pdf_appendix.assumptions(state, result, unit),
        *pdf_appendix.method(state, result, unit),
    ]
    who = " · ".join(part for part in (facts.project_title(state), state.customer) if part)
    footer = Footer(left=who, right=f"{format_date(today)} · StorePredict {__version__} · ")
    title = _("Storage and compute sizing: {project}", project=facts.project_title(state))
    author = state.prepared_by or f"StorePredict {__version__}"
    return build(story, footer, title=title, author=author, subject=state.reference)
