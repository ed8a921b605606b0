"""Bin packing of VM footprints into datastores under capacity, VM-count and IOPS limits.

Two constructions, kept side by side because each wins where the other fails:

- first-fit decreasing (FFD): best when VMs are large relative to a datastore;
- balanced packing into a fixed number m of datastores (largest first, each VM to the least
  filled datastore it fits in): best when a VM-count limit bites, where FFD lands 10-40% above
  the bound because its early datastores fill up with a few large VMs.

`fewest_bins` runs FFD, then searches the smallest m for which the balanced packing succeeds,
then, for small pools, an exact search (exact.py) to reach or prove the optimum.
Items are list indices; ties break on the index, so the same input always packs the same way.
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np

from .bins import BinLimits
from .bounds import REL_TOL, hot_spread
from .exact import EXACT_MAX_VMS, exact_pack

# FFD looks at most this many smaller candidates when the largest fitting VM breaks the IOPS limit.
FFD_SCAN = 32
# Balanced packings tried beyond the first when searching the fewest datastores.
MAX_SEARCH_TRIES = 12
# A datastore on the placement heap: (load, index), or (IOPS, load, index) when IOPS lead.
HeapEntry = tuple[float, int] | tuple[float, float, int]
# A balanced packing tried: its datastores and the VMs left without room.
Attempt = tuple[list[list[int]], list[int]]


@dataclass(frozen=True)
class Packing:
    """Datastores as item index lists; optimal: count proven minimal; balanced: fills evened."""

    bins: list[list[int]]
    optimal: bool
    balanced: bool = False


def by_size(sizes: Sequence[float]) -> list[int]:
    """Indices by decreasing size, ties on the index."""
    order: list[int] = np.argsort(-np.asarray(sizes, dtype=float), kind="stable").tolist()
    return order


@dataclass(frozen=True)
class SizeOrder:
    """VMs by decreasing size (ties on index) and their sizes, IOPS and hot flags in that order.

    The values are fresh lists in placement order, so a packing reads memory front to back.
    """

    order: list[int]
    sizes: list[float]
    iops: list[float]
    hot: list[bool]


def size_order(sizes: Sequence[float], iops: Sequence[float], hot: Sequence[bool]) -> SizeOrder:
    """The placement order of a pool (see SizeOrder)."""
    order = by_size(sizes)
    return SizeOrder(
        order,
        np.asarray(sizes, dtype=float)[order].tolist(),
        np.asarray(iops, dtype=float)[order].tolist(),
        [bool(hot[i]) for i in order],
    )


def first_fit_decreasing(
    sizes: Sequence[float], iops: Sequence[float], limits: BinLimits
) -> list[list[int]]:
    """FFD, filled one datastore at a time: each takes the largest remaining VMs that fit."""
    cap_limit = limits.capacity * (1 + REL_TOL)
    io_limit = limits.iops_budget * (1 + REL_TOL)
    # Ascending by size; among equal sizes the lowest index sits rightmost and goes first.
    order = by_size(sizes)[::-1]
    keys = [sizes[i] for i in order]
    bins: list[list[int]] = []
    while order:
        free, io_free = cap_limit, io_limit
        members: list[int] = []
        while len(members) < limits.max_vms and order:
            j = bisect.bisect_right(keys, free) - 1
            stop = max(-1, j - FFD_SCAN)
            while j > stop and iops[order[j]] > io_free:
                j -= 1
            if j <= stop:
                break
            item = order.pop(j)
            free -= keys.pop(j)
            io_free -= iops[item]
            members.append(item)
        bins.append(members)
    return bins


def balanced_pack(
    sizes: Sequence[float],
    iops: Sequence[float],
    hot: Sequence[bool],
    limits: BinLimits,
    bin_count: int,
    ordered: SizeOrder | None = None,
    complete: bool = True,
) -> tuple[list[list[int]], list[int]]:
    """Pack into exactly bin_count datastores, largest VM first into the least filled one.

    With limits.hot_max_vms set, hot VMs are placed first, largest first, each on the datastore
    with the least IOPS so far that has room, at most t = min(ceil(hot / bin_count), hot cap) per
    datastore and on the first ceil(hot / t) datastores only (the others keep the full VM limit).
    `ordered` is size_order(sizes, iops, hot) (computed when not given).
    Returns the datastores and the VMs that found no room (none: success). With complete false
    the packing stops at the first VM without room: only whether it succeeded is meaningful.
    """
    so = size_order(sizes, iops, hot) if ordered is None else ordered
    load = [0.0] * bin_count
    io_load = [0.0] * bin_count
    caps = [limits.max_vms] * bin_count
    bins: list[list[int]] = [[] for _ in range(bin_count)]
    left: list[int] = []
    # Positions in so.order are placed; they become VM indices at the end.
    placing: Sequence[int] = range(len(so.order))
    if limits.hot_max_vms is not None:
        hot_items = [p for p in placing if so.hot[p]]
        per_bin, hot_bins = (0, 0)
        if hot_items:
            per_bin, hot_bins = hot_spread(len(hot_items), bin_count, limits.hot_cap)
        if hot_bins > bin_count:
            return bins, [so.order[p] for p in hot_items]
        for b in range(hot_bins):
            caps[b] = limits.hot_cap
        heap: list[HeapEntry] = [(0.0, 0.0, b) for b in range(hot_bins)]
        # Keyed on IOPS so far: the hot VMs spread their IOPS evenly.
        _place(hot_items, heap, 0, per_bin, so.sizes, so.iops, limits, bins, load, io_load, left)
        if left and not complete:
            return [], [so.order[p] for p in left]
        placing = [p for p in placing if not so.hot[p]]
    by_load = [(load[b], b) for b in range(bin_count) if len(bins[b]) < caps[b]]
    heapq.heapify(by_load)
    _place_by_load(placing, by_load, caps, so, limits, bins, load, io_load, left, complete)
    order = so.order
    if left and not complete:
        return [], [order[p] for p in left]
    return [[order[p] for p in b] for b in bins], [order[p] for p in left]


def _place_by_load(
    items: Sequence[int],
    heap: list[tuple[float, int]],
    caps: list[int],
    so: SizeOrder,
    limits: BinLimits,
    bins: list[list[int]],
    load: list[float],
    io_load: list[float],
    left: list[int],
    complete: bool,
) -> None:
    """_place keyed on load alone, with a fast path for the usual case (see _place).

    The least filled datastore is at the top of the heap: when it has no room for a VM none
    has; when it has room and IOPS to spare it takes the VM. Only an IOPS refusal needs the
    general search.
    """
    cap_limit = limits.capacity * (1 + REL_TOL)
    io_limit = limits.iops_budget * (1 + REL_TOL)
    sizes, iops = so.sizes, so.iops
    replace, pop = heapq.heapreplace, heapq.heappop
    for k, item in enumerate(items):
        if not heap:  # every datastore holds its VM limit: none can take more
            left.extend(items[k:] if complete else items[k : k + 1])
            return
        b = heap[0][1]
        new_load = load[b] + sizes[item]
        if new_load > cap_limit:
            left.append(item)
            if not complete:
                return
            continue
        new_io = io_load[b] + iops[item]
        if new_io > io_limit:
            general = cast(list[HeapEntry], heap)
            _place([item], general, None, caps, sizes, iops, limits, bins, load, io_load, left)
            if left and not complete:
                return
            continue
        members = bins[b]
        members.append(item)
        load[b] = new_load
        io_load[b] = new_io
        if len(members) < caps[b]:
            replace(heap, (new_load, b))
        else:
            pop(heap)


def _place(
    items: Sequence[int],
    heap: list[HeapEntry],
    iops_key: int | None,
    caps: int | list[int],
    sizes: Sequence[float],
    iops: Sequence[float],
    limits: BinLimits,
    bins: list[list[int]],
    load: list[float],
    io_load: list[float],
    left: list[int],
) -> None:
    """Put each VM on the datastore at the top of the heap that has room, else in `left`.

    Heap entries are (load, b), or (IOPS, load, b) when iops_key is set; a datastore leaves the
    heap once it holds caps (or caps[b]) VMs.
    """
    cap_limit = limits.capacity * (1 + REL_TOL)
    io_limit = limits.iops_budget * (1 + REL_TOL)
    for item in items:
        size, item_iops, chosen = sizes[item], iops[item], -1
        held: list[HeapEntry] = []
        while heap:
            entry = heapq.heappop(heap)
            b = entry[-1]
            held.append(entry)
            if load[b] + size > cap_limit:
                if iops_key is None:
                    break  # the least filled datastore has no room, so none has
                continue
            if io_load[b] + item_iops <= io_limit:
                chosen = b
                held.pop()
                break
        for entry in held:
            heapq.heappush(heap, entry)
        if chosen < 0:
            left.append(item)
            continue
        bins[chosen].append(item)
        load[chosen] += size
        io_load[chosen] += item_iops
        cap = caps if isinstance(caps, int) else caps[chosen]
        if len(bins[chosen]) < cap:
            key = load[chosen], chosen
            heapq.heappush(heap, key if iops_key is None else (io_load[chosen], *key))


def fewest_bins(
    sizes: Sequence[float],
    iops: Sequence[float],
    hot: Sequence[bool],
    limits: BinLimits,
    lower_bound: int,
    tried: dict[int, Attempt] | None = None,
) -> Packing:
    """The fewest datastores found for a pool (see the module docstring for the method).

    `tried` keeps the balanced packings by datastore count: a caller packing the same pool again
    under the same limits, or with hot_max_vms set but no hot VM, passes the same dict.
    """
    n = len(sizes)
    if n == 0:
        return Packing([], True)
    best: list[list[int]] | None = None
    balanced = False
    if limits.hot_max_vms is None:
        best = first_fit_decreasing(sizes, iops, limits)
        if len(best) <= lower_bound:
            return Packing(best, True)
    upper = len(best) if best is not None else n + 1
    ordered = size_order(sizes, iops, hot)

    def attempt(count: int) -> tuple[list[list[int]], list[int]]:
        nonlocal balanced
        if tried is not None and count in tried:
            found, left = tried[count]
        else:
            found, left = balanced_pack(sizes, iops, hot, limits, count, ordered, complete=False)
            if tried is not None:
                tried[count] = found, left
        balanced = balanced or not left
        return found, left

    # Gallop up from the bound (+1, +2, +4... datastores) until a balanced packing succeeds,
    # then bisect back down.
    failed, count, tries, step = lower_bound - 1, lower_bound, 0, 1
    while count < upper:
        found, left = attempt(count)
        tries += 1
        if not left:
            best, upper = found, count
            break
        failed = count
        if count >= upper - 1 or (tries > MAX_SEARCH_TRIES and best is not None):
            break
        count, step = min(count + step, upper - 1), 2 * step
    while best is not None and failed + 1 < upper and tries <= MAX_SEARCH_TRIES:
        count = (failed + 1 + upper) // 2
        found, left = attempt(count)
        tries += 1
        if left:
            failed = count
        else:
            best, upper = found, count
    if best is None:  # unreachable in practice: n datastores always succeed
        best = [[i] for i in range(n)]
    optimal = len(best) <= lower_bound
    if not optimal and limits.hot_max_vms is None and n <= EXACT_MAX_VMS:
        return _exact_improve(sizes, iops, limits, lower_bound, Packing(best, False, balanced))
    return Packing(best, optimal, balanced)


def _exact_improve(
    sizes: Sequence[float],
    iops: Sequence[float],
    limits: BinLimits,
    lower_bound: int,
    best: Packing,
) -> Packing:
    """Exact search one datastore fewer at a time; a proven failure proves the last optimal."""
    for count in range(len(best.bins) - 1, lower_bound - 1, -1):
        found, complete = exact_pack(sizes, iops, limits, count)
        if found is None:
            return Packing(best.bins, complete, best.balanced)
        best = Packing(found, True)
    return best
