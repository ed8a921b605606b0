"""The capacity waterfall: from logical capacity to required physical capacity, one factor a step.

One chain serves the storage requirement and the datastore layout alike (ADR-071):

logical -> / effective DRR = reduced -> x (1 + snapshot reserve) -> x growth factor
        -> / maximum fill = required
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from ...i18n import N_, active_language, format_number, gettext, ngettext
from ..numbers import fixed, short
from ..settings import CapacityBasis, SizingSettings

WaterfallStepId = Literal["logical", "reduced", "snapshot_reserve", "growth", "required"]
# Whole labels, not a word in a pattern: 'in use' alone reads differently in other sentences.
LOGICAL_LABELS: dict[str, str] = {
    "in_use": N_("Logical capacity (in use)"),
    "provisioned": N_("Logical capacity (provisioned)"),
    "guest_used": N_("Logical capacity (used in the guest)"),
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
    if active_language() == "en":
        return f"{value * 100:.4g} %"
    return f"{format_number(value * 100, 2).rstrip('0').rstrip(',.')} %"


def _years(years: float) -> str:
    return ngettext("{n} year", "{n} years", 1 if years == 1 else 2, n=short(years))


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
            label=gettext(LOGICAL_LABELS[basis]),
            mib=logical_mib,
            factor=1.0,
        ),
        WaterfallStep(
            step="reduced",
            label=gettext(
                "After data reduction (effective ratio {ratio}:1)", ratio=fixed(drr, 2, False)
            ),
            mib=reduced_mib,
            factor=1 / drr,
        ),
        WaterfallStep(
            step="snapshot_reserve",
            label=gettext(
                "Plus snapshot reserve of {share}", share=percent(settings.snapshot_reserve)
            ),
            mib=with_reserve,
            factor=reserve,
        ),
        WaterfallStep(
            step="growth",
            label=gettext(
                "Grown {rate} a year for {years} (x {factor})",
                rate=percent(settings.annual_growth),
                years=_years(settings.years),
                factor=fixed(growth, 3, False),
            ),
            mib=grown,
            factor=growth,
        ),
        WaterfallStep(
            step="required",
            label=gettext("Required at a maximum fill of {fill}", fill=percent(settings.max_fill)),
            mib=required_mib,
            factor=1 / settings.max_fill,
        ),
    ]
