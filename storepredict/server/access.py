"""Access control for a server off the laptop: a sign-in token or an authenticating reverse proxy.

Token mode: `/signin` compares the token in constant time, rate-limits failures per client address
and sets a signed, HttpOnly cookie; every other request needs that cookie. Proxy mode: every
request must carry the user name header the proxy sets (`--trust-proxy-auth HEADER`).
"""

from __future__ import annotations

import hashlib
import hmac
import html
import time
from collections import deque
from urllib.parse import parse_qs, quote

from ..i18n import _, active_language, negotiate_language, use_language
from .asgi import ASGIApp, Receive, Scope, Send, header, refuse, respond, scope_state

COOKIE = "storepredict_access"
COOKIE_MAX_AGE_S = 12 * 3600
SIGNIN_PATH = "/signin"
OPEN_PATHS = frozenset({SIGNIN_PATH, "/health", "/favicon.ico"})
MAX_FORM_BYTES = 4096
USER_KEY = "storepredict_user"
TOKEN_USER = "token"


class FailureLimiter:
    """At most `max_failures` failed sign-ins per client address within `window_s` seconds."""

    def __init__(self, max_failures: int = 5, window_s: float = 300.0, max_clients: int = 10_000):
        self.max_failures = max_failures
        self.window_s = window_s
        self.max_clients = max_clients
        self.failures: dict[str, deque[float]] = {}

    def blocked_for(self, client: str, now: float) -> float:
        """Seconds until `client` may try again (0 when it may try now)."""
        recent = self.failures.get(client)
        while recent and recent[0] <= now - self.window_s:
            recent.popleft()
        if not recent or len(recent) < self.max_failures:
            return 0.0
        return recent[0] + self.window_s - now

    def record_failure(self, client: str, now: float) -> None:
        """Count one failed attempt of `client`."""
        if client not in self.failures and len(self.failures) >= self.max_clients:
            del self.failures[next(iter(self.failures))]  # forget the oldest client first
        self.failures.setdefault(client, deque()).append(now)


def cookie_value(token: str, expires: int) -> str:
    """`<expiry>.<HMAC-SHA256 of the expiry, keyed by the token>`."""
    key = hmac.new(token.encode(), b"storepredict-cookie", hashlib.sha256).digest()
    signature = hmac.new(key, f"v1|{expires}".encode(), hashlib.sha256).hexdigest()
    return f"{expires}.{signature}"


def cookie_is_valid(token: str, value: str, now: float) -> bool:
    """True when `value` was signed with `token` and has not expired."""
    expires, _, _signature = value.partition(".")
    if not expires.isdigit() or int(expires) < now:
        return False
    return hmac.compare_digest(cookie_value(token, int(expires)), value)


def cookies_of(scope: Scope) -> dict[str, str]:
    found: dict[str, str] = {}
    for part in (header(scope, "cookie") or "").split(";"):
        name, _eq, value = part.strip().partition("=")
        found.setdefault(name, value)
    return found


class AccessGuard:
    """Let through only signed-in requests (token) or requests the proxy authenticated (header)."""

    def __init__(
        self,
        app: ASGIApp,
        token: str | None,
        proxy_header: str | None,
        limiter: FailureLimiter | None = None,
    ) -> None:
        self.app = app
        self.token = token
        self.proxy_header = proxy_header.lower() if proxy_header else None
        self.limiter = limiter or FailureLimiter()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        user = self._user(scope)
        if user is not None:
            scope_state(scope)[USER_KEY] = user
            await self.app(scope, receive, send)
        elif scope["path"] == SIGNIN_PATH and self.token and scope["type"] == "http":
            await self._signin(scope, receive, send)
        elif scope["path"] in OPEN_PATHS:
            await self.app(scope, receive, send)
        elif self.token and scope["type"] == "http" and _wants_page(scope):
            target = quote(scope["path"], safe="/")
            await respond(send, 303, "", [(b"location", f"{SIGNIN_PATH}?next={target}".encode())])
        else:
            await refuse(scope, send, 401, "Sign-in required.")

    def _user(self, scope: Scope) -> str | None:
        if self.proxy_header:
            return (header(scope, self.proxy_header) or "").strip() or None
        if self.token is None:
            return "local"
        value = cookies_of(scope).get(COOKIE, "")
        return TOKEN_USER if cookie_is_valid(self.token, value, time.time()) else None

    async def _signin(self, scope: Scope, receive: Receive, send: Send) -> None:
        # The sign-in page in the browser's language (no tab, no session yet).
        with use_language(negotiate_language(header(scope, "accept-language"))):
            await self._signin_in_language(scope, receive, send)

    async def _signin_in_language(self, scope: Scope, receive: Receive, send: Send) -> None:
        assert self.token is not None
        target = _safe_target(parse_qs(scope.get("query_string", b"").decode()).get("next"))
        if scope["method"] != "POST":
            await _signin_page(send, target, "")
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        now = time.monotonic()
        wait = self.limiter.blocked_for(client, now)
        if wait:
            minutes = max(1, round(wait / 60))
            problem = _("Too many failed attempts: wait {minutes} min.", minutes=minutes)
            await _signin_page(send, target, problem, 429)
            return
        form = parse_qs((await _read_form(receive)).decode(errors="replace"))
        given = (form.get("token") or [""])[0]
        target = _safe_target(form.get("next"))
        if not hmac.compare_digest(given.encode(), self.token.encode()):
            self.limiter.record_failure(client, now)
            await _signin_page(send, target, _("That token is not right."), 401)
            return
        expires = int(time.time()) + COOKIE_MAX_AGE_S
        secure = "; Secure" if _is_https(scope) else ""
        cookie = (
            f"{COOKIE}={cookie_value(self.token, expires)}; Path=/; Max-Age={COOKIE_MAX_AGE_S}; "
            f"HttpOnly; SameSite=Strict{secure}"
        )
        headers = [(b"location", target.encode()), (b"set-cookie", cookie.encode())]
        await respond(send, 303, "", headers)


def _wants_page(scope: Scope) -> bool:
    return scope["method"] == "GET" and not scope["path"].startswith("/_nicegui")


def _is_https(scope: Scope) -> bool:
    return scope.get("scheme") == "https" or header(scope, "x-forwarded-proto") == "https"


def _safe_target(values: list[str] | None) -> str:
    target = (values or ["/"])[0]
    return target if target.startswith("/") and not target.startswith("//") else "/"


async def _read_form(receive: Receive) -> bytes:
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if len(body) > MAX_FORM_BYTES or not message.get("more_body"):
            return body[:MAX_FORM_BYTES]


async def _signin_page(send: Send, target: str, problem: str, status: int = 200) -> None:
    notice = f'<p class="problem">{html.escape(problem)}</p>' if problem else ""
    page = SIGNIN_HTML.format(
        lang=active_language(),
        title=html.escape(_("StorePredict · Sign in")),
        label=html.escape(_("Access token")),
        button=html.escape(_("Sign in")),
        next=html.escape(target, quote=True),
        notice=notice,
    )
    await respond(send, status, page, content_type=b"text/html; charset=utf-8")


SIGNIN_HTML = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ font-family: system-ui, sans-serif; background: #f8fafc; display: grid;
       place-items: center; min-height: 90vh; color: #1e293b; }}
form {{ background: white; padding: 2rem; border-radius: 8px; box-shadow: 0 1px 4px #0002;
       display: grid; gap: .8rem; width: 20rem; }}
h1 {{ color: #0f4c81; font-size: 1.3rem; margin: 0; }}
input, button {{ font-size: 1rem; padding: .5rem; }}
button {{ background: #0f4c81; color: white; border: 0; border-radius: 4px; }}
.problem {{ color: #b91c1c; margin: 0; }}
</style></head>
<body><form method="post" action="/signin">
<h1>StorePredict</h1>
<label for="token">{label}</label>
<input id="token" name="token" type="password" autocomplete="current-password" autofocus required>
<input type="hidden" name="next" value="{next}">
{notice}
<button type="submit">{button}</button>
</form></body></html>
"""
