"""Layout page: datastore settings, the three strategies side by side, the chosen one in detail."""

from __future__ import annotations

from nicegui import ui

from ..config import AppConfig
from ..i18n import N_, _, format_number, ngettext
from ..pipeline import Strategy
from ..pipeline.classify import CATEGORIES
from ..pipeline.layout import StrategyLayout
from ..pipeline.session import SessionState
from ..pipeline.sizing import SizingResult
from ..vocabulary import (
    LOGICAL_VMFS,
    STRATEGY_BLURBS,
    STRATEGY_LABELS,
    category_label,
    strategy_label,
)
from . import design, skeleton, widgets
from .assumptions import assumption_inputs, topic_fields
from .datastores import chosen_detail
from .forms import SettingsForm, set_path

BIG_DATABASE = "layout.isolate_database_over_mib"
PERFORMANCE_ONLY = (BIG_DATABASE, "layout.hot_vm_iops", "layout.hot_max_vms")
ISOLATE = "assumption-layout-isolate_categories"
MARKS = {  # short markers the page tests know the inputs by
    "layout.datastore_size_mib": "ds-size",
    "layout.max_vms_per_datastore": "max-vms",
    "layout.iops_budget": "iops-budget",
    "layout.fill_limit": "fill-limit",
    "layout.hot_vm_iops": "hot-iops",
    BIG_DATABASE: "isolate-db",
}
ESTIMATED_IOPS = N_(
    "No measured IOPS for {count}: their IOPS are estimates from per-class defaults, and so are "
    "the hot flags and the IOPS budget checks built on them."
)


def _datastores(count: int) -> str:
    return ngettext("{number} datastore", "{number} datastores", count, number=format_number(count))


async def create(config: AppConfig) -> None:
    """Draw the layout page for this tab's session."""
    del config  # this page needs no server configuration
    await skeleton.draw_page("layout", _draw)


async def _draw(state: SessionState) -> None:
    view = _LayoutView(state)
    with ui.row().classes(design.SIDE_BY_SIDE):
        with ui.column().classes(design.SIDEBAR):
            view.settings_form(state)
        with ui.column().classes(design.MAIN):
            await view.results()


def measured_iops(state: SessionState) -> frozenset[str]:
    """The VMs whose peak IOPS were measured (LiveOptics); the others' IOPS are estimates."""
    assert state.inventory is not None
    return frozenset(vm.vm_id for vm in state.inventory.vms if vm.peak_iops is not None)


class _LayoutView:
    """One open layout page: its settings form and the results it redraws after a change."""

    def __init__(self, state: SessionState) -> None:
        self.form = SettingsForm(lambda: self.results.refresh())
        self._measured = measured_iops(state)

    def settings_form(self, state: SessionState) -> None:
        """The layout settings; each change is validated, stored and the results redrawn."""
        layout = state.settings.layout
        with widgets.card(_("Datastore rules"), _("Applied to every strategy"), icon="tune"):
            fields = topic_fields("layout", exclude=PERFORMANCE_ONLY)
            assumption_inputs(self.form, fields, MARKS)
            ui.label(
                _(
                    "The snapshot reserve and growth of the capacity assumptions are added to "
                    "each VM's footprint; the fill limit caps how full a datastore may get."
                )
            ).classes("text-xs text-slate-500")
        with widgets.card(
            _("Isolation"), _("Applied by the performance strategy"), icon="call_split"
        ):
            ui.select(
                {key: category_label(key) for key in CATEGORIES},
                label=_("Isolate on their own datastores"),
                value=list(layout.isolate_categories),
                multiple=True,
                on_change=lambda e: self.form.apply(
                    set_path("layout.isolate_categories", list(e.value or []))
                ),
            ).props(f'outlined dense use-chips data-testid="{ISOLATE}"').classes("w-full").mark(
                "isolate", ISOLATE
            )
            only = [f for f in topic_fields("layout") if f.path in PERFORMANCE_ONLY]
            assumption_inputs(self.form, only, MARKS)

    @ui.refreshable_method
    async def results(self) -> None:
        """The strategy cards and the chosen strategy's chart and table."""
        result = await self.form.sized(_("Planning datastores for every strategy…"))
        if result is None:
            return
        self._estimate_note(result)
        subtitle = _("All three are computed; pick the one to build")
        with (
            widgets.card(_("Strategies"), subtitle, icon="storage"),
            ui.row().classes("w-full gap-4 items-stretch flex-col md:flex-row md:flex-nowrap"),
        ):
            for key in STRATEGY_LABELS:
                self._strategy_card(result, key)
        chosen_detail(result, self._measured)

    def _estimate_note(self, result: SizingResult) -> None:
        estimated = [row for row in result.storage.vms if row.in_scope]
        count = sum(row.vm_id not in self._measured for row in estimated)
        if count:
            vms = ngettext("{number} VM", "{number} VMs", count, number=format_number(count))
            note = _(ESTIMATED_IOPS, count=vms)
            widgets.warning_list([note])
            ui.element("span").props('data-testid="iops-estimated"').mark("iops-estimated")

    def _strategy_card(self, result: SizingResult, key: Strategy) -> None:
        plan = result.layout.strategies[key]
        chosen = result.layout.chosen == key
        border = "border-2 border-primary" if chosen else "border border-slate-200"
        with (
            ui.card()
            .classes(f"w-full md:flex-1 min-w-0 p-4 gap-2 shadow-none {border}")
            .mark(f"strategy-{key}")
        ):
            with ui.row().classes("w-full items-center justify-between no-wrap"):
                ui.label(strategy_label(key)).classes("text-base font-semibold text-slate-800")
                if chosen:
                    ui.badge(_("Chosen"), color="primary").classes("px-2")
            ui.label(_(STRATEGY_BLURBS[key])).classes("text-xs text-slate-500 min-h-8")
            with ui.row().classes("items-baseline gap-2"):
                count = ui.label(str(plan.count)).classes("text-4xl font-bold text-slate-800")
                count.mark(f"count-{key}").props(f'data-testid="datastore-count-{key}"')
                ui.label(ngettext("datastore", "datastores", plan.count)).classes("text-slate-500")
            _strategy_facts(plan)
            ui.space()
            if chosen:
                ui.button(_("In use"), icon="check").props("flat no-caps disable").classes("w-full")
            else:
                ui.button(
                    _("Use this strategy"),
                    on_click=lambda k=key: self.form.apply(set_path("layout.chosen_strategy", k)),
                ).props("outline no-caps").classes("w-full").mark(f"use-{key}")


def _strategy_facts(plan: StrategyLayout) -> None:
    isolated = sum(1 for ds in plan.datastores if ds.isolated)
    oversized = sum(1 for ds in plan.datastores if ds.oversized)
    gap = format_number(plan.gap_pct, 1)
    bound = _("{datastores} (gap {gap}%)", datastores=_datastores(plan.lower_bound), gap=gap)
    _fact(_("Lower bound"), bound)
    total = _("Total capacity ({basis})", basis=_(LOGICAL_VMFS))
    _fact(total, widgets.capacity(plan.total_capacity_mib))
    spread = format_number(plan.fill_spread_pct, 1)
    _fact(_("Fill spread"), _("{points} percentage points", points=spread))
    _fact(_("Isolated"), _datastores(isolated))
    if oversized:
        fit = _("{datastores} sized to fit one VM", datastores=_datastores(oversized))
        _fact(_("Oversized"), fit)
    if plan.warnings:
        count = len(plan.warnings)
        warnings = ngettext("{number} warning", "{number} warnings", count, number=count)
        with (
            ui.expansion(warnings, icon="warning")
            .classes("w-full text-sm text-amber-800")
            .props("dense header-class=px-0")
        ):
            widgets.warning_list(list(plan.warnings))


def _fact(label: str, value: str) -> None:
    with ui.row().classes("w-full justify-between gap-2 no-wrap text-sm"):
        ui.label(label).classes("text-slate-500")
        ui.label(value).classes("text-slate-800 font-medium text-right")
