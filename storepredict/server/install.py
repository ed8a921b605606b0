"""Put the request guards in front of the app, in the order a request meets them."""

from __future__ import annotations

from typing import Any

from ..config import AppConfig
from .access import AccessGuard
from .guards import BodyLimit, HostGuard, SecurityHeaders, upload_body_limit
from .identity import BrowserId
from .saves import FileSaves, SaveBackend
from .session_store import SessionStore


def install_guards(app: Any, config: AppConfig) -> None:
    """Add the guards to a Starlette app; outermost first: headers, host, size, access."""
    # add_middleware puts each new middleware outside the ones added before it.
    app.add_middleware(BrowserId)
    app.add_middleware(AccessGuard, token=config.access_token, proxy_header=config.trust_proxy_auth)
    app.add_middleware(BodyLimit, max_bytes=upload_body_limit(config.limits.max_upload_bytes))
    app.add_middleware(HostGuard, allowed_hosts=config.allowed_hosts)
    app.add_middleware(SecurityHeaders)


def build_session_store(config: AppConfig) -> SessionStore:
    """The session store with the auto-save backend the configuration asks for."""
    backend: SaveBackend | None = None
    if config.autosave and config.redis_url:
        from .redis_saves import RedisSaves  # only a team deployment needs a Redis client

        backend = RedisSaves(config.redis_url, config.autosave_max_age_s)
    elif config.autosave:
        backend = FileSaves(config.data_dir, config.autosave_max_age_s, config.autosave_max_bytes)
    return SessionStore(backend, config.memory_sessions, config.limits)
