"""Put the request guards in front of the app, in the order a request meets them."""

from __future__ import annotations

from typing import Any

from ..config import AppConfig
from .access import AccessGuard
from .guards import BodyLimit, HostGuard, SecurityHeaders, upload_body_limit
from .identity import BrowserId


def install_guards(app: Any, config: AppConfig) -> None:
    """Add the guards to a Starlette app; outermost first: headers, host, size, access."""
    # add_middleware puts each new middleware outside the ones added before it.
    app.add_middleware(BrowserId)
    app.add_middleware(AccessGuard, token=config.access_token, proxy_header=config.trust_proxy_auth)
    app.add_middleware(BodyLimit, max_bytes=upload_body_limit(config.limits.max_upload_bytes))
    app.add_middleware(HostGuard, allowed_hosts=config.allowed_hosts)
    app.add_middleware(SecurityHeaders)
