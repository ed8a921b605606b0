"""The classify page's DRR card: the DRR profile and the per-class table with override inputs."""

from __future__ import annotations

from typing import Any

from nicegui import events, ui

from ..i18n import N_, _, format_number
from ..pipeline import finding_text
from ..pipeline.sizing import StorageResult
from ..vocabulary import PROFILE_LABELS, class_label, ratio, short_number, translated
from . import design, store, widgets
from .forms import ApplyEdit, choice_toggle

HEADERS = [
    N_("Class"),
    N_("VMs"),
    N_("Logical"),
    N_("DRR"),
    N_("Effective"),
    N_("Reduced"),
    N_("Required"),
    N_("Override"),
]
COLUMNS = "grid-template-columns: minmax(9rem,2fr) 2.5rem repeat(5, minmax(4.5rem,1fr)) 5.5rem"
DRR_INPUT_CSS = """
.sp-drr-input .q-field__control,
.sp-drr-input .q-field__marginal { height: 30px; min-height: 30px; }
.sp-drr-input .q-field__native, .sp-drr-input .q-field__suffix { padding: 0; line-height: 30px; }
"""


class DrrCard:
    """Profile toggle, 'Clear class overrides' and the by-class table; drawn where it is created.

    Every control hands its settings edit to `change`; `refresh` redraws the table.
    """

    def __init__(self, storage: StorageResult, change: ApplyEdit) -> None:
        self._change = change
        settings = store.get_state().settings
        ui.add_css(DRR_INPUT_CSS)
        with widgets.card(
            _("Data reduction per class"),
            _("Required capacity includes the snapshot reserve, growth and the fill limit."),
            icon="compress",
        ):
            with ui.row().classes("items-center gap-4"):
                choice_toggle("profile", translated(PROFILE_LABELS), settings.profile, change)
                ui.button(
                    _("Clear class overrides"),
                    icon="restart_alt",
                    on_click=lambda: change(lambda d: d.update(class_drr_overrides={})),
                ).props("flat no-caps dense")
            self._table(storage)

    def refresh(self, storage: StorageResult) -> None:
        """Redraw the table with a new sizing."""
        self._table.refresh(storage)

    @ui.refreshable_method
    def _table(self, storage: StorageResult) -> None:
        """The by-class figures and a DRR override input per class, then the total."""
        overrides = store.get_state().settings.class_drr_overrides
        with (
            ui.element("div").classes(design.TABLE_SCROLL),  # scrolls inside the card
            ui.element("div")
            .classes("w-full min-w-[40rem] grid gap-x-4 gap-y-1 items-center text-sm")
            .style(COLUMNS)
            .props('data-testid="drr-table"'),
        ):
            for header in HEADERS:
                align = "" if header == "Class" else "text-right"
                ui.label(_(header)).classes(f"text-xs uppercase text-slate-500 pb-1 {align}")
            for row in storage.by_class:
                ui.label(class_label(row.class_id)).classes("truncate text-slate-800").tooltip(
                    class_label(row.class_id)
                )
                for text in (
                    format_number(row.vm_count),
                    widgets.capacity(row.logical_mib),
                    ratio(row.drr),
                    ratio(row.effective_drr),
                    widgets.capacity(row.reduced_mib),
                    widgets.capacity(row.required_mib),
                ):
                    ui.label(text).classes("text-right tabular-nums")
                self._override_input(row.class_id, overrides.get(row.class_id), row.drr)
            total = storage.total
            ui.label(_("Total")).classes("font-semibold border-t pt-1")
            for text, testid in (
                (format_number(total.vm_count), "vm-count"),
                (widgets.capacity(total.logical_mib), None),
                ("", None),
                (ratio(total.effective_drr), None),
                (widgets.capacity(total.reduced_mib), None),
                (widgets.capacity(total.required_mib), "required-capacity"),
                ("", None),
            ):
                cell = ui.label(text).classes("text-right font-semibold tabular-nums border-t pt-1")
                if testid:
                    cell.props(f'data-testid="{testid}"')
        widgets.warning_list([finding_text(finding) for finding in storage.findings])

    def _override_input(self, class_id: str, override: float | None, drr: float) -> None:
        async def set_override(event: events.ValueChangeEventArguments) -> None:
            value = event.value

            def edit(data: dict[str, Any]) -> None:
                if value is None:
                    data["class_drr_overrides"].pop(class_id, None)
                else:
                    data["class_drr_overrides"][class_id] = value

            if not await self._change(edit):
                self._table.refresh()  # put the stored override back in the input

        ui.number(value=override, placeholder=short_number(drr), on_change=set_override).props(
            f'outlined dense hide-bottom-space debounce=600 input-class=text-right suffix=":1" '
            f'data-testid="class-drr-{class_id}"'
        ).classes("w-full sp-drr-input").mark(f"class-drr-{class_id}")
