"""Auto-saves on disk: one session archive per digest and one small record per session key.

Layout under the data directory: `autosave/blobs/<sha256>.zip` (the session archive, written once
per content) and `autosave/sessions/<key>.json` (which archive a key points to, and for whom).
Every file is written to a temporary name and renamed, so a crash never leaves half a file.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, ConfigDict, ValidationError

KEY_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,80}$")
DIGEST_PATTERN = re.compile(r"^[0-9a-f]{64}$")


class BackendUnavailable(OSError):
    """The auto-save store cannot be reached (Redis down, for example)."""


class SaveRecord(BaseModel):
    """What one auto-save holds and whose it is."""

    model_config = ConfigDict(frozen=True)

    key: str
    digest: str
    saved_at: float
    size: int
    project_name: str
    vm_count: int
    owner: str
    browser: str


class SaveBackend(Protocol):
    """Where auto-saves live: files (one machine) or Redis (a team of replicas)."""

    def save(self, record: SaveRecord, blob: bytes) -> None: ...
    def load(self, key: str) -> tuple[SaveRecord, bytes] | None: ...
    def records(self, owner: str, browser: str) -> list[SaveRecord]: ...
    def delete(self, key: str) -> None: ...
    def prune(self, now: float | None = None) -> None: ...


def valid_key(key: str) -> bool:
    """True for a session key that is safe as a file or Redis key name."""
    return bool(KEY_PATTERN.match(key))


def write_atomically(path: Path, content: bytes) -> None:
    """Write `content` to a temporary file beside `path`, flush it to disk, then rename it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


class FileSaves:
    """Auto-saves as files under `<data_dir>/autosave`, pruned by age and by total size."""

    def __init__(self, data_dir: Path, max_age_s: float, max_bytes: int) -> None:
        self.root = data_dir / "autosave"
        self.blobs = self.root / "blobs"
        self.sessions = self.root / "sessions"
        self.max_age_s = max_age_s
        self.max_bytes = max_bytes

    def save(self, record: SaveRecord, blob: bytes) -> None:
        """Store the archive (once per digest) and point the record's key at it."""
        assert valid_key(record.key) and DIGEST_PATTERN.match(record.digest)
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)  # customer data: owner only
        blob_path = self.blobs / f"{record.digest}.zip"
        if not blob_path.exists():
            write_atomically(blob_path, blob)
        previous = self._record(self.sessions / f"{record.key}.json")
        write_atomically(self.sessions / f"{record.key}.json", record.model_dump_json().encode())
        if previous and previous.digest != record.digest:
            self._drop_blob_unless_used(previous.digest)

    def load(self, key: str) -> tuple[SaveRecord, bytes] | None:
        """The record and archive saved under `key`, or None."""
        if not valid_key(key):
            return None
        record = self._record(self.sessions / f"{key}.json")
        if record is None:
            return None
        try:
            return record, (self.blobs / f"{record.digest}.zip").read_bytes()
        except FileNotFoundError:
            return None

    def records(self, owner: str, browser: str) -> list[SaveRecord]:
        """The auto-saves of one user in one browser, newest first."""
        mine = [r for r in self._all() if r.owner == owner and r.browser == browser]
        return sorted(mine, key=lambda r: r.saved_at, reverse=True)

    def delete(self, key: str) -> None:
        """Forget the auto-save under `key` (and its archive unless another key uses it)."""
        if not valid_key(key):
            return
        record = self._record(self.sessions / f"{key}.json")
        (self.sessions / f"{key}.json").unlink(missing_ok=True)
        if record:
            self._drop_blob_unless_used(record.digest)

    def prune(self, now: float | None = None) -> None:
        """Drop saves older than the age limit, then the oldest until under the size limit."""
        now = time.time() if now is None else now
        kept: list[SaveRecord] = []
        for record in sorted(self._all(), key=lambda r: r.saved_at, reverse=True):
            if now - record.saved_at > self.max_age_s:
                (self.sessions / f"{record.key}.json").unlink(missing_ok=True)
            else:
                kept.append(record)
        total = 0
        for record in kept:
            total += record.size
            if total > self.max_bytes:
                (self.sessions / f"{record.key}.json").unlink(missing_ok=True)
        used = {r.digest for r in self._all()}
        for blob in self.blobs.glob("*.zip") if self.blobs.exists() else []:
            if blob.stem not in used:
                blob.unlink(missing_ok=True)

    def _drop_blob_unless_used(self, digest: str) -> None:
        if all(r.digest != digest for r in self._all()):
            (self.blobs / f"{digest}.zip").unlink(missing_ok=True)

    def _all(self) -> list[SaveRecord]:
        if not self.sessions.exists():
            return []
        found = (self._record(path) for path in self.sessions.glob("*.json"))
        return [record for record in found if record is not None]

    @staticmethod
    def _record(path: Path) -> SaveRecord | None:
        try:
            return SaveRecord.model_validate_json(path.read_bytes())
        except (FileNotFoundError, ValidationError):
            return None
