"""The layout's VMFS fill bound and its shared reserves, hand-computed and on a real export."""

from __future__ import annotations

from pathlib import Path

import pytest

from storepredict.pipeline.layout.plan import LayoutItem, plan_layouts
from storepredict.pipeline.session.open import open_files
from storepredict.pipeline.settings import LayoutSettings, SizingSettings
from storepredict.pipeline.sizing.run import size_session


def items_of(sizes: list[float]) -> list[LayoutItem]:
    return [
        LayoutItem(vm_id=f"vm-{k}", name=f"VM{k}", size_mib=s, iops=1.0)
        for k, s in enumerate(sizes)
    ]


def fills(sizing: SizingSettings, sizes: list[float], strategy: str) -> list[float]:
    result = plan_layouts(items_of(sizes), sizing).strategies[strategy]
    return [d.fill_pct for d in result.datastores]


def test_no_datastore_fills_above_the_fill_limit() -> None:
    # 1,000 MiB datastores at 80 %: 800 MiB usable each. No reserves: footprint = size.
    # 500 + 300 = 800 (80 %), 300 + 200 + 100 = 600 (60 %); 1,400 MiB need ceil(1400/800) = 2.
    sizing = SizingSettings(
        snapshot_reserve=0,
        annual_growth=0,
        layout=LayoutSettings(datastore_size_mib=1000, fill_limit=0.8),
    )
    assert fills(sizing, [500, 300, 300, 200, 100], "consolidation") == [80.0, 60.0]
    assert fills(sizing, [500, 300, 300, 200, 100], "uniform") == [70.0, 70.0]


def test_the_layout_reserves_the_storage_snapshot_reserve_and_growth() -> None:
    # Snapshot reserve 25 %, growth 60 % for 1 year: footprint = size x 1.25 x 1.6 = 2 x size.
    # 200, 150, 150, 100, 50 -> 400, 300, 300, 200, 100 MiB; 800 MiB usable per datastore:
    # 400 + 300 + 100 = 800 (80 %) and 300 + 200 = 500 (50 %).
    sizing = SizingSettings(
        snapshot_reserve=0.25,
        annual_growth=0.6,
        years=1,
        layout=LayoutSettings(datastore_size_mib=1000, fill_limit=0.8),
    )
    assert fills(sizing, [200, 150, 150, 100, 50], "consolidation") == [80.0, 50.0]
    plan = plan_layouts(items_of([200, 150, 150, 100, 50]), sizing).strategies["consolidation"]
    assert plan.used_mib == 1300


def test_the_233_vm_sample_keeps_every_datastore_within_80_percent(samples_dir: Path) -> None:
    path = samples_dir / "rvtools-4.7.1-233vms.xlsx"
    state, _, _ = open_files([(path.name, path.read_bytes())])
    result = size_session(state)
    assert state.settings.layout.fill_limit == 0.8
    for plan in result.layout.strategies.values():
        assert plan.count > 0
        assert max(d.used_mib / d.size_mib for d in plan.datastores) <= 0.8 * (1 + 1e-9)
        expected = result.storage.total.logical_mib * state.settings.reserve_factor
        assert abs(plan.used_mib - expected) <= 1e-6 * expected


def test_the_docs_worked_example_layout() -> None:
    # docs/sizing.md: 1,050,000 MiB logical x 1.15 x 1.331 = 1,607,182.5 MiB on one 4 TiB
    # datastore (3.2 TiB usable): 38.32 % fill.
    items = items_of([500_000, 300_000, 150_000, 100_000])
    plan = plan_layouts(items, SizingSettings()).strategies["consolidation"]
    assert plan.count == 1
    assert plan.used_mib == pytest.approx(1_607_182.5)
    assert plan.datastores[0].fill_pct == 38.32
