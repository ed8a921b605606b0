"""Building blocks of the slide deck: titled slides, text, figure tiles, tables, native charts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import PP_ALIGN
from pptx.presentation import Presentation
from pptx.slide import Slide
from pptx.util import Emu, Inches, Length, Pt
from reportlab.pdfbase.pdfmetrics import stringWidth

from .fonts import SANS_BOLD, register_fonts


def rgb(hex_colour: str) -> RGBColor:
    """A colour from its hex notation, e.g. '0F4C81'."""
    colour: RGBColor = RGBColor.from_string(hex_colour)  # type: ignore[no-untyped-call]
    return colour


BRAND, ACCENT, LIGHT = rgb("0F4C81"), rgb("5FA8D3"), rgb("EEF3F8")
GREY, WARN, INK, WARN_INK = rgb("5B6770"), rgb("FEF3C7"), rgb("222222"), rgb("78350F")
WIDTH, HEIGHT = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.6)
BODY_TOP = Inches(1.45)
BODY_WIDTH = Emu(WIDTH - 2 * MARGIN)
BLANK_LAYOUT = 6
Box = tuple[Length, Length, Length, Length]


def one_line_size(text: str, size: float, width: Length) -> float:
    """The font size (at most `size`) at which bold `text` fits `width` on one line: long
    French and German titles shrink instead of wrapping onto what lies below (measured with
    the report's DejaVu Sans, wider than the deck's theme font, so the estimate errs safe)."""
    register_fonts()
    needed = stringWidth(text, SANS_BOLD, size)
    available = Emu(width).pt * 0.97
    return size if needed <= available else max(size * available / needed, size * 0.6)


def titled_slide(deck: Presentation, title: str) -> Slide:
    """A blank slide with the title in the brand colour and a rule under it."""
    slide: Slide = deck.slides.add_slide(deck.slide_layouts[BLANK_LAYOUT])
    size = one_line_size(title, 28, BODY_WIDTH)
    add_text(slide, title, MARGIN, Inches(0.45), BODY_WIDTH, Inches(0.7), size=size, bold=True)
    rule = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, MARGIN, Inches(1.15), BODY_WIDTH, Pt(2))
    rule.fill.solid()
    rule.fill.fore_color.rgb = BRAND
    rule.line.fill.background()
    return slide


def add_text(
    slide: Slide,
    text: str,
    left: Length,
    top: Length,
    width: Length,
    height: Length,
    size: float = 16,
    bold: bool = False,
    color: RGBColor = BRAND,
) -> None:
    """One text box with a single paragraph that wraps inside its box."""
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, color


def add_bullets(
    slide: Slide,
    lines: Sequence[str],
    left: Length,
    top: Length,
    width: Length,
    height: Length,
    size: float = 16,
) -> None:
    """A text box of bullet-like paragraphs (a bullet character, then the sentence)."""
    frame = slide.shapes.add_textbox(left, top, width, height).text_frame
    frame.word_wrap = True
    for index, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.space_after = Pt(8)
        run = paragraph.add_run()
        run.text = f"•  {line}"
        run.font.size, run.font.color.rgb = Pt(size), INK


def add_tiles(slide: Slide, tiles: Sequence[tuple[str, str]], top: Length) -> None:
    """A row of headline figures: (value, label) pairs in light boxes."""
    gap = Inches(0.25)
    width = Emu(int((BODY_WIDTH - gap * (len(tiles) - 1)) / len(tiles)))
    for index, (value, label) in enumerate(tiles):
        left = Emu(MARGIN + index * (width + gap))
        box = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, left, top, width, Inches(1.4))
        box.fill.solid()
        box.fill.fore_color.rgb = LIGHT
        box.line.color.rgb = ACCENT
        frame = box.text_frame
        frame.word_wrap = True
        for number, (text, size, bold, color) in enumerate(
            ((value, 30, True, BRAND), (label, 13, False, GREY))
        ):
            paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
            paragraph.alignment = PP_ALIGN.CENTER
            run = paragraph.add_run()
            run.text = text
            run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, color


def add_callout(slide: Slide, text: str, top: Length) -> None:
    """A highlighted warning sentence across the slide."""
    box = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, MARGIN, top, BODY_WIDTH, Inches(0.7))
    box.fill.solid()
    box.fill.fore_color.rgb = WARN
    box.line.fill.background()
    frame = box.text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = text
    run.font.size, run.font.color.rgb = Pt(14), WARN_INK


def add_table(
    slide: Slide,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    top: Length,
    width: Length,
    font_size: float = 13,
    first_share: float | None = None,
) -> None:
    """A simple table: brand header, one line per row, right-aligned figures; `first_share`
    gives the first column that share of the width (others share the rest equally)."""
    height = Emu(Inches(0.4) * (len(rows) + 1))
    table = slide.shapes.add_table(len(rows) + 1, len(header), MARGIN, top, width, height).table
    if first_share is not None and len(header) > 1:
        first = int(width * first_share)
        table.columns[0].width = Emu(first)
        for index in range(1, len(header)):
            column = table.columns[index]
            column.width = Emu(int((width - first) / (len(header) - 1)))
    for row_index, values in enumerate([list(header), *map(list, rows)]):
        for col_index, value in enumerate(values):
            cell = table.cell(row_index, col_index)
            cell.text = value
            paragraph = cell.text_frame.paragraphs[0]
            paragraph.alignment = PP_ALIGN.RIGHT if col_index else PP_ALIGN.LEFT
            for run in paragraph.runs:
                run.font.size = Pt(font_size) if row_index else Pt(font_size + 1)


def add_bar_chart(
    slide: Slide,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    box: Box,
    horizontal: bool = False,
    number_format: str = "#,##0.0",
    labels: bool = False,
) -> None:
    """A native (editable) clustered bar or column chart; `labels` shows each bar's value."""
    data: Any = CategoryChartData(number_format=number_format)  # type: ignore[no-untyped-call]
    data.categories = list(categories)
    for name, values in series:
        data.add_series(name, list(values))
    kind = XL_CHART_TYPE.BAR_CLUSTERED if horizontal else XL_CHART_TYPE.COLUMN_CLUSTERED
    frame: Any = slide.shapes.add_chart(kind, *box, data)
    chart = frame.chart
    chart.has_legend = len(series) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
    chart.font.size = Pt(11)
    for plot_series, color in zip(chart.plots[0].series, (ACCENT, BRAND), strict=False):
        plot_series.format.fill.solid()
        plot_series.format.fill.fore_color.rgb = color
    if horizontal:
        chart.category_axis.reverse_order = True
    if labels:
        plot = chart.plots[0]
        plot.has_data_labels = True
        plot.data_labels.number_format = number_format
        plot.data_labels.number_format_is_linked = False
        plot.data_labels.font.size = Pt(11)
