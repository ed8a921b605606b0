"""Turn uploaded files into a session: restore an archive, or ingest and classify exports."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import NamedTuple

from ..classify.engine import classify_vms
from ..errors import InputError
from ..inventory import Inventory
from ..limits import DEFAULT_LIMITS, Limits
from ..readers.ingest import check_file_count, check_upload_size, load_inventory
from ..readers.zipsafe import shown_name
from ..settings import ScopeSettings
from .archive import is_session_zip, restore_session_zip
from .state import SessionState, SourceFile

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
        state, originals = restore_session_zip(files[0][1], limits)
        return OpenedSession(state, originals, restored=True)
    for name, content in files:
        if is_session_zip(content):
            raise InputError(
                f"{shown_name(name)} is a saved StorePredict session: open it on its own, not "
                "together with exports."
            )
    inventory = load_inventory(files, limits)
    return OpenedSession(new_session(inventory, files, keep_from), list(files), restored=False)


def new_session(
    inventory: Inventory, files: Sequence[tuple[str, bytes]], keep_from: SessionState | None = None
) -> SessionState:
    """A fresh state for a newly loaded inventory, classified by the rules.

    With `keep_from`, its project name and settings carry over except what names the previous
    estate's clusters or VMs (scope and per-VM overrides), which is reset.
    """
    base = keep_from or SessionState()
    settings = base.settings.model_copy(
        update={"scope": ScopeSettings(), "vm_drr_overrides": {}, "vm_class_overrides": {}}
    )
    sources = [
        SourceFile(
            file_name=name,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            format=_format_of(name, inventory),
        )
        for name, content in files
    ]
    return SessionState(
        project_name=base.project_name,
        page="classify",
        sources=sources,
        inventory=inventory,
        classifications=classify_vms(inventory.vms),
        settings=settings,
    )


def _format_of(name: str, inventory: Inventory) -> str:
    """The format of one uploaded file: its export's, or that of the exports a zip held."""
    inside = {
        source.format
        for source in inventory.sources
        if source.file_name == name or source.file_name.startswith(f"{name}/")
    }
    if len(inside) == 1:
        return inside.pop()
    return "dual" if inside else inventory.format
