"""Classify page: scope, the VM grid with class/DRR/ignore edits, DRR per class and a chart."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nicegui import events, ui

from ..config import AppConfig
from ..pipeline.catalogue import load_catalogue
from ..pipeline.errors import SettingsError, StorePredictError
from ..pipeline.inventory import VM, Inventory
from ..pipeline.scope import apply_scope
from ..pipeline.settings import SizingSettings, load_settings
from ..pipeline.state import SessionState
from ..pipeline.storage import StorageResult, VmSizing
from ..pipeline.units import mib_per_unit
from . import store, widgets
from .frame import frame

BASIS_LABELS = {"in_use": "In use", "provisioned": "Provisioned", "guest_used": "Guest used"}
PROFILE_LABELS = {"per_class": "Per class", "flat_2": "Flat 2:1", "flat_1": "Flat 1:1"}
POWER_LABELS = {"on": "On", "off": "Off", "suspended": "Suspended", "unknown": "Unknown"}
LOGICAL_COLOUR = "#94a3b8"
REDUCED_COLOUR = "#0f4c81"
Edit = Callable[[dict[str, Any]], None]
PAGE_CSS = """
.ag-cell.sp-override { font-weight: 600; color: #0f4c81; }
.sp-drr-input .q-field__control,
.sp-drr-input .q-field__marginal { height: 30px; min-height: 30px; }
.sp-drr-input .q-field__native, .sp-drr-input .q-field__suffix { padding: 0; line-height: 30px; }
"""


async def create(config: AppConfig) -> None:
    """Draw the classify page for this tab's session."""
    del config  # this page needs no server configuration
    await ui.context.client.connected()
    with frame("classify") as state:
        if state.inventory is None:
            widgets.no_data()
            return
        view = _ClassifyView(state.inventory)
        view.scope_card(state.settings)
        with ui.column().classes("w-full gap-5") as body, widgets.busy("Sizing storage…"):
            result = await store.get_result()
        if result is None:
            return
        with body:
            with ui.row().classes("w-full gap-5 no-wrap items-stretch"):
                with ui.column().classes("grow min-w-0"):
                    view.drr_card(result.storage)
                with ui.column().classes("w-[27rem] shrink-0"):
                    view.chart_card(result.storage)
            view.grid_card(result.storage)


class _ClassifyView:
    """One open classify page: its controls, and the parts redrawn after a settings change."""

    def __init__(self, inventory: Inventory) -> None:
        self.inventory = inventory
        self.vms = {vm.vm_id: vm for vm in inventory.vms}
        self.catalogue = load_catalogue()
        self.class_ids_by_name = {c.name: c.id for c in self.catalogue.values()}
        self.rows: dict[str, dict[str, Any]] = {}
        self.grid: ui.aggrid | None = None
        self.chart: ui.echart | None = None
        self.scope_count: ui.label | None = None
        self.working: ui.spinner | None = None

    # ----- settings changes -----------------------------------------------------------------

    async def change(self, edit: Edit) -> bool:
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
        await self.recompute()
        return True

    async def recompute(self) -> None:
        """Recount the scope now, then size off the event loop and redraw the results."""
        state = store.get_state()
        self._show_scope_count(state)
        if self.working:
            self.working.visible = True
        try:
            result = await store.get_result()
        except StorePredictError as error:
            ui.notify(error.message, type="negative", multi_line=True)
            result = None
        if store.get_state() is not state:
            return  # a newer change is being sized; it will redraw
        if self.working:
            self.working.visible = False
        if result is None:
            return
        self.drr_table.refresh(result.storage)
        self._update_chart(result.storage)
        self._update_grid(result.storage, state.settings)

    # ----- scope ----------------------------------------------------------------------------

    def scope_card(self, settings: SizingSettings) -> None:
        """Datacenter/cluster filters, inclusion switches, capacity basis and the live count."""
        scope = settings.scope
        datacenters = _distinct(vm.datacenter for vm in self.inventory.vms)
        clusters = _distinct(vm.cluster for vm in self.inventory.vms)
        with widgets.card(
            "Scope", "Which VMs are sized, and which capacity counts", icon="filter_alt"
        ):
            with ui.row().classes("w-full items-center gap-4"):
                self._multi_select("Datacenters", datacenters, scope.datacenters, "datacenters")
                self._multi_select("Clusters", clusters, scope.clusters, "clusters")
                self._switch("Powered-off VMs", scope.include_powered_off, "include_powered_off")
                self._switch("Suspended VMs", scope.include_suspended, "include_suspended")
                self._switch("Templates", scope.include_templates, "include_templates")
            with ui.row().classes("w-full items-center gap-4"):
                ui.label("Capacity basis").classes("text-sm text-slate-600")
                ui.toggle(
                    BASIS_LABELS,
                    value=settings.basis,
                    on_change=lambda e: self.change(lambda d: d.update(basis=e.value)),
                ).props('no-caps dense toggle-color=primary data-testid="basis"')
                ui.space()
                self.working = ui.spinner(size="sm").props('data-testid="sizing-spinner"')
                self.working.visible = False
                self.scope_count = ui.label().classes("text-base font-semibold text-slate-800")
                self.scope_count.props('data-testid="scope-count"')
        self._show_scope_count(store.get_state())

    def _multi_select(
        self, label: str, options: list[str], chosen: list[str] | None, key: str
    ) -> None:
        def pick(event: events.ValueChangeEventArguments) -> Any:
            values = sorted(event.value or [])
            value = None if values == options else values  # every one ticked = all, incl. new ones
            return self.change(lambda d: d["scope"].update({key: value}))

        ui.select(
            options,
            multiple=True,
            label=label,
            value=list(options if chosen is None else chosen),
            on_change=pick,
        ).props(f'use-chips outlined dense data-testid="{key}"').classes("min-w-56 max-w-96")

    def _switch(self, label: str, value: bool, key: str) -> None:
        def toggle(event: events.ValueChangeEventArguments) -> Any:
            return self.change(lambda d: d["scope"].update({key: bool(event.value)}))

        ui.switch(label, value=value, on_change=toggle).props(f'data-testid="{key}"')

    def _show_scope_count(self, state: SessionState) -> None:
        assert state.inventory is not None
        count = len(apply_scope(state.inventory, state.settings.scope).in_scope)
        text = f"{count} of {len(state.inventory.vms)} VMs in scope"
        if self.scope_count:
            self.scope_count.set_text(text)
        widgets.set_text_by_testid("scope-badge", text)

    # ----- DRR per class --------------------------------------------------------------------

    def drr_card(self, storage: StorageResult) -> None:
        """Profile choice and the per-class table with override inputs."""
        settings = store.get_state().settings
        ui.add_css(PAGE_CSS)
        with widgets.card(
            "Data reduction per class",
            "Required capacity includes the snapshot reserve, growth and the fill limit.",
            icon="compress",
        ):
            with ui.row().classes("items-center gap-4"):
                ui.label("DRR profile").classes("text-sm text-slate-600")
                ui.toggle(
                    PROFILE_LABELS,
                    value=settings.profile,
                    on_change=lambda e: self.change(lambda d: d.update(profile=e.value)),
                ).props('no-caps dense toggle-color=primary data-testid="profile"')
                ui.button(
                    "Clear class overrides",
                    icon="restart_alt",
                    on_click=lambda: self.change(lambda d: d.update(class_drr_overrides={})),
                ).props("flat no-caps dense")
            self.drr_table(storage)

    @ui.refreshable_method
    def drr_table(self, storage: StorageResult) -> None:
        """The by-class figures and a DRR override input per class, then the total."""
        overrides = store.get_state().settings.class_drr_overrides
        headers = ["Class", "VMs", "Logical", "DRR", "Effective", "Reduced", "Required", "Override"]
        template = (
            "grid-template-columns: minmax(9rem,2fr) 2.5rem repeat(5, minmax(4.5rem,1fr)) 5.5rem"
        )
        with (
            ui.element("div")
            .classes("w-full grid gap-x-4 gap-y-1 items-center text-sm")
            .style(template)
            .props('data-testid="drr-table"')
        ):
            for header in headers:
                align = "" if header == "Class" else "text-right"
                ui.label(header).classes(f"text-xs uppercase text-slate-500 pb-1 {align}")
            for row in storage.by_class:
                ui.label(row.name).classes("truncate text-slate-800").tooltip(row.class_id)
                for text in (
                    f"{row.vm_count:,}",
                    widgets.capacity(row.logical_mib),
                    widgets.ratio(row.drr),
                    widgets.ratio(row.effective_drr),
                    widgets.capacity(row.reduced_mib),
                    widgets.capacity(row.required_mib),
                ):
                    ui.label(text).classes("text-right tabular-nums")
                self._override_input(row.class_id, overrides.get(row.class_id), row.drr)
            total = storage.total
            ui.label("Total").classes("font-semibold border-t pt-1")
            for text in (
                f"{total.vm_count:,}",
                widgets.capacity(total.logical_mib),
                "",
                widgets.ratio(total.effective_drr),
                widgets.capacity(total.reduced_mib),
                widgets.capacity(total.required_mib),
                "",
            ):
                ui.label(text).classes("text-right font-semibold tabular-nums border-t pt-1")
        widgets.warning_list([finding.message for finding in storage.findings])

    def _override_input(self, class_id: str, override: float | None, drr: float) -> None:
        async def set_override(event: events.ValueChangeEventArguments) -> None:
            value = event.value

            def edit(data: dict[str, Any]) -> None:
                if value is None:
                    data["class_drr_overrides"].pop(class_id, None)
                else:
                    data["class_drr_overrides"][class_id] = value

            if not await self.change(edit):
                self.drr_table.refresh()

        ui.number(value=override, placeholder=f"{drr:g}", on_change=set_override).props(
            f'outlined dense hide-bottom-space debounce=600 input-class=text-right suffix=":1" '
            f'data-testid="class-drr-{class_id}"'
        ).classes("w-full sp-drr-input").mark(f"class-drr-{class_id}")

    # ----- chart ----------------------------------------------------------------------------

    def chart_card(self, storage: StorageResult) -> None:
        """Logical versus reduced capacity per class, as horizontal bars."""
        with widgets.card("Capacity by class", icon="bar_chart"):
            self.chart = ui.echart(self._chart_options(storage)).classes("w-full h-[30rem]")

    def _chart_options(self, storage: StorageResult) -> dict[str, Any]:
        unit = store.get_unit()
        per_unit = mib_per_unit(unit)
        rows = [row for row in storage.by_class if row.vm_count][::-1]  # largest on top
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

    def _update_chart(self, storage: StorageResult) -> None:
        if self.chart is None:
            return
        self.chart.options.clear()
        self.chart.options.update(self._chart_options(storage))
        self.chart.update()

    # ----- VM grid --------------------------------------------------------------------------

    def grid_card(self, storage: StorageResult) -> None:
        """The VM grid with quick filter, inline edits and bulk actions on the selected rows."""
        settings = store.get_state().settings
        self.rows = self._rows(storage, settings)
        with widgets.card(
            "Virtual machines",
            "Double-click a class or DRR to change it; tick rows for bulk actions.",
            icon="view_list",
        ):
            with ui.row().classes("w-full items-center gap-3"):
                ui.input(
                    placeholder="Filter VMs…", on_change=lambda e: self._filter(e.value)
                ).props('outlined dense clearable debounce=300 data-testid="vm-filter"').classes(
                    "w-72"
                ).props("prepend-icon=search")
                ui.space()
                bulk_class = (
                    ui.select(
                        list(self.class_ids_by_name),
                        label="Class for selected VMs",
                        with_input=True,
                    )
                    .props("outlined dense")
                    .classes("w-72")
                )
                ui.button(
                    "Set class",
                    icon="category",
                    on_click=lambda: self._bulk_class(bulk_class.value),
                ).props("no-caps unelevated")
                ui.button(
                    "Ignore", icon="visibility_off", on_click=lambda: self._bulk_ignore(True)
                ).props("no-caps outline")
                ui.button(
                    "Include", icon="visibility", on_click=lambda: self._bulk_ignore(False)
                ).props("no-caps outline")
            self.grid = ui.aggrid(
                {
                    "columnDefs": self._column_defs(settings),
                    "rowData": list(self.rows.values()),
                    ":getRowId": "(params) => params.data.vm_id",
                    "rowSelection": {"mode": "multiRow", "selectAll": "filtered"},
                    "selectionColumnDef": {"pinned": "left", "width": 48},
                    "defaultColDef": {"sortable": True, "filter": True, "resizable": True},
                    "stopEditingWhenCellsLoseFocus": True,
                    "singleClickEdit": False,
                    "animateRows": False,
                },
                theme="quartz",
            ).classes("w-full h-[36rem]")
            self.grid.on("cellValueChanged", self._cell_changed)

    def _column_defs(self, settings: SizingSettings) -> list[dict[str, Any]]:
        unit = store.get_unit()
        overridden = {"sp-override": "data.drr_set"}
        return [
            {"field": "name", "headerName": "VM", "pinned": "left", "width": 180},
            {
                "field": "class",
                "headerName": "Class",
                "flex": 2,
                "minWidth": 170,
                "editable": True,
                "cellEditor": "agSelectCellEditor",
                "cellEditorParams": {"values": list(self.class_ids_by_name)},
                "cellClassRules": {"sp-override": "data.class_set"},
            },
            {
                "field": "reason",
                "headerName": "Reason",
                "flex": 2,
                "minWidth": 170,
                "tooltipField": "reason",
            },
            {"field": "os", "headerName": "OS", "flex": 2, "minWidth": 130, "tooltipField": "os"},
            {"field": "cluster", "headerName": "Cluster", "flex": 1, "minWidth": 110},
            {"field": "power", "headerName": "Power", "width": 100},
            {
                "field": "capacity",
                "headerName": f"{BASIS_LABELS[settings.basis]} ({unit})",
                "type": "numericColumn",
                "width": 140,
                ":valueFormatter": "(p) => p.value == null ? '—' : p.value.toFixed(3)",
            },
            {
                "field": "drr",
                "headerName": "DRR",
                "type": "numericColumn",
                "width": 90,
                "editable": True,
                "cellEditor": "agNumberCellEditor",
                ":valueFormatter": "(p) => p.value == null ? '' : p.value.toFixed(2) + ':1'",
                "cellClassRules": overridden,
            },
            {
                "field": "ignored",
                "headerName": "Ignore",
                "width": 90,
                "cellDataType": "boolean",
                "editable": True,
            },
            {
                "field": "scope",
                "headerName": "In scope",
                "flex": 1,
                "minWidth": 150,
                "tooltipField": "scope",
            },
        ]

    def _rows(self, storage: StorageResult, settings: SizingSettings) -> dict[str, dict[str, Any]]:
        per_unit = mib_per_unit(store.get_unit())
        ignored = set(settings.scope.ignored_vm_ids)
        return {
            sizing.vm_id: self._row(sizing, self.vms[sizing.vm_id], per_unit, ignored, settings)
            for sizing in storage.vms
        }

    def _row(
        self,
        sizing: VmSizing,
        vm: VM,
        per_unit: float,
        ignored: set[str],
        settings: SizingSettings,
    ) -> dict[str, Any]:
        names = [self.catalogue[c].name if c in self.catalogue else c for c in sizing.classes]
        return {
            "vm_id": sizing.vm_id,
            "name": sizing.name,
            "class": " + ".join(names),
            "reason": sizing.reason,
            "os": vm.os or "",
            "cluster": vm.cluster or "",
            "power": "Template" if vm.is_template else POWER_LABELS[vm.power_state],
            "capacity": None if sizing.basis_mib is None else round(sizing.basis_mib / per_unit, 6),
            "drr": sizing.drr,
            "drr_set": sizing.vm_id in settings.vm_drr_overrides,
            "class_set": sizing.vm_id in settings.vm_class_overrides,
            "ignored": sizing.vm_id in ignored,
            "scope": "In scope" if sizing.in_scope else (sizing.exclusion_reason or "Excluded"),
        }

    def _update_grid(self, storage: StorageResult, settings: SizingSettings) -> None:
        """Send only the rows whose values changed (a transaction keyed by vm_id)."""
        if self.grid is None:
            return
        rows = self._rows(storage, settings)
        changed = [row for vm_id, row in rows.items() if self.rows.get(vm_id) != row]
        self.rows = rows
        self.grid.options["rowData"] = list(rows.values())
        defs = self._column_defs(settings)
        if defs != self.grid.options["columnDefs"]:
            self.grid.options["columnDefs"] = defs
            self.grid.run_grid_method("setGridOption", "columnDefs", defs)
        if changed:
            self.grid.run_grid_method("applyTransaction", {"update": changed})

    def _restore_row(self, vm_id: str) -> None:
        if self.grid is not None and vm_id in self.rows:
            self.grid.run_grid_method("applyTransaction", {"update": [self.rows[vm_id]]})

    def _filter(self, text: str | None) -> None:
        if self.grid is not None:
            self.grid.run_grid_method("setGridOption", "quickFilterText", text or "")

    async def _cell_changed(self, event: events.GenericEventArguments) -> None:
        column = event.args.get("colId")
        vm_id = (event.args.get("data") or {}).get("vm_id")
        value = event.args.get("newValue")
        if vm_id not in self.vms:
            return
        if column == "class":
            accepted = await self._set_class([vm_id], value)
        elif column == "drr":
            accepted = await self.change(
                lambda d: _set_or_drop(d["vm_drr_overrides"], vm_id, value)
            )
        elif column == "ignored":
            accepted = await self._set_ignored([vm_id], bool(value))
        else:
            return
        if not accepted:
            self._restore_row(vm_id)

    async def _set_class(self, vm_ids: list[str], class_name: str | None) -> bool:
        class_id = self.class_ids_by_name.get(class_name or "")
        if class_id is None:
            ui.notify("Pick a workload class from the list.", type="warning")
            return False
        rules = store.get_state().classifications

        def edit(data: dict[str, Any]) -> None:
            overrides = data["vm_class_overrides"]
            for vm_id in vm_ids:
                rule = rules.get(vm_id)
                if rule is not None and rule.class_ids == [class_id]:
                    overrides.pop(vm_id, None)  # back to what the rules say: no override needed
                else:
                    overrides[vm_id] = [class_id]

        return await self.change(edit)

    async def _set_ignored(self, vm_ids: list[str], ignore: bool) -> bool:
        def edit(data: dict[str, Any]) -> None:
            ignored = dict.fromkeys(data["scope"]["ignored_vm_ids"])
            for vm_id in vm_ids:
                if ignore:
                    ignored[vm_id] = None
                else:
                    ignored.pop(vm_id, None)
            data["scope"]["ignored_vm_ids"] = list(ignored)

        return await self.change(edit)

    async def _selected_vm_ids(self) -> list[str]:
        if self.grid is None:
            return []
        rows = await self.grid.run_grid_method("getSelectedRows", timeout=10)
        ids = [row["vm_id"] for row in rows or [] if row.get("vm_id") in self.vms]
        if not ids:
            ui.notify("Tick one or more VMs in the grid first.", type="warning")
        return ids

    async def _bulk_class(self, class_name: str | None) -> None:
        if not class_name:
            ui.notify("Choose the class to give the selected VMs.", type="warning")
            return
        vm_ids = await self._selected_vm_ids()
        if vm_ids and await self._set_class(vm_ids, class_name):
            ui.notify(f"{len(vm_ids)} VMs set to {class_name}.", type="positive")

    async def _bulk_ignore(self, ignore: bool) -> None:
        vm_ids = await self._selected_vm_ids()
        if vm_ids and await self._set_ignored(vm_ids, ignore):
            verb = "ignored" if ignore else "included again"
            ui.notify(f"{len(vm_ids)} VMs {verb}.", type="positive")


def _set_or_drop(overrides: dict[str, Any], key: str, value: Any) -> None:
    if value is None or value == "":
        overrides.pop(key, None)
    else:
        overrides[key] = value


def _distinct(values: Any) -> list[str]:
    return sorted({v for v in values if v})
