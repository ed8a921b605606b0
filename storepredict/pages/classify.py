"""Classify page: scope, the VM grid with class/DRR/ignore edits, DRR per class and a chart."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from ..config import AppConfig
from ..i18n import _
from ..pipeline import SizingSettings, mib_per_unit
from ..pipeline.session import SessionState
from ..pipeline.sizing import SizingResult, StorageResult
from ..vocabulary import PHYSICAL, class_label, unit_label
from . import design, skeleton, store, widgets
from .assumptions import assumption_inputs, topic_fields
from .capacity_chart import WaterfallChart
from .drr_table import DrrCard
from .forms import SettingsForm
from .frame import refresh_header
from .rules_editor import ClassificationTools, classification_tools
from .scope_panel import ScopePanel
from .vm_grid import VmGrid, grid_table


async def create(config: AppConfig) -> None:
    """Draw the classify page for this tab's session."""
    del config  # this page needs no server configuration
    await skeleton.draw_page("classify", _draw)


async def _draw(state: SessionState) -> None:
    page = _ClassifyPage(state)
    with ui.column().classes("w-full gap-5"):
        result = await page.form.sized(_("Sizing storage…"))
        if result is not None:
            await page.draw_results(result, state.settings)


class _ClassifyPage:
    """One open classify page: applies settings edits and redraws what depends on them."""

    def __init__(self, state: SessionState) -> None:
        assert state.inventory is not None
        self._inventory = state.inventory
        self.form = SettingsForm(self._recompute)
        self._scope = ScopePanel(state, self.form.apply)
        with (
            widgets.card(
                _("Capacity assumptions"),
                _(
                    "Required = reduced × (1 + snapshot reserve) × growth over the horizon "
                    "÷ max fill"
                ),
                icon="tune",
            ),
            ui.element("div").classes(
                "w-full grid gap-4 grid-cols-1 sm:grid-cols-2 xl:grid-cols-4"
            ),
        ):
            assumption_inputs(self.form, topic_fields(""))
        self._drr: DrrCard | None = None
        self._chart: ui.echart | None = None
        self._waterfall: WaterfallChart | None = None
        self._grid: VmGrid | None = None
        self._tools: ClassificationTools | None = None
        self._recomputes = 0  # counts redraws started: only the latest may draw

    async def draw_results(self, result: SizingResult, settings: SizingSettings) -> None:
        """The DRR table and chart side by side (stacked on narrow screens), then the VM grid."""
        storage = result.storage
        with ui.row().classes("w-full gap-5 items-stretch flex-col xl:flex-row xl:flex-nowrap"):
            with ui.column().classes("w-full xl:grow min-w-0"):
                self._drr = DrrCard(storage, self.form.apply)
            with (
                ui.column().classes("w-full xl:w-[27rem] xl:shrink-0"),
                widgets.card(_("Capacity by class"), icon="bar_chart"),
            ):
                self._chart = ui.echart(_chart_options(storage)).classes("w-full h-[30rem]")
        subtitle = _(
            "From logical capacity to the required capacity ({basis}), step by step",
            basis=_(PHYSICAL),
        )
        with widgets.card(_("Capacity waterfall"), subtitle, icon="waterfall_chart"):
            self._waterfall = WaterfallChart(storage)
        self._tools = classification_tools(self._inventory, result, self.form.apply)
        recomputes = self._recomputes
        table = await grid_table(self._inventory, storage, settings)  # ~0.1 s for 10,000 VMs
        if table is None:
            return  # the server is stopping
        self._grid = VmGrid(table, settings, self.form.apply)
        if recomputes != self._recomputes:  # an edit was sized meanwhile, without the grid
            await self._recompute()

    async def _recompute(self) -> None:
        """Recount the scope now, then size off the event loop and redraw the results."""
        self._recomputes += 1
        recompute = self._recomputes
        state = store.get_state()
        self._scope.show_count(state)
        refresh_header(state)
        self._scope.status.clear()  # the last sizing's error, if any
        with self._scope.status:
            result = await self.form.sized(_("Sizing…"))
        if result is None:
            return  # failed (shown), or a newer change is being sized and will redraw
        table = None
        if self._grid is not None:
            table = await grid_table(self._inventory, result.storage, state.settings)
            if table is None or recompute != self._recomputes:
                return  # stopping, or a newer change came in meanwhile and will redraw
        if self._drr is not None:
            self._drr.refresh(result.storage)
        if self._chart is not None:
            self._chart.options.clear()
            self._chart.options.update(_chart_options(result.storage))
            self._chart.update()
        if self._waterfall is not None:
            self._waterfall.refresh(result.storage)
        if self._grid is not None and table is not None:
            await self._grid.update(table, state.settings)
        if self._tools is not None:
            self._tools.refresh(result)


def _chart_options(storage: StorageResult) -> dict[str, Any]:
    """Logical versus reduced capacity per class, as horizontal bars (largest on top)."""
    unit = store.get_unit()
    per_unit = mib_per_unit(unit)
    shown = unit_label(unit)
    rows = [row for row in storage.by_class if row.vm_count][::-1]
    return {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"top": 0},
        "grid": {"left": 8, "right": 24, "top": 32, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "value"},
        "yAxis": {"type": "category", "data": [class_label(row.class_id) for row in rows]},
        "series": [
            {
                "name": _("Logical ({unit})", unit=shown),
                "type": "bar",
                "itemStyle": {"color": design.MUTED},
                "data": [round(row.logical_mib / per_unit, 2) for row in rows],
            },
            {
                "name": _("Reduced ({unit})", unit=shown),
                "type": "bar",
                "itemStyle": {"color": design.BRAND},
                "data": [round(row.reduced_mib / per_unit, 2) for row in rows],
            },
        ],
    }
