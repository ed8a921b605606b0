"""Auto-saves in Redis, for several app replicas: each archive once by digest, small records.

Keys (prefix `storepredict:`): `blob:<sha256>` the session archive, `refs:<sha256>` the set of
session keys using it, `save:<key>` the record (JSON), `list:<owner>:<browser>` the keys of one
user's browser. Everything expires after the auto-save age; a save refreshes its expiry.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import redis

from .saves import BackendUnavailable, SaveRecord, valid_key

F = TypeVar("F", bound=Callable[..., Any])

PREFIX = "storepredict:"


def _unavailable_on_redis_error(method: F) -> F:
    """Turn any Redis failure into BackendUnavailable, which the session store handles."""

    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except redis.RedisError as error:
            raise BackendUnavailable(f"Redis: {type(error).__name__}") from error

    return wrapper  # type: ignore[return-value]


class RedisSaves:
    """Auto-saves in one Redis database, shared by every replica."""

    def __init__(self, url: str, max_age_s: float) -> None:
        self.client = redis.Redis.from_url(url)
        self.ttl = max(1, int(max_age_s))

    @_unavailable_on_redis_error
    def save(self, record: SaveRecord, blob: bytes) -> None:
        """Store the archive once per digest and point the record's key at it."""
        old = self._record(record.key)
        blob_key = f"{PREFIX}blob:{record.digest}"
        pipe = self.client.pipeline()
        pipe.set(blob_key, blob, ex=self.ttl, nx=True)
        pipe.expire(blob_key, self.ttl)
        pipe.sadd(f"{PREFIX}refs:{record.digest}", record.key)
        pipe.expire(f"{PREFIX}refs:{record.digest}", self.ttl)
        pipe.set(f"{PREFIX}save:{record.key}", record.model_dump_json(), ex=self.ttl)
        listing = self._list_key(record.owner, record.browser)
        pipe.zadd(listing, {record.key: record.saved_at})
        pipe.expire(listing, self.ttl)
        pipe.execute()
        if old and old.digest != record.digest:
            self._release(old.digest, record.key)

    @_unavailable_on_redis_error
    def load(self, key: str) -> tuple[SaveRecord, bytes] | None:
        """The record and archive saved under `key`, or None."""
        record = self._record(key) if valid_key(key) else None
        if record is None:
            return None
        blob = self.client.get(f"{PREFIX}blob:{record.digest}")
        return (record, blob) if isinstance(blob, bytes) else None

    @_unavailable_on_redis_error
    def records(self, owner: str, browser: str) -> list[SaveRecord]:
        """The auto-saves of one user in one browser, newest first."""
        listing = self._list_key(owner, browser)
        keys = [_text(k) for k in self.client.zrevrange(listing, 0, 99)]
        found = [self._record(key) for key in keys]
        gone = [key for key, record in zip(keys, found, strict=True) if record is None]
        if gone:
            self.client.zrem(listing, *gone)
        return [r for r in found if r is not None and (r.owner, r.browser) == (owner, browser)]

    @_unavailable_on_redis_error
    def delete(self, key: str) -> None:
        """Forget the auto-save under `key`."""
        record = self._record(key) if valid_key(key) else None
        if record is None:
            return
        self.client.delete(f"{PREFIX}save:{key}")
        self.client.zrem(self._list_key(record.owner, record.browser), key)
        self._release(record.digest, key)

    def prune(self, now: float | None = None) -> None:
        """Nothing to do: Redis expires every key after the auto-save age."""
        del now

    def _release(self, digest: str, key: str) -> None:
        refs = f"{PREFIX}refs:{digest}"
        self.client.srem(refs, key)
        if not self.client.scard(refs):
            self.client.delete(f"{PREFIX}blob:{digest}", refs)

    def _record(self, key: str) -> SaveRecord | None:
        raw = self.client.get(f"{PREFIX}save:{key}")
        return SaveRecord.model_validate_json(raw) if raw else None

    @staticmethod
    def _list_key(owner: str, browser: str) -> str:
        return f"{PREFIX}list:{owner}:{browser}"


def _text(value: object) -> str:
    """A Redis reply item as text (replies are bytes: the client does not decode them)."""
    return value.decode() if isinstance(value, bytes) else str(value)
