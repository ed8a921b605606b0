"""The assumptions panel: every numeric sizing setting of one topic, editable in one place.

Built from the SizingSettings model (pipeline/settings/fields.numeric_fields), so a setting added
to the model appears here without a second list. Each input shows its unit and allowed range; a
changed value shows the default beside it and a reset button. Inputs carry the data-testid
`assumption-<key>`, or `assumption-<section>-<key>` inside a section (assumption-layout-fill_limit).
"""

from __future__ import annotations

from typing import Any

from nicegui import ui

from ..i18n import _
from ..pipeline import NumericField, numeric_fields
from ..vocabulary import allowed_range, setting_value
from . import store
from .forms import NumberField, SettingsEdit, SettingsForm, get_path, shown_label


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


def assumption_inputs(
    form: SettingsForm, fields: list[NumericField], marks: dict[str, str] | None = None
) -> None:
    """One input per field with its unit, allowed range, default and reset.

    `marks` maps a setting's path to a further marker for its input (e.g. 'fill-limit').
    """
    settings = store.get_state().settings.model_dump(mode="json")
    for field in fields:
        _assumption(form, settings, field, (marks or {}).get(field.path))


def _assumption(
    form: SettingsForm, settings: dict[str, Any], field: NumericField, extra: str | None
) -> None:
    label = shown_label(field.path)
    step = 1.0 if field.whole or label.scale == 1 else 0.5
    spec = NumberField(field.path, testid(field.path), step=step)
    default = setting_value(field.default or 0, label.unit, label.scale)

    async def apply(edit: SettingsEdit) -> bool:
        accepted = await form.apply(edit)
        show_default()
        return accepted

    def show_default() -> None:
        in_force = get_path(store.get_state().settings.model_dump(mode="json"), field.path)
        beside.set_visibility(in_force != field.default)

    def reset() -> None:  # the field's own change handler applies the default
        number.set_value(round((field.default or 0) * label.scale, 4))

    with ui.column().classes("w-full gap-0"):
        number = form.number(spec, get_path(settings, field.path), apply)
        allowed = allowed_range(field.bounds, label.unit, label.scale)
        number.props["hint"] = _("Allowed: {range}", range=allowed)
        if extra:
            number.mark(testid(field.path), extra)
        with ui.row().classes("items-center gap-1 text-xs text-slate-600 no-wrap") as beside:
            ui.label(_("Default: {value}", value=default)).props(
                f'data-testid="default-{testid(field.path)}"'
            )
            ui.button(_("Reset"), icon="restart_alt", on_click=reset).props(
                f'flat dense no-caps size=sm data-testid="reset-{testid(field.path)}"'
            ).mark(f"reset-{testid(field.path)}")
        beside.set_visibility(get_path(settings, field.path) != field.default)
