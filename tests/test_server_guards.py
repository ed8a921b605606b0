"""The request guards on a minimal ASGI app: hosts, origins, body cap, headers, sign-in."""

from __future__ import annotations

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from storepredict.config import AppConfig
from storepredict.server.access import COOKIE, FailureLimiter, cookie_is_valid, cookie_value
from storepredict.server.guards import CONTENT_SECURITY_POLICY
from storepredict.server.install import install_guards

TOKEN = "correct-horse-battery-staple"


async def echo(request: Request) -> PlainTextResponse:
    body = await request.body()
    user = getattr(request.state, "storepredict_user", "?")
    return PlainTextResponse(f"{request.method} {len(body)} {user}")


def client_for(config: AppConfig, host: str = "127.0.0.1") -> httpx.AsyncClient:
    app = Starlette(routes=[Route("/{path:path}", echo, methods=["GET", "POST"])])
    install_guards(app, config)
    transport = httpx.ASGITransport(app=app, client=("10.0.0.7", 5000))
    return httpx.AsyncClient(transport=transport, base_url=f"http://{host}:8080")


async def test_security_headers_on_every_response() -> None:
    async with client_for(AppConfig()) as client:
        response = await client.get("/anything")
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    assert response.headers["x-frame-options"] == "DENY"


async def test_foreign_host_and_origin_are_refused() -> None:
    async with client_for(AppConfig(), host="evil.example") as client:
        assert (await client.get("/")).status_code == 400
    async with client_for(AppConfig()) as client:
        foreign = await client.get(
            "/_nicegui_ws/socket.io/", headers={"origin": "http://evil.example"}
        )
        null = await client.post("/x", headers={"origin": "null"})
        own = await client.get("/", headers={"origin": "http://localhost:8080"})
    assert (foreign.status_code, null.status_code, own.status_code) == (403, 403, 200)
    async with client_for(AppConfig(allowed_hosts=("sizing.corp",)), host="sizing.corp") as client:
        assert (await client.get("/")).status_code == 200


async def test_body_over_the_cap_is_413_declared_or_streamed() -> None:
    config = AppConfig()
    cap = 2 * config.limits.max_upload_bytes + 1024 * 1024
    async with client_for(config) as client:
        declared = await client.post("/up", headers={"content-length": str(cap + 1)}, content=b"")

        async def stream():
            for _ in range(cap // 1_000_000 + 2):
                yield b"x" * 1_000_000

        streamed = await client.post("/up", content=stream())
        small = await client.post("/up", content=b"y" * 1000)
    assert declared.status_code == 413
    assert streamed.status_code == 413
    assert declared.text == "Request body over 401 MB.\n"
    assert small.text == "POST 1000 local"


async def test_token_sign_in_sets_a_signed_cookie() -> None:
    config = AppConfig(access_token=TOKEN)
    async with client_for(config) as client:
        page = await client.get("/classify")
        assert (page.status_code, page.headers["location"]) == (303, "/signin?next=/classify")
        assert (await client.post("/x")).status_code == 401
        form = await client.get("/signin?next=/classify")
        assert 'name="token"' in form.text and 'value="/classify"' in form.text
        wrong = await client.post("/signin", data={"token": "guess", "next": "/"})
        assert wrong.status_code == 401 and "That token is not right." in wrong.text
        right = await client.post("/signin", data={"token": TOKEN, "next": "//evil.example"})
        assert (right.status_code, right.headers["location"]) == (303, "/")
        assert "HttpOnly; SameSite=Strict" in right.headers["set-cookie"]
        after = await client.post("/x", content=b"abc")
    assert after.text == "POST 3 token"


async def test_failed_sign_ins_are_rate_limited() -> None:
    async with client_for(AppConfig(access_token=TOKEN)) as client:
        for _ in range(5):
            assert (await client.post("/signin", data={"token": "nope"})).status_code == 401
        blocked = await client.post("/signin", data={"token": TOKEN})
    assert blocked.status_code == 429
    assert "Too many failed attempts: wait 5 min." in blocked.text
    assert COOKIE not in blocked.headers.get("set-cookie", "")


def test_cookie_signature_and_expiry() -> None:
    value = cookie_value(TOKEN, 2_000_000_000)
    assert cookie_is_valid(TOKEN, value, now=1_900_000_000)
    assert not cookie_is_valid(TOKEN, value, now=2_000_000_001)
    assert not cookie_is_valid("another-token-of-16", value, now=1_900_000_000)
    assert not cookie_is_valid(TOKEN, "2000000000." + "0" * 64, now=1_900_000_000)
    limiter = FailureLimiter(max_failures=2, window_s=10)
    limiter.record_failure("a", 0.0)
    limiter.record_failure("a", 1.0)
    assert (limiter.blocked_for("a", 5.0), limiter.blocked_for("b", 5.0)) == (5.0, 0.0)
    assert limiter.blocked_for("a", 10.5) == 0.0


async def test_proxy_header_names_the_user() -> None:
    async with client_for(AppConfig(trust_proxy_auth="X-Forwarded-User")) as client:
        missing = await client.post("/x")
        named = await client.post("/x", headers={"x-forwarded-user": "ada"})
    assert (missing.status_code, named.text) == (401, "POST 0 ada")
