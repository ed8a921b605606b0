"""Exports of one vCenter taken on different days: the upload page offers to size the older
moment and update it with the newer one."""

from __future__ import annotations

from nicegui.testing import User

from storepredict.pages import store
from tests.test_export_moments import FILES

from .helpers import WAIT, text_of, upload, visit


async def test_the_offer_sizes_the_older_moment_and_updates_it(user: User) -> None:
    await visit(user, "/")
    await upload(user, *FILES)
    await user.should_see("These exports mix two moments", retries=WAIT)
    await user.should_see("Older: vc-a.xlsx, vc-b.xlsx")
    await user.should_see("Newer: vc-a.xlsx, vc-b-june.xlsx")
    assert text_of(user, "vm-count") == "5"  # a1, a2, b1, b2, b3: the two moments mixed

    user.find(marker="size-moments").click()
    await user.should_see("What changed with the newer export", retries=WAIT)
    await user.should_see("b3")  # added in June
    await user.should_see("b2")  # gone by June
    assert text_of(user, "vm-count") == "4"
    await user.should_not_see("These exports mix two moments")
    with user:
        state = store.get_state()
        originals = [name for name, _content in store.get_originals()]
    assert state.last_update is not None
    assert (state.last_update.added, state.last_update.removed) == (["b3"], ["b2"])
    assert originals == ["vc-a.xlsx", "vc-b-june.xlsx"]


async def test_exports_of_one_day_get_no_offer(user: User) -> None:
    await visit(user, "/")
    await upload(user, *FILES[:2])
    await user.should_see("Inventory loaded", retries=WAIT)
    await user.should_not_see("These exports mix two moments")
