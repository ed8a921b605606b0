"""Who is asking: the signed-in user (from AccessGuard) and a random per-browser id cookie."""

from __future__ import annotations

import secrets
from typing import Any

from .access import USER_KEY, cookies_of
from .asgi import ASGIApp, Message, Receive, Scope, Send, scope_state

BROWSER_COOKIE = "storepredict_browser"
BROWSER_KEY = "storepredict_browser"
COOKIE_MAX_AGE_S = 400 * 24 * 3600  # browsers cap cookie lifetimes at 400 days


class BrowserId:
    """Give every browser a random id cookie; "Recent sessions" are listed per browser."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        browser = cookies_of(scope).get(BROWSER_COOKIE, "")
        fresh = not _well_formed(browser)
        if fresh:
            browser = secrets.token_urlsafe(24)
        scope_state(scope)[BROWSER_KEY] = browser
        if not fresh or scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cookie = (
            f"{BROWSER_COOKIE}={browser}; Path=/; Max-Age={COOKIE_MAX_AGE_S}; HttpOnly; "
            "SameSite=Lax"
        ).encode()

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"set-cookie", cookie)]
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def request_user(state: Any) -> str:
    """The user a request's state names ("local" without access control)."""
    return str(getattr(state, USER_KEY, None) or "local")


def request_browser(state: Any) -> str:
    """The browser id a request's state names ("" when the request had none)."""
    return str(getattr(state, BROWSER_KEY, None) or "")


def _well_formed(browser: str) -> bool:
    return 20 <= len(browser) <= 64 and browser.replace("-", "").replace("_", "").isalnum()
