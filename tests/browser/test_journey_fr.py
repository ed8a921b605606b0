"""The journey in French, in headless Chromium with a French browser (Accept-Language: fr-FR).

A real sample is uploaded, classified, laid out with a changed rule, sized on another host and
reported on; every page speaks French with French number formats, the report language is set to
German for the downloads, and the session archive keeps both. Screenshots of each page are saved
to test-artifacts/journey-fr-<page>.png.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import VIEWPORT, Server

SAMPLE = "rvtools-4.7.1-233vms.xlsx"
PROJECT = "Parcours Lonati"
IN_SCOPE = 206  # 233 VMs less 22 powered off (4 of them templates) and 5 vCLS agents
MAX_VMS_INPUT = "assumption-layout-max_vms_per_datastore"
NEW_PRESET = "Dell PowerEdge R7625 · 2x EPYC 9354 · 64 cœurs · 3,25 GHz · 1536 Gio"
LAYOUT_HEADING = re.compile(r"^Répartition \w+ : (\d+) datastores$")
CHART_ANIMATION_MS = 1_500
SLOW_MS = 90_000  # sizing and parsing run in worker processes on a loaded 2-core machine

pytestmark = pytest.mark.browser


def french_page(browser: Browser) -> Page:
    """A tab of a browser set to French: its Accept-Language asks for fr-FR first."""
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True, locale="fr-FR")
    return context.new_page()


def content_text(page: Page) -> str:
    """The text of the page body below the header, as rendered."""
    return page.locator(".nicegui-content").inner_text()


def shot(page: Page, artifacts: Path, name: str) -> None:
    """A full-page screenshot test-artifacts/journey-fr-<name>.png, from the top."""
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(CHART_ANIMATION_MS)  # ECharts grows its bars on a canvas: let it finish
    page.screenshot(path=artifacts / f"journey-fr-{name}.png", full_page=True)


def layout_count(page: Page) -> int:
    """The chosen strategy's datastore count, from 'Répartition Consolidation : 16 datastores'."""
    heading = page.get_by_text(LAYOUT_HEADING)
    expect(heading).to_be_visible(timeout=SLOW_MS)
    match = LAYOUT_HEADING.match(heading.inner_text())
    assert match
    return int(match[1])


def test_the_journey_in_french(
    browser: Browser, server: Server, samples_dir: Path, artifacts: Path, tmp_path: Path
) -> None:
    url = server.url
    page = french_page(browser)

    # Upload: the header and the upload card in French, from the browser's language alone.
    page.goto(url + "/")
    expect(page.get_by_text("Aucune donnée chargée")).to_be_visible()
    expect(page.get_by_text("Charger un inventaire")).to_be_visible()
    page.get_by_label("Nom du projet").fill(PROJECT)
    page.set_input_files("input[type=file]", samples_dir / SAMPLE)
    expect(page.get_by_test_id("vm-count")).to_have_text("233", timeout=SLOW_MS)
    expect(page.get_by_text("Inventaire chargé")).to_be_visible()
    expect(page.get_by_test_id("scope-badge")).to_have_text(
        f"{IN_SCOPE} VM sur 233 dans le périmètre"
    )
    shot(page, artifacts, "upload")

    # Classify: the DRR table and the grid in French; capacities with a decimal comma in Tio.
    page.goto(url + "/classify")
    table = page.get_by_test_id("drr-table")
    expect(table).to_be_visible(timeout=SLOW_MS)
    expect(page.locator(".ag-pinned-left-cols-container .ag-row").first).to_be_visible()
    expect(page.get_by_text("Réduction des données par classe")).to_be_visible()
    required = page.get_by_test_id("required-capacity").inner_text()
    assert re.fullmatch(r"\d[\d\u202f]*,\d\d Tio", required), required
    shot(page, artifacts, "classify")

    # Layout: at most 5 VMs per datastore means at least ceil(206 / 5) = 42 datastores.
    page.goto(url + "/layout")
    before = layout_count(page)
    max_vms = page.get_by_test_id(MAX_VMS_INPUT)
    max_vms.fill("5")
    max_vms.press("Tab")
    changed = re.compile(rf"^Répartition \w+ : (?!{before} )\d+ datastores$")
    expect(page.get_by_text(LAYOUT_HEADING)).to_have_text(changed, timeout=SLOW_MS)
    datastores = layout_count(page)
    assert datastores >= 42 > before
    shot(page, artifacts, "layout")

    # Compute: another server, chosen from the French host labels.
    page.goto(url + "/compute")
    expect(page.get_by_text(re.compile(r"^Limité par : "))).to_be_visible(timeout=SLOW_MS)
    page.get_by_label("Serveur").click()
    page.get_by_role("option", name=NEW_PRESET, exact=True).click()
    expect(page.get_by_text(f"Site unique · {NEW_PRESET}")).to_be_visible(timeout=SLOW_MS)
    shot(page, artifacts, "compute")

    # Report: French figures; the reports themselves are to be written in German.
    page.goto(url + "/report")
    expect(page.get_by_text("Capacité requise", exact=True)).to_be_visible(timeout=SLOW_MS)
    text = content_text(page)
    assert f"{datastores} datastores" in text
    page.get_by_test_id("report-language").click()
    page.get_by_role("option", name="Deutsch", exact=True).click()
    with page.expect_download(timeout=SLOW_MS) as pdf_download:
        page.get_by_role("button", name="Rapport PDF").click()
    pdf = tmp_path / pdf_download.value.suggested_filename
    pdf_download.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    shot(page, artifacts, "report")

    # The session archive keeps the page's language and the report's.
    with page.expect_download() as session_download:
        page.get_by_role("button", name="Télécharger la session").first.click()
    archive = tmp_path / session_download.value.suggested_filename
    session_download.value.save_as(archive)
    with zipfile.ZipFile(archive) as saved:
        state = json.loads(saved.read("session.json"))["state"]
    assert (state["project_name"], state["language"], state["report_language"]) == (
        PROJECT,
        "fr",
        "de",
    )
    assert "Traceback" not in server.log_text(), server.log_tail()
