"""Message catalogs: the `.po` files of each language, read once per process with Babel."""

from __future__ import annotations

import gettext as stdlib_gettext
from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

CATALOG_DIR = Path(__file__).resolve().parent.parent / "locale"
# Two domains so the app's words (pages, vocabulary, CLI) and the content's words (pipeline
# messages, reports) can be extracted and translated separately; a lookup tries both.
DOMAINS: tuple[str, ...] = ("app", "content")


def _read(language: str, domain: str) -> stdlib_gettext.NullTranslations:
    path = CATALOG_DIR / language / "LC_MESSAGES" / f"{domain}.po"
    if not path.is_file():
        return stdlib_gettext.NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language, domain=domain)
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return stdlib_gettext.GNUTranslations(compiled)


@cache
def catalog_for(language: str) -> stdlib_gettext.NullTranslations:
    """Every domain's translations of one language, chained (English: no translation)."""
    if language == "en":
        return stdlib_gettext.NullTranslations()
    first, *rest = (_read(language, domain) for domain in DOMAINS)
    for fallback in rest:
        first.add_fallback(fallback)
    return first
