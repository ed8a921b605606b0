"""Per-tab session access: the SessionState, the original uploads and a cached sizing.

The session itself lives in the server's SessionStore (in memory, bounded, auto-saved: ADR-074)
under the tab's session key; `app.storage.tab` holds only that key and the display unit, so two
tabs never share data and tab storage stays small. The state is replaced as a whole (never
mutated in place), which keeps a failed upload or restore from leaving half a change.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any, Literal

from nicegui import app, run, ui

from ..i18n import _, active_language, format_date
from ..pipeline import DEFAULT_LIMITS, Inventory, InventorySummary, summarize_inventory
from ..pipeline.classify import apply_scope
from ..pipeline.session import SessionState, save_session_zip
from ..pipeline.sizing import SizingResult, size_session
from ..server.identity import request_browser, request_user
from ..server.pool import run_checked as run_checked  # re-exported: pages call store.run_checked
from ..server.saves import SaveRecord
from ..server.session_store import UNSAVED_JS, Entry, SessionStore

KEY_KEY = "session_key"
HAS_KEY = "has_session"
UNIT_KEY = "unit"
DRAFT_KEY = "draft"  # what was typed before the first upload (a project name): kept in the tab
STORE_ATTRIBUTE = "storepredict_sessions"
# The tab's session key, kept in the browser tab so it outlives the server's tab storage.
REMEMBER_KEY_JS = "sessionStorage.spSession = {key};"
PREVIOUS_KEY_JS = "sessionStorage.spSession ?? null"
PREVIOUS_KEY_TIMEOUT_S = 3.0
Unit = Literal["TiB", "TB"]
BEFOREUNLOAD_JS = """
if (!window.spGuard) {
  window.spGuard = true;
  window.addEventListener("beforeunload", (event) => {
    if (window.spUnsaved) { event.preventDefault(); event.returnValue = ""; }
  });
}
"""


def install_sessions(sessions: SessionStore) -> None:
    """Make `sessions` the store every page uses (called once by the entry point)."""
    setattr(app.state, STORE_ATTRIBUTE, sessions)


def sessions() -> SessionStore:
    """The server's session store (a memory-only one when the entry point installed none)."""
    found = getattr(app.state, STORE_ATTRIBUTE, None)
    if found is None:
        found = SessionStore(None, 8, DEFAULT_LIMITS)
        install_sessions(found)
    return found


def tab_storage() -> dict:
    """This tab's storage; take it before an await so a brief socket drop cannot lose a write."""
    return app.storage.tab


def session_key(tab: dict | None = None) -> str:
    """The key of this tab's session: the tab id unless the tab reopened another session."""
    tab = app.storage.tab if tab is None else tab
    key = tab.get(KEY_KEY)
    if not key:
        key = str(ui.context.client.tab_id)
        tab[KEY_KEY] = key
    return str(key)


def identity() -> tuple[str, str]:
    """(user, browser id) of this tab's request."""
    request = getattr(ui.context.client, "request", None)
    state = getattr(request, "state", None)
    return request_user(state), request_browser(state)


async def attach() -> None:
    """Find this tab's session (in memory or its auto-save) and arm the unsaved-changes warning."""
    tab = app.storage.tab
    store = sessions()
    user, browser = identity()
    record = None
    if KEY_KEY not in tab:  # new tab storage: a new tab, or one whose storage a restart emptied
        record = await _take_back_previous_key(tab, store, user, browser)
    key = session_key(tab)
    if record is None and store.get(key) is None:
        record = await store.restore(key, user, browser)  # off the event loop
    entry = _entry(tab)
    if record is not None and entry is not None:
        tab[HAS_KEY] = True
        saved = datetime.fromtimestamp(record.saved_at)
        when = f"{format_date(saved)} {saved:%H:%M:%S}"
        ui.notify(_("Restored from auto-save at {when}", when=when), type="info", position="top")
    # A save in flight is not a warning: it lands within a second. Only auto-save off or failing.
    pending = store.backend is None and entry is not None and entry.saved_version < entry.version
    unsaved = entry is not None and (entry.failing or pending)
    if entry is not None:
        entry.clients.add(ui.context.client)
    flag = "true" if unsaved else "false"
    remember = REMEMBER_KEY_JS.format(key=json.dumps(key))
    ui.run_javascript(BEFOREUNLOAD_JS + UNSAVED_JS.format(flag=flag) + remember)


async def _take_back_previous_key(
    tab: dict, store: SessionStore, user: str, browser: str
) -> SaveRecord | None:
    """Make the session key the tab last showed (kept in its sessionStorage) its key again.

    A restart empties tab storage, and NiceGUI gives a reloaded tab a new tab id when its own
    reload on reconnecting and the user's overtake each other: the key the browser kept is what
    still names the tab's session. Taken back only when that session is this user's; returns
    the auto-save record when it had to be restored.
    """
    try:
        previous = await ui.run_javascript(PREVIOUS_KEY_JS, timeout=PREVIOUS_KEY_TIMEOUT_S)
    except TimeoutError:
        return None
    if not isinstance(previous, str) or not _well_formed_key(previous):
        return None
    entry = store.get(previous)
    if entry is not None:
        if entry.owner == user:
            tab[KEY_KEY] = previous
        return None
    record = await store.restore(previous, user, browser)
    if record is not None:
        tab[KEY_KEY] = previous
    return record


def _well_formed_key(key: str) -> bool:
    return 8 <= len(key) <= 64 and key.replace("-", "").isalnum()


def _entry(tab: dict | None = None) -> Entry | None:
    tab = app.storage.tab if tab is None else tab
    key = session_key(tab)
    store = sessions()
    user, browser = identity()
    entry = store.get(key)
    if entry is None and tab.get(HAS_KEY):  # evicted since the page attached: restore now
        saved = store.load_saved(key, user)
        if saved is not None:
            entry = Entry(key, saved[0], saved[1], user, browser, version=1, saved_version=1)
            store.put(entry)
    return entry if entry is not None and entry.owner == user else None  # never another's


def get_state() -> SessionState:
    """This tab's session (an empty one before any upload)."""
    entry = _entry()
    if entry is not None:
        return entry.state
    draft = app.storage.tab.get(DRAFT_KEY)
    return SessionState.model_validate(draft) if draft else SessionState()


def get_originals() -> list[tuple[str, bytes]]:
    """The files this tab's session was built from, byte for byte."""
    entry = _entry()
    return list(entry.originals) if entry is not None else []


def set_session(
    state: SessionState, originals: list[tuple[str, bytes]], tab: dict | None = None
) -> None:
    """Replace this tab's whole session (after a successful upload or restore)."""
    tab = app.storage.tab if tab is None else tab
    state = _in_tab_language(state)
    user, browser = identity()
    entry = Entry(session_key(tab), state, list(originals), user, browser)
    sessions().put(entry)
    tab[HAS_KEY] = True
    tab.pop(DRAFT_KEY, None)
    sessions().changed(entry, ui.context.client)


def update_state(state: SessionState) -> None:
    """Replace the state after an edit (settings, overrides, page); originals stay."""
    state = _in_tab_language(state)
    entry = _entry()
    if entry is None and state.inventory is None:
        # Never auto-saved, so an LRU eviction (more tabs than memory_sessions) would lose it.
        app.storage.tab[DRAFT_KEY] = state.model_dump(mode="json")
        return
    if entry is None:
        set_session(state, [])
        return
    if entry.summary is not None and entry.summary[0] is not state.inventory:
        entry.summary = None  # an update brought another inventory
    entry.state = state
    sessions().changed(entry, ui.context.client)


def _in_tab_language(state: SessionState) -> SessionState:
    """`state` recording the language in force: the tab's (saved with the session archive)."""
    language = active_language()
    if state.language == language:
        return state
    return state.model_copy(update={"language": language})


def get_unit() -> Unit:
    """The capacity unit this tab shows: binary TiB (default) or decimal TB."""
    return "TB" if app.storage.tab.get(UNIT_KEY) == "TB" else "TiB"


def set_unit(unit: Unit) -> None:
    """Switch the capacity unit for this tab."""
    app.storage.tab[UNIT_KEY] = unit


def _result_key(state: SessionState) -> str:
    digest = hashlib.sha256(state.settings.model_dump_json().encode())
    digest.update(active_language().encode())  # the sizing's messages are in this language
    for source in state.sources:
        digest.update(source.sha256.encode())
    digest.update(str(len(state.classifications)).encode())
    return digest.hexdigest()


async def get_result() -> SizingResult | None:
    """The sizing of this tab's session, computed off the event loop and cached per settings."""
    entry = _entry()
    if entry is None or entry.state.inventory is None:
        return None
    state = entry.state
    key = _result_key(state)
    if entry.result and entry.result[0] == key:
        return entry.result[1]
    result = await run_checked(size_session, state)
    if result is not None:
        entry.result = (key, result)
    return result


def inventory_summary(inventory: Inventory) -> InventorySummary:
    """The counts and places of `inventory`: kept with this tab's session when it is its own."""
    entry = _entry()
    if entry is None or entry.state.inventory is not inventory:
        return summarize_inventory(inventory)
    if entry.summary is None or entry.summary[0] is not inventory:
        entry.summary = (inventory, summarize_inventory(inventory))
    return entry.summary[1]


def in_scope_count(state: SessionState) -> int:
    """How many VMs `state`'s scope keeps: read off its cached sizing when there is one."""
    assert state.inventory is not None
    entry = _entry()
    if entry is not None and entry.result and entry.result[0] == _result_key(state):
        return len(entry.result[1].storage.scope.in_scope)
    settings = state.settings
    return len(apply_scope(state.inventory, settings.scope, settings.reclaim).in_scope)


def sizing_key() -> str | None:
    """What this tab's current sizing depends on (settings, language, exports), as one key."""
    entry = _entry()
    return None if entry is None else _result_key(entry.state)


def kept_view(kind: str) -> Any | None:
    """The view of `kind` kept for this tab's current sizing, if any (see `keep_view`)."""
    entry = _entry()
    if entry is None:
        return None
    found = entry.views.get(kind)
    return found[1] if found and found[0] == _result_key(entry.state) else None


def keep_view(kind: str, key: str | None, view: Any) -> None:
    """Keep a view derived from the sizing of `key` (taken before the view was built, so an edit
    meanwhile leaves it stale), e.g. the VM grid's table: 0.5 s to build at 100,000 VMs."""
    entry = _entry()
    if entry is not None and key is not None:
        entry.views[kind] = (key, view)


async def session_archive() -> bytes | None:
    """This tab's session archive: the auto-saved one when current, else written in the pool."""
    entry = _entry()
    if entry is None:
        return None
    saved = await sessions().saved_archive(entry)
    if saved is not None:
        return saved
    return await run_checked(save_session_zip, entry.state, list(entry.originals))


def mark_downloaded() -> None:
    """The tab's session was just downloaded as an archive."""
    entry = _entry()
    if entry is not None:
        sessions().mark_downloaded(entry)


async def recent_records() -> list:
    """This user's auto-saved sessions in this browser, newest first, except this tab's own."""
    store = sessions()
    if store.backend is None:
        return []
    records = await run.io_bound(store.records, *identity())
    current = session_key()
    return [record for record in records or [] if record.key != current]


async def reopen(key: str) -> bool:
    """Make the auto-saved session `key` (one of `recent_records`) this tab's session."""
    if key not in {record.key for record in await recent_records()}:
        return False
    tab = app.storage.tab
    tab[KEY_KEY] = key
    tab[HAS_KEY] = True
    return True


async def forget(key: str) -> None:
    """Delete the auto-saved session `key` if it is one of `recent_records`."""
    if key in {record.key for record in await recent_records()}:
        await sessions().delete(key)
