"""The assumptions panel: every numeric sizing setting of one topic, editable in one place.

Built from the SizingSettings model (pipeline/settings/fields.numeric_fields), so a setting added
to the model appears here without a second list. Each input shows its unit and allowed range; a
changed value shows the default beside it and a reset button. Inputs carry the data-testid
`assumption-<key>`, or `assumption-<section>-<key>` inside a section (assumption-layout-fill_limit).
A choice (toggle or select) gets the same default line and reset from `assumption_choice`.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterable
from typing import Any

from nicegui import ui
from pydantic import BaseModel

from ..i18n import _
from ..pipeline import NumericField, numeric_fields
from ..vocabulary import allowed_range, setting_value
from . import store
from .forms import (
    ApplyEdit,
    NumberField,
    SettingsEdit,
    SettingsForm,
    defaults,
    get_path,
    set_path,
    shown_label,
)


def testid(path: str) -> str:
    """The data-testid of a setting's input, e.g. 'assumption-snapshot_reserve'."""
    return "assumption-" + path.replace(".", "-")


def topic_fields(section: str, exclude: tuple[str, ...] = ()) -> list[NumericField]:
    """The numeric settings directly in `section` ('' for the top level), minus `exclude`."""
    depth = 0 if not section else section.count(".") + 1
    return [
        field
        for field in numeric_fields()
        if field.path.count(".") == depth
        and (not section or field.path.startswith(section + "."))
        and field.default is not None  # optional overrides have their own controls
        and field.path not in exclude
    ]


def fields_at(
    paths: Iterable[str], model: type[BaseModel] | None = None, prefix: str = ""
) -> list[NumericField]:
    """The numeric settings at `paths`, in that order; `model` and `prefix` reach a section
    that is empty by default (e.g. CustomHost at 'compute.custom_host.')."""
    found = {f.path: f for f in (numeric_fields(model, prefix) if model else numeric_fields())}
    return [found[path] for path in paths]


def assumption_inputs(
    form: SettingsForm, fields: list[NumericField], marks: dict[str, str] | None = None
) -> None:
    """One input per field with its unit, allowed range, default and reset.

    `marks` maps a setting's path to a further marker for its input (e.g. 'fill-limit').
    """
    for field in fields:
        assumption_input(form, field, mark=(marks or {}).get(field.path))


def assumption_input(
    form: SettingsForm,
    field: NumericField,
    *,
    mark: str | None = None,
    step: float | None = None,
    apply: ApplyEdit | None = None,
    fallback: str | None = None,
) -> ui.number:
    """One setting's input with its unit, allowed range, default beside a changed value and reset.

    `apply` stores its edits (the form's by default, e.g. the custom host's own); `fallback` is the
    setting in force while this optional one is empty: it is then the default, and a reset
    empties the setting again (the compute's own growth falls back to the storage growth).
    """
    label = shown_label(field.path)
    if step is None:
        step = 1.0 if field.whole or label.scale == 1 else 0.5
    spec = NumberField(field.path, testid(field.path), step=step, fallback=fallback)
    store_edit = apply or form.apply

    def default_of(settings: dict[str, Any]) -> float:
        value = get_path(settings, fallback) if fallback else field.default
        return value or 0

    def changed(settings: dict[str, Any]) -> bool:
        value = get_path(settings, field.path)
        return value is not None and not math.isclose(value, default_of(settings))

    emptying = False  # set by a reset of an optional setting: its change empties it again

    async def apply_edit(edit: SettingsEdit) -> bool:
        nonlocal emptying
        if emptying:
            emptying, edit = False, set_path(field.path, None)
        elif fallback and _keeps_following(_in_force(), field.path, fallback, edit):
            return True  # the value in force shown again (e.g. after a refusal): stays empty
        accepted = await store_edit(edit)
        beside.set_visibility(changed(_in_force()))
        return accepted

    async def reset() -> None:  # the field's own change handler applies the default
        nonlocal emptying
        shown = round(default_of(_in_force()) * label.scale, 4)
        if number.value == shown:  # no change event follows: apply the default here
            await apply_edit(set_path(field.path, field.default))
            return
        emptying = fallback is not None
        number.set_value(shown)

    settings = _in_force()
    value = get_path(settings, field.path)
    with ui.column().classes("w-full gap-0"):
        number = form.number(spec, default_of(settings) if value is None else value, apply_edit)
        allowed = allowed_range(field.bounds, label.unit, label.scale)
        number.props["hint"] = _("Allowed: {range}", range=allowed)
        if mark:
            number.mark(testid(field.path), mark)
        default = setting_value(default_of(settings), label.unit, label.scale)
        beside = _default_line(field.path, default, reset)
        beside.set_visibility(changed(settings))
    return number


def assumption_choice(control: ui.toggle | ui.select, path: str, mark: str | None = None) -> None:
    """Give a choice of the setting at `path` its testid, the default beside a change, a reset.

    The default is the model's, shown with the control's own label for it (e.g. 'N+1').
    """
    default = get_path(defaults(), path)
    options = control.options
    shown = options.get(default, str(default)) if isinstance(options, dict) else str(default)
    control.props(f'data-testid="{testid(path)}"').mark(testid(path), *([mark] if mark else []))

    def reset() -> None:  # the control's own change handler applies the default
        control.set_value(default)

    beside = _default_line(path, shown, reset)
    beside.set_visibility(control.value != default)
    control.on_value_change(lambda event: beside.set_visibility(event.value != default))


def _default_line(path: str, default: str, reset: Any) -> ui.row:
    """'Default: …' and a reset button, marked default-/reset-<testid>."""
    with ui.row().classes("items-center gap-1 text-xs text-slate-600 no-wrap") as beside:
        ui.label(_("Default: {value}", value=default)).props(
            f'data-testid="default-{testid(path)}"'
        ).mark(f"default-{testid(path)}")
        ui.button(_("Reset"), icon="restart_alt", on_click=reset).props(
            f'flat dense no-caps size=sm data-testid="reset-{testid(path)}"'
        ).mark(f"reset-{testid(path)}")
    return beside


def _in_force() -> dict[str, Any]:
    return store.get_state().settings.model_dump(mode="json")


def _keeps_following(
    settings: dict[str, Any], path: str, fallback: str, edit: SettingsEdit
) -> bool:
    """Whether `edit` only puts the fallback's own value into the empty setting at `path`."""
    if get_path(settings, path) is not None:
        return False
    edited = copy.deepcopy(settings)
    edit(edited)
    value, following = get_path(edited, path), get_path(settings, fallback)
    return value is not None and following is not None and math.isclose(value, following)
