"""Application configuration: built once at the entry point from the environment, then passed on."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .pipeline import MIB, Limits

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
DAY_S = 24 * 3600


def default_data_dir(env: Mapping[str, str] | None = None) -> Path:
    """The per-user data folder: $XDG_DATA_HOME/storepredict, else ~/.local/share/storepredict."""
    env = os.environ if env is None else env
    base = env.get("XDG_DATA_HOME") or str(Path(env.get("HOME") or Path.home()) / ".local/share")
    return Path(base) / "storepredict"


@dataclass(frozen=True)
class AppConfig:
    """Server address and input limits."""

    host: str = "127.0.0.1"
    port: int = 8080
    limits: Limits = field(default_factory=Limits)
    access_token: str | None = None
    trust_proxy_auth: str | None = None
    allowed_hosts: tuple[str, ...] = LOOPBACK_NAMES
    data_dir: Path = field(default_factory=default_data_dir)
    autosave: bool = True
    autosave_max_age_s: float = 14 * DAY_S
    autosave_max_bytes: int = 2000 * 1_000_000
    memory_sessions: int = 8
    redis_url: str | None = None

    def serve_problem(self) -> str | None:
        """Why this configuration must not serve, or None when it is safe to start."""
        if self.access_token is not None and len(self.access_token) < 16:
            return "STOREPREDICT_ACCESS_TOKEN must be at least 16 characters long."
        if is_loopback(self.host) or self.access_token or self.trust_proxy_auth:
            return None
        return (
            f"refusing to listen on {self.host} without access control: anyone on the network "
            "could open customer data. Set STOREPREDICT_ACCESS_TOKEN to a secret of 16+ "
            "characters (users sign in with it), or pass --trust-proxy-auth HEADER behind a "
            "reverse proxy that authenticates users, or bind --host 127.0.0.1."
        )


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1)."""
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def config_from_env(env: Mapping[str, str] | None = None, **overrides: object) -> AppConfig:
    """Read STOREPREDICT_* variables (sizes in MB/MiB as documented in docs/security.md)."""
    env = os.environ if env is None else env
    given: dict[str, Any] = {
        "max_upload_bytes": _bytes(env.get("STOREPREDICT_MAX_UPLOAD_MB"), 1_000_000),
        "max_zip_uncompressed_bytes": _bytes(env.get("STOREPREDICT_MAX_ZIP_MIB"), MIB),
        "max_zip_ratio": _number(env.get("STOREPREDICT_MAX_ZIP_RATIO"), float),
        "max_zip_entries": _number(env.get("STOREPREDICT_MAX_ZIP_ENTRIES"), int),
        "max_session_json_bytes": _bytes(env.get("STOREPREDICT_MAX_SESSION_JSON_MIB"), MIB),
        "max_files": _number(env.get("STOREPREDICT_MAX_FILES"), int),
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
    values.update(_server_values(env))
    values.update({k: v for k, v in overrides.items() if v is not None})
    return AppConfig(**values)  # type: ignore[arg-type]


def _bytes(value: str | None, unit: int) -> int | None:
    """A size given in MB or MiB as bytes; None when the variable is unset."""
    return None if value is None else int(float(value) * unit)


def _number(value: str | None, kind: Callable[[str], float]) -> float | None:
    """A plain number (a ratio or a count); None when the variable is unset."""
    return None if value is None else kind(value)


def _server_values(env: Mapping[str, str]) -> dict[str, object]:
    """Access control, auto-save and team-deployment settings (docs/security.md, docs/deploy.md)."""
    hosts = env.get("STOREPREDICT_ALLOWED_HOSTS", "")
    return {
        "access_token": env.get("STOREPREDICT_ACCESS_TOKEN") or None,
        "trust_proxy_auth": env.get("STOREPREDICT_TRUST_PROXY_AUTH") or None,
        "allowed_hosts": tuple(h.strip().lower() for h in hosts.split(",") if h.strip())
        or LOOPBACK_NAMES,
        "data_dir": Path(env["STOREPREDICT_DATA_DIR"])
        if env.get("STOREPREDICT_DATA_DIR")
        else default_data_dir(env),
        "autosave": env.get("STOREPREDICT_AUTOSAVE", "on").lower() not in {"off", "0", "false"},
        "autosave_max_age_s": float(env.get("STOREPREDICT_AUTOSAVE_MAX_AGE_DAYS", 14)) * DAY_S,
        "autosave_max_bytes": int(float(env.get("STOREPREDICT_AUTOSAVE_MAX_MB", 2000)) * 1e6),
        "memory_sessions": int(env.get("STOREPREDICT_MEMORY_SESSIONS", 8)),
        "redis_url": env.get("STOREPREDICT_REDIS_URL") or None,
    }
