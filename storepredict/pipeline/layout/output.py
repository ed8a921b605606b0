"""Turn strategy plans (member indices) into named, checked datastores, totals and warnings."""

from __future__ import annotations

from collections.abc import Mapping
from itertools import chain

from ...i18n import gettext, ngettext
from ..numbers import fixed, short
from ..settings import LayoutSettings, Strategy
from ..units import TIB_MIB
from .models import Datastore, LayoutItem, StrategyLayout
from .strategies import PlannedStore, Prepared, StrategyPlan

STRATEGY_PREFIX: dict[Strategy, str] = {
    "consolidation": "CONS",
    "performance": "PERF",
    "uniform": "UNIF",
}


def common_warnings(items: list[LayoutItem], table: Mapping[str, float]) -> list[str]:
    """Warnings every strategy shares: categories without a default IOPS."""
    unlisted = sorted({i.category for i in items if i.iops is None and i.category not in table})
    if not unlisted:
        return []
    return [
        ngettext(
            "No default IOPS for the category {names}: their VMs without measured IOPS use the "
            "'unknown' default.",
            "No default IOPS for the categories {names}: their VMs without measured IOPS use the "
            "'unknown' default.",
            len(unlisted),
            names=", ".join(unlisted),
        )
    ]


def to_layout(
    strategy: Strategy,
    plan: StrategyPlan,
    items: list[LayoutItem],
    vm_ids: list[str],
    prepared: Prepared,
    settings: LayoutSettings,
    notes: list[str],
) -> StrategyLayout:
    """Name, order and check a plan's datastores; add totals, spread, bound gap and warnings."""
    # Shared pools first, then isolated ones, then VMs on their own; fullest first in each.
    fp = prepared.footprints
    used = [sum(map(fp.__getitem__, store.members)) for store in plan.stores]
    rank = [2 if s.dedicated else 1 if s.isolated else 0 for s in plan.stores]
    order = sorted(
        range(len(plan.stores)), key=lambda k: (rank[k], -used[k], min(plan.stores[k].members))
    )
    width = max(3, len(str(len(order))))
    prefix = STRATEGY_PREFIX[strategy]
    stores = [plan.stores[k] for k in order]
    datastores = [
        _datastore(f"DS-{prefix}-{n:0{width}d}", store, used[k], vm_ids, prepared)
        for n, (k, store) in enumerate(zip(order, stores, strict=True), start=1)
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
            gettext(
                "Fill spread is {spread} points, above the 5-point target: a few large VMs "
                "leave too little to even out; a larger datastore size would help.",
                spread=short(spread),
            )
        )
    count = len(datastores)
    bound = plan.lower_bound
    return StrategyLayout(
        strategy=strategy,
        count=count,
        lower_bound=bound,
        gap_pct=round((count - bound) / bound * 100, 2) if bound else 0.0,
        optimal=plan.optimal,
        total_capacity_mib=sum(d.size_mib for d in datastores),
        used_mib=sum(used),
        fill_spread_pct=spread,
        datastores=datastores,
        warnings=warnings,
    )


def _datastore(
    name: str, store: PlannedStore, used: float, vm_ids: list[str], prepared: Prepared
) -> Datastore:
    fp, iops, categories, hot = (
        prepared.footprints,
        prepared.iops,
        prepared.categories,
        prepared.hot,
    )
    members = sorted(store.members, key=lambda i: (-fp[i], i))
    return Datastore.model_construct(
        name=name,
        size_mib=store.size_mib,
        used_mib=used,
        free_mib=store.size_mib - used,
        fill_pct=round(used / store.size_mib * 100, 2),
        vm_count=len(members),
        iops=sum(map(iops.__getitem__, members)),
        categories=sorted(set(map(categories.__getitem__, members))),
        vm_ids=list(map(vm_ids.__getitem__, members)),
        oversized=store.oversized,
        isolated=store.isolated,
        hot=any(map(hot.__getitem__, members)),
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
            gettext(
                "VM '{name}' needs {needs} TiB with snapshot reserve and growth, more than a "
                "datastore's usable {usable} TiB: it gets {datastore}, a dedicated {size} TiB "
                "datastore.",
                name=name,
                needs=fixed(prepared.footprints[item] / TIB_MIB, 2, False),
                usable=fixed(settings.datastore_size_mib * settings.fill_limit / TIB_MIB, 2, False),
                datastore=ds.name,
                size=short(ds.size_mib / TIB_MIB),
            )
        )
    if store.over_iops_budget:
        warnings.append(
            gettext(
                "VM '{name}' peaks at {iops} IOPS, above the {budget} IOPS budget of a "
                "datastore: it gets {datastore} to itself; spread its disks over datastores or "
                "raise the budget.",
                name=name,
                iops=fixed(prepared.iops[item]),
                budget=fixed(settings.iops_budget),
                datastore=ds.name,
            )
        )
    return warnings


def _check_every_vm_once(strategy: str, datastores: list[Datastore], vm_ids: list[str]) -> None:
    """Raise (even under python -O) unless every VM sits on exactly one datastore."""
    placed = sorted(chain.from_iterable(d.vm_ids for d in datastores))
    if placed != vm_ids:
        raise AssertionError(f"The {strategy} layout did not place every VM exactly once.")
