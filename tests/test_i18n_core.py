"""The i18n core: language negotiation, the context language and locale formats."""

from __future__ import annotations

import datetime as dt

import pytest

from storepredict.i18n import (
    active_language,
    format_date,
    format_number,
    format_percent,
    negotiate_language,
    unit_symbol,
    use_language,
)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("fr-CH,fr;q=0.9,en;q=0.8", "fr"),
        ("de-DE", "de"),
        ("es-ES,es;q=0.9,de;q=0.5,fr;q=0.4", "de"),
        ("en-GB,fr;q=0.9", "en"),
        ("fr;q=0,de;q=0.1", "de"),
        ("es", "en"),
        ("", "en"),
        (None, "en"),
        ("fr;q=abc", "en"),
    ],
)
def test_accept_language_picks_the_best_supported_language(header, expected) -> None:
    assert negotiate_language(header) == expected


def test_the_language_is_scoped_to_the_block() -> None:
    assert active_language() == "en"
    with use_language("de"):
        assert active_language() == "de"
        with use_language("xx"):
            assert active_language() == "en"
    assert active_language() == "en"


@pytest.mark.parametrize(
    ("language", "number", "share", "day"),
    [
        ("en", "1,234.5", "25.5 %", "Dec 7, 2026"),
        ("fr", "1\u202f234,5", "25,5 %", "7 déc. 2026"),
        ("de", "1.234,5", "25,5 %", "07.12.2026"),
    ],
)
def test_numbers_percentages_and_dates_follow_the_locale(language, number, share, day) -> None:
    with use_language(language):
        assert format_number(1234.5, 1) == number
        assert format_percent(0.255, 1) == share
        assert format_date(dt.date(2026, 12, 7)) == day
        assert format_number(3) == "3"


@pytest.mark.parametrize(
    ("language", "years", "tib"),
    [("en", "years", "TiB"), ("fr", "ans", "Tio"), ("de", "Jahre", "TiB")],
)
def test_units_are_written_as_the_language_writes_them(language, years, tib) -> None:
    with use_language(language):
        assert (unit_symbol("years"), unit_symbol("TiB"), unit_symbol("%")) == (years, tib, "%")
