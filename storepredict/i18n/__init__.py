"""Languages of StorePredict: message catalogs (gettext, read by Babel) and locale formatting.

English is the source language: every string a person reads is written in English in the code,
marked with `_()` (translated where it is used) or `N_()` (only marked, translated later), and
translated from the catalogs in `storepredict/locale/<lang>/LC_MESSAGES/`. `make messages`
extracts the marked strings and updates the catalogs. The language in force is a context value
(`use_language`), so the pure pipeline, the reports and the pages share one mechanism.
"""

from .active import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    active_language,
    language_name,
    negotiate_language,
    use_language,
)
from .catalogs import CATALOG_DIR, DOMAINS, catalog_for
from .formats import format_date, format_number, format_percent, format_quantity, unit_symbol
from .messages import N_, gettext, ngettext

_ = gettext

__all__ = [
    "CATALOG_DIR",
    "DEFAULT_LANGUAGE",
    "DOMAINS",
    "LANGUAGES",
    "N_",
    "_",
    "active_language",
    "catalog_for",
    "format_date",
    "format_number",
    "format_percent",
    "format_quantity",
    "gettext",
    "language_name",
    "negotiate_language",
    "ngettext",
    "unit_symbol",
    "use_language",
]
