"""Numbers, percentages and dates as the active language writes them (Babel's CLDR data)."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date as babel_date
from babel.numbers import format_decimal

from .active import active_language
from .messages import N_, gettext


def format_number(value: float, digits: int = 0) -> str:
    """A number with the locale's grouping and decimal mark: 1234.5 -> '1,234.5' / '1 234,5'."""
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(value, format=pattern, locale=active_language())


def format_percent(share: float, digits: int = 0) -> str:
    """A 0..1 share as a percentage, space before the sign: 0.255 -> '25.5 %' / '25,5 %'."""
    return f"{format_number(share * 100, digits)} %"


def format_date(value: dt.date | dt.datetime, style: str = "medium") -> str:
    """A date in the locale's medium format, e.g. 'Dec 7, 2026' / '7 déc. 2026' / '07.12.2026'."""
    day = value.date() if isinstance(value, dt.datetime) else value
    return babel_date(day, format=style, locale=active_language())


# Binary and decimal unit symbols as each language writes them (French: octet, so "Tio"/"To").
WORD_UNITS = frozenset({N_("years")})
"""Units that are words (a setting's unit such as 'years'): translated from the catalog."""
_UNIT_SYMBOLS: dict[str, dict[str, str]] = {
    "fr": {
        "PiB": "Pio",
        "TiB": "Tio",
        "GiB": "Gio",
        "MiB": "Mio",
        "PB": "Po",
        "TB": "To",
        "GB": "Go",
        "MB": "Mo",
    },
}


def unit_symbol(unit: str) -> str:
    """A unit as the active language writes it: 'TiB' -> 'Tio', 'years' -> 'ans' in French."""
    if unit in WORD_UNITS:
        return gettext(unit)
    return _UNIT_SYMBOLS.get(active_language(), {}).get(unit, unit)


def format_quantity(value: float, unit: str, digits: int = 0) -> str:
    """A number and its byte unit in the active language: 1234.5 TiB -> '1 234,5 Tio' (fr)."""
    return f"{format_number(value, digits)} {unit_symbol(unit)}"
