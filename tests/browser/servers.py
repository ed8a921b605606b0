"""Start and stop real `storepredict serve` processes with their own environment (and Redis)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from .conftest import ROOT, Server, _wait_until_serving, free_port

REDIS_SERVER = "/usr/bin/redis-server"


def server_env(extra: dict[str, str]) -> dict[str, str]:
    """This environment without pytest's and NiceGUI's test variables (pitfall P3), plus `extra`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key != "PYTEST_CURRENT_TEST"
        and not key.startswith("NICEGUI_")
        and not key.startswith("STOREPREDICT_")
    }
    return {**env, **extra}


def start_server(
    log: Path, extra_env: dict[str, str], port: int | None = None, args: Sequence[str] = ()
) -> Server:
    """`storepredict serve` on 127.0.0.1 (a free port unless given), answering before it returns."""
    port = port or free_port()
    command = [sys.executable, "-m", "storepredict", "serve", "--host", "127.0.0.1"]
    with log.open("ab") as sink:
        process = subprocess.Popen(
            [*command, "--port", str(port), *args],
            cwd=ROOT,
            env=server_env(extra_env),
            stdout=sink,
            stderr=sink,
            start_new_session=True,
        )
    server = Server(process, port, log)
    _wait_until_serving(server)
    return server


def stop_server(server: Server, kill: bool = False) -> None:
    """Stop the server and its workers: SIGTERM (graceful) or SIGKILL (a crash)."""
    if server.process.poll() is None:
        if kill:
            server.process.kill()
        else:
            server.process.terminate()
        try:
            server.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=10)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.process.pid, signal.SIGKILL)


def start_redis(workdir: Path) -> tuple[subprocess.Popen[bytes], int]:
    """Debian's redis-server on a free loopback port, no persistence; fails in CI when missing."""
    if not Path(REDIS_SERVER).exists() and shutil.which("redis-server") is None:
        reason = "redis-server is not installed (apt-get install redis-server)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    port = free_port()
    binary = REDIS_SERVER if Path(REDIS_SERVER).exists() else str(shutil.which("redis-server"))
    process = subprocess.Popen(
        [
            binary,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(workdir),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    import redis

    while time.monotonic() < deadline:
        with contextlib.suppress(redis.ConnectionError):
            if redis.Redis(port=port).ping():
                return process, port
        time.sleep(0.1)
    process.kill()
    pytest.fail("redis-server did not answer within 20 s")


class FailoverProxy:
    """A TCP proxy on a free loopback port: every connection goes to the first backend that
    accepts it, so the tab sticks to replica A until A dies, then lands on B (a stand-in for
    the reverse proxy's sticky sessions; WebSockets pass through untouched)."""

    def __init__(self, backend_ports: Sequence[int]) -> None:
        import threading

        self.backends = list(backend_ports)
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.port = self.listener.getsockname()[1]
        self.open = True
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        """Base URL of the proxy."""
        return f"http://127.0.0.1:{self.port}"

    def _accept(self) -> None:
        import threading

        while self.open:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = None
            for port in self.backends:
                with contextlib.suppress(OSError):
                    upstream = socket.create_connection(("127.0.0.1", port), timeout=2)
                    upstream.settimeout(None)
                    break
            if upstream is None:
                client.close()
                continue
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, target):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def close(self) -> None:
        """Stop accepting connections."""
        self.open = False
        self.listener.close()
