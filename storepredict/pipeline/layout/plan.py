"""VMFS datastore layout: how many datastores, of what size, with which VMs, per strategy.

Entry point `plan_layouts` computes the consolidation, performance and uniform strategies (see
layout_strategies) for in-scope VMs. A VM's footprint is its size x (1 + snapshot reserve) x
(1 + growth margin); a datastore's usable space is its size x the fill limit. A VM's IOPS is
its measured peak, else its category's default (data/class_iops.csv).

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

from ..settings import LayoutSettings, Strategy
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


def footprint(item: LayoutItem, settings: LayoutSettings) -> float:
    """MiB a VM takes on a datastore: size x (1 + snapshot reserve) x (1 + growth margin)."""
    return item.size_mib * (1 + settings.snapshot_reserve) * (1 + settings.growth_margin)


def plan_layouts(
    items: Sequence[LayoutItem],
    settings: LayoutSettings,
    iops_table: Mapping[str, float] | None = None,
) -> LayoutResult:
    """Plan all three strategies; every VM lands on exactly one datastore in each.

    iops_table maps categories to default peak IOPS (see layout_iops.parse_iops_table; it must
    hold 'unknown'); the shipped table by default. Raises ValueError on repeated vm_id.
    """
    duplicates = sorted(k for k, n in Counter(i.vm_id for i in items).items() if n > 1)
    if duplicates:
        raise ValueError(f"Layout items must have distinct vm_id; repeated: {duplicates[:5]}")
    ordered = sorted(items, key=lambda i: i.vm_id)
    table = default_iops_table() if iops_table is None else iops_table
    iops = [effective_iops(i.iops, i.category, table) for i in ordered]
    prepared = Prepared(
        categories=[i.category for i in ordered],
        footprints=[footprint(i, settings) for i in ordered],
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
