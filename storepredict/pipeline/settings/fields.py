"""The sizing settings as fields: each one's allowed range, read from the SizingSettings model.

Pages and the CLI word a refused setting with the field's own label and range instead of its
internal key; the assumptions panel lists the numeric fields to edit. Both read the model, so a
new setting appears without a second list to keep in step.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import NamedTuple

from annotated_types import Ge, Gt, Le, Lt
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ...i18n import gettext
from .model import SizingSettings
from .ranges import display, field_at, model_of, union_members

DRR_MAPS = frozenset({"class_drr_overrides", "vm_drr_overrides"})


class Bounds(NamedTuple):
    """An allowed range: None means unbounded; `*_included` says whether the end is allowed."""

    low: float | None = None
    low_included: bool = True
    high: float | None = None
    high_included: bool = True


DRR_BOUNDS = Bounds(0, False, 100, True)


class NumericField(NamedTuple):
    """A numeric setting: its dotted path, default, range and whether it holds whole numbers."""

    path: str
    default: float | None
    bounds: Bounds
    whole: bool


def field_bounds(path: Sequence[str | int]) -> Bounds:
    """The allowed range of the setting at `path`; unbounded for paths without constraints."""
    model: type[BaseModel] | None = SizingSettings
    info: FieldInfo | None = None
    for part in path:
        if model is None:
            return Bounds()
        if str(part) in DRR_MAPS:
            return DRR_BOUNDS
        info = model.model_fields.get(str(part))
        if info is None:
            return Bounds()
        model = model_of(info.annotation)
    return Bounds() if info is None else _bounds(info)


def numeric_fields(
    model: type[BaseModel] = SizingSettings, prefix: str = ""
) -> Iterator[NumericField]:
    """Every int/float setting of `model` and its sections (not per-VM or per-class maps)."""
    for name, info in model.model_fields.items():
        nested = model_of(info.annotation)
        if nested is not None:
            if info.default is not None or info.default_factory is not None:
                yield from numeric_fields(nested, f"{prefix}{name}.")
            continue
        kinds = {arg for arg in union_members(info.annotation) if arg is not type(None)}
        if kinds and kinds <= {int, float}:
            default = info.get_default(call_default_factory=True)
            yield NumericField(f"{prefix}{name}", default, _bounds(info), kinds == {int})


def _bounds(info: FieldInfo) -> Bounds:
    low = high = None
    low_included = high_included = True
    for rule in info.metadata:
        if isinstance(rule, Ge):
            low, low_included = float(rule.ge), True  # type: ignore[arg-type]
        elif isinstance(rule, Gt):
            low, low_included = float(rule.gt), False  # type: ignore[arg-type]
        elif isinstance(rule, Le):
            high, high_included = float(rule.le), True  # type: ignore[arg-type]
        elif isinstance(rule, Lt):
            high, high_included = float(rule.lt), False  # type: ignore[arg-type]
    return Bounds(low, low_included, high, high_included)


def setting_display(path: str) -> tuple[str, str, float] | None:
    """(title in the active language, unit, scale) of the sizing setting at dotted `path`; None
    when it has no title."""
    field = field_at(SizingSettings, path.split("."))
    if field is None or field.title is None:
        return None
    unit, scale = display(field)
    return gettext(field.title), unit, scale
