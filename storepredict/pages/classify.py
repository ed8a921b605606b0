"""Classify page: scope, the VM grid with class/DRR/ignore edits, DRR per class and a chart."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from ..config import AppConfig
from ..pipeline import SettingsError, StorePredictError, load_settings, mib_per_unit
from ..pipeline.session import SessionState
from ..pipeline.sizing import StorageResult
from . import store, widgets
from .drr_table import DrrCard
from .frame import frame, refresh_header, tab_connected
from .rules_editor import ClassificationTools, classification_tools
from .scope_panel import ScopePanel
from .vm_grid import VmGrid

LOGICAL_COLOUR = "#94a3b8"
REDUCED_COLOUR = "#0f4c81"


async def create(config: AppConfig) -> None:
    """Draw the classify page for this tab's session."""
    del config  # this page needs no server configuration
    if not await tab_connected():
        return
    with frame("classify") as state:
        if state.inventory is None:
            widgets.no_data()
            return
        page = _ClassifyPage(state)
        with ui.column().classes("w-full gap-5"):
            try:
                with widgets.busy("Sizing storage…"):
                    result = await store.get_result()
            except StorePredictError as error:
                widgets.error_card(error.message, "Could not size this inventory")
                return
            if result is None:
                return
            page.draw_results(result.storage)


class _ClassifyPage:
    """One open classify page: applies settings edits and redraws what depends on them."""

    def __init__(self, state: SessionState) -> None:
        assert state.inventory is not None
        self._inventory = state.inventory
        self._scope = ScopePanel(state, self.change)
        self._drr: DrrCard | None = None
        self._chart: ui.echart | None = None
        self._grid: VmGrid | None = None
        self._tools: ClassificationTools | None = None

    def draw_results(self, storage: StorageResult) -> None:
        """The DRR table and chart side by side, then the VM grid."""
        with ui.row().classes("w-full gap-5 no-wrap items-stretch"):
            with ui.column().classes("grow min-w-0"):
                self._drr = DrrCard(storage, self.change)
            with (
                ui.column().classes("w-[27rem] shrink-0"),
                widgets.card("Capacity by class", icon="bar_chart"),
            ):
                self._chart = ui.echart(_chart_options(storage)).classes("w-full h-[30rem]")
        self._tools = classification_tools(self._inventory, storage, self.change)
        self._grid = VmGrid(self._inventory, storage, self.change)

    async def change(self, edit: widgets.SettingsEdit) -> bool:
        """Apply `edit` to a dump of the settings, validate, store and redraw; False if rejected."""
        state = store.get_state()
        data = state.settings.model_dump()
        edit(data)
        try:
            settings = load_settings(data)
        except SettingsError as error:
            ui.notify(error.message, type="negative", multi_line=True)
            return False
        if settings == state.settings:
            return True
        store.update_state(state.model_copy(update={"settings": settings}))
        await self._recompute()
        return True

    async def _recompute(self) -> None:
        """Recount the scope now, then size off the event loop and redraw the results."""
        state = store.get_state()
        self._scope.show_count(state)
        refresh_header(state)
        self._scope.set_working(True)
        try:
            result = await store.get_result()
        except StorePredictError as error:
            ui.notify(error.message, type="negative", multi_line=True)
            result = None
        if store.get_state() is not state:
            return  # a newer change is being sized; it will redraw
        self._scope.set_working(False)
        if result is None:
            return
        if self._drr is not None:
            self._drr.refresh(result.storage)
        if self._chart is not None:
            self._chart.options.clear()
            self._chart.options.update(_chart_options(result.storage))
            self._chart.update()
        if self._grid is not None:
            self._grid.update(result.storage, state.settings)
        if self._tools is not None:
            self._tools.refresh(result.storage)


def _chart_options(storage: StorageResult) -> dict[str, Any]:
    """Logical versus reduced capacity per class, as horizontal bars (largest on top)."""
    unit = store.get_unit()
    per_unit = mib_per_unit(unit)
    rows = [row for row in storage.by_class if row.vm_count][::-1]
    return {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"top": 0},
        "grid": {"left": 8, "right": 24, "top": 32, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "value"},
        "yAxis": {"type": "category", "data": [row.name for row in rows]},
        "series": [
            {
                "name": f"Logical ({unit})",
                "type": "bar",
                "itemStyle": {"color": LOGICAL_COLOUR},
                "data": [round(row.logical_mib / per_unit, 2) for row in rows],
            },
            {
                "name": f"Reduced ({unit})",
                "type": "bar",
                "itemStyle": {"color": REDUCED_COLOUR},
                "data": [round(row.reduced_mib / per_unit, 2) for row in rows],
            },
        ],
    }
