"""Turn uploaded files into a session: restore an archive, or ingest and classify exports."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from ..errors import InputError
from ..limits import DEFAULT_LIMITS, Limits
from ..progress import ProgressCallback, StageReport, no_progress
from ..readers.ingest import check_file_count, check_upload_size, load_inventory
from ..readers.zipsafe import shown_name
from .archive import is_session_zip
from .fresh import new_session
from .restore import restore_session
from .state import SessionState

Originals = list[tuple[str, bytes]]


class OpenedSession(NamedTuple):
    """What `open_files` made of an upload: the state, its originals, whether it was restored."""

    state: SessionState
    originals: Originals
    restored: bool


def open_files(
    files: Sequence[tuple[str, bytes]],
    limits: Limits = DEFAULT_LIMITS,
    keep_from: SessionState | None = None,
    progress: ProgressCallback = no_progress,
) -> OpenedSession:
    """A session from one session archive, or from exports (classified, in the default scope).

    A session archive is recognised by its `session.json` sentinel before any export parsing
    (ADR-067). Exports start a fresh sizing with default settings, unless `keep_from` is given: then
    its project name and settings carry over (see `new_session`).
    """
    check_file_count(len(files), limits)
    for name, content in files:
        check_upload_size(name, len(content), limits)
    if len(files) == 1 and is_session_zip(files[0][1]):
        progress(StageReport("restore", 1, 1, shown_name(files[0][0])))
        state, originals = restore_session(files[0][1], limits)
        return OpenedSession(state, originals, restored=True)
    for name, content in files:
        if is_session_zip(content):
            raise InputError(
                f"{shown_name(name)} is a saved StorePredict session: open it on its own, not "
                "together with exports."
            )
    inventory = load_inventory(files, limits, progress)
    progress(StageReport("classify"))
    return OpenedSession(new_session(inventory, files, keep_from), list(files), restored=False)
