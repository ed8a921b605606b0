"""The classify page's scope card: which VMs are sized, and which capacity counts."""

from __future__ import annotations

from typing import Any

from nicegui import events, ui

from ..i18n import _
from ..pipeline.session import SessionState
from ..vocabulary import BASIS_LABELS, setting_label, translated
from . import store, widgets
from .forms import ApplyEdit, choice_toggle
from .frame import scope_text


class ScopePanel:
    """vCenter, datacenter and cluster filters, inclusion switches, capacity basis and the live
    in-scope count.

    Drawn where it is created; every control hands its settings edit to `change`.
    """

    def __init__(self, state: SessionState, change: ApplyEdit) -> None:
        assert state.inventory is not None
        self._change = change
        settings = state.settings
        scope = settings.scope
        places = store.inventory_summary(state.inventory)
        datacenters, clusters = places.vm_datacenters, places.vm_clusters
        vcenters = places.vm_vcenters
        with widgets.card(
            _("Scope"), _("Which VMs are sized, and which capacity counts"), icon="filter_alt"
        ):
            with ui.row().classes("w-full items-center gap-4"):
                if len(vcenters) > 1:  # one estate from several exports (one per vCenter)
                    self._multi_select(vcenters, scope.vcenters, "vcenters")
                self._multi_select(datacenters, scope.datacenters, "datacenters")
                self._multi_select(clusters, scope.clusters, "clusters")
                self._switch(scope.include_powered_off, "include_powered_off")
                self._switch(scope.include_suspended, "include_suspended")
                self._switch(scope.include_templates, "include_templates")
            with ui.row().classes("w-full items-center gap-4"):
                choice_toggle("basis", translated(BASIS_LABELS), settings.basis, change)
                ui.space()
                self.status = ui.row().classes("items-center")  # the sizing spinner goes here
                self._count = ui.label().classes("text-base font-semibold text-slate-800")
                self._count.props('data-testid="scope-count"')
        self.show_count(state)

    def show_count(self, state: SessionState) -> None:
        """Show how many VMs `state`'s scope settings keep, e.g. '279 of 298 VMs in scope'."""
        self._count.set_text(scope_text(state))

    def _multi_select(self, options: list[str], chosen: list[str] | None, key: str) -> None:
        def pick(event: events.ValueChangeEventArguments) -> Any:
            values = sorted(event.value or [])
            value = None if values == options else values  # every one ticked = all, incl. new ones
            return self._change(lambda d: d["scope"].update({key: value}))

        ui.select(
            options,
            multiple=True,
            label=setting_label(f"scope.{key}").label,
            value=list(options if chosen is None else chosen),
            on_change=pick,
        ).props(f'use-chips outlined dense data-testid="{key}"').classes(
            "w-full sm:w-auto sm:min-w-56 max-w-96"
        )

    def _switch(self, value: bool, key: str) -> None:
        def toggle(event: events.ValueChangeEventArguments) -> Any:
            return self._change(lambda d: d["scope"].update({key: bool(event.value)}))

        ui.switch(setting_label(f"scope.{key}").label, value=value, on_change=toggle).props(
            f'data-testid="{key}"'
        )
