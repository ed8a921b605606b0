"""Carry a session's decisions onto a newer export of the same estate (ADR-069).

The newer export replaces the originals; every per-VM decision follows its VM, class-level
decisions, rules, scope and all other settings carry over, and the change report says what moved.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import InputError
from ..limits import DEFAULT_LIMITS, Limits
from ..progress import ProgressCallback, StageReport, no_progress
from ..readers.ingest import check_upload_size, load_inventory
from ..sizing.run import SizingResult, size_session
from .archive import is_session_zip
from .carry import carry_decisions
from .changes import ChangeReport, Delta
from .state import SessionState

Originals = list[tuple[str, bytes]]


def update_session(
    state: SessionState,
    files: Sequence[tuple[str, bytes]],
    limits: Limits = DEFAULT_LIMITS,
    *,
    allow_no_match: bool = False,
    before: SizingResult | None = None,
    progress: ProgressCallback = no_progress,
) -> tuple[SessionState, Originals]:
    """The session rebuilt on `files` (newer exports) with its decisions carried over.

    The returned state's `last_update` holds the change report. Raises InputError (nothing
    changes) when the files cannot be read or, unless `allow_no_match`, match no VM at all.
    """
    if state.inventory is None:
        raise InputError("There is no sizing to update yet: upload an export first.")
    for name, content in files:
        check_upload_size(name, len(content), limits)
    if len(files) == 1 and is_session_zip(files[0][1]):
        raise InputError(
            f"{files[0][0]} is a saved session, not an export: to update this sizing, upload the "
            "customer's newer RVTools or LiveOptics export."
        )
    inventory = load_inventory(files, limits, progress)
    progress(StageReport("update"))
    updated = carry_decisions(state, inventory, files, allow_no_match=allow_no_match)
    report = updated.last_update
    assert report is not None
    before = before or size_session(state)
    after = size_session(updated)
    delta = _delta(before, after)
    return updated.model_copy(
        update={"last_update": report.model_copy(update={"delta": delta})}
    ), list(files)


def _delta(before: SizingResult, after: SizingResult) -> Delta:
    def datastores(result: SizingResult) -> int:
        return result.layout.strategies[result.layout.chosen].count

    return Delta(
        required_mib=after.storage.total.required_mib - before.storage.total.required_mib,
        datastores=datastores(after) - datastores(before),
        hosts=after.compute.hosts - before.compute.hosts,
    )


def change_summary(report: ChangeReport) -> list[str]:
    """The change report as short sentences for a person (counts, then what needs a look)."""
    lines = [
        f"{report.matched:,} VMs matched, {len(report.added):,} added, "
        f"{len(report.removed):,} removed, {len(report.renamed):,} renamed, "
        f"{len(report.resized):,} grown or shrunk by more than 10 %.",
        f"Decisions carried: {report.carried.get('vm_class_overrides', 0):,} class overrides, "
        f"{report.carried.get('vm_drr_overrides', 0):,} DRR overrides, "
        f"{report.carried.get('ignored', 0):,} ignored VMs.",
    ]
    if report.dropped:
        lines.append(
            f"{len(report.dropped):,} decisions dropped because their VM is gone: "
            + ", ".join(sorted({d.vm for d in report.dropped})[:10])
            + ("…" if len({d.vm for d in report.dropped}) > 10 else "")
        )
    if report.missing_scope:
        lines.append(
            "The scope names what the newer export no longer has: "
            + ", ".join(report.missing_scope)
            + ". Check the scope."
        )
    return lines
