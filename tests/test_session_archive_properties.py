"""Properties of the session archive over generated states and hostile bytes (bounded budgets)."""

from __future__ import annotations

import functools
import io
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from storepredict.pipeline.errors import SessionArchiveError
from storepredict.pipeline.readers.ingest import load_inventory
from storepredict.pipeline.session.archive import (
    SESSION_ZIP_SENTINEL,
    is_session_zip,
    restore_session_zip,
    save_session_zip,
)
from storepredict.pipeline.session.container import archive_names, is_plain_name, safe_base_name
from storepredict.pipeline.session.state import SessionState

from .strategies import sessions

budget = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@budget
@given(sessions())
def test_restore_of_save_is_the_identity(session: tuple[SessionState, list]) -> None:
    state, originals = session
    content = save_session_zip(state, originals)
    assert is_session_zip(content)
    restored_state, restored_originals = restore_session_zip(content)
    assert restored_state == state
    assert restored_state.model_dump() == state.model_dump()
    assert restored_originals == originals


@budget
@given(sessions(max_vms=3))
def test_saving_a_restored_session_gives_the_same_session_json(session: tuple) -> None:
    state, originals = session
    first = save_session_zip(state, originals)
    second = save_session_zip(*restore_session_zip(first))
    assert _session_json_without_time(first) == _session_json_without_time(second)


def _session_json_without_time(content: bytes) -> list[bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        lines = archive.read(SESSION_ZIP_SENTINEL).splitlines()
    return [line for line in lines if b'"saved_at"' not in line]


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=2048))
@example(b"PK\x05\x06" + bytes(18))
@example(b"PK\x03\x04" + bytes(100))
def test_is_session_zip_never_raises_on_arbitrary_bytes(content: bytes) -> None:
    assert is_session_zip(content) is False


def _mutations() -> st.SearchStrategy:
    """(position fraction, replacement bytes, truncate?) edits applied to a saved archive."""
    return st.lists(
        st.tuples(st.floats(0, 1), st.binary(min_size=1, max_size=4), st.booleans()),
        min_size=1,
        max_size=4,
    )


def _mutate(content: bytes, edits: list[tuple[float, bytes, bool]]) -> bytes:
    data = bytearray(content)
    for fraction, replacement, truncate in edits:
        at = min(int(fraction * len(data)), max(len(data) - 1, 0))
        if truncate:
            data = data[:at]
        else:
            data[at : at + len(replacement)] = replacement
    return bytes(data)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sessions(max_vms=3), _mutations())
def test_mutated_archives_never_escape_the_error_contract(session: tuple, edits: list) -> None:
    state, originals = session
    content = _mutate(save_session_zip(state, originals), edits)
    assert is_session_zip(content) in (True, False)
    try:
        restored = restore_session_zip(content)
    except SessionArchiveError as exc:
        assert exc.message
    else:  # an edit that spared every checked byte (e.g. a timestamp) changes nothing
        assert restored == (state, originals)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_safe_base_name_is_a_plain_idempotent_name(name: str) -> None:
    safe = safe_base_name(name)
    assert is_plain_name(safe)
    assert safe_base_name(safe) == safe


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["a.csv", "A.CSV", "x/a.csv", "session.json", ""]) | st.text()))
def test_archive_names_are_plain_unique_and_never_the_sentinel(names: list[str]) -> None:
    stored = archive_names(names, reserved=[SESSION_ZIP_SENTINEL])
    assert len(stored) == len(names)
    assert all(is_plain_name(name) for name in stored)
    folded = [name.casefold() for name in stored]
    assert len(set(folded)) == len(folded)
    assert SESSION_ZIP_SENTINEL not in folded


@functools.cache
def _real_archive(path: Path) -> tuple[bytes, SessionState, list[tuple[str, bytes]]]:
    originals = [(path.name, path.read_bytes())]
    state = SessionState(project_name="real", inventory=load_inventory(originals))
    return save_session_zip(state, originals), state, originals


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_mutations())
def test_mutated_real_archives_never_escape_the_error_contract(samples_dir: Path, edits) -> None:
    content, state, originals = _real_archive(samples_dir / "rvtools-4.7.1-19vms.xlsx")
    mutated = _mutate(content, edits)
    assert is_session_zip(mutated) in (True, False)
    try:
        restored = restore_session_zip(mutated)
    except SessionArchiveError as exc:
        assert exc.message
    else:
        assert restored == (state, originals)
