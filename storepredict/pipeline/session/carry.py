"""Rebuild a session on another inventory of the same estate, its decisions following their VMs.

Used by an update with a newer export, and by a restore whose originals a newer reader reads
differently (ADR-069, ADR-070).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Literal

from ...i18n import gettext
from ..errors import NoMatchError
from ..inventory import Inventory
from .changes import compare_inventories, move_decisions
from .fresh import new_session
from .state import HistoryEntry, SessionState


def carry_decisions(
    state: SessionState,
    inventory: Inventory,
    files: Sequence[tuple[str, bytes]],
    *,
    allow_no_match: bool = False,
    reason: Literal["update", "reader"] = "update",
) -> SessionState:
    """A new session on `inventory` holding `state`'s settings with per-VM decisions moved."""
    old = state.inventory
    assert old is not None
    report, new_id = compare_inventories(old, inventory, state.settings)
    if report.matched == 0 and old.vms and not allow_no_match:
        raise NoMatchError(
            gettext(
                "The newer export matches none of the {vms:,} VMs of this sizing (by UUID or "
                "name): it looks like another estate. Check that you picked an export of the same "
                "vCenter(s), or start a new sizing with it.",
                vms=len(old.vms),
            )
        )
    fresh = new_session(inventory, files, keep_from=state)
    replaced = _history(state, files)
    return fresh.model_copy(
        update={
            "page": state.page,
            "settings": move_decisions(state.settings, new_id),
            "scenario_name": state.scenario_name,
            "scenarios": [
                other.model_copy(update={"settings": move_decisions(other.settings, new_id)})
                for other in state.scenarios
            ],
            "history": [*state.history, *replaced],
            "last_update": report.model_copy(
                update={"replaced": [entry.file_name for entry in replaced], "reason": reason}
            ),
        }
    )


def _history(state: SessionState, files: Sequence[tuple[str, bytes]]) -> list[HistoryEntry]:
    """History entries for the originals the new files replace (unchanged files stay current)."""
    assert state.inventory is not None
    new_digests = {hashlib.sha256(content).hexdigest() for _, content in files}
    infos = {info.file_name: info for info in state.inventory.sources}
    now = datetime.now(UTC).isoformat(timespec="seconds")
    return [
        HistoryEntry(
            file_name=source.file_name,
            sha256=source.sha256,
            export_date=infos[source.file_name].export_date if source.file_name in infos else None,
            vm_count=infos[source.file_name].vm_count if source.file_name in infos else 0,
            replaced_at=now,
        )
        for source in state.sources
        if source.sha256 not in new_digests
    ]
