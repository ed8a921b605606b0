"""Compare page: the session's named scenarios, the active one, their figures side by side."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from ..config import AppConfig
from ..i18n import _, format_number, ngettext
from ..pipeline import StorePredictError
from ..pipeline.session import (
    ScenarioFigures,
    SessionState,
    compare_scenarios,
    delete_scenario,
    duplicate_scenario,
    switch_scenario,
)
from ..vocabulary import STRATEGY_LABELS, ratio, strategy_label
from . import design, skeleton, store, widgets


async def create(config: AppConfig) -> None:
    """Draw the compare page for this tab's session."""
    await skeleton.draw_page("scenarios", _draw)


Redraw = Callable[[], Awaitable[None]]


async def _draw(state: SessionState) -> None:
    # This page's own refreshable: a module-level one would redraw every tab showing the page
    # and keep the targets of closed ones.
    content = ui.refreshable(_content)
    await content(content.refresh)


async def _content(redraw: Redraw) -> None:
    state = store.get_state()
    with ui.row().classes(design.SIDE_BY_SIDE):
        with ui.column().classes(design.SIDEBAR):
            _scenario_list(state, redraw)
        with ui.column().classes(design.MAIN):
            await _comparison(state)


def _scenario_list(state: SessionState, redraw: Redraw) -> None:
    subtitle = _("Each scenario is a full set of settings; the pages edit the active one.")
    with widgets.card(_("Scenarios"), subtitle, icon="tune"):
        for name in [state.scenario_name, *(other.name for other in state.scenarios)]:
            active = name == state.scenario_name
            with ui.row().classes("w-full items-center gap-2 no-wrap"):
                ui.label(name).classes("grow font-medium text-slate-800 truncate")
                if active:
                    ui.badge(_("Active"), color="primary").props('data-testid="active-scenario"')
                    continue
                ui.button(
                    _("Make active"), on_click=lambda n=name: _change(switch_scenario, n, redraw)
                ).props("flat dense no-caps")
                ui.button(
                    icon="delete", on_click=lambda n=name: _change(delete_scenario, n, redraw)
                ).props(
                    f'flat dense round aria-label="{_("Delete {name}", name=_attribute(name))}"'
                )
        ui.separator()
        new_name = ui.input(_("New scenario name")).props(
            'outlined dense maxlength=80 data-testid="scenario-name"'
        )
        ui.button(
            _("Duplicate the active scenario"),
            icon="content_copy",
            on_click=lambda: _change(duplicate_scenario, str(new_name.value or ""), redraw),
        ).props('no-caps unelevated data-testid="duplicate-scenario"')


def _attribute(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;")


async def _change(
    action: Callable[[SessionState, str], SessionState], name: str, redraw: Redraw
) -> None:
    """Apply a scenario action to this tab's session and redraw, or show why it was refused."""
    try:
        state = action(store.get_state(), name)
    except StorePredictError as error:
        skeleton.show_error(error)
        return
    store.update_state(state)
    await redraw()


async def _comparison(state: SessionState) -> None:
    subtitle = _("Every figure is sized exactly as the pages and the reports size that scenario.")
    with widgets.card(_("Side by side"), subtitle, icon="compare_arrows"):
        count = len(state.scenarios) + 1
        sizing = ngettext(
            "Sizing {number} scenario…", "Sizing {number} scenarios…", count, number=count
        )
        try:
            with widgets.busy(sizing):
                rows = await store.run_checked(compare_scenarios, state)
        except StorePredictError as error:
            skeleton.show_error(error, _("Could not size the scenarios"))
            return
        if rows is None:
            return
        with ui.element("div").classes(design.TABLE_SCROLL):
            ui.table(columns=_columns(), rows=[_row(row) for row in rows], row_key="name").props(
                'flat dense data-testid="scenario-table"'
            ).classes("w-full")


def _columns() -> list[dict[str, str]]:
    names = [
        ("name", _("Scenario")),
        ("required", _("Required capacity")),
        ("drr", _("Effective DRR")),
    ]
    names += [
        (f"ds_{key}", _("Datastores: {strategy}", strategy=strategy_label(key)))
        for key in STRATEGY_LABELS
    ]
    names += [("hosts", _("Hosts")), ("cores", _("Licence cores"))]
    return [{"name": key, "label": label, "field": key, "align": "left"} for key, label in names]


def _row(row: ScenarioFigures) -> dict[str, str]:
    values = {
        "name": _("{name} (active)", name=row.name) if row.active else row.name,
        "required": widgets.capacity(row.required_mib),
        "drr": ratio(row.effective_drr),
        "hosts": format_number(row.hosts),
        "cores": format_number(row.licence_cores),
    }
    values.update(
        {f"ds_{k}": format_number(count) for k, count in row.datastores_by_strategy.items()}
    )
    return values
