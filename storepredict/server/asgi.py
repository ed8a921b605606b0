"""Small helpers for the pure ASGI middlewares: read headers, answer or close a request."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def header(scope: Scope, name: str) -> str | None:
    """The first value of request header `name` (lower case), or None."""
    wanted = name.encode("latin-1")
    for key, value in scope.get("headers", []):
        if key.lower() == wanted:
            return value.decode("latin-1")
    return None


def host_name(value: str) -> str:
    """The host part of a Host header or URL netloc, lower case, without port or brackets."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value[1:]
    return value.rsplit(":", 1)[0] if value.count(":") == 1 else value


async def respond(
    send: Send,
    status: int,
    body: str,
    headers: list[tuple[bytes, bytes]] | None = None,
    content_type: bytes = b"text/plain; charset=utf-8",
) -> None:
    """Send a complete HTTP response."""
    data = body.encode()
    start_headers = [
        (b"content-type", content_type),
        (b"content-length", str(len(data)).encode()),
        (b"cache-control", b"no-store"),
        *(headers or []),
    ]
    await send({"type": "http.response.start", "status": status, "headers": start_headers})
    await send({"type": "http.response.body", "body": data})


async def refuse(scope: Scope, send: Send, status: int, message: str) -> None:
    """Answer an HTTP request with `status`, or close a websocket before it is accepted."""
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 1008, "reason": message[:100]})
    else:
        await respond(send, status, message + "\n", [(b"connection", b"close")])


def scope_state(scope: Scope) -> dict[str, Any]:
    """The request's `state` dict (what starlette's `request.state` reads)."""
    state = scope.setdefault("state", {})
    return state
