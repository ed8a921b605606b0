"""VMFS datastore layout: how many datastores, of what size, with which VMs, per strategy.

Entry point `plan_layouts` computes the consolidation, performance and uniform strategies (see
layout_strategies) for in-scope VMs. A VM's footprint is its size plus snapshot reserve and
growth margin; a datastore's usable space is its size times the fill limit. Each strategy
reports a lower bound on its datastore count (layout_bounds documents the formula; VMs with a
datastore of their own add one each) and the gap to it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence

from pydantic import BaseModel, ConfigDict, Field

from .layout_iops import default_iops_table, effective_iops, hot_flags
from .layout_strategies import (
    PlannedStore,
    Prepared,
    StrategyPlan,
    plan_consolidation,
    plan_performance,
    plan_uniform,
)
from .settings import TIB_MIB, LayoutSettings, Strategy

STRATEGY_PREFIX: dict[str, str] = {
    "consolidation": "CONS",
    "performance": "PERF",
    "uniform": "UNIF",
}


class LayoutItem(BaseModel):
    """One in-scope VM to place: its size on the capacity basis (before reserves) and IOPS."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    vm_id: str = Field(min_length=1)
    name: str
    size_mib: float = Field(ge=0)
    category: str = "unknown"
    class_id: str = "unknown"
    iops: float | None = Field(None, ge=0)


class Datastore(BaseModel):
    """One planned datastore and the VMs on it (used_mib counts reserves and growth)."""

    model_config = ConfigDict(extra="forbid")

    name: str
    size_mib: float
    used_mib: float
    free_mib: float
    fill_pct: float
    vm_count: int
    iops: float
    categories: list[str]
    vm_ids: list[str]
    oversized: bool = False
    isolated: bool = False
    hot: bool = False
    over_iops_budget: bool = False


class StrategyLayout(BaseModel):
    """One strategy's datastores, totals, lower bound and gap to it, and warnings."""

    model_config = ConfigDict(extra="forbid")

    strategy: Strategy
    count: int
    lower_bound: int
    gap_pct: float
    optimal: bool
    total_capacity_mib: float
    used_mib: float
    fill_spread_pct: float
    datastores: list[Datastore]
    warnings: list[str] = Field(default_factory=list)


class LayoutResult(BaseModel):
    """All three strategies side by side and the one the user chose."""

    model_config = ConfigDict(extra="forbid")

    strategies: dict[str, StrategyLayout]
    chosen: Strategy


def footprint(item: LayoutItem, settings: LayoutSettings) -> float:
    """MiB a VM takes on a datastore: size x (1 + snapshot reserve) x (1 + growth margin)."""
    return item.size_mib * (1 + settings.snapshot_reserve) * (1 + settings.growth_margin)


def plan_layouts(
    items: Sequence[LayoutItem],
    settings: LayoutSettings,
    iops_table: Mapping[str, float] | None = None,
) -> LayoutResult:
    """Plan all three strategies; every VM lands on exactly one datastore in each."""
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
    plans: dict[str, StrategyPlan] = {
        "consolidation": consolidation,
        "performance": plan_performance(prepared, settings),
        "uniform": plan_uniform(prepared, settings, consolidation),
    }
    notes = _common_warnings(ordered, table)
    vm_ids = [i.vm_id for i in ordered]
    strategies = {
        name: _to_layout(name, plan, ordered, vm_ids, prepared, settings, notes)
        for name, plan in plans.items()
    }
    return LayoutResult(strategies=strategies, chosen=settings.chosen_strategy)


def _common_warnings(items: list[LayoutItem], table: Mapping[str, float]) -> list[str]:
    unlisted = sorted({i.category for i in items if i.iops is None and i.category not in table})
    if not unlisted:
        return []
    return [
        f"No default IOPS for the categor{'y' if len(unlisted) == 1 else 'ies'} "
        f"{', '.join(unlisted)}: their VMs without measured IOPS use the 'unknown' default."
    ]


def _store_order(store: PlannedStore, prepared: Prepared) -> tuple[int, float, int]:
    used = sum(prepared.footprints[i] for i in store.members)
    return (2 if store.dedicated else 1 if store.isolated else 0, -used, min(store.members))


def _to_layout(
    strategy: str,
    plan: StrategyPlan,
    items: list[LayoutItem],
    vm_ids: list[str],
    prepared: Prepared,
    settings: LayoutSettings,
    notes: list[str],
) -> StrategyLayout:
    stores = sorted(plan.stores, key=lambda s: _store_order(s, prepared))
    width = max(3, len(str(len(stores))))
    prefix = STRATEGY_PREFIX[strategy]
    datastores = [
        _datastore(f"DS-{prefix}-{n:0{width}d}", store, vm_ids, prepared)
        for n, store in enumerate(stores, start=1)
    ]
    _check_every_vm_once(strategy, datastores, vm_ids)
    warnings = list(notes)
    regular: list[float] = []  # fill % of the datastores that are not a single VM's own
    for ds, store in zip(datastores, stores, strict=True):
        warnings += _store_warnings(ds, store, items, prepared, settings)
        if not store.dedicated:
            regular.append(ds.used_mib / ds.size_mib * 100)
    spread = round(max(regular) - min(regular), 2) if regular else 0.0
    if strategy == "uniform" and spread >= 5:
        warnings.append(
            f"Fill spread is {spread:g} points, above the 5-point target: a few large VMs "
            "leave too little to even out; a larger datastore size would help."
        )
    count = len(datastores)
    return StrategyLayout(
        strategy=strategy,
        count=count,
        lower_bound=plan.lower_bound,
        gap_pct=round((count - plan.lower_bound) / plan.lower_bound * 100, 2)
        if plan.lower_bound
        else 0.0,
        optimal=plan.optimal,
        total_capacity_mib=sum(d.size_mib for d in datastores),
        used_mib=sum(d.used_mib for d in datastores),
        fill_spread_pct=spread,
        datastores=datastores,
        warnings=warnings,
    )


def _datastore(name: str, store: PlannedStore, vm_ids: list[str], prepared: Prepared) -> Datastore:
    members = sorted(store.members, key=lambda i: (-prepared.footprints[i], i))
    used = sum(prepared.footprints[i] for i in members)
    return Datastore.model_construct(
        name=name,
        size_mib=store.size_mib,
        used_mib=used,
        free_mib=store.size_mib - used,
        fill_pct=round(used / store.size_mib * 100, 2),
        vm_count=len(members),
        iops=sum(prepared.iops[i] for i in members),
        categories=sorted({prepared.categories[i] for i in members}),
        vm_ids=[vm_ids[i] for i in members],
        oversized=store.oversized,
        isolated=store.isolated,
        hot=any(prepared.hot[i] for i in members),
        over_iops_budget=store.over_iops_budget,
    )


def _store_warnings(
    ds: Datastore,
    store: PlannedStore,
    items: list[LayoutItem],
    prepared: Prepared,
    settings: LayoutSettings,
) -> list[str]:
    if not store.dedicated:
        return []
    item = store.members[0]
    name = items[item].name
    warnings = []
    if store.oversized:
        warnings.append(
            f"VM '{name}' needs {prepared.footprints[item] / TIB_MIB:.2f} TiB with snapshot "
            f"reserve and growth margin, more than a datastore's usable "
            f"{settings.datastore_size_mib * settings.fill_limit / TIB_MIB:.2f} TiB: "
            f"it gets {ds.name}, a dedicated {ds.size_mib / TIB_MIB:g} TiB datastore."
        )
    if store.over_iops_budget:
        warnings.append(
            f"VM '{name}' peaks at {prepared.iops[item]:,.0f} IOPS, above the "
            f"{settings.iops_budget:,.0f} IOPS budget of a datastore: it gets {ds.name} to "
            "itself; spread its disks over datastores or raise the budget."
        )
    return warnings


def _check_every_vm_once(strategy: str, datastores: list[Datastore], vm_ids: list[str]) -> None:
    """Raise (even under python -O) unless every VM sits on exactly one datastore."""
    placed = sorted(v for d in datastores for v in d.vm_ids)
    if placed != vm_ids:
        raise AssertionError(f"The {strategy} layout did not place every VM exactly once.")
