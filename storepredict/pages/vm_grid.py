"""The classify page's VM grid: a row per VM, inline class/DRR/ignore edits and bulk actions."""

from __future__ import annotations

from typing import Any

from nicegui import events, ui

from ..i18n import _, active_language, format_number, ngettext, unit_symbol
from ..pipeline import VM, Inventory, SizingSettings
from ..pipeline.classify import load_catalogue
from ..pipeline.sizing import StorageResult, VmSizing
from ..vocabulary import basis_label, class_label, power_label
from . import design, store, widgets
from .forms import LOCALE_TAGS, ApplyEdit

OVERRIDE_CSS = f".ag-cell.sp-override {{ font-weight: 600; color: {design.BRAND}; }}"
GIB_MIB = 1024
WRAPPED = {"wrapText": True, "autoHeight": True}  # long names wrap instead of being cut


class VmGrid:
    """The 'Virtual machines' card, drawn where it is created; edits go to `change`."""

    def __init__(self, inventory: Inventory, storage: StorageResult, change: ApplyEdit) -> None:
        self._change = change
        self._vms = {vm.vm_id: vm for vm in inventory.vms}
        self._catalogue = load_catalogue()
        self._class_ids_by_name = {class_label(c): c for c in self._catalogue}
        settings = store.get_state().settings
        self._rows = self._build_rows(storage, settings)
        ui.add_css(OVERRIDE_CSS)
        with widgets.card(
            _("Virtual machines"),
            _("Double-click a class or DRR to change it; tick rows for bulk actions."),
            icon="view_list",
        ):
            self._toolbar()
            self._grid = (
                ui.aggrid(
                    {
                        "columnDefs": self._column_defs(settings),
                        "rowData": list(self._rows.values()),
                        ":getRowId": "(params) => params.data.vm_id",
                        "rowSelection": {"mode": "multiRow", "selectAll": "filtered"},
                        "selectionColumnDef": {"pinned": "left", "width": 48},
                        "defaultColDef": {"sortable": True, "filter": True, "resizable": True},
                        "stopEditingWhenCellsLoseFocus": True,
                        "singleClickEdit": False,
                        "animateRows": False,
                        "quickFilterText": "",
                    },
                    theme="quartz",
                )
                .classes("w-full h-[36rem]")
                .mark("vm-grid")
            )
            self._grid.on("cellValueChanged", self._cell_changed)

    def update(self, storage: StorageResult, settings: SizingSettings) -> None:
        """Send only the rows whose values changed (a transaction keyed by vm_id).

        The grid in the browser is never rebuilt: a rebuild (any update of the element) would
        drop its quick filter, column filters, sort and scroll position. The server-side options
        follow along silently, so a reconnect redraws the current rows and filter.
        """
        rows = self._build_rows(storage, settings)
        changed = [row for vm_id, row in rows.items() if self._rows.get(vm_id) != row]
        self._rows = rows
        defs = self._column_defs(settings)
        with self._grid.props.suspend_updates():
            self._grid.options["rowData"] = list(rows.values())
            if defs != self._grid.options["columnDefs"]:
                self._grid.options["columnDefs"] = defs
                self._grid.run_grid_method("setGridOption", "columnDefs", defs)
        if changed:
            self._grid.run_grid_method("applyTransaction", {"update": changed})

    def _toolbar(self) -> None:
        with ui.row().classes("w-full items-center gap-3"):
            ui.input(placeholder=_("Filter VMs…"), on_change=lambda e: self._filter(e.value)).props(
                'outlined dense clearable debounce=300 data-testid="vm-filter"'
            ).classes("w-72").props("prepend-icon=search")
            ui.space()
            bulk_class = (
                ui.select(
                    list(self._class_ids_by_name),
                    label=_("Class for selected VMs"),
                    with_input=True,
                )
                .props("outlined dense")
                .classes("w-72")
            )
            ui.button(
                _("Set class"), icon="category", on_click=lambda: self._bulk_class(bulk_class.value)
            ).props("no-caps unelevated")
            ui.button(
                _("Ignore"), icon="visibility_off", on_click=lambda: self._bulk_ignore(True)
            ).props("no-caps outline")
            ui.button(
                _("Include"), icon="visibility", on_click=lambda: self._bulk_ignore(False)
            ).props("no-caps outline")

    def _column_defs(self, settings: SizingSettings) -> list[dict[str, Any]]:
        return [
            {
                "field": "name",
                "headerName": "VM",
                "pinned": "left",
                "width": 190,
                "tooltipField": "name",
                **WRAPPED,
            },
            {
                "field": "class",
                "headerName": _("Class"),
                "flex": 2,
                "minWidth": 170,
                "editable": True,
                "cellEditor": "agSelectCellEditor",
                "cellEditorParams": {"values": list(self._class_ids_by_name)},
                "cellClassRules": {"sp-override": "data.class_set"},
            },
            {
                "field": "reason",
                "headerName": _("Reason"),
                "flex": 2,
                "minWidth": 170,
                "tooltipField": "reason",
            },
            {
                "field": "os",
                "headerName": _("OS"),
                "flex": 2,
                "minWidth": 130,
                "tooltipField": "os",
            },
            {
                "field": "cluster",
                "headerName": _("Cluster"),
                "flex": 1,
                "minWidth": 150,
                "tooltipField": "cluster",
                **WRAPPED,
            },
            {"field": "power", "headerName": _("Power"), "width": 100},
            {  # per-VM capacities are GiB-sized: TiB would read 0.086
                "field": "capacity",
                "headerName": f"{basis_label(settings.basis)} ({unit_symbol('GiB')})",
                "type": "numericColumn",
                "width": 150,
                ":valueFormatter": "(p) => p.value == null ? '—' : p.value.toLocaleString("
                f"'{LOCALE_TAGS[active_language()]}', "
                "{minimumFractionDigits: 1, maximumFractionDigits: 1})",
            },
            {
                "field": "drr",
                "headerName": "DRR",
                "type": "numericColumn",
                "width": 90,
                "editable": True,
                "cellEditor": "agNumberCellEditor",
                ":valueFormatter": "(p) => p.value == null ? '' : p.value.toLocaleString("
                f"'{LOCALE_TAGS[active_language()]}', "
                "{minimumFractionDigits: 2, maximumFractionDigits: 2}) + ':1'",
                "cellClassRules": {"sp-override": "data.drr_set"},
            },
            {
                "field": "ignored",
                "headerName": _("Ignore"),
                "width": 90,
                "cellDataType": "boolean",
                "editable": True,
            },
            {
                "field": "scope",
                "headerName": _("In scope"),
                "flex": 1,
                "minWidth": 150,
                "tooltipField": "scope",
            },
        ]

    def _build_rows(
        self, storage: StorageResult, settings: SizingSettings
    ) -> dict[str, dict[str, Any]]:
        per_unit = GIB_MIB
        ignored = set(settings.scope.ignored_vm_ids)
        return {
            sizing.vm_id: self._row(sizing, self._vms[sizing.vm_id], per_unit, ignored, settings)
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
        names = [class_label(c) if c in self._catalogue else c for c in sizing.classes]
        return {
            "vm_id": sizing.vm_id,
            "name": sizing.name,
            "class": " + ".join(names),
            "reason": _(sizing.reason),
            "os": vm.os or "",
            "cluster": vm.cluster or "",
            "power": _("Template") if vm.is_template else power_label(vm.power_state),
            "capacity": None if sizing.basis_mib is None else round(sizing.basis_mib / per_unit, 3),
            "drr": sizing.drr,
            "drr_set": sizing.vm_id in settings.vm_drr_overrides,
            "class_set": sizing.vm_id in settings.vm_class_overrides,
            "ignored": sizing.vm_id in ignored,
            "scope": _("In scope") if sizing.in_scope else _(sizing.exclusion_reason or "Excluded"),
        }

    def _restore_row(self, vm_id: str) -> None:
        if vm_id in self._rows:
            self._grid.run_grid_method("applyTransaction", {"update": [self._rows[vm_id]]})

    def _filter(self, text: str | None) -> None:
        with self._grid.props.suspend_updates():  # kept in the options: survives any redraw
            self._grid.options["quickFilterText"] = text or ""
        self._grid.run_grid_method("setGridOption", "quickFilterText", text or "")

    async def _cell_changed(self, event: events.GenericEventArguments) -> None:
        column = event.args.get("colId")
        vm_id = (event.args.get("data") or {}).get("vm_id")
        value = event.args.get("newValue")
        if vm_id not in self._vms:
            return
        if column == "class":
            accepted = await self._set_class([vm_id], value)
        elif column == "drr":
            accepted = await self._change(
                lambda d: _set_or_drop(d["vm_drr_overrides"], vm_id, value)
            )
        elif column == "ignored":
            accepted = await self._set_ignored([vm_id], bool(value))
        else:
            return
        if not accepted:
            self._restore_row(vm_id)

    async def _set_class(self, vm_ids: list[str], class_name: str | None) -> bool:
        class_id = self._class_ids_by_name.get(class_name or "")
        if class_id is None:
            ui.notify(_("Pick a workload class from the list."), type="warning")
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

        return await self._change(edit)

    async def _set_ignored(self, vm_ids: list[str], ignore: bool) -> bool:
        def edit(data: dict[str, Any]) -> None:
            ignored = dict.fromkeys(data["scope"]["ignored_vm_ids"])
            for vm_id in vm_ids:
                if ignore:
                    ignored[vm_id] = None
                else:
                    ignored.pop(vm_id, None)
            data["scope"]["ignored_vm_ids"] = list(ignored)

        return await self._change(edit)

    async def _selected_vm_ids(self) -> list[str]:
        rows = await self._grid.run_grid_method("getSelectedRows", timeout=10)
        ids = [row["vm_id"] for row in rows or [] if row.get("vm_id") in self._vms]
        if not ids:
            ui.notify(_("Tick one or more VMs in the grid first."), type="warning")
        return ids

    async def _bulk_class(self, class_name: str | None) -> None:
        if not class_name:
            ui.notify(_("Choose the class to give the selected VMs."), type="warning")
            return
        vm_ids = await self._selected_vm_ids()
        if vm_ids and await self._set_class(vm_ids, class_name):
            count = len(vm_ids)
            ui.notify(
                ngettext(
                    "{number} VM set to {name}.",
                    "{number} VMs set to {name}.",
                    count,
                    number=format_number(count),
                    name=class_name,
                ),
                type="positive",
            )

    async def _bulk_ignore(self, ignore: bool) -> None:
        vm_ids = await self._selected_vm_ids()
        if vm_ids and await self._set_ignored(vm_ids, ignore):
            count, number = len(vm_ids), format_number(len(vm_ids))
            if ignore:
                done = ngettext(
                    "{number} VM ignored.", "{number} VMs ignored.", count, number=number
                )
            else:
                done = ngettext(
                    "{number} VM included again.",
                    "{number} VMs included again.",
                    count,
                    number=number,
                )
            ui.notify(done, type="positive")


def _set_or_drop(overrides: dict[str, Any], key: str, value: Any) -> None:
    if value is None or value == "":
        overrides.pop(key, None)
    else:
        overrides[key] = value
