"""Compute page: host, ratios and scenario controls; hosts needed and their breakdown."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from ..config import AppConfig
from ..i18n import N_, _
from ..pipeline import ComputeSettings, CustomHost
from ..pipeline.session import SessionState
from ..pipeline.sizing import CUSTOM_HOST_ID, load_presets
from ..vocabulary import SCENARIO_LABELS, host_label, short_number, spares_label, translated
from . import design, skeleton, widgets
from .assumptions import (
    assumption_choice,
    assumption_input,
    assumption_inputs,
    fields_at,
    topic_fields,
)
from .compute_results import draw_results
from .estate import estate_comparison
from .forms import SettingsEdit, SettingsForm, set_path

SPARES = {spares: spares_label(spares) for spares in (0, 1, 2)}
GROWTH = {"storage": N_("Same as storage"), "own": N_("Own")}
OWN_CONTROLS = ("compute.ha_spares", "compute.stretched_split", "compute.dr_protected_share")
MARKS = {  # short markers the page tests know the inputs by
    "compute.vcpu_per_core": "vcpu-ratio",
    "compute.memory_overcommit": "mem-overcommit",
    "compute.max_cpu_util": "max-cpu",
    "compute.max_memory_util": "max-mem",
    "compute.min_hosts_per_cluster": "min-hosts",
}
CUSTOM_MARKS = {  # the custom host's fields, with the markers the page tests know them by
    "compute.custom_host.sockets": "custom-sockets",
    "compute.custom_host.cores_per_socket": "custom-cores",
    "compute.custom_host.ghz": "custom-ghz",
    "compute.custom_host.ram_gib": "custom-ram",
}
CUSTOM_STEPS = {"compute.custom_host.ghz": 0.1, "compute.custom_host.ram_gib": 64.0}
OWN_GROWTH = {  # the compute's own growth, each falling back to the storage setting while empty
    "compute.annual_growth": ("compute-growth", "annual_growth"),
    "compute.years": ("compute-years", "years"),
}
SCENARIO_MARKS = {
    "compute.stretched_split": "stretched-split",
    "compute.dr_protected_share": "dr-share",
}


async def create(config: AppConfig) -> None:
    """Draw the compute page for this tab's session."""
    del config  # this page needs no server configuration
    await skeleton.draw_page("compute", _draw)


async def _draw(state: SessionState) -> None:
    view = _ComputeView()
    with ui.row().classes(design.SIDE_BY_SIDE):
        with ui.column().classes(design.SIDEBAR):
            view.settings_form(state)
        with ui.column().classes(design.MAIN):
            await view.results()


class _ComputeView:
    """One open compute page: its settings form and the results it redraws after a change."""

    def __init__(self) -> None:
        self.form = SettingsForm(lambda: self.results.refresh())
        self._custom: dict[str, Any] = CustomHost().model_dump()  # what the custom fields show

    def apply(self, changes: dict[str, Any]) -> Any:
        """Change keys of the compute section."""

        def edit(data: dict[str, Any]) -> None:
            data["compute"].update(changes)

        return self.form.apply(edit)

    def settings_form(self, state: SessionState) -> None:
        """Host, ratios, growth and scenario controls; each change is stored and re-sized."""
        compute = state.settings.compute
        with widgets.card(_("ESXi host"), icon="dns"):
            self._host_controls(compute)
        with widgets.card(_("Ratios and headroom"), icon="tune"):
            fields = topic_fields("compute", exclude=OWN_CONTROLS)
            assumption_inputs(self.form, fields, MARKS)
            ui.label(_("HA spares")).classes("text-sm text-slate-600")
            spares = ui.toggle(
                SPARES,
                value=compute.ha_spares,
                on_change=lambda e: self.apply({"ha_spares": e.value}),
            )
            spares.props("no-caps spread").classes("w-full")
            assumption_choice(spares, "compute.ha_spares", mark="ha-spares")
        with widgets.card(_("Growth"), icon="trending_up"):
            self._growth_controls(state)
        with widgets.card(_("Scenario"), icon="hub"):
            self._scenario_controls(compute)

    def _host_controls(self, compute: ComputeSettings) -> None:
        options = {host.id: host_label(host) for host in load_presets()}
        options[CUSTOM_HOST_ID] = _("Custom host…")
        current = CUSTOM_HOST_ID if compute.custom_host is not None else compute.host_preset
        custom = compute.custom_host or CustomHost()
        self._custom = custom.model_dump()

        async def choose(event) -> None:
            box.set_visibility(event.value == CUSTOM_HOST_ID)
            if event.value == CUSTOM_HOST_ID:
                await self.apply({"custom_host": self._custom})
            else:
                await self.apply({"host_preset": event.value, "custom_host": None})

        host = ui.select(options, label=_("Server"), value=current, on_change=choose)
        host.props("outlined dense options-dense").classes("w-full")
        assumption_choice(host, "compute.host_preset", mark="host-preset")
        with ui.column().classes("w-full gap-2") as box:
            ui.input(
                _("Name"),
                value=custom.name,
                on_change=lambda e: self.apply_custom(
                    set_path("compute.custom_host.name", e.value)
                ),
            ).props("outlined dense debounce=600").classes("w-full").mark("custom-name")
            for field in fields_at(CUSTOM_MARKS, CustomHost, "compute.custom_host."):
                assumption_input(
                    self.form,
                    field,
                    mark=CUSTOM_MARKS[field.path],
                    step=CUSTOM_STEPS.get(field.path),
                    apply=self.apply_custom,
                )
        box.set_visibility(current == CUSTOM_HOST_ID)

    def _growth_controls(self, state: SessionState) -> None:
        compute, settings = state.settings.compute, state.settings
        own = compute.annual_growth is not None or compute.years is not None
        ui.label(
            _(
                "Storage assumes {rate}% a year for {years} years.",
                rate=short_number(settings.annual_growth * 100),
                years=short_number(settings.years),
            )
        ).classes("text-sm text-slate-600")

        async def choose(event) -> None:
            box.set_visibility(event.value == "own")
            if event.value == "own":  # start from what the fields show
                own_growth = {"annual_growth": (rate.value or 0) / 100, "years": years.value or 0}
                await self.apply(own_growth)
            else:
                await self.apply({"annual_growth": None, "years": None})

        ui.toggle(translated(GROWTH), value="own" if own else "storage", on_change=choose).props(
            "no-caps spread"
        ).classes("w-full").mark("growth-mode")
        with ui.column().classes("w-full gap-2") as box:
            rate, years = (
                assumption_input(self.form, field, mark=mark, fallback=fallback)
                for field, (mark, fallback) in zip(
                    fields_at(OWN_GROWTH), OWN_GROWTH.values(), strict=True
                )
            )
        box.set_visibility(own)

    def _scenario_controls(self, compute: ComputeSettings) -> None:
        async def choose(event) -> None:
            split.set_visibility(event.value == "stretched")
            share.set_visibility(event.value == "dr")
            await self.apply({"scenario": event.value})

        ui.radio(translated(SCENARIO_LABELS), value=compute.scenario, on_change=choose).props(
            "dense"
        ).classes("w-full").mark("scenario")
        split_field, share_field = fields_at(SCENARIO_MARKS)
        with ui.column().classes("w-full gap-1") as split:
            assumption_input(self.form, split_field, mark=SCENARIO_MARKS[split_field.path])
            ui.label(_("Each site is sized to run everything after the other site fails.")).classes(
                "text-xs text-slate-500"
            )
        with ui.column().classes("w-full gap-1") as share:
            assumption_input(self.form, share_field, mark=SCENARIO_MARKS[share_field.path])
            ui.label(
                _("The secondary site restarts this share of the primary's workload.")
            ).classes("text-xs text-slate-500")
        split.set_visibility(compute.scenario == "stretched")
        share.set_visibility(compute.scenario == "dr")

    async def apply_custom(self, edit: SettingsEdit) -> bool:
        """Change fields of the custom host (which must be the one in use)."""
        data = {"compute": {"custom_host": dict(self._custom)}}
        edit(data)
        changed = data["compute"]["custom_host"]
        accepted = await self.apply({"custom_host": changed})
        if accepted:
            self._custom = changed
        return accepted

    @ui.refreshable_method
    async def results(self) -> None:
        """Hosts needed, the site and cluster breakdowns, the demand-based variant, warnings."""
        result = await self.form.sized(_("Sizing ESXi hosts…"))
        if result is not None:
            draw_results(result.compute)
            estate_comparison(result)
