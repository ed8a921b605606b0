"""Charts of the PDF report, drawn as vector graphics: capacity by workload, datastore fill."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.graphics.charts.barcharts import (
    HorizontalBarChart,
    VerticalBarChart,
)
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing

from .fonts import SANS, register_fonts
from .pdf_style import ACCENT, BRAND, CONTENT_WIDTH, GREY

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
    drawing.add(_legend([(ACCENT, f"Logical ({unit})"), (BRAND, f"Required ({unit})")], 150))
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
        caption = f"Fill of each datastore in per cent (fill limit {limit:.0f} %)"
    else:
        bands = [0] * 10
        for fill in fills:
            bands[min(int(fill // 10), 9)] += 1
        chart.data = [bands]
        chart.categoryAxis.categoryNames = [f"{10 * i}-{10 * i + 10} %" for i in range(10)]
        chart.valueAxis.valueMin = 0
        caption = "Number of datastores in each fill band"
    _axis_fonts(chart)
    chart.bars[0].fillColor = BRAND
    chart.bars[0].strokeColor = None
    chart.barSpacing = 1
    drawing.add(chart)
    drawing.add(_legend([(BRAND, caption)], 40, y=bottom + 118))
    return drawing


def step_chart(labels: Sequence[str], values: Sequence[float], unit: str) -> Any:
    """Horizontal bars of the capacity after each step of the waterfall, top to bottom."""
    register_fonts()
    height = 40 + 22 * max(len(labels), 1)
    drawing = Drawing(CONTENT_WIDTH, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 215, 28
    chart.width, chart.height = CONTENT_WIDTH - 235, height - 40
    chart.data = [list(reversed(values))]
    chart.categoryAxis.categoryNames = [_short(label, 52) for label in reversed(labels)]
    _axis_fonts(chart)
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = BRAND
    chart.bars.strokeColor = None
    drawing.add(chart)
    drawing.add(_legend([(BRAND, f"Capacity after each step ({unit})")], 215))
    return drawing


def _axis_fonts(chart: Any) -> None:
    chart.categoryAxis.labels.fontName = SANS
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.fillColor = GREY
    chart.valueAxis.labels.fontName = SANS
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labels.fillColor = GREY


def _legend(pairs: list[tuple[Any, str]], x: float, y: float = 12) -> Any:
    legend = Legend()
    legend.x, legend.y = x, y
    legend.fontName, legend.fontSize = SANS, 7.5
    legend.columnMaximum, legend.deltax = 1, 120
    legend.colorNamePairs = pairs
    return legend


def _short(label: str, limit: int = 30) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
