"""The classify page's VM grid: rows paged from the server, inline edits and bulk actions.

The grid never holds every VM: AG Grid's infinite row model fetches blocks of rows that the
server filters (column filters and the _("Filter VMs…") box) and sorts over a table built once per
sizing (`vm_grid_data`). Bulk actions act on the ticked rows, or on every VM matching the current
filters when _("All matching VMs") is ticked.
"""

from __future__ import annotations

from typing import Any

from nicegui import events, run, ui

from ..i18n import _, active_language, format_number, ngettext
from ..pipeline import Inventory, SizingSettings
from ..pipeline.classify import load_catalogue
from ..pipeline.sizing import StorageResult
from ..server import heap
from ..vocabulary import class_label
from . import store, widgets
from .forms import ApplyEdit
from .paged_grid import PagedGrid
from .vm_grid_columns import GRID_CSS, ROW_PX, column_defs
from .vm_grid_data import GridTable, build_table

GRID_VIEW = "vm-grid"


async def grid_table(
    inventory: Inventory, storage: StorageResult, settings: SizingSettings
) -> GridTable | None:
    """The grid's rows for one sizing, built on a worker thread (once per sizing of the tab);
    None if the app is stopping."""
    kept = store.kept_view(GRID_VIEW)
    if isinstance(kept, GridTable):
        return kept
    key = store.sizing_key()  # before the build: an edit meanwhile makes this table stale
    names = {class_id: class_label(class_id) for class_id in load_catalogue()}
    language = active_language()
    table = await run.io_bound(build_table, inventory, storage, settings, names, language)
    if table is not None:
        store.keep_view(GRID_VIEW, key, table)
    heap.settle()  # 10,000 rows of long-lived cells: keep full collections from walking them
    return table


class VmGrid:
    """The 'Virtual machines' card, drawn where it is created; edits go to `change`."""

    def __init__(self, table: GridTable, settings: SizingSettings, change: ApplyEdit) -> None:
        self._change = change
        self._class_ids_by_name = {class_label(c): c for c in load_catalogue()}
        ui.add_css(GRID_CSS)
        with widgets.card(
            _("Virtual machines"),
            _("Double-click a class or DRR to change it; tick rows for bulk actions."),
            icon="view_list",
        ):
            self._toolbar()
            self._grid = (
                PagedGrid(
                    {
                        "columnDefs": column_defs(settings, list(self._class_ids_by_name)),
                        ":getRowId": "(params) => params.data.vm_id",
                        "rowSelection": {"mode": "multiRow", "headerCheckbox": False},
                        "selectionColumnDef": {"pinned": "left", "width": 48},
                        "defaultColDef": {"sortable": True, "resizable": True},
                        "rowHeight": ROW_PX,
                        "stopEditingWhenCellsLoseFocus": True,
                        "singleClickEdit": False,
                        "animateRows": False,
                    },
                    table,
                    theme="quartz",
                )
                .classes("w-full h-[36rem]")
                .mark("vm-grid")
            )
            self._grid.on_count(self._show_count)
            self._show_count(len(table), len(table))
            self._grid.on("cellValueChanged", self._cell_changed)

    @property
    def table(self) -> GridTable:
        """The server-side rows the grid pages through."""
        return self._grid.table

    async def update(self, table: GridTable, settings: SizingSettings) -> None:
        """Show a new sizing's rows: the browser re-fetches the blocks it has loaded, in place.

        The grid in the browser is never rebuilt: a rebuild (any update of the element) would
        drop its column filters, sort and scroll position. Column definitions change in place.
        """
        defs = column_defs(settings, list(self._class_ids_by_name))
        if defs != self._grid.options["columnDefs"]:
            with self._grid.props.suspend_updates():
                self._grid.options["columnDefs"] = defs
            self._grid.run_grid_method("setGridOption", "columnDefs", defs)
        await self._grid.set_table(table)

    def _toolbar(self) -> None:
        with ui.row().classes("w-full items-center gap-3"):
            ui.input(placeholder=_("Filter VMs…"), on_change=lambda e: self._filter(e.value)).props(
                'outlined dense clearable debounce=300 data-testid="vm-filter"'
            ).classes("w-72").props("prepend-icon=search")
            self._count = (
                ui.label()
                .classes("text-sm text-gray-600")
                .props('data-testid="vm-grid-count"')
                .mark("vm-grid-count")
            )
            ui.space()
            self._all_matching = (
                ui.checkbox(_("All matching VMs"))
                .props('data-testid="vm-select-all"')
                .mark("vm-select-all")
            )
            self._all_matching.tooltip(
                _("Bulk actions act on every VM the filters let through, not only the ticked rows")
            )
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

    def _show_count(self, matched: int, total: int) -> None:
        shown, all_of = format_number(matched), format_number(total)
        if matched == total:
            self._count.set_text(ngettext("{total} VM", "{total} VMs", total, total=all_of))
        else:
            self._count.set_text(
                ngettext(
                    "{matched} of {total} VM matches",
                    "{matched} of {total} VMs match",
                    total,
                    matched=shown,
                    total=all_of,
                )
            )
        self._all_matching.set_text(
            ngettext(
                "All {matched} matching VM", "All {matched} matching VMs", matched, matched=shown
            )
        )

    async def _filter(self, text: str | None) -> None:
        await self._grid.set_quick_filter(text or "")

    async def _cell_changed(self, event: events.GenericEventArguments) -> None:
        column = event.args.get("colId")
        vm_id = (event.args.get("data") or {}).get("vm_id")
        value = event.args.get("newValue")
        if not isinstance(vm_id, str) or vm_id not in self._grid.table:
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
            self._grid.refresh_rows()  # the browser shows the edit: fetch the row as it is

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
        if self._all_matching.value:
            ids = self._grid.matching_ids()  # server-side: loaded in the browser or not
            if not ids:
                ui.notify(_("No VM matches the filters."), type="warning")
            return ids
        rows = await self._grid.run_grid_method("getSelectedRows", timeout=10)
        ids = [row["vm_id"] for row in rows or [] if row.get("vm_id") in self._grid.table]
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
