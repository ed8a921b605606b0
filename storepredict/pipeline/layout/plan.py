"""VMFS datastore layout: how many datastores, of what size, with which VMs, per strategy.

Entry point `plan_layouts` computes the consolidation, performance and uniform strategies (see
layout_strategies) for in-scope VMs. The layout works in logical VMFS space (before data
reduction) with the same snapshot reserve and growth as the storage requirement: a VM's
footprint is its size x (1 + snapshot reserve) x (1 + annual growth) ^ years; a datastore's
usable space is its size x the VMFS fill limit, so no datastore is filled above that limit.
A VM's IOPS is its measured peak, else its category's default (data/class_iops.csv).
Isolation, anti-affinity and hot-VM spreading shape the performance strategy only.

Lower bound reported per strategy (gap_pct = (count - bound) / bound x 100):
- every VM with a datastore of its own (footprint above the usable space, IOPS above the
  budget, and in performance a database above isolate_database_over_mib) counts 1;
- the other VMs are pools: one pool for consolidation and uniform; for performance one per
  isolated category and one per anti-affinity group. Each pool adds
  max(Martello-Toth L2 capacity bound >= ceil(footprints / usable), ceil(VMs / max VMs),
  ceil(IOPS / budget)), raised in performance until the hot-VM spreading leaves room for every
  VM (layout_bounds has the formula).
`optimal` is true when the count meets the bound or an exact search proved no fewer fit.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from ..settings import SizingSettings, Strategy
from .iops import default_iops_table, effective_iops, hot_flags
from .models import Datastore, LayoutItem, LayoutResult, StrategyLayout
from .output import common_warnings, to_layout
from .strategies import (
    Prepared,
    StrategyPlan,
    plan_consolidation,
    plan_performance,
    plan_uniform,
)

__all__ = [
    "Datastore",
    "LayoutItem",
    "LayoutResult",
    "StrategyLayout",
    "footprint",
    "plan_layouts",
]


def footprint(item: LayoutItem, settings: SizingSettings) -> float:
    """MiB a VM takes on a datastore: size x (1 + snapshot reserve) x growth factor."""
    return item.size_mib * settings.reserve_factor


def plan_layouts(
    items: Sequence[LayoutItem],
    sizing: SizingSettings,
    iops_table: Mapping[str, float] | None = None,
) -> LayoutResult:
    """Plan all three strategies; every VM lands on exactly one datastore in each.

    The datastore rules come from `sizing.layout`, the snapshot reserve and growth from `sizing`.

    iops_table maps categories to default peak IOPS (see layout_iops.parse_iops_table; it must
    hold 'unknown'); the shipped table by default. Raises ValueError on repeated vm_id.
    """
    duplicates = sorted(k for k, n in Counter(i.vm_id for i in items).items() if n > 1)
    if duplicates:
        raise ValueError(f"Layout items must have distinct vm_id; repeated: {duplicates[:5]}")
    settings = sizing.layout
    ordered = sorted(items, key=lambda i: i.vm_id)
    table = default_iops_table() if iops_table is None else iops_table
    iops = [effective_iops(i.iops, i.category, table) for i in ordered]
    factor = sizing.reserve_factor  # footprint(), once for all items
    prepared = Prepared(
        categories=[i.category for i in ordered],
        footprints=[i.size_mib * factor for i in ordered],
        iops=iops,
        hot=hot_flags(iops, settings.hot_vm_iops),
    )
    consolidation = plan_consolidation(prepared, settings)
    plans: dict[Strategy, StrategyPlan] = {
        "consolidation": consolidation,
        "performance": plan_performance(prepared, settings),
        "uniform": plan_uniform(prepared, settings, consolidation),
    }
    notes = common_warnings(ordered, table)
    vm_ids = [i.vm_id for i in ordered]
    strategies: dict[str, StrategyLayout] = {
        name: to_layout(name, plan, ordered, vm_ids, prepared, settings, notes)
        for name, plan in plans.items()
    }
    return LayoutResult(strategies=strategies, chosen=settings.chosen_strategy)
