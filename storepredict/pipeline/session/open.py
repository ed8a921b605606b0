"""Turn uploaded files into a session: restore an archive, or ingest and classify exports."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from ..classify.engine import classify_vms
from ..inventory import Inventory
from ..limits import DEFAULT_LIMITS, Limits
from ..readers.ingest import check_upload_size, load_inventory
from ..settings import SizingSettings
from .archive import is_session_zip, restore_session_zip
from .state import SessionState, SourceFile

Originals = list[tuple[str, bytes]]


def open_files(
    files: Sequence[tuple[str, bytes]],
    limits: Limits = DEFAULT_LIMITS,
    base: SessionState | None = None,
) -> tuple[SessionState, Originals]:
    """A session from one session archive, or from one or two exports (classified, default scope).

    A session archive is recognised by its `session.json` sentinel before any export parsing
    (ADR-067). For exports, the project name and settings of `base` carry over when given.
    """
    for name, content in files:
        check_upload_size(name, len(content), limits)
    if len(files) == 1 and is_session_zip(files[0][1]):
        return restore_session_zip(files[0][1], limits)
    inventory = load_inventory(files, limits)
    return new_session(inventory, files, base), list(files)


def new_session(
    inventory: Inventory, files: Sequence[tuple[str, bytes]], base: SessionState | None = None
) -> SessionState:
    """A fresh state for a newly loaded inventory: rule-based classes, overrides cleared."""
    previous = base or SessionState()
    formats = {source.file_name: source.format for source in inventory.sources}
    sources = [
        SourceFile(
            file_name=name,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            format=formats.get(name, inventory.format),
        )
        for name, content in files
    ]
    settings = SizingSettings(
        basis=previous.settings.basis,
        profile=previous.settings.profile,
        snapshot_reserve=previous.settings.snapshot_reserve,
        annual_growth=previous.settings.annual_growth,
        years=previous.settings.years,
        max_fill=previous.settings.max_fill,
        layout=previous.settings.layout,
        compute=previous.settings.compute,
    )
    return SessionState(
        project_name=previous.project_name,
        page="classify",
        sources=sources,
        inventory=inventory,
        classifications=classify_vms(inventory.vms),
        settings=settings,
    )
