"""Auto-save backends: files (atomic, pruned by age and size) and Redis (one blob per digest)."""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from storepredict.server.saves import FileSaves, SaveRecord, write_atomically

REDIS_SERVER = Path("/usr/bin/redis-server")


def record(key: str, blob: bytes, saved_at: float, owner: str = "ada", browser: str = "b1"):
    """A record for `blob` saved under `key` at `saved_at`."""
    digest = hashlib.sha256(blob).hexdigest()
    return SaveRecord(
        key=key,
        digest=digest,
        saved_at=saved_at,
        size=len(blob),
        project_name=f"project {key}",
        vm_count=3,
        owner=owner,
        browser=browser,
    )


def test_files_save_load_and_list_per_owner_and_browser(tmp_path: Path) -> None:
    saves = FileSaves(tmp_path, max_age_s=3600, max_bytes=10_000)
    saves.save(record("tab-1", b"one", 100.0), b"one")
    saves.save(record("tab-2", b"two", 200.0), b"two")
    saves.save(record("tab-3", b"three", 300.0, owner="bob"), b"three")
    saves.save(record("tab-4", b"four", 400.0, browser="b2"), b"four")
    assert saves.load("tab-1") == (record("tab-1", b"one", 100.0), b"one")
    assert saves.load("../etc/passwd") is None and saves.load("nope") is None
    assert [r.key for r in saves.records("ada", "b1")] == ["tab-2", "tab-1"]
    assert [r.key for r in saves.records("bob", "b1")] == ["tab-3"]
    assert not list(tmp_path.rglob(".tmp-*"))


def test_files_keep_one_blob_per_digest_and_drop_the_replaced_one(tmp_path: Path) -> None:
    saves = FileSaves(tmp_path, max_age_s=3600, max_bytes=10_000)
    saves.save(record("a", b"same", 1.0), b"same")
    saves.save(record("b", b"same", 2.0), b"same")
    blobs = tmp_path / "autosave" / "blobs"
    assert len(list(blobs.glob("*.zip"))) == 1
    saves.save(record("a", b"edited", 3.0), b"edited")
    assert len(list(blobs.glob("*.zip"))) == 2  # "same" is still used by b
    saves.delete("b")
    assert sorted(p.read_bytes() for p in blobs.glob("*.zip")) == [b"edited"]


def test_files_prune_by_age_then_by_total_size(tmp_path: Path) -> None:
    saves = FileSaves(tmp_path, max_age_s=1000, max_bytes=10)
    saves.save(record("old", b"0123", 0.0), b"0123")
    saves.save(record("mid", b"456789", 1500.0), b"456789")
    saves.save(record("new", b"abcdef", 1900.0), b"abcdef")
    saves.prune(now=2000.0)  # "old" is 2000 s old; "new" (6) + "mid" (6) > 10 bytes
    assert [r.key for r in saves.records("ada", "b1")] == ["new"]
    assert [p.read_bytes() for p in (tmp_path / "autosave" / "blobs").glob("*.zip")] == [b"abcdef"]


def test_atomic_write_leaves_the_old_file_when_writing_fails(tmp_path: Path) -> None:
    target = tmp_path / "x.json"
    write_atomically(target, b"first")

    with pytest.raises(TypeError):
        write_atomically(target, "text, not bytes")  # type: ignore[arg-type]
    assert target.read_bytes() == b"first"
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """A private redis-server on a free loopback port (fails in CI when it is not installed)."""
    binary = str(REDIS_SERVER) if REDIS_SERVER.exists() else shutil.which("redis-server")
    if binary is None:
        if os.environ.get("CI") == "true":
            pytest.fail("redis-server is not installed (apt-get install redis-server)")
        pytest.skip("redis-server is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    import redis

    try:
        for _ in range(100):
            try:
                redis.Redis(port=port).ping()
                break
            except redis.ConnectionError:
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_redis_stores_each_archive_once_and_lists_per_browser(redis_url: str) -> None:
    import redis

    from storepredict.server.redis_saves import PREFIX, RedisSaves

    saves = RedisSaves(redis_url, max_age_s=600)
    saves.save(record("a", b"same", 1.0), b"same")
    saves.save(record("b", b"same", 2.0), b"same")
    saves.save(record("c", b"other", 3.0, owner="bob"), b"other")
    client = redis.Redis.from_url(redis_url)
    assert len(client.keys(PREFIX + "blob:*")) == 2
    assert saves.load("a") == (record("a", b"same", 1.0), b"same")
    assert [r.key for r in saves.records("ada", "b1")] == ["b", "a"]
    assert [r.key for r in saves.records("bob", "b1")] == ["c"]
    saves.save(record("a", b"edited", 4.0), b"edited")
    saves.delete("b")
    blobs = sorted(client.get(k) for k in client.keys(PREFIX + "blob:*"))
    assert blobs == [b"edited", b"other"]
    assert 0 < client.ttl(PREFIX + "save:a") <= 600


def test_redis_down_is_backend_unavailable_and_the_store_keeps_serving() -> None:
    from storepredict.pipeline.limits import DEFAULT_LIMITS
    from storepredict.server.redis_saves import RedisSaves
    from storepredict.server.saves import BackendUnavailable
    from storepredict.server.session_store import SessionStore

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    saves = RedisSaves(f"redis://127.0.0.1:{closed_port}/0", max_age_s=60)
    with pytest.raises(BackendUnavailable, match=r"^Redis: ConnectionError$"):
        saves.load("tab-1")
    store = SessionStore(saves, max_entries=2, limits=DEFAULT_LIMITS)
    assert store.records("ada", "b1") == []
    assert store.load_saved("tab-1", "ada") is None
