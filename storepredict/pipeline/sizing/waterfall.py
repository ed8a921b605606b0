"""The capacity waterfall: from logical capacity to required physical capacity, one factor a step.

One chain serves the storage requirement and the datastore layout alike (ADR-071):

logical -> / effective DRR = reduced -> x (1 + snapshot reserve) -> x growth factor
        -> / maximum fill = required
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from ..settings import CapacityBasis, SizingSettings

WaterfallStepId = Literal["logical", "reduced", "snapshot_reserve", "growth", "required"]
BASIS_WORDS: dict[str, str] = {
    "in_use": "in use",
    "provisioned": "provisioned",
    "guest_used": "used in the guest",
}


class WaterfallStep(BaseModel):
    """One step: its id, a label a person reads, the capacity after it and the factor applied."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    step: WaterfallStepId
    label: str
    mib: float
    factor: float


def percent(value: float) -> str:
    """A fraction as a percentage in words, e.g. 0.15 -> '15 %'."""
    return f"{value * 100:.4g} %"


def _years(years: float) -> str:
    return f"{years:g} year" if years == 1 else f"{years:g} years"


def capacity_waterfall(
    logical_mib: float,
    reduced_mib: float,
    required_mib: float,
    basis: CapacityBasis,
    settings: SizingSettings,
) -> list[WaterfallStep]:
    """The five steps from the logical total to the required total (both exactly as given)."""
    drr = logical_mib / reduced_mib if reduced_mib > 0 else 1.0
    reserve = 1 + settings.snapshot_reserve
    growth = settings.growth_factor
    with_reserve = reduced_mib * reserve
    grown = with_reserve * growth
    return [
        WaterfallStep(
            step="logical",
            label=f"Logical capacity ({BASIS_WORDS[basis]})",
            mib=logical_mib,
            factor=1.0,
        ),
        WaterfallStep(
            step="reduced",
            label=f"After data reduction (effective ratio {drr:.2f}:1)",
            mib=reduced_mib,
            factor=1 / drr,
        ),
        WaterfallStep(
            step="snapshot_reserve",
            label=f"Plus snapshot reserve of {percent(settings.snapshot_reserve)}",
            mib=with_reserve,
            factor=reserve,
        ),
        WaterfallStep(
            step="growth",
            label=f"Grown {percent(settings.annual_growth)} a year for "
            f"{_years(settings.years)} (x {growth:.3f})",
            mib=grown,
            factor=growth,
        ),
        WaterfallStep(
            step="required",
            label=f"Required at a maximum fill of {percent(settings.max_fill)}",
            mib=required_mib,
            factor=1 / settings.max_fill,
        ),
    ]
