"""Hand-made layouts with a known optimum: the consolidation count reaches it and says so."""

from __future__ import annotations

from storepredict.pipeline.layout.bins import BinLimits
from storepredict.pipeline.layout.pack import first_fit_decreasing
from storepredict.pipeline.layout.plan import LayoutItem, plan_layouts
from storepredict.pipeline.settings import LayoutSettings, SizingSettings


# 100 MiB datastores and no reserves, so a VM's size is its footprint and fills are whole numbers.
def plain(**layout: object) -> SizingSettings:
    values = {"datastore_size_mib": 100, "fill_limit": 1.0, **layout}
    return SizingSettings(
        snapshot_reserve=0, annual_growth=0, layout=LayoutSettings.model_validate(values)
    )


PLAIN = plain()


def items_of(sizes: list[float], iops: float = 1.0) -> list[LayoutItem]:
    return [
        LayoutItem(vm_id=f"vm-{k:02d}", name=f"VM{k:02d}", size_mib=s, iops=iops)
        for k, s in enumerate(sizes)
    ]


def sizes_per_datastore(items: list[LayoutItem], settings: SizingSettings) -> list[list[float]]:
    size_of = {i.vm_id: i.size_mib for i in items}
    layout = plan_layouts(items, settings).strategies["consolidation"]
    return [[size_of[v] for v in d.vm_ids] for d in layout.datastores]


def test_sizes_that_pair_up_exactly_fill_every_datastore() -> None:
    items = items_of([60] * 10 + [40] * 10)
    layout = plan_layouts(items, PLAIN).strategies["consolidation"]
    assert (layout.count, layout.lower_bound, layout.optimal) == (10, 10, True)
    assert all(d.fill_pct == 100.0 and d.vm_count == 2 for d in layout.datastores)


def test_reaches_the_optimum_where_first_fit_decreasing_does_not() -> None:
    sizes = [47, 35, 34, 31, 28, 20, 5]  # 200 MiB: {47, 28, 20, 5} and {35, 34, 31}
    assert len(first_fit_decreasing(sizes, [0] * 7, BinLimits(100, 25, 1e9))) == 3
    items = items_of(sizes)
    assert sizes_per_datastore(items, PLAIN) == [[47, 28, 20, 5], [35, 34, 31]]
    layout = plan_layouts(items, PLAIN).strategies["consolidation"]
    assert (layout.count, layout.lower_bound, layout.gap_pct, layout.optimal) == (2, 2, 0.0, True)


def test_mixes_large_and_small_vms_when_the_vm_limit_bites() -> None:
    # 5 VMs per datastore: FFD packs 50+50 together and strands the 5 MiB VMs on 2 more datastores.
    sizes = [50] * 4 + [30] * 4 + [5] * 12
    settings = plain(max_vms_per_datastore=5)
    assert len(first_fit_decreasing(sizes, [0] * 20, BinLimits(100, 5, 1e9))) == 6
    assert sizes_per_datastore(items_of(sizes), settings) == [[50, 30, 5, 5, 5]] * 4


def test_vms_over_half_a_datastore_each_need_their_own() -> None:
    layout = plan_layouts(items_of([60, 60, 60]), PLAIN).strategies["consolidation"]
    assert (layout.count, layout.lower_bound, layout.gap_pct, layout.optimal) == (3, 3, 0.0, True)


def test_exact_search_proves_a_count_above_the_bound_optimal() -> None:
    # Five 34 MiB VMs: the bound says 2 (170 MiB), but three never fit together, so 3 is optimal.
    layout = plan_layouts(items_of([34] * 5), PLAIN).strategies["consolidation"]
    assert (layout.count, layout.lower_bound, layout.gap_pct, layout.optimal) == (3, 2, 50.0, True)
    assert sorted(d.vm_count for d in layout.datastores) == [1, 2, 2]


def test_the_iops_budget_can_decide_the_count() -> None:
    # 60,000 IOPS each, 100,000 per datastore: the IOPS bound is 3, but no two VMs can share.
    layout = plan_layouts(items_of([10] * 4, iops=60_000), PLAIN).strategies["consolidation"]
    assert (layout.count, layout.lower_bound, layout.optimal) == (4, 3, True)
    assert all(d.iops == 60_000 for d in layout.datastores)


def test_one_vm_is_one_datastore() -> None:
    result = plan_layouts(items_of([100]), PLAIN)
    for layout in result.strategies.values():
        assert (layout.count, layout.lower_bound, layout.optimal) == (1, 1, True)
        assert layout.datastores[0].fill_pct == 100.0
        assert not layout.datastores[0].oversized  # exactly the usable size still fits
