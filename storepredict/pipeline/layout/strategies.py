"""The three datastore layout strategies, on prepared items (footprints, IOPS, hot flags).

- consolidation: fewest datastores; only the capacity, VM-count and IOPS limits apply.
- performance: isolated categories get datastores of their own (shared only within the
  category), big databases one each; anti-affinity pairs never share a datastore; hot VMs are
  spread, at most ceil(hot VMs / datastores) per datastore of a pool, each onto the one with the
  least IOPS so far, and a datastore holding one takes at most hot_max_vms VMs.
- uniform: the consolidation count of equal-size datastores, with fills evened out.

In all three, a VM larger than a datastore's usable space or above its IOPS budget gets a
datastore of its own ("dedicated"); an oversized one is sized up to the next TiB to fit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..settings import LayoutSettings
from ..units import TIB_MIB
from .balance import balance_fill
from .bins import BinLimits
from .bounds import REL_TOL, ceil_div, pool_bound
from .pack import Attempt, Packing, balanced_pack, fewest_bins

DATABASE_CATEGORY = "database"
# Balancing rounds allowed per datastore in the uniform strategy.
BALANCE_ROUNDS_PER_BIN = 20


@dataclass(frozen=True)
class Prepared:
    """Items in vm_id order with what the strategies need: footprint, IOPS, hot flag.

    `tried` keeps the balanced packings of each pool without hot VMs to spread, so a pool the
    performance strategy shares with consolidation is not packed twice.
    """

    categories: list[str]
    footprints: list[float]
    iops: list[float]
    hot: list[bool]
    tried: dict[tuple[int, ...], dict[int, Attempt]] = field(default_factory=dict)


@dataclass(frozen=True)
class PlannedStore:
    """One datastore of a plan: member indices and flags."""

    members: list[int]
    size_mib: float
    dedicated: bool = False
    oversized: bool = False
    isolated: bool = False
    over_iops_budget: bool = False


@dataclass
class StrategyPlan:
    """A strategy's datastores, its lower bound and whether its count is proven minimal."""

    stores: list[PlannedStore]
    lower_bound: int
    optimal: bool
    pool_bins: list[list[int]] = field(default_factory=list)
    pool_balanced: bool = False


def pool_limits(settings: LayoutSettings, spread_hot: bool = False) -> BinLimits:
    """Datastore limits from the settings; spread_hot adds the hot-datastore VM cap."""
    return BinLimits(
        capacity=settings.datastore_size_mib * settings.fill_limit,
        max_vms=settings.max_vms_per_datastore,
        iops_budget=settings.iops_budget,
        hot_max_vms=settings.hot_max_vms if spread_hot else None,
    )


def is_oversized(footprint: float, settings: LayoutSettings) -> bool:
    """True when a footprint exceeds the usable space of a datastore."""
    return footprint > settings.datastore_size_mib * settings.fill_limit * (1 + REL_TOL)


def dedicated_size(footprint: float, settings: LayoutSettings) -> float:
    """Size of a VM's own datastore: the standard size, or enough whole TiB to hold it."""
    if not is_oversized(footprint, settings):
        return settings.datastore_size_mib
    return ceil_div(footprint / settings.fill_limit, TIB_MIB) * TIB_MIB


def _dedicated(item: int, p: Prepared, settings: LayoutSettings, isolated: bool) -> PlannedStore:
    footprint = p.footprints[item]
    return PlannedStore(
        members=[item],
        size_mib=dedicated_size(footprint, settings),
        dedicated=True,
        oversized=is_oversized(footprint, settings),
        isolated=isolated,
        over_iops_budget=p.iops[item] > settings.iops_budget * (1 + REL_TOL),
    )


def _needs_own(item: int, p: Prepared, settings: LayoutSettings) -> bool:
    over_budget = p.iops[item] > settings.iops_budget * (1 + REL_TOL)
    return over_budget or is_oversized(p.footprints[item], settings)


def _split_own(p: Prepared, settings: LayoutSettings) -> tuple[list[int], list[int]]:
    """(VMs needing a datastore of their own, the others): _needs_own, inlined."""
    own: list[int] = []
    pool: list[int] = []
    usable = settings.datastore_size_mib * settings.fill_limit * (1 + REL_TOL)
    budget = settings.iops_budget * (1 + REL_TOL)
    for i, (footprint, iops) in enumerate(zip(p.footprints, p.iops, strict=True)):
        (own if iops > budget or footprint > usable else pool).append(i)
    return own, pool


def _pack_pool(
    items: Sequence[int], p: Prepared, settings: LayoutSettings, spread_hot: bool
) -> tuple[Packing, int]:
    """Pack a pool; returns the packing (in global indices) and the pool's lower bound."""
    limits = pool_limits(settings, spread_hot)
    sizes = [p.footprints[i] for i in items]
    iops = [p.iops[i] for i in items]
    hot = [p.hot[i] for i in items]
    hot_count = sum(hot) if spread_hot else 0
    bound = pool_bound(
        sizes, iops, limits.capacity, limits.max_vms, limits.iops_budget, hot_count, limits.hot_cap
    )
    # Without hot VMs to spread, the limits of both strategies pack alike.
    tried = p.tried.setdefault(tuple(items), {}) if hot_count == 0 else None
    packing = fewest_bins(sizes, iops, hot, limits, bound, tried)
    bins = [[items[j] for j in b] for b in packing.bins]
    return Packing(bins, packing.optimal, packing.balanced), bound


def _regular(
    bins: list[list[int]], settings: LayoutSettings, isolated: bool = False
) -> list[PlannedStore]:
    return [PlannedStore(b, settings.datastore_size_mib, isolated=isolated) for b in bins]


def plan_consolidation(p: Prepared, settings: LayoutSettings) -> StrategyPlan:
    """Fewest datastores: one pool under the capacity, VM-count and IOPS limits."""
    own, pool = _split_own(p, settings)
    packing, bound = _pack_pool(pool, p, settings, spread_hot=False)
    stores = _regular(packing.bins, settings) + [_dedicated(i, p, settings, False) for i in own]
    return StrategyPlan(stores, bound + len(own), packing.optimal, packing.bins, packing.balanced)


def plan_uniform(
    p: Prepared, settings: LayoutSettings, consolidation: StrategyPlan
) -> StrategyPlan:
    """Equal-size datastores, as many as consolidation needs, with their fills evened out."""
    own, pool = _split_own(p, settings)
    limits = pool_limits(settings)
    sizes = [p.footprints[i] for i in pool]
    iops = [p.iops[i] for i in pool]
    start = consolidation.pool_bins
    local = {item: j for j, item in enumerate(pool)}
    bins = [[local[i] for i in b] for b in start]
    if not consolidation.pool_balanced:
        # Start from a balanced packing when one fits in as many datastores.
        balanced, left = balanced_pack(
            sizes, iops, [False] * len(pool), limits, len(start), complete=False
        )
        bins = bins if left else balanced
    balance_fill(bins, sizes, iops, limits, BALANCE_ROUNDS_PER_BIN * len(bins))
    stores = _regular([[pool[j] for j in b] for b in bins], settings)
    stores += [_dedicated(i, p, settings, False) for i in own]
    return StrategyPlan(stores, consolidation.lower_bound, consolidation.optimal)


def plan_performance(p: Prepared, settings: LayoutSettings) -> StrategyPlan:
    """Isolation, anti-affinity and hot-VM spreading (see the module docstring)."""
    isolate = set(settings.isolate_categories)
    own: list[tuple[int, bool]] = []
    isolated: dict[str, list[int]] = {}
    shared: list[int] = []
    big_db = settings.isolate_database_over_mib * (1 + REL_TOL)
    for i, category in enumerate(p.categories):
        is_big_db = category == DATABASE_CATEGORY and p.footprints[i] > big_db
        if is_big_db or _needs_own(i, p, settings):
            own.append((i, is_big_db or category in isolate))
        elif category in isolate:
            isolated.setdefault(category, []).append(i)
        else:
            shared.append(i)
    stores: list[PlannedStore] = []
    # Each pool spreads its own hot VMs, so the bound is the sum of the pools' bounds.
    bound = len(own)
    for group in _anti_affinity_groups(shared, p.categories, settings.anti_affinity):
        packing, group_bound = _pack_pool(group, p, settings, spread_hot=True)
        stores += _regular(packing.bins, settings)
        bound += group_bound
    for category in sorted(isolated):
        packing, group_bound = _pack_pool(isolated[category], p, settings, spread_hot=True)
        stores += _regular(packing.bins, settings, isolated=True)
        bound += group_bound
    stores += [_dedicated(i, p, settings, isolated=alone) for i, alone in own]
    return StrategyPlan(stores, bound, len(stores) <= bound)


def _anti_affinity_groups(
    items: list[int], categories: list[str], pairs: Sequence[tuple[str, str]]
) -> list[list[int]]:
    """Split a pool so no group holds both categories of a pair; free categories join group 0.

    Conflicting categories are coloured greedily in name order: each joins the first group
    holding none of its opponents.
    """
    present = {categories[i] for i in items}
    conflicts: dict[str, set[str]] = {}
    for a, b in pairs:
        if a != b and a in present and b in present:
            conflicts.setdefault(a, set()).add(b)
            conflicts.setdefault(b, set()).add(a)
    colours: list[set[str]] = []
    for category in sorted(conflicts):
        for colour in colours:
            if not colour & conflicts[category]:
                colour.add(category)
                break
        else:
            colours.append({category})
    group_of = {c: g for g, colour in enumerate(colours) for c in colour}
    groups: list[list[int]] = [[] for _ in range(max(1, len(colours)))]
    for i in items:
        groups[group_of.get(categories[i], 0)].append(i)
    return [g for g in groups if g]
