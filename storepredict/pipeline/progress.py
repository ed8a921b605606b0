"""Progress of a long pipeline run, stage by stage, for whoever shows it (the upload page).

The pipeline calls a `ProgressCallback` as each stage starts; it never waits on it. The default
does nothing, so headless callers pay nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, NamedTuple

Stage = Literal["read", "combine", "merge", "classify", "restore", "update"]
STAGES: tuple[Stage, ...] = ("read", "combine", "merge", "classify", "restore", "update")


class StageReport(NamedTuple):
    """A stage that starts: for `read`, which file (1-based `number` of `total`) it is."""

    stage: Stage
    number: int = 0
    total: int = 0
    file_name: str | None = None


ProgressCallback = Callable[[StageReport], None]


def no_progress(report: StageReport) -> None:
    """The callback of callers that show no progress."""
