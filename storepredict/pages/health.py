"""Health page: what the export says about the estate, reclaimable capacity, acknowledgements."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from .. import vocabulary as vocab
from ..config import AppConfig
from ..i18n import N_, _, format_number
from ..pipeline import SettingsError, StorePredictError, load_settings
from ..pipeline.health import CATEGORIES, SEVERITIES, CheckResult, HealthReport, run_checks
from ..pipeline.session import SessionState
from . import skeleton, store, widgets
from .forms import paginated
from .frame import refresh_header

ALL = "all"
SEVERITY_COLOURS = {"critical": "negative", "warning": "warning", "info": "info"}
STATUS_ICONS = {"ok": "check_circle", "flagged": "flag", "not_assessable": "help_outline"}
EVIDENCE_COLUMNS = [
    {"name": "object", "label": N_("Object"), "field": "object", "align": "left"},
    {"name": "detail", "label": N_("Detail"), "field": "detail", "align": "left"},
    {"name": "size", "label": N_("Size"), "field": "size", "align": "right"},
]


async def create(config: AppConfig) -> None:
    """Draw the health page for this tab's session."""
    del config  # this page needs no server configuration
    await skeleton.draw_page("health", _draw)


async def _draw(state: SessionState) -> None:
    assert state.inventory is not None
    try:
        with widgets.busy(_("Running health checks…")):
            report = await store.run_checked(run_checks, state.inventory, state.settings)
    except StorePredictError as error:
        skeleton.show_error(error, _("Could not check this inventory"))
        return
    if report is not None:
        page = _HealthPage(report)
        page.draw()
        await page.show_sizing()


class _HealthPage:
    """One open health page: the summary, the reclaim choices and the filtered check list."""

    def __init__(self, report: HealthReport) -> None:
        self._report = report
        self._severity = ALL
        self._sized: ui.label | None = None

    def draw(self) -> None:
        """Summary tiles, reclaimable capacity with the sizing choices, then the checks."""
        self._summary()
        self._reclaim()
        with widgets.card(_("Checks"), icon="fact_check"):
            options = {ALL: _("All severities")} | {s: vocab.severity_label(s) for s in SEVERITIES}
            ui.toggle(options, value=ALL, on_change=self._filter).props("no-caps").mark(
                "severity-filter"
            )
            self._checks()

    def _summary(self) -> None:
        counts = self._report.status_counts()
        per_category = self._report.flagged_by_category()
        with widgets.card(_("Estate health"), icon="health_and_safety"):
            with ui.row().classes("w-full gap-3"):
                for status in ("flagged", "ok", "not_assessable"):
                    widgets.stat(
                        vocab.health_status_label(status),
                        format_number(counts[status]),
                        testid=f"status-{status}",
                    )
            with ui.row().classes("w-full gap-3"):
                for category in CATEGORIES:
                    widgets.stat(
                        vocab.health_category_label(category),
                        format_number(per_category[category]),
                        _("checks flagged"),
                        testid=f"category-{category}",
                    )

    def _reclaim(self) -> None:
        state = store.get_state()
        with widgets.card(
            _("Reclaimable capacity"),
            _(
                "What the checks show could be freed before buying; the sizing leaves it out "
                "only where you choose below."
            ),
            icon="recycling",
        ):
            for reason, mib in self._report.reclaimable_by_reason.items():
                with ui.row().classes("gap-4"):
                    ui.label(_(reason)).classes("w-72 text-slate-700")
                    ui.label(widgets.capacity(mib)).classes("font-semibold")
            with ui.row().classes("gap-3"):
                widgets.stat(
                    _("Reclaimable in total"),
                    widgets.capacity(self._report.reclaimable_mib),
                    _("reasons may overlap"),
                    testid="reclaimable-total",
                )
                with ui.column().classes(
                    "gap-0 min-w-36 px-4 py-3 rounded-lg bg-slate-50 border border-slate-200"
                ):
                    ui.label(_("Sized logical capacity")).classes(
                        "text-xs uppercase tracking-wide text-slate-500"
                    )
                    self._sized = ui.label("…").classes("text-xl font-semibold text-slate-800")
                    self._sized.mark("sized-logical")
                    ui.label(_("in scope, on the chosen basis")).classes("text-xs text-slate-500")
            reclaim = state.settings.reclaim.model_dump()
            for key, value in reclaim.items():
                ui.switch(
                    _(vocab.RECLAIM_LABELS[key]),
                    value=value,
                    on_change=lambda e, k=key: self._set_reclaim(k, bool(e.value)),
                ).mark(f"reclaim-{key}")

    async def _set_reclaim(self, key: str, value: bool) -> None:
        state = store.get_state()
        data = state.settings.model_dump()
        data["reclaim"][key] = value
        try:
            settings = load_settings(data)
        except SettingsError as error:
            ui.notify(error.message, type="negative", multi_line=True)
            return
        state = state.model_copy(update={"settings": settings})
        store.update_state(state)
        refresh_header(state)
        await self.show_sizing()

    async def show_sizing(self) -> None:
        """The in-scope logical capacity of the current sizing, beside the reclaimable total."""
        if self._sized is None:
            return
        self._sized.set_text("…")
        try:
            result = await store.get_result()
        except StorePredictError as error:
            ui.notify(error.message, type="negative", multi_line=True)
            return
        if result is not None:
            self._sized.set_text(widgets.capacity(result.storage.total.logical_mib))

    def _filter(self, event: Any) -> None:
        self._severity = event.value
        self._checks.refresh()

    @ui.refreshable_method
    def _checks(self) -> None:
        acknowledged = store.get_state().acknowledged
        for result in self._report.results:
            if self._severity in (ALL, result.severity):
                _check_row(result, acknowledged.get(result.code), self._acknowledge)

    def _acknowledge(self, code: str, note: str | None) -> None:
        state = store.get_state()
        acknowledged = dict(state.acknowledged)
        if note is None:
            acknowledged.pop(code, None)
        else:
            acknowledged[code] = note
        store.update_state(state.model_copy(update={"acknowledged": acknowledged}))
        self._checks.refresh()


def _check_row(result: CheckResult, note: str | None, acknowledge: Any) -> None:
    """One check: a header line, then explanation, remedy, evidence and the acknowledge action."""
    title = f"{_(result.title)} · {vocab.health_status_label(result.status)}"
    if result.status == "flagged":
        title += f" ({format_number(result.count)})"
    expansion = ui.expansion(title, icon=STATUS_ICONS[result.status]).classes("w-full")
    expansion.mark(f"check-{result.code}")
    if note is not None:
        expansion.classes("opacity-50")
    with expansion:
        with ui.row().classes("items-center gap-2"):
            ui.badge(vocab.severity_label(result.severity), color=SEVERITY_COLOURS[result.severity])
            ui.label(vocab.health_category_label(result.category)).classes("text-slate-500")
        ui.label(_(result.explanation)).classes("text-slate-700")
        ui.label(_("What to do: {remedy}", remedy=_(result.remedy))).classes("text-slate-700")
        if result.missing:
            missing = _("Not assessable: {missing}.", missing=_(result.missing))
            ui.label(missing).classes("text-amber-700")
        if result.evidence:
            rows = [
                {
                    "id": i,
                    "object": row.object,
                    "detail": row.detail,
                    "size": widgets.capacity(row.mib) if row.mib is not None else "",
                }
                for i, row in enumerate(result.evidence)
            ]
            columns = [{**column, "label": _(column["label"])} for column in EVIDENCE_COLUMNS]
            paginated(ui.table(columns=columns, rows=rows, row_key="id", pagination=10)).classes(
                "w-full"
            ).mark(f"evidence-{result.code}")
        if note is not None:
            acknowledged = _("Acknowledged: {note}", note=note) if note else _("Acknowledged")
            ui.label(acknowledged).mark(f"ack-{result.code}")
            ui.button(
                _("Withdraw acknowledgement"), on_click=lambda: acknowledge(result.code, None)
            ).props("flat no-caps")
            return
        with ui.row().classes("items-center gap-2 w-full"):
            text = ui.input(_("Note")).classes("grow").mark(f"note-{result.code}")
            ui.button(
                _("Acknowledge"),
                icon="done",
                on_click=lambda: acknowledge(result.code, text.value or ""),
            ).props("outline no-caps").mark(f"acknowledge-{result.code}")
