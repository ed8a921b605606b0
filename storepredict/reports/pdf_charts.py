"""Charts of the PDF report, drawn as vector graphics: waterfall, capacity by workload, fill."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.graphics.charts.barcharts import (
    HorizontalBarChart,
    VerticalBarChart,
)
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib.utils import simpleSplit

from ..i18n import _, format_number
from . import wording
from .fonts import SANS, register_fonts
from .pdf_style import ACCENT, BRAND, CONTENT_WIDTH, GREY, WARN

FILL_BARS_MAX = 60  # above this many datastores the chart shows how many fall in each fill band
FILL_ROTATE = 12  # above this many bars the datastore names stand upright


def capacity_chart(
    labels: Sequence[str], logical: Sequence[float], required: Sequence[float], unit: str
) -> Any:
    """Horizontal bars of logical vs required capacity per workload class."""
    register_fonts()
    height = 40 + 16 * max(len(labels), 1)
    drawing = Drawing(CONTENT_WIDTH, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 150, 28
    chart.width, chart.height = CONTENT_WIDTH - 170, height - 40
    chart.data = [list(reversed(required)), list(reversed(logical))]  # drawn bottom-up
    chart.categoryAxis.categoryNames = [_short(label) for label in reversed(labels)]
    _axis_fonts(chart)
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = BRAND
    chart.bars[1].fillColor = ACCENT
    chart.bars.strokeColor = None
    chart.barSpacing, chart.groupSpacing = 1, 6
    drawing.add(chart)
    drawing.add(
        _legend(
            [
                (ACCENT, _("Logical ({unit})", unit=wording.unit_text(unit))),
                (BRAND, _("Required, physical ({unit})", unit=wording.unit_text(unit))),
            ],
            150,
        )
    )
    return drawing


def fill_chart(names: Sequence[str], fills: Sequence[float], limit: float) -> Any:
    """Fill of each datastore in per cent (bars), or how many fall in each 10 % band when many."""
    register_fonts()
    rotated = FILL_ROTATE < len(fills) <= FILL_BARS_MAX
    bottom = 12 + (max((len(n) for n in names), default=4) * 4.2 if rotated else 14)
    drawing = Drawing(CONTENT_WIDTH, bottom + 125)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 40, bottom, CONTENT_WIDTH - 60, 100
    if len(fills) <= FILL_BARS_MAX:
        chart.data = [list(fills)]
        chart.categoryAxis.categoryNames = list(names)
        chart.categoryAxis.labels.angle = 90 if rotated else 0
        chart.categoryAxis.labels.boxAnchor = "e" if rotated else "n"
        chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, 100
        chart.valueAxis.valueStep = 20
        caption = _(
            "Fill of each datastore in per cent (fill limit {limit} %)", limit=format_number(limit)
        )
    else:
        bands = [0] * 10
        for fill in fills:
            bands[min(int(fill // 10), 9)] += 1
        chart.data = [bands]
        chart.categoryAxis.categoryNames = [f"{10 * i}-{10 * i + 10} %" for i in range(10)]
        chart.valueAxis.valueMin = 0
        caption = _("Number of datastores in each fill band")
    _axis_fonts(chart)
    chart.bars[0].fillColor = BRAND
    chart.bars[0].strokeColor = None
    chart.barSpacing = 1
    drawing.add(chart)
    drawing.add(_legend([(BRAND, caption)], 40, y=bottom + 118))
    return drawing


def waterfall_chart(
    labels: Sequence[str], values: Sequence[float], factors: Sequence[str], unit: str
) -> Any:
    """A waterfall: the logical and required totals as columns, each step floating between them,
    with the step's factor above it and its capacity (in `unit`) on top."""
    register_fonts()
    drawing = Drawing(CONTENT_WIDTH, 215)
    left, bottom, height = 10, 52, 130
    slot = (CONTENT_WIDTH - 2 * left) / max(len(values), 1)
    scale = height / (max(values, default=0) or 1)
    previous = 0.0
    for index, (label, value, factor) in enumerate(zip(labels, values, factors, strict=True)):
        total = index in (0, len(values) - 1)
        low, high = (0.0, value) if total else sorted((previous, value))
        colour = BRAND if total else (ACCENT if value < previous else WARN)
        x = left + index * slot + slot * 0.2
        drawing.add(
            Rect(x, bottom + low * scale, slot * 0.6, max((high - low) * scale, 0.5),
                 fillColor=colour, strokeColor=None)
        )  # fmt: skip
        if index:
            y = bottom + previous * scale
            drawing.add(Line(x - slot * 0.4, y, x, y, strokeColor=GREY, strokeWidth=0.4,
                             strokeDashArray=[2, 2]))  # fmt: skip
        centre = x + slot * 0.3
        below = not total and value < previous and low * scale > 26  # label the step's end
        # the factor nearest the bar, the capacity after the step beyond it
        near, far = (
            (bottom + low * scale - 11, bottom + low * scale - 21)
            if below
            else (bottom + high * scale + 14, bottom + high * scale + 4)
        )
        drawing.add(
            _label(
                centre,
                far if index else near - 10,
                f"{format_number(value, 2)} {wording.unit_text(unit)}",
                7.5,
                BRAND,
            )
        )
        if index:
            drawing.add(_label(centre, near, factor, 8, GREY))
        for line_no, line in enumerate(simpleSplit(label, SANS, 6.8, slot - 6)[:4]):
            drawing.add(_label(centre, bottom - 10 - 8.5 * line_no, line, 6.8, GREY))
        previous = value
    drawing.add(Line(left, bottom, CONTENT_WIDTH - left, bottom, strokeColor=GREY, strokeWidth=0.6))
    return drawing


def _label(x: float, y: float, value: str, size: float, colour: Any) -> Any:
    return String(x, y, value, fontName=SANS, fontSize=size, fillColor=colour, textAnchor="middle")


def _axis_fonts(chart: Any) -> None:
    chart.categoryAxis.labels.fontName = SANS
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.fillColor = GREY
    chart.valueAxis.labels.fontName = SANS
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labels.fillColor = GREY
    chart.valueAxis.labelTextFormat = _axis_number


def _axis_number(value: float) -> str:
    """An axis tick in the active language: '1,5' in French and German."""
    return format_number(value, 2).rstrip("0").rstrip(".,") if value % 1 else format_number(value)


def _legend(pairs: list[tuple[Any, str]], x: float, y: float = 12) -> Any:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.fontName, legend.fontSize = SANS, 7.5
    legend.columnMaximum, legend.deltax = 1, 120
    legend.colorNamePairs = pairs
    return legend


def _short(label: str, limit: int = 30) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
