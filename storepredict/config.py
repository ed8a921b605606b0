"""Application configuration: built once at the entry point from the environment, then passed on."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .pipeline import MIB, Limits


@dataclass(frozen=True)
class AppConfig:
    """Server address and input limits."""

    host: str = "127.0.0.1"
    port: int = 8080
    limits: Limits = field(default_factory=Limits)


def config_from_env(env: Mapping[str, str] | None = None, **overrides: object) -> AppConfig:
    """Read STOREPREDICT_* variables (sizes in MB/MiB as documented in docs/security.md)."""
    env = os.environ if env is None else env
    given: dict[str, Any] = {
        "max_upload_bytes": _bytes(env.get("STOREPREDICT_MAX_UPLOAD_MB"), 1_000_000),
        "max_zip_uncompressed_bytes": _bytes(env.get("STOREPREDICT_MAX_ZIP_MIB"), MIB),
        "max_zip_ratio": _number(env.get("STOREPREDICT_MAX_ZIP_RATIO"), float),
        "max_zip_entries": _number(env.get("STOREPREDICT_MAX_ZIP_ENTRIES"), int),
        "max_session_json_bytes": _bytes(env.get("STOREPREDICT_MAX_SESSION_JSON_MIB"), MIB),
    }
    # A variable left unset keeps the Limits default: the defaults live in one place.
    limits = replace(
        Limits(), **{name: value for name, value in given.items() if value is not None}
    )
    values: dict[str, object] = {
        "host": env.get("STOREPREDICT_HOST", "127.0.0.1"),
        "port": int(env.get("STOREPREDICT_PORT", 8080)),
        "limits": limits,
    }
    values.update({k: v for k, v in overrides.items() if v is not None})
    return AppConfig(**values)  # type: ignore[arg-type]


def _bytes(value: str | None, unit: int) -> int | None:
    """A size given in MB or MiB as bytes; None when the variable is unset."""
    return None if value is None else int(float(value) * unit)


def _number(value: str | None, kind: Callable[[str], float]) -> float | None:
    """A plain number (a ratio or a count); None when the variable is unset."""
    return None if value is None else kind(value)
