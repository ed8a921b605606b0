"""Fonts embedded in the PDF: DejaVu Sans for Latin/Greek/Cyrillic, Droid Sans Fallback for CJK.

Both ship in storepredict/data/fonts (licences beside them), so a PDF renders the same on every
machine. reportlab has no per-glyph fallback, so `markup` wraps runs the main font lacks in the
CJK font.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import as_file, files
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]

SANS = "StorePredictSans"
SANS_BOLD = "StorePredictSans-Bold"
CJK = "StorePredictCJK"
_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    CJK: "DroidSansFallbackFull.ttf",
}


@cache
def register_fonts() -> frozenset[int]:
    """Register the embedded fonts once; returns the code points the main font covers."""
    for name, file_name in _FILES.items():
        with as_file(files("storepredict").joinpath("data", "fonts", file_name)) as path:
            pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(
        SANS, normal=SANS, bold=SANS_BOLD, italic=SANS, boldItalic=SANS_BOLD
    )
    return frozenset(pdfmetrics.getFont(SANS).face.charToGlyph)


def markup(text: object) -> str:
    """Paragraph markup for any text: XML-escaped, with runs the main font lacks set in CJK."""
    covered = register_fonts()
    out: list[str] = []
    run: list[str] = []
    run_is_cjk = False
    for char in str(text):
        is_cjk = ord(char) not in covered and not char.isspace()
        if is_cjk != run_is_cjk and run:
            out.append(_wrap("".join(run), run_is_cjk))
            run = []
        run_is_cjk = is_cjk
        run.append(char)
    if run:
        out.append(_wrap("".join(run), run_is_cjk))
    return "".join(out)


def _wrap(chunk: str, cjk: bool) -> str:
    escaped = escape(chunk)
    return f'<font name="{CJK}">{escaped}</font>' if cjk else escaped
