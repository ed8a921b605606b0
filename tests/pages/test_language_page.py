"""The language of a tab: the browser's first choice, the header switch, kept per tab and in the
session archive; and every page drawn in French without an English string of the app catalog."""

from __future__ import annotations

import io
import json
import string
import zipfile
from collections.abc import Iterator

from babel.messages.pofile import read_po
from nicegui import ui
from nicegui.testing import User

from storepredict.i18n import CATALOG_DIR
from storepredict.pages.language import LANGUAGE_KEY
from storepredict.pipeline.session import open_files, save_session_zip

from .helpers import WAIT, by_testid, sample_bytes, upload, visit

PAGES = ["/", "/classify", "/health", "/layout", "/compute", "/scenarios", "/report"]
# French words spelt as in English (and messages made of placeholders only): the one list of
# app strings whose French translation is the English text. A new one must be added here.
SAME_IN_FRENCH = {
    "CPU",
    "Cluster",
    "Clusters",
    "Consolidation",
    "DRR",
    "Datastore",
    "Datastores",
    "Format",
    "Infrastructure",
    "OK",
    "OS",
    "SAP HANA",
    "Site",
    "Sockets",
    "Total",
    "Utilisation",
    "vRAM ({unit})",
    "version {version}",
    "{field} {kind} {pattern} · {vms}",
    "{field} {kind} {pattern} → {target}",
}
SHORTEST_WORD = 3  # shorter msgids ('VM', 'OS') are units or acronyms
SHORTEST_FRAGMENT = 14  # a literal piece of a message with placeholders that must not show


def _french_catalog():
    with (CATALOG_DIR / "fr" / "LC_MESSAGES" / "app.po").open("rb") as handle:
        return read_po(handle, locale="fr", domain="app")


def english_strings() -> tuple[set[str], set[str]]:
    """(whole English messages, long literal fragments of messages with placeholders)."""
    whole: set[str] = set()
    fragments: set[str] = set()
    for message in _french_catalog():
        if not message.id:
            continue
        forms = [message.id] if isinstance(message.id, str) else list(message.id)
        for form in forms:
            if form in SAME_IN_FRENCH:
                continue
            pieces = [text for text, field, _spec, _conv in string.Formatter().parse(form)]
            if len(pieces) == 1 and not any(f for _t, f, _s, _c in string.Formatter().parse(form)):
                if len(form) >= SHORTEST_WORD and isinstance(message.id, str):
                    whole.add(form)
            else:
                fragments |= {p.strip() for p in pieces if len(p.strip()) >= SHORTEST_FRAGMENT}
    return whole, fragments


def shown_texts(user: User) -> Iterator[str]:
    """Every text a person reads on the current page: labels, buttons, field labels, hints,
    tooltips, choices, table and grid headers and words, chart legends (not the rows' customer
    data)."""
    assert user.client is not None
    for element in list(user.client.elements.values()):
        text = getattr(element, "text", None)
        if isinstance(text, str):
            yield text
        for prop in ("label", "placeholder", "hint", "suffix", "title", "aria-label"):
            value = element.props.get(prop)
            if isinstance(value, str):
                yield value
        if isinstance(element, ui.select | ui.toggle | ui.radio):
            options = element.options
            yield from map(str, options.values() if isinstance(options, dict) else options)
        if isinstance(element, ui.table):
            yield from (str(column.get("label", "")) for column in element.columns)
        if isinstance(element, ui.aggrid):
            yield from (str(c.get("headerName", "")) for c in element.options["columnDefs"])
            yield from element.options.get("localeText", {}).values()  # AG Grid's own words
        if isinstance(element, ui.echart):
            yield from (str(series.get("name", "")) for series in element.options["series"])
            yield from map(str, element.options.get("legend", {}).get("data", []))


def english_leaks(user: User) -> list[str]:
    """The shown texts that are (or contain) an English app message."""
    whole, fragments = english_strings()
    leaks = []
    for text in shown_texts(user):
        if text.strip() in whole or any(fragment in text for fragment in fragments):
            leaks.append(text)
    return sorted(set(leaks))


async def open_in_french(user: User) -> None:
    user.http_client.headers["accept-language"] = "fr-FR,fr;q=0.9,en;q=0.5"
    await visit(user, "/")
    await user.should_see("Charger un inventaire", retries=WAIT)


def test_the_exceptions_are_exactly_the_french_words_spelt_as_in_english() -> None:
    same = {m.id for m in _french_catalog() if m.id and m.id == m.string}
    assert same == SAME_IN_FRENCH


async def test_every_page_in_french_shows_no_english_app_string(user: User) -> None:
    await open_in_french(user)
    await upload(user, ("sample-rvtools.xlsx", sample_bytes()))
    await user.should_see("Inventaire chargé", retries=WAIT)
    checked = {}
    for path in PAGES:
        await visit(user, path)
        await user.should_see("StorePredict", retries=WAIT)
        await user.should_not_see(kind=ui.spinner, retries=WAIT)  # every sizing is done
        checked[path] = english_leaks(user)
    assert checked == {path: [] for path in PAGES}
    # and the figures in the French way: decimal comma, 'Tio', a space before '%'
    await user.should_see("Capacité requise")
    required = by_testid(user, "required-capacity").text
    assert required.endswith(" Tio") and "," in required and "." not in required


async def test_the_pages_without_data_are_french_too(user: User) -> None:
    user.http_client.headers["accept-language"] = "fr"
    for path in PAGES[1:]:
        await visit(user, path)
        await user.should_see("Aucun inventaire chargé pour l'instant.", retries=WAIT)
        assert english_leaks(user) == []


async def test_the_browser_language_is_the_first_choice(user: User) -> None:
    user.http_client.headers["accept-language"] = "es-ES,de;q=0.8,fr;q=0.5"
    await visit(user, "/")
    await user.should_see("Inventar laden", retries=WAIT)
    assert by_testid(user, "language-switch").value == "de"
    await user.should_see("Keine Daten geladen")


async def test_the_switch_is_kept_per_tab(user: User, create_user) -> None:
    await visit(user, "/")
    await user.should_see("Load an inventory", retries=WAIT)
    by_testid(user, "language-switch").set_value("fr")  # the page is drawn again in French
    await user.should_see("Charger un inventaire", retries=WAIT)
    await visit(user, "/report")  # another page of the same tab
    await user.should_see("Aucun inventaire chargé pour l'instant.", retries=WAIT)
    assert by_testid(user, "language-switch").value == "fr"

    other: User = create_user()  # another tab of the same browser: its own choice
    await visit(other, "/")
    await other.should_see("Load an inventory", retries=WAIT)
    await other.should_not_see("Charger un inventaire")


async def test_the_language_travels_in_the_session_archive(user: User, create_user) -> None:
    await open_in_french(user)
    by_testid(user, "language-switch").set_value("de")
    await user.should_see("Inventar laden", retries=WAIT)
    await upload(user, ("sample-rvtools.xlsx", sample_bytes()))
    await user.should_see("Inventar geladen", retries=WAIT)
    user.find("Sitzung herunterladen").click()
    archive = (await user.download.next(timeout=10)).content
    with zipfile.ZipFile(io.BytesIO(archive)) as zipped:
        document = json.loads(zipped.read("session.json"))
    assert (document["state"]["language"], document["state"]["report_language"]) == ("de", None)

    other: User = create_user()  # an English browser restores the German session
    await visit(other, "/")
    await other.should_see("Load an inventory", retries=WAIT)
    await upload(other, ("saved.storepredict.zip", archive))
    await other.should_see("Inventar geladen", retries=WAIT)
    assert by_testid(other, "language-switch").value == "de"
    with other:
        from nicegui import app

        assert app.storage.tab[LANGUAGE_KEY] == "de"


async def test_a_handler_works_in_the_tab_language(user: User) -> None:
    """A click runs in another asyncio task than the page: it still speaks the tab's language."""
    await open_in_french(user)
    await upload(user, ("sample-rvtools.xlsx", sample_bytes()))
    await user.should_see("Inventaire chargé", retries=WAIT)
    await visit(user, "/classify")
    await user.should_see("Attribuer la classe", retries=WAIT)  # the grid is drawn
    user.find("Attribuer la classe").click()  # no class picked: a notification says so
    await user.should_see("Choisissez la classe à attribuer aux VM sélectionnées.", retries=WAIT)
    # an upload is an HTTP request, not a socket event: its handler speaks French too
    uploader = by_testid(user, "rules-upload")
    assert isinstance(uploader, ui.upload)
    latin1 = "field,kind,pattern,class\r\nname,prefix,Séville,db_oracle\r\n".encode("latin-1")
    await uploader.handle_uploads([ui.upload.SmallFileUpload("règles.csv", "text/csv", latin1)])
    await user.should_see(
        "règles.csv n'est pas du texte UTF-8 : enregistrez les règles en CSV UTF-8.", retries=WAIT
    )


def _archive_without_language() -> bytes:
    """A session archive as StorePredict wrote it before it had languages (no language field)."""
    state, originals, _restored = open_files([("sample-rvtools.xlsx", sample_bytes())])
    written = zipfile.ZipFile(io.BytesIO(save_session_zip(state, originals)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as rewritten:
        for name in written.namelist():
            content = written.read(name)
            if name == "session.json":
                document = json.loads(content)
                del document["state"]["language"], document["state"]["report_language"]
                content = json.dumps(document).encode()
            rewritten.writestr(name, content)
    return buffer.getvalue()


async def test_an_archive_without_a_language_keeps_the_tab_language(user: User) -> None:
    await open_in_french(user)
    await upload(user, ("older.storepredict.zip", _archive_without_language()))
    await user.should_see("Hypothèses de capacité", retries=WAIT)  # back on classify, in French
    assert by_testid(user, "language-switch").value == "fr"


async def test_findings_of_an_english_upload_read_in_french_after_the_switch(user: User) -> None:
    await visit(user, "/")
    await user.should_see("Load an inventory", retries=WAIT)
    await upload(user, ("sample-rvtools.xlsx", sample_bytes()))
    await user.should_see(
        "19 of 298 VM(s) (3 powered on) have no guest file-system data in vPartition (it needs "
        "VMware Tools running).",
        retries=WAIT,
    )
    by_testid(user, "language-switch").set_value("fr")
    await user.should_see(
        "19 des 298 VM (3 allumées) n'ont pas de données de système de fichiers invité dans "
        "vPartition (il faut que VMware Tools fonctionne).",
        retries=WAIT,
    )
    await user.should_not_see("have no guest file-system data")
