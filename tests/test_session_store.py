"""The session store's memory bound and who may restore an auto-save."""

from __future__ import annotations

import hashlib
from pathlib import Path

from storepredict.pipeline.limits import DEFAULT_LIMITS
from storepredict.pipeline.session.archive import save_session_zip
from storepredict.pipeline.session.open import open_files
from storepredict.server.saves import FileSaves, SaveRecord
from storepredict.server.session_store import Entry, SessionStore

SAMPLE = Path(__file__).resolve().parents[1] / "storepredict" / "data" / "sample-rvtools.xlsx"


def test_memory_holds_at_most_max_entries_least_recently_used_out() -> None:
    state, originals, _ = open_files([(SAMPLE.name, SAMPLE.read_bytes())])
    store = SessionStore(None, max_entries=2, limits=DEFAULT_LIMITS)
    for key in ("a", "b"):
        store.put(Entry(key, state, originals, "ada", "b1"))
    assert store.get("a") is not None  # "a" is now the most recently used
    store.put(Entry("c", state, originals, "ada", "b1"))
    assert list(store.entries) == ["a", "c"]
    assert store.get("b") is None


def test_an_auto_save_is_restored_only_for_its_owner(tmp_path: Path) -> None:
    state, originals, _ = open_files([(SAMPLE.name, SAMPLE.read_bytes())])
    blob = save_session_zip(state, originals)
    backend = FileSaves(tmp_path, max_age_s=3600, max_bytes=10**9)
    record = SaveRecord(
        key="tab-1",
        digest=hashlib.sha256(blob).hexdigest(),
        saved_at=1.0,
        size=len(blob),
        project_name=state.project_name,
        vm_count=len(state.inventory.vms),
        owner="ada",
        browser="b1",
    )
    backend.save(record, blob)
    store = SessionStore(backend, max_entries=4, limits=DEFAULT_LIMITS)
    assert store.load_saved("tab-1", "bob") is None
    restored = store.load_saved("tab-1", "ada")
    assert restored is not None
    assert restored[0] == state and restored[1] == originals and restored[2] == record
    assert len(state.inventory.vms) == 298
