"""Lower bounds on the number of datastores a pool of VMs needs.

For a pool with n VMs, footprints s_i, IOPS q_i, usable capacity C, VM limit k and IOPS budget B:

    bound = max(capacity bound, ceil(n / k), ceil(sum q_i / B))

The capacity bound is the Martello-Toth L2 bound, which is never below ceil(sum s_i / C): it
also counts that two VMs larger than half a datastore cannot share one.

With hot VMs spread (performance strategy), m datastores hold at most t = min(ceil(h / m), h_max)
of the h hot VMs each, so at least H = ceil(h / t) datastores hold one, and those take at most
h_max VMs. The bound is then the smallest m, from the bound above upward, with H <= m and room
for every VM: H * h_max + (m - H) * k >= n.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

# Relative tolerance so float footprints summing exactly to a capacity do not round up.
REL_TOL = 1e-9


def ceil_div(total: float, unit: float) -> int:
    """ceil(total / unit), ignoring float noise of one part in a billion."""
    if total <= 0:
        return 0
    return math.ceil(total / unit - REL_TOL * max(1.0, total / unit))


def capacity_bound(sizes: Sequence[float], capacity: float) -> int:
    """Martello-Toth L2 lower bound on bins of `capacity` for items no larger than it."""
    values = np.sort(np.asarray(sizes, dtype=float))
    if values.size == 0:
        return 0
    best = ceil_div(float(values.sum()), capacity)
    half = capacity / 2
    prefix = np.concatenate(([0.0], np.cumsum(values)))
    # Candidate thresholds a: 0 and every item size up to half the capacity.
    alphas = np.concatenate(([0.0], values[values <= half]))
    n = values.size
    big_lo = np.searchsorted(values, capacity - alphas, side="right")  # > C - a: alone
    mid_lo = np.searchsorted(values, half, side="right")  # > C/2
    small_lo = np.searchsorted(values, alphas, side="left")  # >= a
    n_alone = n - big_lo
    n_mid = np.maximum(0, big_lo - mid_lo)
    sum_mid = prefix[np.maximum(big_lo, mid_lo)] - prefix[mid_lo]
    sum_small = prefix[mid_lo] - prefix[np.minimum(small_lo, mid_lo)]
    spill = sum_small - (n_mid * capacity - sum_mid)
    extra = np.where(spill > REL_TOL * capacity, np.ceil(spill / capacity - REL_TOL), 0)
    return max(best, int((n_alone + n_mid + extra).max()))


def hot_spread(hot: int, bin_count: int, hot_cap: int) -> tuple[int, int]:
    """(t, H): at most t hot VMs per datastore, on the fewest datastores H that allows.

    t = min(ceil(hot / bin_count), hot_cap); H may exceed bin_count when hot_cap is too small.
    """
    per_bin = min(math.ceil(hot / bin_count), hot_cap)
    return per_bin, math.ceil(hot / per_bin)


def spread_room(bin_count: int, max_vms: int, hot: int, hot_max_vms: int) -> int:
    """VMs that bin_count datastores can hold when hot VMs are spread over them (0: cannot)."""
    if hot == 0:
        return bin_count * max_vms
    hot_cap = min(hot_max_vms, max_vms)
    hot_bins = hot_spread(hot, bin_count, hot_cap)[1]
    if hot_bins > bin_count:
        return 0
    return hot_bins * hot_cap + (bin_count - hot_bins) * max_vms


def pool_bound(
    sizes: Sequence[float],
    iops: Sequence[float],
    capacity: float,
    max_vms: int,
    iops_budget: float,
    hot: int = 0,
    hot_max_vms: int | None = None,
) -> int:
    """Lower bound on datastores for one pool (see the module docstring)."""
    n = len(sizes)
    bound = max(
        capacity_bound(sizes, capacity),
        math.ceil(n / max_vms),
        ceil_div(float(sum(iops)), iops_budget),
    )
    if hot and hot_max_vms is not None:
        bound = max(bound, 1)
        while spread_room(bound, max_vms, hot, hot_max_vms) < n:
            bound += 1
    return bound
