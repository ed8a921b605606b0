"""Shared forms: number fields, the one way to apply a settings edit, and table columns.

Every settings edit on every page goes through `SettingsForm.apply`: it edits a dump of the
settings, validates it (a refusal names the field as the page labels it, with its allowed range),
stores it and redraws; a refused value is replaced in its field by the value in force.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from nicegui import ui

from ..i18n import _, active_language, unit_symbol
from ..pipeline import Refusal, SettingsError, SizingSettings, check_settings, mib_per_unit
from ..pipeline.sizing import SizingResult
from ..vocabulary import SettingLabel, allowed_range, setting_label, setting_value
from . import skeleton, store

LOCALE_TAGS = {"en": "en-US", "fr": "fr-FR", "de": "de-DE"}  # number formats in the browser
SettingsEdit = Callable[[dict[str, Any]], None]
"""Changes a settings dump (`SizingSettings.model_dump(mode='json')`) in place."""
ApplyEdit = Callable[[SettingsEdit], Awaitable[bool]]
"""Validates and stores a settings edit and redraws; False when the edit was refused."""


@dataclass(frozen=True)
class NumberField:
    """A number input for the setting at dotted `path`; label and unit come from the vocabulary."""

    path: str
    mark: str
    step: float = 1.0

    @property
    def key(self) -> str:
        """The setting's own name within its section, e.g. 'fill_limit'."""
        return self.path.rsplit(".", 1)[-1]

    def shown_as(self) -> SettingLabel:
        """Label, unit and scale as this tab shows them (capacities in its TiB or TB)."""
        return shown_label(self.path)


def shown_label(path: str) -> SettingLabel:
    """The vocabulary's label of a setting, with MiB capacities turned into the tab's unit."""
    label = setting_label(path)
    if label.unit == "MiB":
        unit = store.get_unit()
        return SettingLabel(label.label, unit, 1 / mib_per_unit(unit))
    return label


def explain(refusal: Refusal) -> str:
    """A refused setting in the page's words: its label, allowed range and the value given."""
    path = ".".join(refusal.path)
    label = shown_label(path)
    if refusal.path[0] == "vm_drr_overrides" and len(refusal.path) > 1:
        label = label._replace(label=_("DRR of VM {name}", name=_vm_name(refusal.path[1])))
    value = refusal.value
    given = ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        given = _(" (you entered {value})", value=setting_value(value, label.unit, label.scale))
    if refusal.bounds.low is None and refusal.bounds.high is None:
        return _("{setting}: {reason}.", setting=label.label, reason=_(refusal.reason))
    limits = allowed_range(refusal.bounds, label.unit, label.scale)
    return _("{setting} must be {limits}{given}.", setting=label.label, limits=limits, given=given)


def _vm_name(vm_id: str) -> str:
    inventory = store.get_state().inventory
    names = {vm.vm_id: vm.name for vm in inventory.vms} if inventory else {}
    return names.get(vm_id, _("(not in this inventory)"))


def get_path(data: dict[str, Any], path: str) -> Any:
    """The value at dotted `path` of a settings dump (None where a section is unset)."""
    value: Any = data
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def set_path(path: str, value: Any) -> SettingsEdit:
    """An edit that puts `value` at dotted `path` of a settings dump."""

    def edit(data: dict[str, Any]) -> None:
        *sections, key = path.split(".")
        target = data
        for part in sections:
            target = target[part]
        target[key] = value

    return edit


class SettingsForm:
    """One open page's settings edits and the results they redraw: the one way to apply an edit."""

    def __init__(self, redraw: Callable[[], Awaitable[None]]) -> None:
        self._redraw = redraw
        self._generation = 0  # counts sizings started: only the latest may draw

    async def apply(self, edit: SettingsEdit) -> bool:
        """Apply `edit` to the settings, validate, store, redraw; False (explained) if refused."""
        state = store.get_state()
        if state.inventory is None:
            return False
        data = state.settings.model_dump(mode="json")
        edit(data)
        try:
            settings = check_settings(data, explain)
        except SettingsError as error:
            skeleton.show_error(error)
            return False
        if settings == state.settings:
            return True
        store.update_state(state.model_copy(update={"settings": settings}))
        await self._redraw()
        return True

    async def sized(self, message: str) -> SizingResult | None:
        """The sizing with the one spinner; None when it failed (shown) or a newer one started."""
        self._generation += 1
        generation = self._generation
        result = await skeleton.sized(message)
        return result if generation == self._generation else None

    def number(
        self, spec: NumberField, value: float | None, on_value: ApplyEdit | None = None
    ) -> ui.number:
        """A debounced number input showing `value`; a refused entry shows the value in force."""
        shown = spec.shown_as()
        whole = isinstance(value, int) and not isinstance(value, bool)

        async def changed(event: Any) -> None:
            if event.value is None:
                return
            stored = event.value / shown.scale
            stored = round(stored) if whole else stored
            if not await (on_value or self.apply)(set_path(spec.path, stored)):
                field.set_value(_in_force(spec.path, shown.scale))

        field = ui.number(
            shown.label,
            value=None if value is None else round(value * shown.scale, 4),
            step=spec.step,
            suffix=unit_symbol(shown.unit),
            on_change=changed,
        )
        field.props(f'outlined dense debounce=600 data-testid="{spec.mark}"').classes("w-full")
        field.mark(spec.mark)
        return field


def _in_force(path: str, scale: float) -> float | None:
    value = get_path(store.get_state().settings.model_dump(mode="json"), path)
    return None if value is None else round(value * scale, 4)


def defaults() -> dict[str, Any]:
    """The default settings as a dump, to show beside a changed value."""
    return SizingSettings().model_dump(mode="json")


def table_column(
    name: str, label: str, align: str = "right", digits: int | None = None, sortable: bool = True
) -> dict[str, Any]:
    """A ui.table column of field `name`; `digits` shows numbers with fixed decimals."""
    column: dict[str, Any] = {
        "name": name,
        "label": label,
        "field": name,
        "align": align,
        "sortable": sortable,
    }
    if digits is not None:  # fixed decimals with thousands separators, sorted as numbers
        column[":format"] = (
            f"v => v == null ? '' : v.toLocaleString('{LOCALE_TAGS[active_language()]}', "
            f"{{minimumFractionDigits: {digits}, maximumFractionDigits: {digits}}})"
        )
    return column


def paginated(table: ui.table) -> ui.table:
    """`table` with its pagination controls in the page's language ('1-15 of 42')."""
    of = json.dumps(" " + _("of") + " ")
    table.props["rows-per-page-label"] = _("Rows per page:")
    table.props[":pagination-label"] = f"(first, last, total) => first + '-' + last + {of} + total"
    table.props["no-data-label"] = _("No data")
    return table


def choice_toggle(path: str, options: dict[Any, str], value: str, apply: ApplyEdit) -> ui.toggle:
    """A labelled toggle choosing the setting at `path`; a pick applies as a settings edit."""
    ui.label(setting_label(path).label).classes("text-sm text-slate-600")
    toggle = ui.toggle(options, value=value, on_change=lambda e: apply(set_path(path, e.value)))
    toggle.props(f'no-caps dense toggle-color=primary data-testid="assumption-{path}"')
    return toggle.mark(path, f"assumption-{path}")
