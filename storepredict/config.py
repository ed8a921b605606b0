"""Application configuration: built once at the entry point from the environment, then passed on."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from .pipeline.limits import MIB, Limits


@dataclass(frozen=True)
class AppConfig:
    """Server address and input limits."""

    host: str = "127.0.0.1"
    port: int = 8080
    limits: Limits = field(default_factory=Limits)


def config_from_env(env: Mapping[str, str] | None = None, **overrides: object) -> AppConfig:
    """Read STOREPREDICT_* variables (sizes in MB/MiB as documented in docs/security.md)."""
    env = os.environ if env is None else env
    limits = Limits(
        max_upload_bytes=int(float(env.get("STOREPREDICT_MAX_UPLOAD_MB", 200)) * 1_000_000),
        max_zip_uncompressed_bytes=int(float(env.get("STOREPREDICT_MAX_ZIP_MIB", 1024)) * MIB),
        max_zip_ratio=float(env.get("STOREPREDICT_MAX_ZIP_RATIO", 200)),
        max_zip_entries=int(env.get("STOREPREDICT_MAX_ZIP_ENTRIES", 2000)),
        max_session_json_bytes=int(float(env.get("STOREPREDICT_MAX_SESSION_JSON_MIB", 256)) * MIB),
        max_files=int(env.get("STOREPREDICT_MAX_FILES", 20)),
    )
    values: dict[str, object] = {
        "host": env.get("STOREPREDICT_HOST", "127.0.0.1"),
        "port": int(env.get("STOREPREDICT_PORT", 8080)),
        "limits": limits,
    }
    values.update({k: v for k, v in overrides.items() if v is not None})
    return AppConfig(**values)  # type: ignore[arg-type]
