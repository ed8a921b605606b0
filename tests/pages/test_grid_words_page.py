"""AG Grid's own words (filters, overlays, screen-reader labels) follow the tab's language."""

from __future__ import annotations

import re
from pathlib import Path

import nicegui
from nicegui import ui
from nicegui.testing import User

from storepredict.pages.grid_words import GRID_WORDS
from storepredict.pages.paged_grid import PagedGrid

from .helpers import WAIT, by_testid, visit

GRID_BUNDLE = Path(nicegui.__file__).parent / "elements" / "aggrid" / "dist" / "index.js"


async def classify_grid(user: User) -> PagedGrid:
    await visit(user, "/")
    user.find("Try the sample").click()
    await user.should_see("Inventory loaded", retries=WAIT)
    await visit(user, "/classify")
    await user.should_see(kind=ui.aggrid, retries=WAIT)
    grid = next(iter(user.find(ui.aggrid).elements))
    assert isinstance(grid, PagedGrid)
    return grid


def test_every_word_is_one_the_shipped_grid_knows_with_its_own_english_text() -> None:
    bundle = GRID_BUNDLE.read_text(encoding="utf-8")
    unknown = [
        key
        for key, text in GRID_WORDS.items()
        if not re.search(rf'(\b{key}:|"{key}",)\s*"{re.escape(text)}"', bundle)
    ]
    assert unknown == []


async def test_the_grid_speaks_english_as_ag_grid_does(user: User) -> None:
    grid = await classify_grid(user)
    assert grid.options["localeText"] == dict(GRID_WORDS)


async def test_the_grid_speaks_french_after_the_switch(user: User) -> None:
    await classify_grid(user)
    by_testid(user, "language-switch").set_value("fr")
    await user.should_see("Attribuer la classe", retries=WAIT)
    grid = next(iter(user.find(ui.aggrid).elements))
    words = grid.options["localeText"]
    assert (words["contains"], words["notBlank"], words["inRange"]) == (
        "Contient",
        "Non vide",
        "Entre",
    )
    assert words["noRowsToShow"] == "Aucune ligne à afficher"
    assert [key for key, text in words.items() if text == GRID_WORDS[key]] == []
