"""Properties of the storage requirement over generated estates and settings (hypothesis)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storepredict.pipeline.classify.catalogue import load_catalogue
from storepredict.pipeline.classify.classification import Classification
from storepredict.pipeline.inventory import VM, Inventory, SourceInfo
from storepredict.pipeline.settings import load_settings
from storepredict.pipeline.sizing.storage import StorageResult, size_storage

CLASS_IDS = sorted(load_catalogue())
BUDGET = settings(max_examples=60, deadline=None)
Estate = tuple[Inventory, dict[str, Classification]]


@st.composite
def estates(draw: st.DrawFn) -> Estate:
    """1-8 VMs with capacities, power states and one or two classes each."""
    count = draw(st.integers(1, 8))
    vms = [
        VM(
            vm_id=f"vm-{i}",
            name=f"vm-{i}",
            source="test",
            power_state=draw(st.sampled_from(["on", "on", "off", "suspended"])),
            in_use_mib=draw(st.none() | st.floats(0, 1e7, allow_nan=False)),
        )
        for i in range(count)
    ]
    classes = {
        vm.vm_id: Classification(
            class_ids=draw(st.lists(st.sampled_from(CLASS_IDS), min_size=1, max_size=2)),
            rule_id=None,
            reason="generated",
        )
        for vm in vms
    }
    source = SourceInfo(file_name="gen.xlsx", format="rvtools")
    return Inventory(format="rvtools", sources=[source], vms=vms), classes


settings_values = st.fixed_dictionaries(
    {
        "profile": st.sampled_from(["per_class", "flat_2", "flat_1"]),
        "snapshot_reserve": st.floats(0, 1),
        "annual_growth": st.floats(0, 0.5),
        "years": st.floats(0, 10),
        "max_fill": st.floats(0.5, 1),
    }
)


def size(estate: Estate, values: dict[str, Any]) -> StorageResult:
    inventory, classes = estate
    return size_storage(inventory, classes, load_settings(values))


@BUDGET
@given(estates(), settings_values, st.data())
def test_lowering_a_vm_drr_never_lowers_the_requirement(
    estate: Estate, values: dict[str, Any], data: st.DataObject
) -> None:
    before = size(estate, values)
    target = data.draw(st.sampled_from(before.vms))
    lowered = target.drr * data.draw(st.floats(0.01, 1))
    after = size(estate, {**values, "vm_drr_overrides": {target.vm_id: lowered}})
    assert after.total.required_mib >= before.total.required_mib
    assert after.total.reduced_mib >= before.total.reduced_mib
    old_rows = {r.class_id: r.required_mib for r in before.by_class}
    for row in after.by_class:
        assert row.required_mib >= old_rows[row.class_id]


@BUDGET
@given(estates(), settings_values, st.sampled_from(CLASS_IDS), st.floats(0.5, 100), st.data())
def test_lowering_a_class_drr_never_lowers_the_requirement(
    estate: Estate,
    values: dict[str, Any],
    class_id: str,
    drr: float,
    data: st.DataObject,
) -> None:
    lower = drr * data.draw(st.floats(0.01, 1))
    high = size(estate, {**values, "class_drr_overrides": {class_id: drr}})
    low = size(estate, {**values, "class_drr_overrides": {class_id: lower}})
    assert low.total.required_mib >= high.total.required_mib


@BUDGET
@given(estates(), settings_values, st.floats(0, 0.5), st.floats(0, 5))
def test_more_growth_never_lowers_the_requirement(
    estate: Estate,
    values: dict[str, Any],
    extra_growth: float,
    extra_years: float,
) -> None:
    base = size(estate, values)
    grown = size(estate, {**values, "annual_growth": values["annual_growth"] + extra_growth})
    longer = size(estate, {**values, "years": min(20.0, values["years"] + extra_years)})
    assert grown.total.required_mib >= base.total.required_mib
    assert longer.total.required_mib >= base.total.required_mib


@BUDGET
@given(estates(), settings_values)
def test_totals_are_the_sum_of_the_in_scope_vms(estate: Estate, values: dict[str, Any]) -> None:
    result = size(estate, values)
    scoped = [v for v in result.vms if v.in_scope]
    logical = sum(v.basis_mib for v in scoped)
    reduced = sum(v.basis_mib / v.drr for v in scoped)
    assert result.total.vm_count == len(scoped) == len(result.scope.in_scope)
    assert result.total.logical_mib == pytest.approx(logical)
    assert result.total.reduced_mib == pytest.approx(reduced)
    factor = (1 + values["snapshot_reserve"]) * result.growth_factor / values["max_fill"]
    assert result.total.required_mib == pytest.approx(reduced * factor)
    assert sum(r.required_mib for r in result.by_class) == pytest.approx(reduced * factor)
    if reduced > 0:
        drrs = [v.drr for v in scoped if v.basis_mib > 0]
        effective = result.total.effective_drr
        assert effective is not None
        assert min(drrs) * (1 - 1e-9) <= effective <= max(drrs) * (1 + 1e-9)
