"""Numbers inside pipeline messages: as the English messages always wrote them, or as the locale."""

from __future__ import annotations

from datetime import date

from ..i18n import active_language, format_date, format_number


def short(value: float) -> str:
    """A number without trailing zeros: English keeps Python's '{:,g}', e.g. '1,536' / '1 536'."""
    if active_language() == "en":
        return f"{value:,g}"
    return format_number(value, 2).rstrip("0").rstrip(",.") if value % 1 else format_number(value)


def fixed(value: float, digits: int = 0, grouping: bool = True) -> str:
    """A number with `digits` decimals: English keeps '{:,.2f}' (or '{:.2f}'), else the locale."""
    if active_language() == "en":
        return f"{value:,.{digits}f}" if grouping else f"{value:.{digits}f}"
    return format_number(value, digits)


def percent(share: float, digits: int = 0) -> str:
    """A 0..1 share as English '{:.0%}' wrote it ('15%'), or the locale's '15 %'."""
    if active_language() == "en":
        return f"{share:.{digits}%}"
    return f"{format_number(share * 100, digits)} %"


def day(value: date) -> str:
    """A date: English keeps ISO ('2025-05-30'), other languages the locale's medium format."""
    return value.isoformat() if active_language() == "en" else format_date(value)
