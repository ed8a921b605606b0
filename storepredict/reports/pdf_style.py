"""Building blocks of the PDF report: paragraph styles, headings, tables and KPI tiles."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table, TableStyle

from .fonts import SANS, SANS_BOLD, markup, register_fonts

BRAND = colors.HexColor("#0F4C81")
ACCENT = colors.HexColor("#5FA8D3")
LIGHT = colors.HexColor("#EEF3F8")
GREY = colors.HexColor("#5B6770")
WARN = colors.HexColor("#B45309")
WARN_LIGHT = colors.HexColor("#FEF3C7")
CONTENT_WIDTH = 180 * mm
CELL_SIZE = 8
CELL_PADDING = 6  # reportlab's default left and right cell padding


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
        "cell_bold_right": ParagraphStyle(
            "cell_bold_right", parent=base, fontName=SANS_BOLD, fontSize=8, alignment=2
        ),
        "cell_right": ParagraphStyle(
            "cell_right", parent=base, fontSize=8, leading=10, alignment=2
        ),
        "title": ParagraphStyle(
            "title", parent=base, fontName=SANS_BOLD, fontSize=20, leading=24, textColor=BRAND
        ),
        "h1": ParagraphStyle(
            "h1",
            parent=base,
            fontName=SANS_BOLD,
            fontSize=16,
            leading=20,
            textColor=BRAND,
            spaceAfter=8,
        ),
        "lead": ParagraphStyle("lead", parent=base, fontSize=10.5, leading=15, spaceAfter=6),
        "bullet": ParagraphStyle(
            "bullet", parent=base, leftIndent=10, bulletIndent=0, spaceAfter=3, leading=12.5
        ),
        "cover_title": ParagraphStyle(
            "cover_title",
            parent=base,
            fontName=SANS_BOLD,
            fontSize=26,
            leading=32,
            textColor=BRAND,
            spaceAfter=6,
        ),
        "cover_project": ParagraphStyle(
            "cover_project", parent=base, fontSize=16, leading=21, textColor=GREY, spaceAfter=4
        ),
        "h1_plain": ParagraphStyle(
            "h1_plain",
            parent=base,
            fontName=SANS_BOLD,
            fontSize=16,
            leading=20,
            textColor=BRAND,
            spaceAfter=8,
        ),
        "label": ParagraphStyle("label", parent=base, fontName=SANS_BOLD, textColor=BRAND),
        "toc1": ParagraphStyle("toc1", parent=base, fontSize=10.5, leading=17),
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
        "h3": ParagraphStyle(
            "h3",
            parent=base,
            fontName=SANS_BOLD,
            fontSize=10,
            leading=13,
            textColor=BRAND,
            spaceBefore=8,
            spaceAfter=1,
        ),
        "note": ParagraphStyle(
            "note",
            parent=base,
            textColor=GREY,
            backColor=LIGHT,
            borderPadding=3,
            spaceBefore=3,
            spaceAfter=3,
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


def text(value: object, style: str = "body") -> Any:
    """A paragraph of untrusted text: escaped, with CJK runs in the CJK font."""
    return Paragraph(markup(value), styles()[style])


def bullet(value: object) -> Any:
    """One bullet point of untrusted text."""
    return Paragraph(markup(value), styles()["bullet"], bulletText="•")


def heading(value: str) -> Any:
    """A section heading that also goes into the table of contents (see pdf_doc)."""
    return Paragraph(markup(value), styles()["h1"])


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[object]],
    widths: Sequence[float],
    align: str = "",
    bold_last: bool = False,
) -> Any:
    """A zebra-striped table; `align` has one letter per column, l or r (default: l then r)."""
    align = align or "l" + "r" * (len(header) - 1)
    widths = fit_header_words(header, widths)
    head = [
        text(h, "cell_bold_right" if a == "r" else "cell_bold")
        for h, a in zip(header, align, strict=True)
    ]
    body = [
        [_cell(v, a == "r", width) for v, a, width in zip(row, align, widths, strict=True)]
        for row in rows
    ]
    result = Table([head, *body], colWidths=list(widths), repeatRows=1, splitByRow=1)
    result.hAlign = "LEFT"
    commands = [
        ("FONT", (0, 1), (-1, -1), SANS, CELL_SIZE, CELL_SIZE + 2),
        *(("ALIGN", (i, 1), (i, -1), "RIGHT") for i, a in enumerate(align) if a == "r"),
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


def fit_header_words(header: Sequence[str], widths: Sequence[float]) -> list[float]:
    """Column widths in which no header word is cut in two (long German words such as
    'Untergrenze'): a column too narrow for its longest word takes the room from the widest
    column that has room to spare; the table keeps its total width."""
    register_fonts()
    needed = [
        max((stringWidth(word, SANS_BOLD, CELL_SIZE) for word in title.split()), default=0.0)
        + 2 * CELL_PADDING
        + 1
        for title in header
    ]
    fitted = list(widths)
    for index, need in enumerate(needed):
        missing = need - fitted[index]
        if missing <= 0:
            continue
        spare = [i for i in range(len(fitted)) if fitted[i] - needed[i] > missing]
        if not spare:
            continue
        donor = max(spare, key=lambda i: fitted[i] - needed[i])
        fitted[donor] -= missing
        fitted[index] += missing
    return fitted


def _cell(value: object, right: bool, width: float) -> Any:
    """A plain string when it fits one line in the main font (fast), else a wrapping paragraph."""
    cell = str(value)
    covered = register_fonts()
    if (
        stringWidth(cell, SANS, CELL_SIZE) <= width - 2 * CELL_PADDING
        and "\n" not in cell
        and all(ord(char) in covered for char in cell)
    ):
        return cell
    return Paragraph(markup(cell), styles()["cell_right" if right else "cell"])


def kpi_tiles(tiles: Sequence[tuple[str, str]]) -> Any:
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


def callout(value: object) -> Any:
    """A highlighted warning box for one sentence."""
    box = Table([[text(value)]], colWidths=[CONTENT_WIDTH])
    box.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), WARN_LIGHT),
                ("LINEBEFORE", (0, 0), (0, -1), 3, WARN),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    return box
