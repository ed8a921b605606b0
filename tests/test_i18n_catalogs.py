"""Every catalog is complete: each marked English string has a French and a German translation.

The English strings are extracted here, in-process, from the same sources as `make messages`
(the Makefile's APP_SOURCES and CONTENT_SOURCES), so a string marked in the code but missing from
a catalog fails, as does an empty translation or a `{placeholder}` that differs from English.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir, extract_from_file
from babel.messages.pofile import read_po

from storepredict.i18n import CATALOG_DIR, DOMAINS, LANGUAGES, _, ngettext, use_language

ROOT = Path(__file__).resolve().parents[1]
MAKEFILE = ROOT / "Makefile"
TRANSLATED = [language for language in LANGUAGES if language != "en"]
Msgid = str | tuple[str, ...]


def _sources(domain: str) -> list[str]:
    """The Makefile's source list of a domain (APP_SOURCES or CONTENT_SOURCES)."""
    text = MAKEFILE.read_text(encoding="utf-8").replace("\\\n", " ")
    match = re.search(rf"^{domain.upper()}_SOURCES\s*:=\s*(.+)$", text, re.M)
    assert match, f"no {domain.upper()}_SOURCES in the Makefile"
    return match.group(1).split()


def extracted(domain: str) -> set[Msgid]:
    """The msgids Babel extracts from the domain's sources (as `pybabel extract` would)."""
    found: set[Msgid] = set()
    for source in _sources(domain):
        path = ROOT / source
        if path.is_dir():
            messages = (m[2] for m in extract_from_dir(str(path), keywords=DEFAULT_KEYWORDS))
        else:
            messages = (m[1] for m in extract_from_file("python", str(path)))
        for message in messages:
            found.add(message if isinstance(message, str) else tuple(message))
    return found


def catalog(language: str, domain: str):
    path = CATALOG_DIR / language / "LC_MESSAGES" / f"{domain}.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=language, domain=domain)


def template(domain: str):
    with (CATALOG_DIR / f"{domain}.pot").open("rb") as handle:
        return read_po(handle, domain=domain)


def placeholders(text: str) -> set[str]:
    """The `{name}` fields of a message (str.format syntax)."""
    return {field for _text, field, _spec, _conv in string.Formatter().parse(text) if field}


def _key(message_id: Msgid) -> Msgid:
    return message_id if isinstance(message_id, str) else tuple(message_id)


@pytest.mark.parametrize("domain", DOMAINS)
def test_the_template_holds_exactly_the_marked_strings(domain: str) -> None:
    in_template = {_key(m.id) for m in template(domain) if m.id}
    in_code = extracted(domain)
    assert in_code - in_template == set(), "run `make messages`: strings missing from the .pot"
    assert in_template - in_code == set(), "run `make messages`: the .pot has stale strings"


@pytest.mark.parametrize("language", TRANSLATED)
@pytest.mark.parametrize("domain", DOMAINS)
def test_every_string_is_translated_with_the_same_placeholders(domain: str, language: str) -> None:
    messages = {_key(m.id): m for m in catalog(language, domain) if m.id}
    missing = sorted(map(str, extracted(domain) - set(messages)))
    assert missing == [], f"{language}/{domain}.po lacks {len(missing)} strings"
    for key, message in messages.items():
        assert "fuzzy" not in message.flags, (language, key)
        sources = [key] if isinstance(key, str) else list(key)
        targets = [message.string] if isinstance(message.string, str) else list(message.string)
        assert targets and all(targets), f"{language}: no translation of {key!r}"
        expected = set().union(*map(placeholders, sources))
        for target in targets:
            # a plural form may leave out {count}/{number} (e.g. 'one host'), nothing else
            found = placeholders(target)
            assert found <= expected, (language, key, target)
            assert expected - found <= {"count", "number"}, (language, key, target)


def test_the_catalogs_are_read_at_run_time() -> None:
    with use_language("fr"):
        assert _("Required capacity") == "Capacité requise"
        assert ngettext("{number} host", "{number} hosts", 3, number="3") == "3 hôtes"
    with use_language("de"):
        assert _("Required capacity") == "Benötigte Kapazität"
        assert ngettext("{number} host", "{number} hosts", 1, number="1") == "1 Host"
    assert _("Required capacity") == "Required capacity"


def test_a_missing_string_or_a_changed_placeholder_would_be_caught() -> None:
    assert placeholders("Fill from {low}% to {high}%") == {"low", "high"}
    assert placeholders("{setting} must be {limits}{given}.") == {"setting", "limits", "given"}
    assert placeholders("no fields, 100 %") == set()
    app = extracted("app")
    assert "Required capacity" in app
    assert ("{number} host", "{number} hosts") in app
