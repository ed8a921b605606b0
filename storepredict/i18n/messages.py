"""Translating a message: look it up in the active language, then fill its named placeholders."""

from __future__ import annotations

from typing import Any

from .active import active_language
from .catalogs import catalog_for


def N_(message: str) -> str:
    """Mark a string for extraction only (tables built before a language is known)."""
    return message


def gettext(message: str, **params: Any) -> str:
    """`message` in the active language, with `{name}` placeholders filled from `params`."""
    translated = catalog_for(active_language()).gettext(message) if message else message
    return translated.format(**params) if params else translated


def ngettext(singular: str, plural: str, count: int, **params: Any) -> str:
    """The singular or plural form for `count` in the active language, placeholders filled."""
    translated = catalog_for(active_language()).ngettext(singular, plural, count)
    return translated.format(count=count, **params)
