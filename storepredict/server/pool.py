"""CPU-bound work in NiceGUI's process pool, with StorePredictError kept intact."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from nicegui import run

from ..i18n import active_language, use_language
from ..pipeline import StorePredictError
from ..pipeline.session import SessionState, save_session_zip
from . import heap
from .worker_exit import end_with_parent

T = TypeVar("T")


async def run_checked(function: Callable[..., T], *args: Any) -> T | None:
    """`run.cpu_bound(function, *args)`, re-raising a StorePredictError with its type and message.

    Returns None when the call was cancelled (e.g. the server is stopping). `function` must be a
    module-level (picklable) function. It runs in the caller's language: the worker process does
    not see the caller's context value, so the language travels as an argument.
    """
    outcome = await run.cpu_bound(
        _call_capturing_error, os.getpid(), active_language(), function, *args
    )
    if isinstance(outcome, StorePredictError):
        raise outcome
    heap.settle()  # sessions and sizings live long: keep full collections from walking them
    return outcome


def _call_capturing_error(
    server: int, language: str, function: Callable[..., T], *args: Any
) -> T | StorePredictError:
    # Runs in the worker process: hand a StorePredictError back as a value, because cpu_bound
    # would otherwise wrap it in a SubprocessException and lose its type.
    end_with_parent(server)  # a killed server leaves no worker computing
    try:
        with use_language(language), heap.task_policy():
            return function(*args)
    except StorePredictError as error:
        return error


def archive_with_digest(
    state: SessionState, originals: Sequence[tuple[str, bytes]]
) -> tuple[bytes, str]:
    """The session archive and its SHA-256 (hex), both computed in the worker."""
    blob = save_session_zip(state, originals)
    return blob, hashlib.sha256(blob).hexdigest()
