"""The customer documents in French and German: no English sentence of the content catalog, local
number formats and translated labels, and the very same figures as the English documents."""

from __future__ import annotations

import io
import re
import string
from datetime import date

import openpyxl
import pytest
from babel.messages.pofile import read_po
from pptx import Presentation
from pypdf import PdfReader

from storepredict.i18n import CATALOG_DIR, gettext, use_language
from storepredict.pipeline.session import open_files
from storepredict.pipeline.sizing import size_session
from storepredict.reports import build_pdf, build_pptx, build_xlsx
from tests.report_checks import DETAILS, EXPORT, flat

TODAY = date(2026, 12, 7)
# Words of the content catalog that read the same in French and German (product and sheet
# names), and two labels of the shared vocabulary (app catalog) that this half does not own.
SAME_IN_EVERY_LANGUAGE = {
    "Dell LiveOptics",
    "LiveOptics VM Performance",
    "Microsoft SQL Server",
    "Cluster / site",
}
VOCABULARY_LABELS = {"hosts per cluster", "after data reduction"}
ALLOWED = SAME_IN_EVERY_LANGUAGE | VOCABULARY_LABELS


def _fragments(message: str) -> set[str]:
    """The English phrases of a msgid a reader would recognise: literal runs of 14+ characters
    with a space, between placeholders and punctuation."""
    found = set()
    for literal, _field, _spec, _conversion in string.Formatter().parse(message):
        for part in re.split(r"[;:.()“”,]", literal):
            if len(part.strip()) >= 14 and " " in part.strip():
                found.add(part.strip())
    return found


@pytest.fixture(scope="module")
def english_phrases() -> set[str]:
    with (CATALOG_DIR / "content.pot").open("rb") as handle:
        template = read_po(handle)
    phrases: set[str] = set()
    for message in template:
        for msgid in message.id if isinstance(message.id, tuple) else (message.id,):
            phrases |= _fragments(msgid) if msgid else set()
    assert len(phrases) > 800  # the catalog, not an empty template
    return phrases - ALLOWED


@pytest.fixture(scope="module")
def documents() -> dict[str, dict[str, bytes]]:
    """PDF, PPTX and XLSX of the 233-VM sample, read and sized in each language."""
    made: dict[str, dict[str, bytes]] = {}
    details = dict(zip(("customer", "prepared_by", "reference"), DETAILS[1::2], strict=True))
    for language in ("en", "fr", "de"):
        with use_language(language):
            state, _, _ = open_files([(EXPORT.name, EXPORT.read_bytes())])
            state = state.model_copy(update=details)
            result = size_session(state)
            made[language] = {
                "pdf": build_pdf(state, result, today=TODAY),
                "pptx": build_pptx(state, result, today=TODAY),
                "xlsx": build_xlsx(state, result, today=TODAY),
            }
    return made


def _pdf_text(content: bytes) -> str:
    return flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages))


def _pptx_text(content: bytes) -> str:
    deck = Presentation(io.BytesIO(content))
    texts = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
            if shape.has_chart:
                texts += [str(name) for name in shape.chart.plots[0].categories]
                texts += [series.name for series in shape.chart.plots[0].series]
    return flat(" ".join(texts))


def _pptx_chart_values(content: bytes) -> list[tuple[float, ...]]:
    deck = Presentation(io.BytesIO(content))
    return [
        tuple(series.values)
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_chart
        for series in shape.chart.plots[0].series
    ]


def _workbook(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content), read_only=True)


def _xlsx_text(content: bytes) -> str:
    book = _workbook(content)
    cells = [
        value
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if isinstance(value, str)
    ]
    return flat(" ".join([*book.sheetnames, *cells]))


def _xlsx_numbers(content: bytes) -> list[list[tuple[int, int, float]]]:
    """Every number cell of every sheet, by position (sheet names differ by language)."""
    return [
        [
            (row_index, column, value)
            for row_index, row in enumerate(sheet.iter_rows(values_only=True))
            for column, value in enumerate(row)
            if isinstance(value, int | float) and not isinstance(value, bool)
        ]
        for sheet in _workbook(content).worksheets
    ]


@pytest.mark.parametrize("language", ["fr", "de"])
@pytest.mark.parametrize("kind", ["pdf", "pptx", "xlsx"])
def test_no_english_sentence_of_the_content_catalog(
    documents, english_phrases, language: str, kind: str
) -> None:
    reader = {"pdf": _pdf_text, "pptx": _pptx_text, "xlsx": _xlsx_text}[kind]
    english = reader(documents["en"][kind])
    translated = reader(documents[language][kind])
    shown_in_english = {phrase for phrase in english_phrases if phrase in english}
    assert len(shown_in_english) > {"pdf": 100, "pptx": 20, "xlsx": 40}[kind]  # the check bites
    assert sorted(phrase for phrase in shown_in_english if phrase in translated) == []


# Headline labels per document, in English: each must show in its translation, and not in English.
LABELS = {
    "pdf": ["Executive summary", "Required capacity (physical)", "Effective DRR", "ESXi hosts"],
    "pptx": ["Executive summary", "Required capacity (physical)", "Next steps"],
    "xlsx": ["Summary", "Assumptions", "Required capacity", "Health checks flagged"],
}


@pytest.mark.parametrize("language", ["fr", "de"])
def test_translated_headline_labels_and_decimal_commas(documents, language: str) -> None:
    texts = {
        "pdf": _pdf_text(documents[language]["pdf"]),
        "pptx": _pptx_text(documents[language]["pptx"]),
        "xlsx": _xlsx_text(documents[language]["xlsx"]),
    }
    with use_language(language):
        translated = {label: gettext(label) for labels in LABELS.values() for label in labels}
    for kind, labels in LABELS.items():
        for label in labels:
            assert translated[label] != label
            assert translated[label] in texts[kind], (kind, translated[label])
            assert not re.search(rf"\b{re.escape(label)}\b", texts[kind]), (kind, label)
    english = _pdf_text(documents["en"]["pdf"])
    # the growth factor and the waterfall's logical total, with the locale's decimal mark
    assert "a factor of 1.33 on the reduced capacity" in english
    assert "44.50 TiB" in english
    assert {"fr": "facteur de 1,33", "de": "Faktor von 1,33"}[language] in texts["pdf"]
    assert {"fr": "44,50 Tio", "de": "44,50 TiB"}[language] in texts["pdf"]  # the unit too
    assert "1.33" not in texts["pdf"].replace("4.7.1.4", "")
    date_text = {"fr": "7 déc. 2026", "de": "07.12.2026"}[language]
    assert date_text in texts["pdf"]
    assert date_text in texts["xlsx"]


@pytest.mark.parametrize("language", ["fr", "de"])
def test_the_figures_equal_the_english_documents(documents, language: str) -> None:
    assert _xlsx_numbers(documents[language]["xlsx"]) == _xlsx_numbers(documents["en"]["xlsx"])
    chart_values = _pptx_chart_values(documents[language]["pptx"])
    assert chart_values == _pptx_chart_values(documents["en"]["pptx"])
    assert len(chart_values) >= 4
    summary = _workbook(documents[language]["xlsx"]).worksheets[0]
    values = [row[1] for row in summary.iter_rows(values_only=True)]
    datastores, hosts = [value for value in values if isinstance(value, int)][:2]
    pdf = _pdf_text(documents[language]["pdf"])
    assert f" {datastores} " in pdf and f" {hosts} " in pdf


# Words of the content translator that the app's translator rendered otherwise: a report must speak
# the app's words (« datastore », « snapshot », "Benötigt"), so none of these may show.
OTHER_TERMINOLOGY = {
    "fr": re.compile(r"banques? de données|instantané", re.IGNORECASE),
    "de": re.compile(r"Erforderlich|Datencenter|Engineer", re.IGNORECASE),
}


@pytest.mark.parametrize("language", ["fr", "de"])
@pytest.mark.parametrize("kind", ["pdf", "xlsx"])
def test_the_documents_use_the_terminology_of_the_app(documents, language: str, kind: str) -> None:
    text = {"pdf": _pdf_text, "xlsx": _xlsx_text}[kind](documents[language][kind])
    assert OTHER_TERMINOLOGY[language].findall(text) == []
    datastores = {"fr": "datastores", "de": "Datastores"}[language]
    assert datastores in text  # the word the app uses is there instead


def _translations(language: str, domain: str) -> dict[str, tuple[str, ...]]:
    with (CATALOG_DIR / language / "LC_MESSAGES" / f"{domain}.po").open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=domain)
    return {
        message.id[0] if isinstance(message.id, tuple) else message.id: (
            message.string if isinstance(message.string, tuple) else (message.string,)
        )
        for message in catalog
        if message.id
    }


@pytest.mark.parametrize("language", ["fr", "de"])
def test_a_msgid_of_both_catalogs_has_one_translation(language: str) -> None:
    """A msgid in both the app and the content catalog reads the same in both: the app's
    translation is the reference. Compares the two catalogs of this checkout's locale, so it
    bites as soon as the full app catalog lands next to the content catalog."""
    app = _translations(language, "app")
    content = _translations(language, "content")
    differing = {
        msgid: (app[msgid], content[msgid])
        for msgid in app.keys() & content.keys()
        if app[msgid] != content[msgid]
    }
    assert differing == {}
