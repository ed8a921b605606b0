"""The PDF's capacity waterfall: from logical to required physical capacity, one factor a step."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer

from .. import vocabulary as vocab
from ..i18n import _
from ..pipeline import CapacityUnit, mib_per_unit
from ..pipeline.sizing import SizingResult
from . import facts
from .pdf_charts import waterfall_chart
from .pdf_style import heading, table, text


def waterfall(result: SizingResult, unit: CapacityUnit) -> list[Any]:
    """From logical to required physical capacity, one factor a step: a table and a chart."""
    steps = facts.waterfall(result)
    per = mib_per_unit(unit)
    factors = [facts.factor_text(f, first=i == 0) for i, (_l, _m, f) in enumerate(steps)]
    rows = [
        [label, facts.step_kind(index), factor, vocab.capacity(mib, unit)]
        for index, ((label, mib, _f), factor) in enumerate(zip(steps, factors, strict=True))
    ]
    return [
        heading(_("From data to required capacity")),
        text(
            _(
                "The required capacity is built up one factor at a time from the capacity the VMs "
                "hold today. The first step is logical capacity (what the VMs store); every later "
                "step is physical capacity on the array, after data reduction."
            )
        ),
        Spacer(1, 3 * mm),
        table(
            [_("Step"), _("Capacity is"), _("Factor"), _("Capacity")],
            rows,
            [105 * mm, 25 * mm, 20 * mm, 30 * mm],
            align="llrr",
        ),
        Spacer(1, 6 * mm),
        waterfall_chart(
            [label for label, _m, _f in steps], [mib / per for _l, mib, _f in steps], factors, unit
        ),
        text(
            _(
                "Blue columns are totals; light blue steps reduce the capacity, orange steps add "
                "to it. Beside each step: its factor and the capacity after it."
            ),
            "small",
        ),
        PageBreak(),
    ]
