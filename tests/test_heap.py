"""The server's heap policy (server/heap.py): frozen sessions hold no cycles, frozen cycles are
reclaimed by the periodic full collection."""

from __future__ import annotations

import asyncio
import gc
import os
import weakref

from storepredict.pipeline import SettingsError
from storepredict.pipeline.session import open_files
from storepredict.pipeline.sizing import size_session
from storepredict.server import heap, pool
from storepredict.server.pool import _call_capturing_error


class _Node:
    """An object that can be part of a reference cycle."""

    def __init__(self) -> None:
        self.other: _Node | None = None


def _cycle() -> weakref.ref[_Node]:
    """A two-object reference cycle nothing else refers to; a weak reference to one of them."""
    first, second = _Node(), _Node()
    first.other, second.other = second, first
    return weakref.ref(first)


def test_a_sized_session_holds_no_reference_cycles(samples_dir) -> None:
    """Freezing sessions and sizings leaks nothing: reference counting alone frees them."""
    content = (samples_dir / "rvtools-4.7.1-233vms.xlsx").read_bytes()
    state, originals, _restored = open_files([("rvtools-4.7.1-233vms.xlsx", content)])
    result = size_session(state)
    assert len(state.inventory.vms) == 233
    gc.collect()  # the garbage parsing left behind
    gc.disable()
    try:
        del state, originals, result
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_settle_keeps_frozen_objects_out_of_collections() -> None:
    gc.collect()
    cycle = _cycle()
    heap.settle()
    assert gc.get_freeze_count() > 0
    gc.collect()
    assert cycle() is not None  # frozen: an ordinary full collection does not see it


def test_collect_frozen_reclaims_frozen_cycles_and_freezes_survivors() -> None:
    cycle = _cycle()
    survivor = _Node()
    heap.settle()
    found = heap.collect_frozen()
    assert cycle() is None
    assert found >= 2  # the two nodes (and their instance dicts)
    assert gc.get_freeze_count() > 0  # what survived is frozen again
    assert survivor.other is None


def test_the_periodic_collection_runs_until_cancelled() -> None:
    async def scenario() -> bool:
        cycle = _cycle()
        heap.settle()
        task = asyncio.create_task(heap.collect_frozen_periodically(every_s=0.01))
        for _ in range(200):
            await asyncio.sleep(0.01)
            if cycle() is None:
                break
        task.cancel()
        return cycle() is None

    assert asyncio.run(scenario())


def test_install_makes_full_collections_rare_and_freezes_the_startup_heap() -> None:
    before = gc.get_threshold()
    try:
        heap.install()
        assert gc.get_threshold() == (before[0], before[1], heap.FULL_COLLECTION_THRESHOLD)
        assert gc.get_freeze_count() > 0
    finally:
        gc.set_threshold(*before)


def _collector_state() -> tuple[bool, int]:
    return gc.isenabled(), gc.get_threshold()[2]


def _refuse() -> None:
    raise SettingsError("no")


def test_a_pool_task_computes_with_the_collector_paused(monkeypatch) -> None:
    # not a worker: no death signal tied to this process's parent (tests/test_worker_exit.py)
    monkeypatch.setattr(pool, "end_with_parent", lambda server: None)
    before = gc.get_threshold()
    try:
        gc.set_threshold(before[0], before[1], 10)  # a fresh worker's default
        assert _call_capturing_error(os.getpid(), "en", _collector_state) == (False, 1000)
        assert gc.isenabled()  # and on again once the task is done
        refused = _call_capturing_error(os.getpid(), "en", _refuse)
        assert isinstance(refused, SettingsError) and refused.message == "no"
        assert gc.isenabled()
    finally:
        gc.set_threshold(*before)
