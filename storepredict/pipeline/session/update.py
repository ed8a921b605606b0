"""Carry a session's decisions onto a newer export of the same estate (ADR-069).

The newer export replaces the originals; every per-VM decision follows its VM, class-level
decisions, rules, scope and all other settings carry over, and the change report says what moved.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...i18n import gettext
from ..errors import InputError
from ..limits import DEFAULT_LIMITS, Limits
from ..numbers import fixed
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
        raise InputError(gettext("There is no sizing to update yet: upload an export first."))
    for name, content in files:
        check_upload_size(name, len(content), limits)
    if len(files) == 1 and is_session_zip(files[0][1]):
        raise InputError(
            gettext(
                "{value} is a saved session, not an export: to update this sizing, upload the "
                "customer's newer RVTools or LiveOptics export.",
                value=files[0][0],
            )
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
    carried = report.carried
    lines = [
        gettext(
            "{matched} VMs matched, {added} added, {removed} removed, {renamed} renamed, "
            "{resized} grown or shrunk by more than 10 %.",
            matched=fixed(report.matched),
            added=fixed(len(report.added)),
            removed=fixed(len(report.removed)),
            renamed=fixed(len(report.renamed)),
            resized=fixed(len(report.resized)),
        ),
        gettext(
            "Decisions carried: {classes} class overrides, {drr} DRR overrides, {ignored} "
            "ignored VMs.",
            classes=fixed(carried.get("vm_class_overrides", 0)),
            drr=fixed(carried.get("vm_drr_overrides", 0)),
            ignored=fixed(carried.get("ignored", 0)),
        ),
    ]
    if report.dropped:
        gone = sorted({d.vm for d in report.dropped})
        lines.append(
            gettext(
                "{n} decisions dropped because their VM is gone: {names}",
                n=fixed(len(report.dropped)),
                names=", ".join(gone[:10]) + ("…" if len(gone) > 10 else ""),
            )
        )
    if report.missing_scope:
        lines.append(
            gettext(
                "The scope names what the newer export no longer has: {names}. Check the scope.",
                names=", ".join(report.missing_scope),
            )
        )
    return lines
