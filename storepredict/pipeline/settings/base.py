"""What every settings section shares: display metadata, the DRR type, the frozen model."""

from __future__ import annotations

import math
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict

from ...i18n import gettext


def shown(unit: str, scale: float = 1, performance_only: bool = False) -> dict[str, Any]:
    """Display metadata of a setting: its unit and the factor from stored to shown value.

    A fraction is shown x 100 as %, MiB / 2^20 as TiB. `applies_to` lists the layout strategies
    a setting affects when it is not all of them.
    """
    extra: dict[str, Any] = {"unit": unit, "scale": scale}
    if performance_only:
        extra["applies_to"] = ["performance"]
    return extra


def check_drr(value: float) -> float:
    """Validate one data reduction ratio: a finite number above 0 and at most 100."""
    if not isinstance(value, int | float) or math.isnan(value) or value <= 0 or value > 100:
        raise ValueError(
            gettext("a DRR must be a number above 0 and at most 100, got {value!r}", value=value)
        )
    return float(value)


def _not_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError(gettext("a DRR must be a number, got {value}", value=str(value).lower()))
    return value


Drr = Annotated[float, BeforeValidator(_not_bool), AfterValidator(check_drr)]


class FrozenModel(BaseModel):
    """A settings section: unknown keys refused, immutable, defaults validated."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)
