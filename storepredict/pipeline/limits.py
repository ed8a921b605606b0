"""Safety limits on untrusted input: one frozen object passed to every reader (docs/security.md)."""

from __future__ import annotations

from dataclasses import dataclass

from .units import MIB


@dataclass(frozen=True)
class Limits:
    """Upload, zip and archive limits; each protects memory or CPU from a hostile file."""

    max_upload_bytes: int = 200 * 1000 * 1000
    max_zip_uncompressed_bytes: int = 1024 * MIB
    max_zip_ratio: float = 200.0
    max_zip_entries: int = 2000
    max_zip_depth: int = 2
    max_session_json_bytes: int = 256 * MIB  # about 165,000 VMs (ADR-076)
    max_files: int = 20

    def describe_upload_limit(self) -> str:
        """The upload limit in megabytes, for messages."""
        return f"{self.max_upload_bytes / 1_000_000:g} MB"


DEFAULT_LIMITS = Limits()
