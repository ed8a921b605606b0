"""Sessions on the server: a bounded in-memory LRU in front of the auto-save backend.

A tab's session (state, original files, cached sizing) lives here under its session key, not in
tab storage. Every change is saved in the session-archive format within a second (ADR-074); a
tab whose session is not in memory (after a restart, on another replica, or evicted) gets it back
from its auto-save.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from nicegui import Client, background_tasks, run

from ..pipeline import Inventory, InventorySummary, Limits, StorePredictError
from ..pipeline.session import SessionState, restore_session_zip
from ..pipeline.sizing import SizingResult
from .pool import archive_with_digest, run_checked
from .saves import SaveBackend, SaveRecord

SAVE_DELAY_S = 0.2  # coalesce a burst of edits (typing) into one save
LOG = logging.getLogger(__name__)
UNSAVED_JS = "window.spUnsaved = {flag};"


@dataclass(eq=False)
class Entry:
    """One session in memory: its state, originals and who it belongs to."""

    key: str
    state: SessionState
    originals: list[tuple[str, bytes]]
    owner: str
    browser: str
    result: tuple[str, SizingResult] | None = None
    views: dict[str, tuple[str, Any]] = field(default_factory=dict)
    """Views derived from the sizing (e.g. the VM grid's table), by kind: (sizing key, view)."""
    summary: tuple[Inventory, InventorySummary] | None = None
    """(inventory, its InventorySummary): the counts pages show, kept while the inventory is."""
    version: int = 0
    saved_version: int = 0
    failing: bool = False
    saved_digest: str | None = None
    clients: set[Client] = field(default_factory=set)


class SessionStore:
    """At most `max_entries` sessions in memory; all of them auto-saved to `backend`."""

    def __init__(self, backend: SaveBackend | None, max_entries: int, limits: Limits) -> None:
        self.backend = backend
        self.max_entries = max(1, max_entries)
        self.limits = limits
        self.entries: OrderedDict[str, Entry] = OrderedDict()
        self.saving: dict[str, asyncio.Task] = {}

    def get(self, key: str) -> Entry | None:
        """The session in memory under `key` (marked as just used), or None."""
        entry = self.entries.get(key)
        if entry is not None:
            self.entries.move_to_end(key)
        return entry

    def put(self, entry: Entry) -> None:
        """Keep `entry` in memory, evicting the least recently used beyond the bound."""
        self.entries[entry.key] = entry
        self.entries.move_to_end(entry.key)
        while len(self.entries) > self.max_entries:
            self.entries.popitem(last=False)  # a pending save keeps its own reference

    def load_saved(self, key: str, owner: str) -> tuple[SessionState, list, SaveRecord] | None:
        """Restore `key`'s auto-save synchronously (a rare fallback; pages use `restore`)."""
        try:
            found = self.backend.load(key) if self.backend else None
            if found is None or found[0].owner != owner:
                return None
            state, originals = restore_session_zip(found[1], self.limits)
        except (StorePredictError, OSError) as error:
            LOG.warning("auto-save %s could not be restored: %s", key, type(error).__name__)
            return None
        return state, originals, found[0]

    async def restore(self, key: str, owner: str, browser: str) -> SaveRecord | None:
        """Bring `key`'s auto-save into memory (restored in the pool); its record or None."""
        if self.backend is None:
            return None
        try:
            found = await run.io_bound(self.backend.load, key)
            if found is None or found[0].owner != owner:
                return None
            restored = await run_checked(restore_session_zip, found[1], self.limits)
        except (StorePredictError, OSError) as error:
            LOG.warning("auto-save %s could not be restored: %s", key, type(error).__name__)
            return None
        if restored is None or key in self.entries:
            return None
        state, originals = restored
        entry = Entry(key, state, originals, owner, browser, version=1, saved_version=1)
        entry.saved_digest = found[0].digest
        self.put(entry)
        return found[0]

    def changed(self, entry: Entry, client: Client | None) -> None:
        """Record a change of `entry` and save it within a second (or flag it unsaved)."""
        entry.version += 1
        if client is not None:
            entry.clients.add(client)
        if entry.state.inventory is None:
            return  # nothing loaded yet: nothing worth saving or warning about
        if self.backend is None:
            self._flag(entry, unsaved=True)
            return
        if entry.key not in self.saving:
            self.saving[entry.key] = background_tasks.create(self._save_loop(entry))

    async def saved_archive(self, entry: Entry) -> bytes | None:
        """The auto-saved archive of `entry` when it holds every change (no work for the CPU)."""
        if self.backend is None or entry.saved_version < entry.version or not entry.saved_digest:
            return None
        try:
            found = await run.io_bound(self.backend.load, entry.key)
        except OSError:
            return None
        return found[1] if found and found[0].digest == entry.saved_digest else None

    def mark_downloaded(self, entry: Entry) -> None:
        """A downloaded archive holds every change: nothing is lost when the tab closes."""
        if self.backend is None:
            entry.saved_version = entry.version
            self._flag(entry, unsaved=False)

    async def _save_loop(self, entry: Entry) -> None:
        try:
            await asyncio.sleep(SAVE_DELAY_S)
            while entry.saved_version < entry.version:
                version = entry.version
                if not await self._save(entry):
                    return
                entry.saved_version = version
        finally:
            self.saving.pop(entry.key, None)

    async def _save(self, entry: Entry) -> bool:
        assert self.backend is not None
        try:
            outcome = await run_checked(archive_with_digest, entry.state, entry.originals)
            if outcome is None:  # the server is stopping
                return False
            blob, digest = outcome
            record = SaveRecord(
                key=entry.key,
                digest=digest,
                saved_at=time.time(),
                size=len(blob),
                project_name=entry.state.project_name,
                vm_count=len(entry.state.inventory.vms) if entry.state.inventory else 0,
                owner=entry.owner,
                browser=entry.browser,
            )
            await run.io_bound(self.backend.save, record, blob)
            entry.saved_digest = digest
        except Exception as error:  # disk full, Redis down: keep the tab warned, keep serving
            LOG.warning("auto-save of %s failed: %s", entry.key, type(error).__name__)
            entry.failing = True
            self._flag(entry, unsaved=True)
            return False
        if entry.failing:
            entry.failing = False
            self._flag(entry, unsaved=False)
        return True

    def _flag(self, entry: Entry, unsaved: bool) -> None:
        """Tell the tabs showing `entry` whether closing them now would lose changes."""
        for client in list(entry.clients):
            if client.id not in Client.instances:
                entry.clients.discard(client)
                continue
            client.run_javascript(UNSAVED_JS.format(flag="true" if unsaved else "false"))

    def records(self, owner: str, browser: str) -> list[SaveRecord]:
        """The auto-saves of one user in one browser (blocking I/O: call via run.io_bound)."""
        try:
            return self.backend.records(owner, browser) if self.backend else []
        except OSError as error:
            LOG.warning("auto-saves could not be listed: %s", type(error).__name__)
            return []

    async def delete(self, key: str) -> None:
        """Forget one session, in memory and its auto-save."""
        self.entries.pop(key, None)
        if self.backend:
            try:
                await run.io_bound(self.backend.delete, key)
            except OSError as error:
                LOG.warning("auto-save %s could not be deleted: %s", key, type(error).__name__)

    async def flush(self) -> None:
        """Wait for every pending save (on shutdown)."""
        pending = list(self.saving.values())
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
