"""Datastore layout: footprints, IOPS defaults, bounds, flags, warnings and exact small layouts."""

from __future__ import annotations

import random

import numpy as np
import pytest

from storepredict.pipeline.errors import SettingsError
from storepredict.pipeline.layout.balance import balance_fill
from storepredict.pipeline.layout.bins import BinLimits
from storepredict.pipeline.layout.bounds import capacity_bound, pool_bound, spread_room
from storepredict.pipeline.layout.iops import (
    default_iops_table,
    effective_iops,
    hot_flags,
    parse_iops_table,
)
from storepredict.pipeline.layout.plan import LayoutItem, footprint, plan_layouts
from storepredict.pipeline.settings import LayoutSettings, SizingSettings
from storepredict.pipeline.units import TIB_MIB

GIB = 1024
CATEGORIES = [
    *("general_vm", "database", "sap_hana", "vdi", "file", "archive", "mail", "logging"),
    *("container", "backup", "boot", "web", "healthcare", "infrastructure", "unknown"),
]
DEFAULTS = SizingSettings()


def plain(**layout: object) -> SizingSettings:
    """1,000 MiB datastores filled up to 100 %, no snapshot reserve and no growth."""
    values = {"datastore_size_mib": 1000, "fill_limit": 1.0, **layout}
    return SizingSettings(
        snapshot_reserve=0, annual_growth=0, layout=LayoutSettings.model_validate(values)
    )


# Footprints equal sizes, so fills are easy to check by hand.
PLAIN = plain()


def vm(
    vm_id: str, size: float, category: str = "general_vm", iops: float | None = 10
) -> LayoutItem:
    return LayoutItem(vm_id=vm_id, name=vm_id.upper(), size_mib=size, category=category, iops=iops)


def stores(result, strategy: str) -> list[tuple[str, list[str]]]:
    return [(d.name, d.vm_ids) for d in result.strategies[strategy].datastores]


def test_footprint_adds_the_storage_snapshot_reserve_and_growth() -> None:
    item = vm("a", 100 * GIB)
    # 102,400 MiB x 1.15 x 1.1^3 = 102,400 x 1.53065 = 156,738.56 MiB
    assert footprint(item, DEFAULTS) == pytest.approx(100 * GIB * 1.15 * 1.331)
    assert footprint(item, DEFAULTS) == pytest.approx(156_738.56)
    custom = SizingSettings(snapshot_reserve=0.2, annual_growth=0.05, years=2)
    assert footprint(item, custom) == pytest.approx(102_400 * 1.2 * 1.1025)


def test_the_shipped_iops_table_covers_every_category() -> None:
    table = default_iops_table()
    assert sorted(table) == sorted(CATEGORIES)
    assert table["database"] == 1500
    assert table["vdi"] == 40
    assert effective_iops(None, "database", table) == 1500
    assert effective_iops(None, "no_such_category", table) == table["unknown"] == 200
    assert effective_iops(0.0, "database", table) == 0.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("category,iops\nunknown,5\n", "class_iops.csv needs the columns category and peak_iops."),
        (
            "category,peak_iops\nunknown,-1\n",
            "class_iops.csv line 2: give a category and a peak_iops of 0 or more.",
        ),
        (
            "category,peak_iops\nunknown,lots\n",
            "class_iops.csv line 2: give a category and a peak_iops of 0 or more.",
        ),
        (
            "category,peak_iops\nunknown,5\nunknown,6\n",
            "class_iops.csv line 3: category 'unknown' appears twice.",
        ),
        ("category,peak_iops\nweb,5\n", "class_iops.csv must define the category 'unknown'."),
    ],
)
def test_bad_iops_tables_say_what_to_fix(text: str, message: str) -> None:
    with pytest.raises(SettingsError) as info:
        parse_iops_table(text)
    assert str(info.value) == message


def test_hot_vms_are_above_the_threshold_or_the_top_decile() -> None:
    # Ten VMs 1..10 IOPS: the 90th percentile is 9.1, so only the 10-IOPS VM is in the top decile.
    assert hot_flags([float(i) for i in range(1, 11)], 500) == [False] * 9 + [True]
    assert hot_flags([600.0, 10.0, 20.0], 500) == [True, False, False]  # under 10 VMs: no decile
    assert hot_flags([150.0] * 12, 500) == [False] * 12  # equal IOPS are never split


def test_capacity_bound_counts_vms_over_half_a_datastore() -> None:
    assert capacity_bound([60, 60, 60], 100) == 3  # total/capacity alone would say 2
    assert capacity_bound([50, 50, 50, 50], 100) == 2
    assert capacity_bound([70, 40, 40], 100) == 2
    assert capacity_bound([], 100) == 0


def test_spread_room_and_bound_with_hot_vms() -> None:
    # 3 hot VMs on 2 datastores: 2 per datastore, both hot, 15 VMs each.
    assert spread_room(2, 25, 3, 15) == 30
    assert spread_room(3, 25, 3, 15) == 45
    assert spread_room(2, 25, 0, 15) == 50
    assert spread_room(1, 25, 20, 15) == 0  # 20 hot VMs cannot fit one 15-VM datastore
    sizes, iops = [1.0] * 40, [0.0] * 40
    assert pool_bound(sizes, iops, 1000, 25, 1e6) == 2
    assert pool_bound(sizes, iops, 1000, 25, 1e6, hot=3, hot_max_vms=15) == 3
    assert pool_bound(sizes, [30_000.0] * 40, 1000, 25, 100_000) == 12


def test_a_small_layout_has_exact_names_fills_and_spread() -> None:
    items = [vm("a", 600), vm("b", 300), vm("c", 500), vm("d", 400)]
    result = plan_layouts(items, PLAIN)
    cons = result.strategies["consolidation"]
    assert stores(result, "consolidation") == [
        ("DS-CONS-001", ["a", "d"]),
        ("DS-CONS-002", ["c", "b"]),
    ]
    first, second = cons.datastores
    assert (first.used_mib, first.free_mib, first.fill_pct, first.vm_count) == (1000, 0, 100.0, 2)
    assert (second.used_mib, second.free_mib, second.fill_pct) == (800, 200, 80.0)
    assert (cons.count, cons.lower_bound, cons.gap_pct, cons.optimal) == (2, 2, 0.0, True)
    assert (cons.total_capacity_mib, cons.used_mib, cons.fill_spread_pct) == (2000, 1800, 20.0)
    assert first.iops == 20 and first.categories == ["general_vm"]
    unif = result.strategies["uniform"]
    assert stores(result, "uniform") == [("DS-UNIF-001", ["a", "b"]), ("DS-UNIF-002", ["c", "d"])]
    assert [d.fill_pct for d in unif.datastores] == [90.0, 90.0]
    assert unif.fill_spread_pct == 0.0
    assert stores(result, "performance") == [
        ("DS-PERF-001", ["a", "b"]),
        ("DS-PERF-002", ["c", "d"]),
    ]
    assert result.chosen == "consolidation"


def test_no_vms_give_empty_layouts() -> None:
    result = plan_layouts([], SizingSettings(layout=LayoutSettings(chosen_strategy="uniform")))
    assert result.chosen == "uniform"
    for layout in result.strategies.values():
        assert (layout.count, layout.lower_bound, layout.gap_pct, layout.optimal) == (0, 0, 0, True)
        assert layout.datastores == [] and layout.warnings == []
        assert layout.total_capacity_mib == 0 and layout.fill_spread_pct == 0


def test_an_oversized_vm_gets_a_dedicated_datastore_rounded_up_to_a_tib() -> None:
    items = [vm("big", 3.5 * TIB_MIB), vm("small", 100 * GIB)]
    result = plan_layouts(items, DEFAULTS)
    for layout in result.strategies.values():
        assert layout.count == 2 and layout.lower_bound == 2
        regular, own = layout.datastores
        assert regular.vm_ids == ["small"] and not regular.oversized
        assert own.vm_ids == ["big"] and own.oversized
        # 3.5 TiB x 1.15 x 1.331 = 5.357 TiB; / 0.80 fill limit = 6.70 TiB -> 7 TiB
        assert own.size_mib == 7 * TIB_MIB
        assert own.fill_pct == pytest.approx(3.5 * 1.15 * 1.331 / 7 * 100, abs=0.01)
        assert own.fill_pct == 76.53
        assert layout.fill_spread_pct == 0  # the dedicated datastore is left out of the spread
        assert layout.total_capacity_mib == 11 * TIB_MIB
    cons = result.strategies["consolidation"]
    assert cons.warnings == [
        "VM 'BIG' needs 5.36 TiB with snapshot reserve and growth, more than a "
        "datastore's usable 3.20 TiB: it gets DS-CONS-002, a dedicated 7 TiB datastore."
    ]


def test_an_oversized_datastore_keeps_the_fill_limit() -> None:
    settings = SizingSettings(layout=LayoutSettings(fill_limit=0.9))
    result = plan_layouts([vm("big", 3.5 * TIB_MIB)], settings)
    (own,) = result.strategies["uniform"].datastores
    assert own.size_mib == 6 * TIB_MIB  # 5.357 TiB / 0.9 = 5.95 TiB -> 6 TiB
    assert own.used_mib / own.size_mib <= 0.9
    assert own.oversized


def test_a_vm_above_the_iops_budget_gets_a_datastore_to_itself() -> None:
    items = [vm("loud", 100, iops=150_000), vm("quiet", 100, iops=60_000)]
    result = plan_layouts(items, PLAIN)
    cons = result.strategies["consolidation"]
    assert stores(result, "consolidation") == [
        ("DS-CONS-001", ["quiet"]),
        ("DS-CONS-002", ["loud"]),
    ]
    assert cons.datastores[1].over_iops_budget and not cons.datastores[1].oversized
    assert cons.datastores[1].size_mib == 1000
    assert cons.warnings == [
        "VM 'LOUD' peaks at 150,000 IOPS, above the 100,000 IOPS budget of a datastore: it gets "
        "DS-CONS-002 to itself; spread its disks over datastores or raise the budget."
    ]


def test_unlisted_categories_are_reported_once() -> None:
    items = [vm("a", 10, "quantum", None), vm("b", 10, "quantum", None), vm("c", 10, "quantum")]
    result = plan_layouts(items, PLAIN)
    assert result.strategies["uniform"].warnings == [
        "No default IOPS for the category quantum: their VMs without measured IOPS use the "
        "'unknown' default."
    ]
    assert result.strategies["uniform"].datastores[0].iops == 410


def test_duplicate_vm_ids_are_refused() -> None:
    with pytest.raises(ValueError, match=r"distinct vm_id; repeated: \['a'\]"):
        plan_layouts([vm("a", 1), vm("a", 2)], PLAIN)


def test_performance_isolates_separates_and_spreads() -> None:
    settings = plain(max_vms_per_datastore=4, hot_max_vms=2, isolate_database_over_mib=300)
    items = [
        vm("h1", 100, "sap_hana"),
        vm("h2", 100, "sap_hana"),
        vm("m1", 200, "mail"),
        vm("db_big", 400, "database"),
        vm("db1", 100, "database"),
        vm("db2", 100, "database"),
        vm("v1", 50, "vdi"),
        vm("v2", 50, "vdi"),
    ] + [vm(f"g{k}", 100, iops=600) for k in range(1, 5)]
    result = plan_layouts(items, settings)
    perf = result.strategies["performance"]
    assert stores(result, "performance") == [
        ("DS-PERF-001", ["db1", "db2"]),
        ("DS-PERF-002", ["g1", "g3"]),
        ("DS-PERF-003", ["g2", "g4"]),
        ("DS-PERF-004", ["v1", "v2"]),
        ("DS-PERF-005", ["h1", "h2"]),
        ("DS-PERF-006", ["m1"]),
        ("DS-PERF-007", ["db_big"]),
    ]
    assert [d.hot for d in perf.datastores] == [False, True, True, False, False, False, False]
    assert [d.isolated for d in perf.datastores] == [False] * 4 + [True] * 3
    assert [d.iops for d in perf.datastores][:3] == [20, 1200, 1200]
    # Bound, pool by pool: db_big 1; databases and general VMs 3 (6 VMs, 4 of them hot, at most
    # 2 per datastore on datastores of at most 2 VMs); VDI 1; SAP HANA 1; mail 1.
    assert (perf.count, perf.lower_bound, perf.gap_pct, perf.optimal) == (7, 7, 0.0, True)
    assert result.strategies["consolidation"].count == 3


def test_balance_fill_moves_then_stops_when_nothing_narrows_the_gap() -> None:
    bins = [[0, 1], [2]]
    balance_fill(bins, [60.0, 30.0, 10.0], [0.0] * 3, BinLimits(100, 25, 1e9), max_rounds=10)
    assert bins == [[0], [2, 1]]


def test_balance_fill_swaps_when_the_emptier_datastore_is_full_of_vms() -> None:
    bins = [[0, 1], [2, 3]]
    balance_fill(bins, [70.0, 20.0, 10.0, 10.0], [0.0] * 4, BinLimits(100, 2, 1e9), 10)
    assert sorted(map(sorted, bins)) == [[0, 2], [1, 3]]  # 80/30 -> 60/50 by swapping 20 and 10


def test_layouts_do_not_depend_on_input_order() -> None:
    rng = random.Random(7)
    categories = ["general_vm", "database", "vdi", "mail", "sap_hana", "web"]
    items = [
        vm(
            f"vm-{k:03d}",
            rng.uniform(1, 900) * GIB,
            rng.choice(categories),
            rng.choice([None, 50.0, 900.0]),
        )
        for k in range(300)
    ]
    shuffled = items[:]
    rng.shuffle(shuffled)
    assert plan_layouts(items, DEFAULTS) == plan_layouts(shuffled, DEFAULTS)


def realistic_items(n: int, seed: int) -> list[LayoutItem]:
    rng = np.random.default_rng(seed)
    sizes = np.clip(np.exp(rng.normal(np.log(60 * GIB), 1.3, n)), GIB, 3 * TIB_MIB)
    iops = np.exp(rng.normal(np.log(80), 1.5, n))
    return [vm(f"vm-{k:05d}", float(sizes[k]), iops=float(iops[k])) for k in range(n)]


def test_realistic_estates_meet_the_gap_and_spread_targets() -> None:
    result = plan_layouts(realistic_items(2000, 3), DEFAULTS)
    cons, unif = result.strategies["consolidation"], result.strategies["uniform"]
    assert cons.gap_pct <= 2.0
    assert unif.count == cons.count
    assert unif.fill_spread_pct < 5.0
