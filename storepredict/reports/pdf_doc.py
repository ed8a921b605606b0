"""The PDF document frame: A4 pages, a cover without footer, numbered pages, a table of contents."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    NextPageTemplate,
    PageTemplate,
)
from reportlab.platypus.tableofcontents import TableOfContents

from ..i18n import _
from .fonts import SANS
from .pdf_style import BRAND, GREY, styles

MARGIN = 15 * mm


@dataclass(frozen=True)
class Footer:
    """What every page after the cover says at its foot."""

    left: str
    right: str


class ReportDocument(BaseDocTemplate):  # type: ignore[misc]
    """A4 document whose h1 headings feed the table of contents."""

    def __init__(self, buffer: io.BytesIO, footer: Footer, **info: str) -> None:
        super().__init__(buffer, pagesize=A4, **info)
        self.footer = footer
        frame = Frame(MARGIN, 16 * mm, A4[0] - 2 * MARGIN, A4[1] - 31 * mm, id="body")
        self.addPageTemplates(
            [
                PageTemplate(id="cover", frames=[frame], onPage=_no_footer),
                PageTemplate(id="body", frames=[frame], onPage=self._draw_footer),
            ]
        )

    def afterFlowable(self, flowable: Any) -> None:
        """Register every h1 heading as a table-of-contents entry with its page."""
        if getattr(flowable, "style", None) is not None and flowable.style.name == "h1":
            key = f"section-{self.seq.nextf('section')}"
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.getPlainText(), key, level=0)
            self.notify("TOCEntry", (0, flowable.getPlainText(), self.page, key))

    def _draw_footer(self, canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setStrokeColor(BRAND)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, 12.5 * mm, A4[0] - MARGIN, 12.5 * mm)
        canvas.setFont(SANS, 7.5)
        canvas.setFillColor(GREY)
        canvas.drawString(MARGIN, 8.5 * mm, self.footer.left)
        canvas.drawRightString(
            A4[0] - MARGIN, 8.5 * mm, self.footer.right + _("Page {number}", number=document.page)
        )
        canvas.restoreState()


def _no_footer(canvas: Any, document: Any) -> None:
    """The cover carries no footer."""


def contents() -> Any:
    """The table of contents flowable, filled in by the second build pass."""
    toc = TableOfContents()
    toc.levelStyles = [styles()["toc1"]]
    toc.dotsMinLevel = 0
    return toc


def after_cover() -> Any:
    """Switch to the numbered page template after the cover."""
    return NextPageTemplate("body")


def build(story: Sequence[Any], footer: Footer, **info: str) -> bytes:
    """Lay the story out (twice, so the table of contents knows the pages) and return the PDF."""
    buffer = io.BytesIO()
    document = ReportDocument(buffer, footer, **info)
    document.multiBuild(list(story))
    return buffer.getvalue()
