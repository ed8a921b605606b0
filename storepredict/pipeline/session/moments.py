"""An estate whose exports of one vCenter were taken on different days mixes two moments.

Instead of sizing the mix, the older moment is sized and then updated with the newer one
(ADR-069's update): every decision follows its VM and the change report says what moved between
the two days. Exports of vCenters taken only once belong to both moments.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from ..inventory import SourceInfo
from ..limits import DEFAULT_LIMITS, Limits
from ..progress import ProgressCallback, no_progress
from .open import open_files
from .state import SessionState
from .update import update_session

Originals = list[tuple[str, bytes]]


class DateSplit(NamedTuple):
    """The file names of the older moment (sized first) and of the newer one (the update)."""

    older: list[str]
    newer: list[str]


def split_by_export_date(sources: Sequence[SourceInfo]) -> DateSplit | None:
    """The two moments of exports that share a vCenter but not a day; None when all agree.

    A file is older when another file of one of its vCenters was taken on a later day, newer
    when one was taken on an earlier day; files without an export date belong to both moments.
    """
    dated = [source for source in sources if source.export_date]
    superseded: set[str] = set()
    superseding: set[str] = set()
    for first in dated:
        for second in dated:
            shared = set(first.vcenters) & set(second.vcenters)
            if shared and (second.export_date or "")[:10] > (first.export_date or "")[:10]:
                superseded.add(first.file_name)
                superseding.add(second.file_name)
    if not superseded:
        return None
    names = list(dict.fromkeys(source.file_name for source in sources))
    return DateSplit(
        older=[name for name in names if name not in superseding],
        newer=[name for name in names if name not in superseded],
    )


def size_then_update(
    split: DateSplit,
    files: Sequence[tuple[str, bytes]],
    limits: Limits = DEFAULT_LIMITS,
    keep_from: SessionState | None = None,
    progress: ProgressCallback = no_progress,
) -> tuple[SessionState, Originals]:
    """Size the older moment's files (settings kept from `keep_from`, if given), then update the
    sizing with the newer moment's files; the state's `last_update` holds the change report."""
    older = [file for file in files if file[0] in split.older]
    newer = [file for file in files if file[0] in split.newer]
    opened = open_files(older, limits, keep_from, progress)
    return update_session(opened.state, newer, limits, progress=progress)
