"""Shared fixtures: the real sample exports in ../shared/samples."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    """Directory of the real public exports (never copied into this repository)."""
    if not SAMPLES.is_dir():
        pytest.fail(f"Real sample exports not found at {SAMPLES}")
    return SAMPLES


@pytest.fixture(autouse=True)
def _unfrozen_heap() -> Iterator[None]:
    """The server freezes long-lived objects out of the cyclic collector (server/heap.py) and
    collects them every ten minutes; tests end unfrozen, so their garbage is collected as usual."""
    yield
    gc.unfreeze()
