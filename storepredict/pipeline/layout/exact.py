"""Exact bin packing for small pools: depth-first search with a node budget.

Used when the heuristics stay above the lower bound on a pool of at most EXACT_MAX_VMS VMs: it
either finds a packing into fewer datastores or proves there is none. The budget counts search
nodes, not seconds, so the outcome is the same on every machine.
"""

from __future__ import annotations

from collections.abc import Sequence

from .bins import BinLimits
from .bounds import REL_TOL

EXACT_MAX_VMS = 40
NODE_BUDGET = 5_000


class _OutOfBudget(Exception):
    """The search visited NODE_BUDGET nodes without an answer."""


def exact_pack(
    sizes: Sequence[float],
    iops: Sequence[float],
    limits: BinLimits,
    bin_count: int,
    node_budget: int = NODE_BUDGET,
) -> tuple[list[list[int]] | None, bool]:
    """A packing into bin_count datastores or None, and whether the search was complete."""
    order = sorted(range(len(sizes)), key=lambda i: (-sizes[i], i))
    cap_limit = limits.capacity * (1 + REL_TOL)
    io_limit = limits.iops_budget * (1 + REL_TOL)
    remaining = [0.0] * (len(order) + 1)
    for pos in range(len(order) - 1, -1, -1):
        remaining[pos] = remaining[pos + 1] + sizes[order[pos]]
    load = [0.0] * bin_count
    io_load = [0.0] * bin_count
    bins: list[list[int]] = [[] for _ in range(bin_count)]
    nodes = 0

    def search(pos: int, opened: int) -> bool:
        nonlocal nodes
        nodes += 1
        if nodes > node_budget:
            raise _OutOfBudget
        if pos == len(order):
            return True
        item = order[pos]
        size, item_iops = sizes[item], iops[item]
        # Free space too small for the smallest remaining VM is lost for good.
        smallest = sizes[order[-1]]
        usable = sum(cap_limit - load[b] for b in range(opened) if cap_limit - load[b] >= smallest)
        if remaining[pos] > usable + (bin_count - opened) * cap_limit:
            return False
        slots = (bin_count - opened) * limits.max_vms
        slots += sum(limits.max_vms - len(bins[b]) for b in range(opened))
        if len(order) - pos > slots:
            return False
        seen: set[tuple[float, int, float]] = set()
        for b in range(opened + (opened < bin_count)):
            state = (load[b], len(bins[b]), io_load[b])
            if state in seen or len(bins[b]) >= limits.max_vms:
                continue
            if load[b] + size > cap_limit or io_load[b] + item_iops > io_limit:
                continue
            seen.add(state)
            bins[b].append(item)
            load[b] += size
            io_load[b] += item_iops
            if search(pos + 1, max(opened, b + 1)):
                return True
            bins[b].pop()
            load[b] -= size
            io_load[b] -= item_iops
        return False

    try:
        found = search(0, 0)
    except _OutOfBudget:
        return None, False
    return ([list(b) for b in bins] if found else None), True
