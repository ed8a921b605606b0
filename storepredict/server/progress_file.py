"""Stage reports from a process-pool worker to the page that waits for it, through a small file.

The worker writes each report atomically (temporary file, then rename); the page reads the latest
on a timer. A file needs no extra process or queue server and survives a worker that dies.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..pipeline import STAGES, StageReport


class ProgressFile:
    """A picklable `ProgressCallback` whose latest report can be read from another process."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __call__(self, report: StageReport) -> None:
        """Record `report` as the latest (called in the worker)."""
        partial = self.path.with_suffix(".part")
        partial.write_text(json.dumps(report._asdict()), encoding="utf-8")
        os.replace(partial, self.path)

    def latest(self) -> StageReport | None:
        """The last report written, or None before the first (called by the page)."""
        try:
            fields = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(fields, dict) or fields.get("stage") not in STAGES:
            return None
        return StageReport(**fields)


@contextmanager
def progress_file() -> Iterator[ProgressFile]:
    """A ProgressFile in a private temporary folder, removed when the block ends."""
    with tempfile.TemporaryDirectory(prefix="storepredict-progress-") as folder:
        yield ProgressFile(Path(folder) / "stage.json")
