"""Readable range messages for numeric settings, built from the pydantic Field that declares them.

A field's `title` names it as a person reads it; its `json_schema_extra` carries the unit and the
scale from stored to shown value (a fraction x 100 is shown as %); its constraints give the range:

    Snapshot reserve must be between 0 % and 500 %; 600 % was given.
"""

from __future__ import annotations

import math
import types
import typing
from collections.abc import Sequence
from typing import Any, TypeGuard

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ...i18n import N_, active_language, format_number, gettext

# pydantic error types that mean "not a number in the allowed range".
RANGE_ERRORS = frozenset(
    {
        "greater_than",
        "greater_than_equal",
        "less_than",
        "less_than_equal",
        "float_parsing",
        "float_type",
        "int_parsing",
        "int_type",
        "int_from_float",
        "finite_number",
    }
)


def field_at(model: type[BaseModel], loc: Sequence[int | str]) -> FieldInfo | None:
    """The Field a pydantic error location points at, through nested models; None elsewhere."""
    current: type[BaseModel] | None = model
    found: FieldInfo | None = None
    for part in loc:
        if current is None or not isinstance(part, str) or part not in current.model_fields:
            return None
        found = current.model_fields[part]
        current = model_of(found.annotation)
    return found


def model_of(annotation: Any) -> type[BaseModel] | None:
    """The model class inside an annotation such as `Model` or `Model | None`."""
    for candidate in union_members(annotation):
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def union_members(annotation: Any) -> tuple[Any, ...]:
    """The members of a union annotation (`A | B`, `Optional[A]`); else the annotation alone."""
    is_union = (
        isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union
    )
    return typing.get_args(annotation) if is_union else (annotation,)


def display(field: FieldInfo) -> tuple[str, float]:
    """(unit, scale) of a field: how its stored value is shown."""
    extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
    unit = extra.get("unit", "")
    scale = extra.get("scale", 1)
    return (unit if isinstance(unit, str) else "", float(scale) if _is_number(scale) else 1.0)


def shown_value(value: float, unit: str, scale: float) -> str:
    """A stored value as shown, e.g. 6.0 with % and scale 100 -> '600 %'."""
    number = f"{value * scale:.6g}"
    if active_language() != "en":
        shown = value * scale
        number = (
            format_number(shown, 4).rstrip("0").rstrip(",.") if shown % 1 else format_number(shown)
        )
    if not unit:
        return number
    return f"{number}{unit}" if unit.startswith(":") else f"{number} {unit}"


def allowed_range(field: FieldInfo) -> str | None:
    """The allowed range in words, e.g. 'between 0 % and 500 %'; None without numeric bounds."""
    unit, scale = display(field)
    bounds: dict[str, float] = {}
    for item in field.metadata:
        for kind in ("gt", "ge", "lt", "le"):
            value = getattr(item, kind, None)
            if isinstance(item, annotated_types.BaseMetadata) and _is_number(value):
                bounds[kind] = float(value)
    low_kind = "ge" if "ge" in bounds else "gt" if "gt" in bounds else None
    high_kind = "le" if "le" in bounds else "lt" if "lt" in bounds else None
    if low_kind is None and high_kind is None:
        return None
    low = shown_value(bounds[low_kind], unit, scale) if low_kind else ""
    high = shown_value(bounds[high_kind], unit, scale) if high_kind else ""
    if low_kind == "ge" and high_kind == "le":
        return gettext("between {low} and {high}", low=low, high=high)
    words = {
        "ge": N_("at least {value}"),
        "gt": N_("above {value}"),
        "le": N_("at most {value}"),
        "lt": N_("below {value}"),
    }
    parts = [
        gettext(words[kind], value=text)
        for kind, text in ((low_kind, low), (high_kind, high))
        if kind
    ]
    return gettext(" and ").join(parts)


def range_message(field: FieldInfo, given: object, error_type: str = "") -> str | None:
    """'<Title> must be <range>; <given> was given.', or None for a field without title or range.

    An integer field given a fraction (pydantic error type `int_...`) asks for a whole number.
    """
    allowed = allowed_range(field)
    if field.title is None or allowed is None:
        return None
    unit, scale = display(field)
    shown = shown_value(float(given), unit, scale) if _is_number(given) else repr(given)
    title = gettext(field.title)
    if error_type.startswith("int"):
        return gettext(
            "{title} must be a whole number {allowed}; {shown} was given.",
            title=title,
            allowed=allowed,
            shown=shown,
        )
    if not _is_number(given):
        return gettext(
            "{title} must be a number {allowed}; {shown} was given.",
            title=title,
            allowed=allowed,
            shown=shown,
        )
    return gettext(
        "{title} must be {allowed}; {shown} was given.", title=title, allowed=allowed, shown=shown
    )


def _is_number(value: object) -> TypeGuard[int | float]:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and not (isinstance(value, float) and math.isnan(value))
    )
