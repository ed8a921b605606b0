"""A real server process: refused network bind, sign-in with a token, 413 before the disk fills."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import ROOT
from .servers import server_env, start_server, stop_server

pytestmark = pytest.mark.browser

TOKEN = "team-token-0123456789"
LIMIT_MB = 5
CAP = 2 * LIMIT_MB * 1_000_000 + 1024 * 1024  # two files at the limit plus multipart allowance


def test_network_bind_without_access_control_refuses_to_start() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "storepredict", "serve", "--host", "0.0.0.0", "--port", "1"],
        cwd=ROOT,
        env=server_env({}),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (result.returncode, result.stdout) == (2, "")
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: refusing to listen on 0.0.0.0 without access control")
    assert "STOREPREDICT_ACCESS_TOKEN" in lines[0] and "--trust-proxy-auth HEADER" in lines[0]


def test_token_sign_in_is_required(new_page, tmp_path: Path) -> None:
    env = {"STOREPREDICT_ACCESS_TOKEN": TOKEN, "STOREPREDICT_DATA_DIR": str(tmp_path / "data")}
    server = start_server(tmp_path / "server.log", env)
    try:
        page: Page = new_page()
        page.goto(server.url + "/classify")
        assert page.url == server.url + "/signin?next=/classify"
        page.get_by_label("Access token").fill("not-the-token")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_text("That token is not right.")).to_be_visible()
        page.get_by_label("Access token").fill(TOKEN)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(server.url + "/classify")
        page.goto(server.url + "/")
        page.get_by_role("button", name="Try the sample").click()
        expect(page.get_by_test_id("vm-count")).to_have_text("298", timeout=120_000)
        outsider = new_page()
        outsider.goto(server.url + "/")
        assert outsider.url == server.url + "/signin?next=/"
    finally:
        stop_server(server)


def spooled_bytes(pid: int, folder: Path) -> int:
    """Bytes in the files under `folder` that process `pid` holds open (spooled uploads are
    anonymous temporary files, invisible in a directory listing)."""
    total = 0
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):
            if os.readlink(fd).startswith(str(folder)):
                total += os.stat(fd).st_size
    return total


def upload_url(page: Page) -> str:
    """The upload endpoint of this page's uploader."""
    client_id = page.evaluate("window.clientId")
    element = page.evaluate("document.querySelector('.q-uploader').id")
    return f"/_nicegui/client/{client_id}/upload/{element.removeprefix('c')}"


def request_head(path: str, port: int, length_header: str) -> bytes:
    """A multipart POST's request line and headers."""
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{length_header}\r\n"
        "Content-Type: multipart/form-data; boundary=XyZ\r\n\r\n"
    ).encode()


def test_oversized_upload_is_413_before_the_disk_fills(new_page, tmp_path: Path) -> None:
    temp = tmp_path / "server-tmp"
    temp.mkdir()
    env = {
        "STOREPREDICT_MAX_UPLOAD_MB": str(LIMIT_MB),
        "STOREPREDICT_DATA_DIR": str(tmp_path / "data"),
        "TMPDIR": str(temp),
    }
    server = start_server(tmp_path / "server.log", env)
    try:
        page = new_page()
        page.goto(server.url + "/")
        expect(page.get_by_text("Try the sample")).to_be_visible(timeout=60_000)
        path = upload_url(page)
        # Declared too large: refused before one byte of the body is read.
        with socket.create_connection(("127.0.0.1", server.port)) as conn:
            conn.sendall(request_head(path, server.port, f"Content-Length: {CAP + 1}"))
            assert conn.recv(4096).startswith(b"HTTP/1.1 413 ")
        # Streamed (chunked, no length): cut off once it passes the cap; temp files stay under it.
        peak = 0
        sampling = True

        def sample() -> None:
            nonlocal peak
            while sampling:
                peak = max(peak, spooled_bytes(server.process.pid, temp))
                time.sleep(0.02)

        sampler = threading.Thread(target=sample)
        sampler.start()
        sent = 0
        with socket.create_connection(("127.0.0.1", server.port)) as conn:
            conn.sendall(request_head(path, server.port, "Transfer-Encoding: chunked"))
            part = b'--XyZ\r\nContent-Disposition: form-data; name="f"; filename="big.xlsx"\r\n\r\n'
            conn.sendall(b"%x\r\n%s\r\n" % (len(part), part))
            chunk = b"x" * 256 * 1024
            try:
                while sent < 4 * CAP:
                    conn.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    sent += len(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass
            conn.settimeout(10)
            try:
                reply = conn.recv(4096)
            except ConnectionResetError:
                reply = b""
        sampling = False
        sampler.join()
        assert sent < 4 * CAP, "the server kept reading past the cap"
        assert reply == b"" or reply.startswith(b"HTTP/1.1 413 ")
        assert 1_000_000 < peak <= CAP
        time.sleep(1)
        assert spooled_bytes(server.process.pid, temp) == 0  # the spooled part is closed
    finally:
        stop_server(server)
