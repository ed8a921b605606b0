"""The layout page's fill chart: one bar per datastore, or datastores per fill band when many."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from nicegui import ui

from ..i18n import _, format_number, ngettext
from ..pipeline import CapacityUnit, mib_per_unit
from ..pipeline.layout import Datastore
from ..vocabulary import capacity, unit_label
from . import design

BARS_UP_TO = 60
"""Up to this many datastores the chart has one bar each; above it, one bar per fill band."""
BAND_POINTS = 10
FULL = 100


@dataclass(frozen=True)
class FillBand:
    """Datastores filled from `low` % to `high` % (`high` None: above 100 %), with their space."""

    low: int
    high: int | None
    count: int
    used_mib: float
    free_mib: float


def fill_bands(datastores: Sequence[Datastore]) -> list[FillBand]:
    """Datastores per 10-point fill band, 0-10 % to 90-100 % (100 % in the last one).

    A band 'over 100 %' follows only when some datastore is filled above 100 %.
    """
    lows = range(0, FULL, BAND_POINTS)
    counts = [0] * (len(lows) + 1)
    used = [0.0] * (len(lows) + 1)
    free = [0.0] * (len(lows) + 1)
    for ds in datastores:
        band = (
            len(lows) if ds.fill_pct > FULL else min(int(ds.fill_pct // BAND_POINTS), len(lows) - 1)
        )
        counts[band] += 1
        used[band] += ds.used_mib
        free[band] += ds.free_mib
    bands = [
        FillBand(low, low + BAND_POINTS, counts[i], used[i], free[i]) for i, low in enumerate(lows)
    ]
    if counts[-1]:
        bands.append(FillBand(FULL, None, counts[-1], used[-1], free[-1]))
    return bands


def band_label(band: FillBand) -> str:
    """A band as the chart names it, e.g. '20-30 %' or 'over 100 %'."""
    if band.high is None:
        return _("over {percent} %", percent=format_number(band.low))
    return _("{low}-{high} %", low=format_number(band.low), high=format_number(band.high))


def chart_subtitle(count: int) -> str:
    """The fill chart card's subtitle for a plan of `count` datastores."""
    if count <= BARS_UP_TO:
        return _("Used (footprint with reserves) and free space")
    return _(
        "{number} datastores grouped by fill; point at a bar for its used and free space",
        number=format_number(count),
    )


def fill_chart(datastores: Sequence[Datastore], unit: CapacityUnit) -> ui.echart:
    """The fill chart of a plan's datastores, in `unit`."""
    if len(datastores) > BARS_UP_TO:
        options = band_options(datastores, unit)
    else:
        options = bar_options(datastores, unit)
    return ui.echart(options).classes("w-full h-72").mark("fill-chart")


def bar_options(datastores: Sequence[Datastore], unit: CapacityUnit) -> dict[str, Any]:
    """One stacked bar (used and free) per datastore."""
    per_unit = mib_per_unit(unit)
    return {
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
        "legend": {"data": [_("Used"), _("Free")], "top": 0},
        "grid": {"left": 60, "right": 20, "top": 36, "bottom": 70},
        "xAxis": {
            "type": "category",
            "data": [ds.name for ds in datastores],
            "axisLabel": {"rotate": 45, "fontSize": 10},
        },
        "yAxis": {"type": "value", "name": unit_label(unit)},
        "series": [
            _bar(_("Used"), design.BRAND, [ds.used_mib / per_unit for ds in datastores]),
            _bar(_("Free"), design.FREE, [ds.free_mib / per_unit for ds in datastores]),
        ],
    }


def _bar(name: str, colour: str, values: list[float]) -> dict[str, Any]:
    data = [round(v, 2) for v in values]
    return {"name": name, "type": "bar", "stack": "size", "color": colour, "data": data}


def band_options(datastores: Sequence[Datastore], unit: CapacityUnit) -> dict[str, Any]:
    """The number of datastores per fill band; a bar's tooltip gives the band's used and free."""
    bands = fill_bands(datastores)
    return {
        "tooltip": {"trigger": "item", ":formatter": "params => params.data.tip"},
        "grid": {"left": 60, "right": 20, "top": 36, "bottom": 50},
        "xAxis": {
            "type": "category",
            "name": _("Fill"),
            "nameLocation": "center",
            "nameGap": 30,
            "data": [band_label(band) for band in bands],
        },
        "yAxis": {"type": "value", "name": _("Datastores"), "minInterval": 1},
        "series": [
            {
                "name": _("Datastores"),
                "type": "bar",
                "color": design.BRAND,
                "data": [{"value": band.count, "tip": _tip(band, unit)} for band in bands],
            }
        ],
    }


def _tip(band: FillBand, unit: CapacityUnit) -> str:
    """A band's tooltip as HTML: every line escaped, joined by line breaks."""
    lines = [
        band_label(band),
        ngettext(
            "{number} datastore",
            "{number} datastores",
            band.count,
            number=format_number(band.count),
        ),
        _("Used: {capacity}", capacity=capacity(band.used_mib, unit)),
        _("Free: {capacity}", capacity=capacity(band.free_mib, unit)),
    ]
    return "<br>".join(escape(line) for line in lines)
