"""Layout invariants on random estates and settings (hypothesis, small budget)."""

from __future__ import annotations

import itertools
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from storepredict.pipeline.layout.iops import default_iops_table, effective_iops
from storepredict.pipeline.layout.plan import LayoutItem, footprint, plan_layouts
from storepredict.pipeline.settings import LayoutSettings, SizingSettings

BUDGET = settings(max_examples=80, deadline=None)
CATEGORIES = ("general_vm", "database", "vdi", "mail", "sap_hana", "web", "unlisted")
TOL = 1 + 1e-9

layout_settings = st.builds(
    LayoutSettings,
    datastore_size_mib=st.floats(100, 1000),
    max_vms_per_datastore=st.integers(1, 8),
    iops_budget=st.floats(500, 5000),
    fill_limit=st.floats(0.5, 1),
    isolate_categories=st.lists(st.sampled_from(CATEGORIES), max_size=2, unique=True),
    isolate_database_over_mib=st.floats(50, 1000),
    anti_affinity=st.lists(
        st.tuples(st.sampled_from(CATEGORIES), st.sampled_from(CATEGORIES)), max_size=3
    ),
    hot_vm_iops=st.floats(100, 1000),
    hot_max_vms=st.integers(1, 8),
)
sizing_settings = st.builds(
    SizingSettings,
    snapshot_reserve=st.floats(0, 0.3),
    annual_growth=st.floats(0, 0.2),
    years=st.floats(0, 5),
    layout=layout_settings,
)


@st.composite
def estates(draw) -> list[LayoutItem]:
    count = draw(st.integers(0, 40))
    return [
        LayoutItem(
            vm_id=f"vm-{k:03d}",
            name=f"VM {k}",
            size_mib=draw(st.one_of(st.floats(0, 400), st.floats(0, 1500))),
            category=draw(st.sampled_from(CATEGORIES)),
            iops=draw(st.one_of(st.none(), st.floats(0, 800), st.floats(0, 8000))),
        )
        for k in range(count)
    ]


@BUDGET
@given(items=estates(), sizing=sizing_settings)
def test_every_strategy_keeps_every_rule(items: list[LayoutItem], sizing: SizingSettings) -> None:
    layout = sizing.layout
    result = plan_layouts(items, sizing)
    table = default_iops_table()
    by_id = {i.vm_id: i for i in items}
    usable = layout.datastore_size_mib * layout.fill_limit
    hot_cap = min(layout.hot_max_vms, layout.max_vms_per_datastore)
    for name, plan in result.strategies.items():
        placed = sorted(v for d in plan.datastores for v in d.vm_ids)
        assert placed == sorted(by_id), name
        assert plan.count == len(plan.datastores) >= plan.lower_bound
        assert plan.total_capacity_mib == sum(d.size_mib for d in plan.datastores)
        for d in plan.datastores:
            members = [by_id[v] for v in d.vm_ids]
            assert math.isclose(d.used_mib, sum(footprint(m, sizing) for m in members))
            assert d.used_mib / d.size_mib <= layout.fill_limit * TOL
            iops = sum(effective_iops(m.iops, m.category, table) for m in members)
            assert math.isclose(d.iops, iops, abs_tol=1e-6)
            if d.oversized:
                assert d.vm_count == 1 and d.used_mib > usable
                assert d.size_mib % (1024 * 1024) == 0
            else:
                assert d.size_mib == layout.datastore_size_mib
            if d.over_iops_budget:
                assert d.vm_count == 1 and d.iops > layout.iops_budget
            else:
                assert d.iops <= layout.iops_budget * TOL
            assert d.vm_count <= layout.max_vms_per_datastore
    assert result.strategies["uniform"].count == result.strategies["consolidation"].count
    check_performance_rules(result.strategies["performance"].datastores, by_id, sizing, hot_cap)


@BUDGET
@given(items=estates(), sizing=sizing_settings)
def test_layout_used_capacity_is_logical_times_snapshot_times_growth(
    items: list[LayoutItem], sizing: SizingSettings
) -> None:
    """One capacity model: every strategy holds logical x (1 + snapshot reserve) x growth."""
    logical = sum(i.size_mib for i in items)
    expected = logical * (1 + sizing.snapshot_reserve) * (1 + sizing.annual_growth) ** sizing.years
    for plan in plan_layouts(items, sizing).strategies.values():
        assert math.isclose(plan.used_mib, expected, rel_tol=1e-9, abs_tol=1e-9)
        for d in plan.datastores:
            assert d.used_mib / d.size_mib <= sizing.layout.fill_limit * TOL


def check_performance_rules(datastores, by_id, sizing: SizingSettings, hot_cap: int) -> None:
    layout = sizing.layout
    pairs = {frozenset(p) for p in layout.anti_affinity if p[0] != p[1]}
    for d in datastores:
        categories = set(d.categories)
        for a, b in itertools.combinations(sorted(categories), 2):
            assert frozenset((a, b)) not in pairs, (d.name, a, b)
        if categories & set(layout.isolate_categories):
            assert len(categories) == 1 and d.isolated
        for v in d.vm_ids:
            item = by_id[v]
            if (
                item.category == "database"
                and footprint(item, sizing) > layout.isolate_database_over_mib * 1.000001
            ):
                assert d.vm_ids == [v] and d.isolated
        if d.hot:
            assert d.vm_count <= hot_cap


@BUDGET
@given(items=estates(), sizing=sizing_settings)
def test_layouts_are_deterministic(items: list[LayoutItem], sizing: SizingSettings) -> None:
    assert plan_layouts(items, sizing) == plan_layouts(list(reversed(items)), sizing)


def fewest_by_brute_force(sizes: list[float], capacity: float, max_vms: int) -> int:
    """Try every assignment of VMs to datastores (canonical labelling: restricted growth)."""
    best = len(sizes)

    def assign(pos: int, loads: list[float], counts: list[int]) -> None:
        nonlocal best
        if len(loads) >= best:
            return
        if pos == len(sizes):
            best = len(loads)
            return
        for b in range(len(loads)):
            if loads[b] + sizes[pos] <= capacity and counts[b] < max_vms:
                loads[b] += sizes[pos]
                counts[b] += 1
                assign(pos + 1, loads, counts)
                loads[b] -= sizes[pos]
                counts[b] -= 1
        assign(pos + 1, [*loads, sizes[pos]], [*counts, 1])

    assign(0, [], [])
    return best if sizes else 0


@BUDGET
@given(
    sizes=st.lists(st.integers(1, 100), max_size=9),
    max_vms=st.integers(1, 5),
)
def test_small_pools_reach_the_true_optimum(sizes: list[int], max_vms: int) -> None:
    layout = SizingSettings(
        snapshot_reserve=0,
        annual_growth=0,
        layout=LayoutSettings(datastore_size_mib=100, fill_limit=1, max_vms_per_datastore=max_vms),
    )
    items = [
        LayoutItem(vm_id=f"vm-{k}", name=str(k), size_mib=s, iops=0) for k, s in enumerate(sizes)
    ]
    plan = plan_layouts(items, layout).strategies["consolidation"]
    optimum = fewest_by_brute_force(sorted(sizes, reverse=True), 100, max_vms)
    assert plan.lower_bound <= optimum == plan.count
    assert plan.optimal
