"""The language in force: a context value set by the entry point, a page or a report."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

LANGUAGES: tuple[str, ...] = ("en", "fr", "de")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "fr": "Français", "de": "Deutsch"}

# A context value, not module state: each task and thread sees its own language.
_LANGUAGE: ContextVar[str] = ContextVar("storepredict_language", default=DEFAULT_LANGUAGE)


def active_language() -> str:
    """The language strings are translated into here and now, e.g. 'fr'."""
    return _LANGUAGE.get()


@contextmanager
def use_language(language: str) -> Iterator[str]:
    """Translate into `language` inside the block (an unknown language falls back to English)."""
    chosen = language if language in LANGUAGES else DEFAULT_LANGUAGE
    token = _LANGUAGE.set(chosen)
    try:
        yield chosen
    finally:
        _LANGUAGE.reset(token)


def language_name(language: str) -> str:
    """A language as its own speakers write it, e.g. 'Deutsch' (for the language switch)."""
    return LANGUAGE_NAMES.get(language, language)


def negotiate_language(accept_language: str | None) -> str:
    """The best supported language for an `Accept-Language` header: 'fr-CH,fr;q=0.9' -> 'fr'."""
    weighted: list[tuple[float, int, str]] = []
    for index, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().split("-")[0].lower()
        if primary in LANGUAGES and quality > 0:
            weighted.append((-quality, index, primary))
    return min(weighted)[2] if weighted else DEFAULT_LANGUAGE
