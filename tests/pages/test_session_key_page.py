"""A tab whose tab storage is new takes back the session key its browser tab kept, if it is its own.

After a server restart, tab storage is empty, and NiceGUI may give the reloaded tab a new tab id;
the key the page left in the tab's sessionStorage is what still names its session.
"""

from __future__ import annotations

import asyncio

from nicegui.testing import User

from storepredict.pages import store

from .conftest import remember_no_session
from .helpers import WAIT, sample_bytes, text_of, upload, visit


async def loaded_sample(user: User) -> store.Entry:
    """Load the bundled sample (298 VMs) in `user`'s tab, wait for its auto-save, return it."""
    await visit(user, "/")
    await upload(user, ("sample-rvtools.xlsx", sample_bytes()))
    await user.should_see("Inventory loaded", retries=WAIT)
    sessions = store.sessions()
    (entry,) = sessions.entries.values()
    for _ in range(WAIT):  # the auto-save lands within a second
        if entry.key not in sessions.saving and entry.saved_version == entry.version:
            break
        await asyncio.sleep(0.1)
    assert entry.saved_version == entry.version
    return entry


async def test_a_new_tab_storage_takes_back_the_kept_key_of_a_session_in_memory(
    user: User, create_user
) -> None:
    entry = await loaded_sample(user)
    reloaded = remember_no_session(create_user(), key=entry.key)
    await visit(reloaded, "/classify")
    await reloaded.should_see("298", retries=WAIT)
    assert text_of(reloaded, "project-name") == text_of(user, "project-name")
    assert list(store.sessions().entries) == [entry.key]  # the same session, not a copy


async def test_a_kept_key_is_restored_from_its_auto_save(user: User, create_user) -> None:
    entry = await loaded_sample(user)
    store.sessions().entries.clear()  # what a restart leaves: only the auto-save
    reloaded = remember_no_session(create_user(), key=entry.key)
    await visit(reloaded, "/classify")
    await reloaded.should_see("298", retries=WAIT)
    await reloaded.should_see("Restored from auto-save at", retries=WAIT)
    assert list(store.sessions().entries) == [entry.key]


async def test_a_kept_key_of_another_users_session_is_ignored(user: User, create_user) -> None:
    entry = await loaded_sample(user)
    entry.owner = "someone-else"  # the key names a session this tab's user does not own
    stranger = remember_no_session(create_user(), key=entry.key)
    await visit(stranger, "/classify")
    await stranger.should_see("No inventory loaded yet.", retries=WAIT)
    assert store.sessions().get(entry.key) is entry
    assert entry.state.inventory is not None and len(entry.state.inventory.vms) == 298


async def test_a_malformed_kept_key_is_ignored(user: User) -> None:
    remember_no_session(user, key="../../etc/passwd")
    await visit(user, "/")
    await upload(user, ("sample-rvtools.xlsx", sample_bytes()))
    await user.should_see("Inventory loaded", retries=WAIT)
    (key,) = store.sessions().entries
    assert key != "../../etc/passwd"
    assert user.client is not None
    assert key == str(user.client.tab_id)
