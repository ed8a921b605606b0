"""Building blocks of the PDF report: styles, tables, KPI tiles and the capacity chart."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Table, TableStyle

from .fonts import SANS, SANS_BOLD, markup, register_fonts

BRAND = colors.HexColor("#0F4C81")
ACCENT = colors.HexColor("#5FA8D3")
LIGHT = colors.HexColor("#EEF3F8")
GREY = colors.HexColor("#5B6770")
CONTENT_WIDTH = 180 * mm


@cache
def styles() -> dict[str, ParagraphStyle]:
    """Paragraph styles, all in the embedded fonts."""
    register_fonts()
    base = ParagraphStyle("body", fontName=SANS, fontSize=9, leading=12)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=7.5, leading=9.5, textColor=GREY),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8, leading=10),
        "cell_bold": ParagraphStyle("cell_bold", parent=base, fontName=SANS_BOLD, fontSize=8),
        "cell_right": ParagraphStyle(
            "cell_right", parent=base, fontSize=8, leading=10, alignment=2
        ),
        "title": ParagraphStyle(
            "title", parent=base, fontName=SANS_BOLD, fontSize=20, leading=24, textColor=BRAND
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontName=SANS_BOLD,
            fontSize=12.5,
            leading=16,
            textColor=BRAND,
            spaceBefore=10,
            spaceAfter=4,
        ),
        "kpi_value": ParagraphStyle(
            "kpi_value",
            parent=base,
            fontName=SANS_BOLD,
            fontSize=17,
            leading=21,
            textColor=BRAND,
            alignment=1,
        ),
        "kpi_label": ParagraphStyle(
            "kpi_label", parent=base, fontSize=8, leading=10, textColor=GREY, alignment=1
        ),
    }


def text(value: object, style: str = "body") -> Paragraph:
    """A paragraph of untrusted text: escaped, with CJK runs in the CJK font."""
    return Paragraph(markup(value), styles()[style])


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    align: str = "",
    bold_last: bool = False,
) -> Table:
    """A zebra-striped table; `align` has one letter per column, l or r (default: l then r)."""
    align = align or "l" + "r" * (len(header) - 1)
    right = styles()["cell_right"]
    head = [text(h, "cell_bold") for h in header]
    body = [
        [
            Paragraph(markup(v), right if a == "r" else styles()["cell"])
            for v, a in zip(row, align, strict=True)
        ]
        for row in rows
    ]
    result = Table([head, *body], colWidths=list(widths), repeatRows=1)
    commands = [
        ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, BRAND),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    commands += [
        ("BACKGROUND", (0, i), (-1, i), colors.HexColor("#F8FAFC"))
        for i in range(2, len(body) + 1, 2)
    ]
    if bold_last and body:
        commands.append(("LINEABOVE", (0, -1), (-1, -1), 0.8, BRAND))
        commands.append(("FONTNAME", (0, -1), (-1, -1), SANS_BOLD))
    result.setStyle(TableStyle(commands))
    return result


def kpi_tiles(tiles: Sequence[tuple[str, str]]) -> Table:
    """A row of headline figures: (value, label) pairs."""
    cells = [[text(value, "kpi_value"), text(label, "kpi_label")] for value, label in tiles]
    grid = Table([[Table([[v], [lbl]]) for v, lbl in cells]], colWidths=CONTENT_WIDTH / len(tiles))
    grid.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, ACCENT),
                ("INNERGRID", (0, 0), (-1, -1), 0.6, ACCENT),
                ("BACKGROUND", (0, 0), (-1, -1), LIGHT),
                ("TOPPADDING", (0, 0), (-1, -1), 8),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    return grid


def capacity_chart(
    labels: Sequence[str], logical: Sequence[float], required: Sequence[float], unit: str
) -> Drawing:
    """Horizontal bars of logical vs required capacity per workload class."""
    register_fonts()
    height = 40 + 22 * max(len(labels), 1)
    drawing = Drawing(CONTENT_WIDTH, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 150, 28
    chart.width, chart.height = CONTENT_WIDTH - 170, height - 40
    chart.data = [list(reversed(logical)), list(reversed(required))]
    chart.categoryAxis.categoryNames = [_short(label) for label in reversed(labels)]
    chart.categoryAxis.labels.fontName = SANS
    chart.categoryAxis.labels.fontSize = 7.5
    chart.valueAxis.labels.fontName = SANS
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = ACCENT
    chart.bars[1].fillColor = BRAND
    chart.barSpacing, chart.groupSpacing = 1, 6
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 150, 12
    legend.fontName, legend.fontSize = SANS, 7.5
    legend.columnMaximum, legend.deltax = 1, 120
    legend.colorNamePairs = [(ACCENT, f"logical ({unit})"), (BRAND, f"required ({unit})")]
    drawing.add(legend)
    return drawing


def _short(label: str, limit: int = 30) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"
