"""Layout page: datastore settings, the three strategies side by side, the chosen one in detail."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nicegui import ui

from ..config import AppConfig
from ..pipeline import CapacityUnit, StorePredictError, format_capacity, load_settings, mib_per_unit
from ..pipeline.classify import CATEGORIES, WorkloadClass, load_catalogue
from ..pipeline.layout import Datastore, StrategyLayout
from ..pipeline.session import SessionState
from ..pipeline.sizing import SizingResult, VmSizing
from . import store, widgets
from .frame import frame, tab_connected

STRATEGIES: dict[str, tuple[str, str]] = {
    "consolidation": ("Consolidation", "Fewest datastores within the size, VM and IOPS limits."),
    "performance": ("Performance", "Critical workloads isolated, hot VMs spread out."),
    "uniform": ("Uniform", "Equal-size datastores with balanced fill."),
}
WRAP = "white-space: normal; min-width: 220px"
USED_COLOUR = "#0f4c81"
FREE_COLOUR = "#cbd5e1"


async def create(config: AppConfig) -> None:
    """Draw the layout page for this tab's session."""
    if not await tab_connected():
        return
    with frame("layout") as state:
        if state.inventory is None:
            widgets.no_data()
            return
        view = _LayoutView()
        with ui.row().classes("w-full gap-5 no-wrap items-start"):
            with ui.column().classes("w-80 shrink-0"):
                view.settings_form(state)
            with ui.column().classes("grow min-w-0 gap-5"):
                await view.results()


@dataclass(frozen=True)
class NumberField:
    """A number input for one settings key; `scale` turns the stored value into the shown one."""

    key: str
    label: str
    mark: str
    suffix: str
    scale: float = 1.0
    step: float = 1.0


class SettingsView:
    """A page whose form edits one settings section and whose results redraw after each change.

    Subclasses set `section` and define `results` as a `ui.refreshable_method`.
    """

    section: str

    def __init__(self) -> None:
        self._generation = 0  # counts result refreshes: only the latest one may draw

    def number(self, spec: NumberField, value: float, on_value=None) -> ui.number:
        """A debounced number input showing `value`; a change is stored via `on_value` or apply."""
        whole = isinstance(value, int)

        async def changed(event) -> None:
            if event.value is None:
                return
            stored = event.value / spec.scale
            await (on_value or self.apply)({spec.key: round(stored) if whole else stored})

        field = ui.number(
            spec.label,
            value=round(value * spec.scale, 4),
            step=spec.step,
            suffix=spec.suffix,
            on_change=changed,
        )
        field.props("outlined dense debounce=600").classes("w-full").mark(spec.mark)
        return field

    async def apply(self, changes: dict[str, Any]) -> None:
        """Validate a change of this section, store it and redraw; a bad value is explained."""
        state = store.get_state()
        if state.inventory is None:
            return
        data = state.settings.model_dump(mode="json")
        data[self.section] = {**data[self.section], **changes}
        try:
            settings = load_settings(data)
        except StorePredictError as exc:
            ui.notify(exc.message, type="negative")
            return
        store.update_state(state.model_copy(update={"settings": settings}))
        # Subclasses make `results` a ui.refreshable_method, which a base-class method cannot type.
        await self.results.refresh()  # type: ignore[attr-defined]

    async def results(self) -> None:
        """The results drawn from the sizing (a `ui.refreshable_method` in subclasses)."""
        raise NotImplementedError

    async def sized(self, message: str) -> SizingResult | None:
        """The sizing, with a spinner meanwhile; None if it failed (shown) or was superseded."""
        self._generation += 1
        generation = self._generation
        spinner = _spinner(message)
        error = None
        try:
            result = await store.get_result()
        except StorePredictError as exc:
            result, error = None, exc.message
        if spinner.is_deleted or generation != self._generation:  # superseded while computing
            if not spinner.is_deleted:
                spinner.delete()
            return None
        spinner.delete()
        if error is not None:
            widgets.error_card(error)
        return result


LAYOUT_FIELDS = (
    NumberField("max_vms_per_datastore", "Max VMs per datastore", "max-vms", "VMs"),
    NumberField("iops_budget", "IOPS budget per datastore", "iops-budget", "IOPS", step=1000),
    NumberField("fill_limit", "Fill limit", "fill-limit", "%", scale=100),
    NumberField("hot_vm_iops", "Hot VM threshold", "hot-iops", "IOPS", step=50),
)


class _LayoutView(SettingsView):
    """One open layout page: its settings form and the results it redraws after a change."""

    section = "layout"

    def settings_form(self, state: SessionState) -> None:
        """The layout settings; each change is validated, stored and the results redrawn."""
        layout = state.settings.layout
        unit = store.get_unit()
        scale = 1 / mib_per_unit(unit)
        size = NumberField("datastore_size_mib", "Datastore size", "ds-size", unit, scale, 0.5)
        big_db = NumberField(
            "isolate_database_over_mib", "Isolate databases larger than", "isolate-db", unit, scale
        )
        with widgets.card("Datastore rules", "Applied to every strategy", icon="tune"):
            self.number(size, layout.datastore_size_mib)
            for spec in LAYOUT_FIELDS:
                self.number(spec, getattr(layout, spec.key))
            ui.select(
                {key: key.replace("_", " ") for key in CATEGORIES},
                label="Isolate on their own datastores",
                value=list(layout.isolate_categories),
                multiple=True,
                on_change=lambda e: self.apply({"isolate_categories": list(e.value or [])}),
            ).props("outlined dense use-chips").classes("w-full").mark("isolate")
            self.number(big_db, layout.isolate_database_over_mib)
            ui.label(
                "Snapshot reserve and growth margin are added to each VM's footprint; the fill "
                "limit caps how full a datastore may get."
            ).classes("text-xs text-slate-500")

    @ui.refreshable_method
    async def results(self) -> None:
        """The strategy cards and the chosen strategy's chart and table."""
        result = await self.sized("Planning datastores for every strategy…")
        if result is None:
            return
        subtitle = "All three are computed; pick the one to build"
        with (
            widgets.card("Strategies", subtitle, icon="storage"),
            ui.row().classes("w-full gap-4 no-wrap items-stretch"),
        ):
            for key in STRATEGIES:
                self._strategy_card(result, key)
        _chosen_detail(result)

    def _strategy_card(self, result: SizingResult, key: str) -> None:
        plan = result.layout.strategies[key]
        chosen = result.layout.chosen == key
        title, blurb = STRATEGIES[key]
        border = "border-2 border-primary" if chosen else "border border-slate-200"
        with (
            ui.card()
            .classes(f"flex-1 min-w-0 p-4 gap-2 shadow-none {border}")
            .mark(f"strategy-{key}")
        ):
            with ui.row().classes("w-full items-center justify-between no-wrap"):
                ui.label(title).classes("text-base font-semibold text-slate-800")
                if chosen:
                    ui.badge("Chosen", color="primary").classes("px-2")
            ui.label(blurb).classes("text-xs text-slate-500 min-h-8")
            with ui.row().classes("items-baseline gap-2"):
                count = ui.label(str(plan.count)).classes("text-4xl font-bold text-slate-800")
                count.mark(f"count-{key}")
                ui.label("datastores").classes("text-slate-500")
            _strategy_facts(plan)
            ui.space()
            if chosen:
                ui.button("In use", icon="check").props("flat no-caps disable").classes("w-full")
            else:
                ui.button(
                    "Use this strategy", on_click=lambda k=key: self.apply({"chosen_strategy": k})
                ).props("outline no-caps").classes("w-full").mark(f"use-{key}")


def _spinner(message: str) -> ui.row:
    with ui.row().classes("items-center gap-3 text-slate-600 py-6") as row:
        ui.spinner(size="md")
        ui.label(message)
    return row


def _strategy_facts(plan: StrategyLayout) -> None:
    isolated = sum(1 for ds in plan.datastores if ds.isolated)
    oversized = sum(1 for ds in plan.datastores if ds.oversized)
    _fact("Lower bound", f"{_datastores(plan.lower_bound)} (gap {plan.gap_pct:.1f}%)")
    _fact("Total capacity", widgets.capacity(plan.total_capacity_mib))
    _fact("Fill spread", f"{plan.fill_spread_pct:.1f} percentage points")
    _fact("Isolated", _datastores(isolated))
    if oversized:
        _fact("Oversized", f"{_datastores(oversized)} sized to fit one VM")
    if plan.warnings:
        count = len(plan.warnings)
        title = f"{count} warning{'s' if count > 1 else ''}"
        with (
            ui.expansion(title, icon="warning")
            .classes("w-full text-sm text-amber-800")
            .props("dense header-class=px-0")
        ):
            widgets.warning_list(list(plan.warnings))


def _fact(label: str, value: str) -> None:
    with ui.row().classes("w-full justify-between gap-2 no-wrap text-sm"):
        ui.label(label).classes("text-slate-500")
        ui.label(value).classes("text-slate-800 font-medium text-right")


def _chosen_detail(result: SizingResult) -> None:
    key = result.layout.chosen
    plan = result.layout.strategies[key]
    unit = store.get_unit()
    title = f"{STRATEGIES[key][0]} layout: {plan.count} datastores"
    with widgets.card(title, "Used (footprint with reserves) and free space", icon="bar_chart"):
        _fill_chart(plan.datastores, unit)
    with widgets.card("Datastores", "Expand a row to see its VMs", icon="view_list"):
        _datastore_table(result.storage.vms, plan.datastores, unit)


def _fill_chart(datastores: list[Datastore], unit: CapacityUnit) -> None:
    per_unit = mib_per_unit(unit)
    names = [ds.name for ds in datastores]
    options: dict[str, Any] = {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"data": ["Used", "Free"], "top": 0},
        "grid": {"left": 60, "right": 20, "top": 36, "bottom": 70},
        "xAxis": {"type": "category", "data": names, "axisLabel": {"rotate": 45, "fontSize": 10}},
        "yAxis": {"type": "value", "name": unit},
        "series": [
            _bar("Used", USED_COLOUR, [ds.used_mib / per_unit for ds in datastores]),
            _bar("Free", FREE_COLOUR, [ds.free_mib / per_unit for ds in datastores]),
        ],
    }
    if len(names) > 40:
        options["dataZoom"] = [{"type": "slider", "start": 0, "end": 4000 / len(names)}]
    ui.echart(options).classes("w-full h-72").mark("fill-chart")


def _bar(name: str, colour: str, values: list[float]) -> dict[str, Any]:
    data = [round(v, 2) for v in values]
    return {"name": name, "type": "bar", "stack": "size", "color": colour, "data": data}


# Vue text interpolation ({{ }}) escapes, so VM names are shown as text, never as HTML.
BODY_SLOT = r"""
<q-tr :props="props">
  <q-td auto-width>
    <q-btn size="sm" flat round dense :icon="props.expand ? 'expand_less' : 'expand_more'"
           @click="props.expand = !props.expand" />
  </q-td>
  <q-td v-for="col in props.cols" :key="col.name" :props="props">{{ col.value }}</q-td>
</q-tr>
<q-tr v-show="props.expand" :props="props">
  <q-td colspan="100%" class="bg-slate-50">
    <table class="text-sm">
      <tr class="text-xs uppercase text-slate-500">
        <th class="pr-8 text-left">VM</th><th class="pr-8 text-left">Workload class</th>
        <th class="pr-8 text-left">Capacity before reserves</th>
      </tr>
      <tr v-for="line in props.row.vms.split('\n')">
        <td v-for="cell in line.split('\t')" class="pr-8 py-0.5">{{ cell }}</td>
      </tr>
    </table>
  </q-td>
</q-tr>
"""
HEADER_SLOT = r"""
<q-tr :props="props">
  <q-th auto-width />
  <q-th v-for="col in props.cols" :key="col.name" :props="props">{{ col.label }}</q-th>
</q-tr>
"""


def _datastore_table(
    vm_rows: list[VmSizing], datastores: list[Datastore], unit: CapacityUnit
) -> None:
    vms = {row.vm_id: row for row in vm_rows}
    columns = [
        table_column("name", "Datastore", align="left"),
        table_column("size", f"Size ({unit})", digits=2),
        table_column("used", f"Used ({unit})", digits=2),
        table_column("free", f"Free ({unit})", digits=2),
        table_column("fill", "Fill (%)", digits=1),
        table_column("vm_count", "VMs"),
        table_column("iops", "IOPS", digits=0),
        {
            **table_column("categories", "Workloads", align="left"),
            "style": WRAP,
            "headerStyle": WRAP,
        },
        table_column("flags", "Notes", align="left"),
    ]
    rows = [datastore_row(ds, vms, unit) for ds in datastores]
    table = ui.table(columns=columns, rows=rows, row_key="name", pagination=15)
    table.classes("w-full").props("flat dense").mark("datastores")
    table.add_slot("header", HEADER_SLOT)
    table.add_slot("body", BODY_SLOT)


def table_column(
    name: str, label: str, align: str = "right", digits: int | None = None, sortable: bool = True
) -> dict[str, Any]:
    """A ui.table column of field `name`; `digits` shows numbers with fixed decimals."""
    column = {"name": name, "label": label, "field": name, "align": align, "sortable": sortable}
    if digits is not None:  # fixed decimals with thousands separators, sorted as numbers
        column[":format"] = (
            f"v => v == null ? '' : v.toLocaleString('en-US', "
            f"{{minimumFractionDigits: {digits}, maximumFractionDigits: {digits}}})"
        )
    return column


def datastore_row(ds: Datastore, vms: dict[str, VmSizing], unit: CapacityUnit) -> dict[str, Any]:
    """One table row: figures in `unit`, and the VM list as tab/newline-separated text."""
    per_unit = mib_per_unit(unit)
    flags = [
        text
        for flag, text in (
            (ds.oversized, "oversized"),
            (ds.isolated, "isolated"),
            (ds.hot, "hot"),
            (ds.over_iops_budget, "over IOPS budget"),
        )
        if flag
    ]
    classes = load_catalogue()
    lines = [
        "\t".join(
            [_cell(vm.name), _class_name(vm.class_id, classes), format_capacity(vm.basis_mib, unit)]
        )
        for vm in (vms[vm_id] for vm_id in ds.vm_ids if vm_id in vms)
    ]
    return {
        "name": ds.name,
        "size": round(ds.size_mib / per_unit, 2),
        "used": round(ds.used_mib / per_unit, 2),
        "free": round(ds.free_mib / per_unit, 2),
        "fill": round(ds.fill_pct, 1),
        "vm_count": ds.vm_count,
        "iops": round(ds.iops),
        "categories": ", ".join(c.replace("_", " ") for c in ds.categories),
        "flags": ", ".join(flags),
        "vms": "\n".join(lines) or "No VMs",
    }


def _class_name(class_id: str, classes: dict[str, WorkloadClass]) -> str:
    known = classes.get(class_id)
    return _cell(known.name if known else class_id)


def _cell(text: str) -> str:
    """A name as one table cell: tabs and newlines inside it would split the row."""
    return " ".join(text.split())


def _datastores(count: int) -> str:
    return f"{count} datastore" + ("" if count == 1 else "s")
