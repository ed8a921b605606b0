"""Even out the fill of equal-size datastores by moving and swapping VMs (uniform strategy).

Each round takes the fullest and the emptiest datastore and applies the move of one VM, or the
swap of two, that brings their fills closest together while keeping every limit. Every such
step strictly lowers the sum of squared loads, so the loop always ends.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from .bins import BinLimits
from .bounds import REL_TOL

# Stop once the fullest and emptiest datastores are this close (fraction of capacity).
GOOD_ENOUGH_SPREAD = 0.005
# Partners tried for a datastore whose pairing with the extreme one cannot improve.
PARTNERS = 8


def balance_fill(
    bins: list[list[int]],
    sizes: Sequence[float],
    iops: Sequence[float],
    limits: BinLimits,
    max_rounds: int,
) -> None:
    """Move and swap VMs between datastores (in place) until their fills are close."""
    load = [sum(sizes[i] for i in b) for b in bins]
    io_load = [sum(iops[i] for i in b) for b in bins]
    for _ in range(max_rounds):
        if len(bins) < 2:
            return
        by_load = sorted(range(len(bins)), key=lambda b: (load[b], b))
        if load[by_load[-1]] - load[by_load[0]] <= GOOD_ENOUGH_SPREAD * limits.capacity:
            return
        pairs = [(by_load[-1], low) for low in by_load[:PARTNERS]]
        pairs += [(high, by_load[0]) for high in reversed(by_load[-PARTNERS:])]
        for full, empty in pairs:
            if _improve_pair(full, empty, bins, sizes, iops, limits, load, io_load):
                break
        else:
            return


def _improve_pair(
    full: int,
    empty: int,
    bins: list[list[int]],
    sizes: Sequence[float],
    iops: Sequence[float],
    limits: BinLimits,
    load: list[float],
    io_load: list[float],
) -> bool:
    """Apply the best move or swap from `full` to `empty`; False when none narrows the gap."""
    gap = load[full] - load[empty]
    if gap <= 0:
        return False
    io_limit = limits.iops_budget * (1 + REL_TOL)
    target = gap / 2
    best: tuple[float, int, int | None] | None = None  # (distance to target, x, y)
    can_grow = len(bins[empty]) < limits.max_vms
    for x in bins[full]:
        if can_grow and 0 < sizes[x] < gap and io_load[empty] + iops[x] <= io_limit:
            score = abs(sizes[x] - target)
            if best is None or score < best[0]:
                best = (score, x, None)
    small = sorted(bins[empty], key=lambda i: (sizes[i], i))
    keys = [sizes[i] for i in small]
    for x in bins[full]:
        # Swap partner y should be about sizes[x] - target; look at the two neighbours.
        j = bisect.bisect_left(keys, sizes[x] - target)
        for y in small[max(0, j - 1) : j + 1]:
            delta = sizes[x] - sizes[y]
            if not 0 < delta < gap:
                continue
            if io_load[full] - iops[x] + iops[y] > io_limit:
                continue
            if io_load[empty] - iops[y] + iops[x] > io_limit:
                continue
            score = abs(delta - target)
            if best is None or score < best[0]:
                best = (score, x, y)
    if best is None:
        return False
    _, moved, partner = best
    _move(moved, full, empty, bins, sizes, iops, load, io_load)
    if partner is not None:
        _move(partner, empty, full, bins, sizes, iops, load, io_load)
    return True


def _move(
    item: int,
    source: int,
    dest: int,
    bins: list[list[int]],
    sizes: Sequence[float],
    iops: Sequence[float],
    load: list[float],
    io_load: list[float],
) -> None:
    bins[source].remove(item)
    bins[dest].append(item)
    load[source] -= sizes[item]
    load[dest] += sizes[item]
    io_load[source] -= iops[item]
    io_load[dest] += iops[item]
