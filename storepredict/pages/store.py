"""Per-tab session storage: the SessionState model, the original uploads and a cached sizing.

Everything lives in `app.storage.tab`, so two tabs never share data. The state is replaced as a
whole (never mutated in place), which keeps a failed upload or restore from leaving half a change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, Literal, TypeVar

from nicegui import app, run

from ..pipeline import StorePredictError
from ..pipeline.session import SessionState
from ..pipeline.sizing import SizingResult, size_session

STATE_KEY = "session"
ORIGINALS_KEY = "originals"
RESULT_KEY = "sizing"
UNIT_KEY = "unit"
Unit = Literal["TiB", "TB"]
T = TypeVar("T")


def get_state() -> SessionState:
    """This tab's session (an empty one before any upload)."""
    state = app.storage.tab.get(STATE_KEY)
    return state if isinstance(state, SessionState) else SessionState()


def get_originals() -> list[tuple[str, bytes]]:
    """The files this tab's session was built from, byte for byte."""
    return list(app.storage.tab.get(ORIGINALS_KEY) or [])


def tab_storage() -> dict:
    """This tab's storage; take it before an await so a brief socket drop cannot lose a write."""
    return app.storage.tab


def set_session(
    state: SessionState, originals: list[tuple[str, bytes]], tab: dict | None = None
) -> None:
    """Replace this tab's whole session (after a successful upload or restore)."""
    tab = app.storage.tab if tab is None else tab
    tab[ORIGINALS_KEY] = list(originals)
    tab[STATE_KEY] = state
    tab.pop(RESULT_KEY, None)


def update_state(state: SessionState) -> None:
    """Replace the state after an edit (settings, overrides, page); originals stay."""
    app.storage.tab[STATE_KEY] = state


def get_unit() -> Unit:
    """The capacity unit this tab shows: binary TiB (default) or decimal TB."""
    return "TB" if app.storage.tab.get(UNIT_KEY) == "TB" else "TiB"


def set_unit(unit: Unit) -> None:
    """Switch the capacity unit for this tab."""
    app.storage.tab[UNIT_KEY] = unit


def _result_key(state: SessionState) -> str:
    digest = hashlib.sha256(state.settings.model_dump_json().encode())
    for source in state.sources:
        digest.update(source.sha256.encode())
    digest.update(str(len(state.classifications)).encode())
    return digest.hexdigest()


async def get_result() -> SizingResult | None:
    """The sizing of this tab's session, computed off the event loop and cached per settings."""
    state = get_state()
    if state.inventory is None:
        return None
    key = _result_key(state)
    tab = tab_storage()
    cached = tab.get(RESULT_KEY)
    if cached and cached[0] == key:
        return cached[1]
    result = await run_checked(size_session, state)
    if result is not None:
        tab[RESULT_KEY] = (key, result)
    return result


async def run_checked(function: Callable[..., T], *args: Any) -> T | None:
    """`run.cpu_bound(function, *args)`, re-raising a StorePredictError with its type and message.

    Returns None when the call was cancelled (e.g. the server is stopping). `function` must be a
    module-level (picklable) function.
    """
    outcome = await run.cpu_bound(_call_capturing_error, function, *args)
    if isinstance(outcome, StorePredictError):
        raise outcome
    return outcome


def _call_capturing_error(function: Callable[..., T], *args: Any) -> T | StorePredictError:
    # Runs in the worker process: hand a StorePredictError back as a value, because cpu_bound
    # would otherwise wrap it in a SubprocessException and lose its type.
    try:
        return function(*args)
    except StorePredictError as error:
        return error
