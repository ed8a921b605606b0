"""Request guards in front of the app: Host allow-list, Origin check, body cap, security headers."""

from __future__ import annotations

from .asgi import ASGIApp, Message, Receive, Scope, Send, header, host_name, refuse, respond

# NiceGUI renders Vue templates at run time ('unsafe-eval') and passes its page data in an inline
# script and inline styles; everything else comes from this origin. frame-ancestors stops framing.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
    "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]
UPLOAD_MULTIPART_ALLOWANCE = 1024 * 1024  # multipart boundaries and part headers around the files


class SecurityHeaders:
    """Add CSP, X-Content-Type-Options, Referrer-Policy and X-Frame-Options to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {key.lower() for key, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in SECURITY_HEADERS if k not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class HostGuard:
    """Serve only the allowed Host names; refuse requests whose Origin is another site.

    The Host check defeats DNS rebinding; the Origin check stops other sites from opening a
    Socket.IO connection (NiceGUI's server accepts any Origin) or posting uploads.
    """

    def __init__(self, app: ASGIApp, allowed_hosts: tuple[str, ...]) -> None:
        self.app = app
        self.any_host = "*" in allowed_hosts
        self.allowed = {host_name(h) for h in allowed_hosts}

    def _allowed(self, host: str) -> bool:
        return self.any_host or host_name(host) in self.allowed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        if not self._allowed(header(scope, "host") or ""):
            await refuse(scope, send, 400, "Unknown host name (see STOREPREDICT_ALLOWED_HOSTS).")
            return
        origin = header(scope, "origin")
        if origin is not None and not self._allowed(_origin_host(origin)):
            await refuse(scope, send, 403, "Cross-site request refused.")
            return
        await self.app(scope, receive, send)


def _origin_host(origin: str) -> str:
    return origin.split("://", 1)[1] if "://" in origin else ""  # "null" -> refused


class BodyTooLarge(Exception):
    """Raised inside the app's receive() once a request body passes the cap."""


class BodyLimit:
    """Answer 413 to a request body over `max_bytes`: declared (Content-Length) or streamed.

    The declared size is refused before any byte is read; a streamed body is cut off as soon as
    it passes the cap, so the app (and its temporary upload files) never sees more than the cap.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = header(scope, "content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._too_large(send)
            return
        seen = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise BodyTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if not started:
                await self._too_large(send)

    async def _too_large(self, send: Send) -> None:
        limit = f"{self.max_bytes / 1_000_000:.0f} MB"
        await respond(send, 413, f"Request body over {limit}.\n", [(b"connection", b"close")])


def upload_body_limit(max_upload_bytes: int, max_files: int = 2) -> int:
    """The largest request body the server accepts: two uploads at the limit plus multipart."""
    return max_files * max_upload_bytes + UPLOAD_MULTIPART_ALLOWANCE
