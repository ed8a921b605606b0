"""Named scenarios of one session: full settings objects, one active, compared side by side.

The active scenario's settings are `state.settings` (what every page edits); the others wait in
`state.scenarios`. Switching swaps them, so there is never a second copy of the active settings.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from ...i18n import gettext
from ..errors import SettingsError
from ..settings import SizingSettings
from ..sizing.run import size_session
from .state import NamedScenario, SessionState

MAX_SCENARIOS = 12
MAX_NAME = 80


class ScenarioFigures(BaseModel):
    """The headline figures of one scenario, as `size --json` gives them for its settings."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    active: bool
    required_mib: float
    effective_drr: float | None
    datastores: int
    datastores_by_strategy: dict[str, int]
    hosts: int
    licence_cores: int


def all_scenarios(state: SessionState) -> list[tuple[str, SizingSettings]]:
    """Every scenario as (name, settings), the active one first."""
    return [
        (state.scenario_name, state.settings),
        *((other.name, other.settings) for other in state.scenarios),
    ]


def check_scenario_name(state: SessionState, name: str) -> str:
    """The trimmed name, refused when empty, too long or already used in this session."""
    name = name.strip()
    if not name or len(name) > MAX_NAME:
        raise SettingsError(
            gettext("A scenario name needs 1 to {MAX_NAME} characters.", MAX_NAME=MAX_NAME)
        )
    if name.casefold() in {taken.casefold() for taken, _ in all_scenarios(state)}:
        raise SettingsError(
            gettext("A scenario named {name!r} exists already: choose another name.", name=name)
        )
    return name


def duplicate_scenario(state: SessionState, name: str) -> SessionState:
    """A copy of the active scenario under `name`, which becomes the active one."""
    name = check_scenario_name(state, name)
    if len(state.scenarios) + 1 >= MAX_SCENARIOS:
        raise SettingsError(
            gettext(
                "A session holds at most {MAX_SCENARIOS} scenarios: delete one first.",
                MAX_SCENARIOS=MAX_SCENARIOS,
            )
        )
    kept = NamedScenario(name=state.scenario_name, settings=state.settings)
    return state.model_copy(update={"scenario_name": name, "scenarios": [*state.scenarios, kept]})


def add_scenario(state: SessionState, name: str, settings: SizingSettings) -> SessionState:
    """`state` with one more (inactive) scenario."""
    name = check_scenario_name(state, name)
    if len(state.scenarios) + 1 >= MAX_SCENARIOS:
        raise SettingsError(
            gettext(
                "A session holds at most {MAX_SCENARIOS} scenarios: delete one first.",
                MAX_SCENARIOS=MAX_SCENARIOS,
            )
        )
    added = NamedScenario(name=name, settings=settings)
    return state.model_copy(update={"scenarios": [*state.scenarios, added]})


def switch_scenario(state: SessionState, name: str) -> SessionState:
    """`state` with the scenario `name` active; the previously active one waits in its place."""
    if name == state.scenario_name:
        return state
    chosen = _find(state, name)
    waiting = NamedScenario(name=state.scenario_name, settings=state.settings)
    others = [waiting if other.name == name else other for other in state.scenarios]
    return state.model_copy(
        update={"scenario_name": chosen.name, "settings": chosen.settings, "scenarios": others}
    )


def delete_scenario(state: SessionState, name: str) -> SessionState:
    """`state` without the inactive scenario `name` (the active one cannot be deleted)."""
    if name == state.scenario_name:
        raise SettingsError(
            gettext("The active scenario cannot be deleted: switch to another one first.")
        )
    _find(state, name)
    return state.model_copy(
        update={"scenarios": [other for other in state.scenarios if other.name != name]}
    )


def compare_scenarios(state: SessionState) -> list[ScenarioFigures]:
    """The headline figures of every scenario, each sized exactly as `size` sizes it."""
    rows = []
    for name, settings in all_scenarios(state):
        result = size_session(state.model_copy(update={"settings": settings}))
        layout = result.layout
        rows.append(
            ScenarioFigures(
                name=name,
                active=name == state.scenario_name,
                required_mib=result.storage.total.required_mib,
                effective_drr=result.storage.total.effective_drr,
                datastores=layout.strategies[layout.chosen].count,
                datastores_by_strategy={key: plan.count for key, plan in layout.strategies.items()},
                hosts=result.compute.hosts,
                licence_cores=result.compute.licensing.proposed_cores,
            )
        )
    return rows


def _find(state: SessionState, name: str) -> NamedScenario:
    for other in state.scenarios:
        if other.name == name:
            return other
    raise SettingsError(gettext("This session has no scenario named {name!r}.", name=name))
