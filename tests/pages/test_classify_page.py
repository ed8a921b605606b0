"""The classify page under a simulated user: scope, grid edits, DRR table, save and restore."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest
from nicegui import ui
from nicegui.testing import User

from storepredict.pages.paged_grid import PagedGrid
from storepredict.pipeline.classify.catalogue import load_catalogue
from storepredict.pipeline.classify.scope import apply_scope
from storepredict.pipeline.errors import SettingsError
from storepredict.pipeline.session.archive import save_session_zip
from storepredict.pipeline.session.open import open_files
from storepredict.pipeline.session.state import SessionState
from storepredict.pipeline.settings import ScopeSettings, SizingSettings, load_settings
from storepredict.pipeline.sizing.run import size_session
from storepredict.pipeline.sizing.storage import StorageResult
from storepredict.pipeline.units import format_capacity

from .helpers import WAIT, by_testid, sample_bytes, text_of, upload, visit

SAMPLE = "sample-rvtools.xlsx"


def sample_state(**settings: Any) -> SessionState:
    """The bundled sample opened by the pipeline, with the given settings."""
    state, _, _ = open_files([(SAMPLE, sample_bytes())])
    return state.model_copy(update={"settings": SizingSettings.model_validate(settings)})


def storage_of(state: SessionState) -> StorageResult:
    """The storage sizing the page should show for a state."""
    return size_session(state).storage


def expected_table(storage: StorageResult) -> list[str]:
    """The DRR table's texts, row by row, as the page writes them (TiB)."""
    texts = ["Class", "VMs", "Logical", "DRR", "Effective", "Reduced", "Required", "Override"]
    for row in storage.by_class:
        texts += [
            row.name,
            f"{row.vm_count:,}",
            format_capacity(row.logical_mib, "TiB"),
            f"{row.drr:.2f}:1",
            "—" if row.effective_drr is None else f"{row.effective_drr:.2f}:1",
            format_capacity(row.reduced_mib, "TiB"),
            format_capacity(row.required_mib, "TiB"),
        ]
    total = storage.total
    texts += [
        "Total",
        f"{total.vm_count:,}",
        format_capacity(total.logical_mib, "TiB"),
        "",
        "—" if total.effective_drr is None else f"{total.effective_drr:.2f}:1",
        format_capacity(total.reduced_mib, "TiB"),
        format_capacity(total.required_mib, "TiB"),
        "",
    ]
    return texts


def table_texts(user: User) -> list[str]:
    """The labels of the page's DRR table in document order."""
    table = by_testid(user, "drr-table")
    return [e.text for e in table.descendants() if isinstance(e, ui.label)]


async def wait_for_table(user: User, storage: StorageResult) -> None:
    """Wait until the DRR table shows exactly the given sizing."""
    expected = expected_table(storage)
    for _ in range(WAIT):
        if table_texts(user) == expected:
            return
        await asyncio.sleep(0.1)
    assert table_texts(user) == expected


async def open_classify_with_sample(user: User) -> None:
    """Load the bundled sample on the upload page, then open the classify page."""
    await visit(user, "/")
    user.find("Try the sample").click()
    await user.should_see("Inventory loaded", retries=WAIT)
    await visit(user, "/classify")
    await user.should_see("Data reduction per class", retries=WAIT)
    await user.should_see(kind=ui.aggrid, retries=WAIT)  # drawn once its rows are built


def grid(user: User) -> PagedGrid:
    """The VM grid of the page."""
    found = next(iter(user.find(ui.aggrid).elements))
    assert isinstance(found, PagedGrid)
    return found


def grid_rows(user: User) -> list[dict[str, Any]]:
    """Every row the grid pages through, as the server holds them (the browser gets blocks)."""
    return grid(user).table.rows()


def edit_cell(user: User, vm_id: str, column: str, old: Any, new: Any) -> None:
    """Simulate AG Grid's cellValueChanged after an inline edit."""
    row = grid(user).table.row(vm_id)
    args = {"colId": column, "oldValue": old, "newValue": new, "data": row, "rowId": vm_id}
    user.find(ui.aggrid).trigger("cellValueChanged", args)


def grid_row(user: User, vm_id: str) -> dict[str, Any]:
    """The server-side grid row of one VM."""
    return grid(user).table.row(vm_id)


async def test_without_data_points_back_to_upload(user: User) -> None:
    await visit(user, "/classify")
    await user.should_see("No inventory loaded yet.")
    await user.should_see("Go to upload")


async def test_sample_shows_scope_table_chart_and_grid(user: User) -> None:
    state = sample_state()
    assert state.inventory is not None
    storage = storage_of(state)
    in_scope = len(apply_scope(state.inventory, ScopeSettings()).in_scope)
    await open_classify_with_sample(user)
    assert text_of(user, "scope-count") == f"{in_scope} of 298 VMs in scope"
    await wait_for_table(user, storage)
    rows = grid_rows(user)
    assert len(rows) == 298
    assert sum(row["scope"] == "In scope" for row in rows) == in_scope
    first = next(r for r in rows if r["vm_id"] == storage.vms[0].vm_id)
    assert first["name"] == storage.vms[0].name
    assert first["drr"] == storage.vms[0].drr
    charts = list(user.find(ui.echart).elements)  # the capacity waterfall, then capacity by class
    chart = next(c for c in charts if len(c.options["series"]) == 2)
    series = chart.options["series"]
    assert [s["name"] for s in series] == ["Logical (TiB)", "Reduced (TiB)"]
    used = [row for row in storage.by_class if row.vm_count][::-1]
    assert chart.options["yAxis"]["data"] == [row.name for row in used]
    assert series[1]["data"] == [round(row.reduced_mib / 1024**2, 2) for row in used]


async def test_scope_switches_change_the_in_scope_count(user: User) -> None:
    state = sample_state()
    assert state.inventory is not None
    # 298 VMs - 3 vCLS - 4 templates - 12 powered off; the 4 templates are powered off too
    counts = [
        len(apply_scope(state.inventory, ScopeSettings(**scope)).in_scope)
        for scope in (
            {},
            {"include_powered_off": True},
            {"include_powered_off": True, "include_templates": True},
        )
    ]
    assert counts == [279, 291, 295]
    await open_classify_with_sample(user)
    assert text_of(user, "scope-count") == "279 of 298 VMs in scope"
    user.find("Include powered-off VMs").click()
    await user.should_see("291 of 298 VMs in scope", retries=WAIT)
    user.find("Include templates").click()
    await user.should_see("295 of 298 VMs in scope", retries=WAIT)
    both = {"include_powered_off": True, "include_templates": True}
    await wait_for_table(user, storage_of(sample_state(scope=both)))
    assert text_of(user, "scope-badge") == "295 of 298 VMs in scope"
    assert [r for r in grid_rows(user) if r["scope"] != "In scope"] == [
        r for r in grid_rows(user) if r["scope"] == "vCLS system VM"
    ]


async def test_cluster_filter_changes_the_in_scope_count(user: User) -> None:
    state = sample_state()
    assert state.inventory is not None
    clusters = sorted({vm.cluster for vm in state.inventory.vms if vm.cluster})
    assert len(clusters) > 1
    chosen = clusters[0]
    expected = len(apply_scope(state.inventory, ScopeSettings(clusters=[chosen])).in_scope)
    await open_classify_with_sample(user)
    select = by_testid(user, "clusters")
    assert isinstance(select, ui.select)
    with user:
        select.value = [chosen]
    await user.should_see(f"{expected} of 298 VMs in scope", retries=WAIT)
    await wait_for_table(user, storage_of(sample_state(scope={"clusters": [chosen]})))


async def test_class_override_in_the_grid_moves_the_vm(user: User) -> None:
    state = sample_state()
    storage = storage_of(state)
    vm = next(r for r in storage.vms if r.in_scope and r.class_id == "general_vm")
    sql = load_catalogue()["db_sql_server"]
    expected = storage_of(sample_state(vm_class_overrides={vm.vm_id: ["db_sql_server"]}))
    assert expected.by_class != storage.by_class
    await open_classify_with_sample(user)
    await wait_for_table(user, storage)
    edit_cell(user, vm.vm_id, "class", "General virtual machines", sql.name)
    await wait_for_table(user, expected)
    row = grid_row(user, vm.vm_id)
    assert row["class"] == sql.name
    assert row["class_set"] is True
    assert row["drr"] == next(r.drr for r in expected.vms if r.vm_id == vm.vm_id)


async def test_drr_override_in_the_grid_and_a_rejected_value(user: User) -> None:
    state = sample_state()
    storage = storage_of(state)
    vm = next(r for r in storage.vms if r.in_scope)
    expected = storage_of(sample_state(vm_drr_overrides={vm.vm_id: 8.0}))
    with pytest.raises(SettingsError):
        load_settings({"vm_drr_overrides": {vm.vm_id: 0}})
    message = f"DRR of VM {vm.name} must be above 0:1 and at most 100:1 (you entered 0:1)."
    await open_classify_with_sample(user)
    await wait_for_table(user, storage)
    edit_cell(user, vm.vm_id, "drr", vm.drr, 8.0)
    await wait_for_table(user, expected)
    assert grid_row(user, vm.vm_id)["drr"] == 8.0
    edit_cell(user, vm.vm_id, "drr", 8.0, 0)
    await user.should_see(message, retries=WAIT)
    assert table_texts(user) == expected_table(expected)  # the bad value changed nothing


async def test_class_drr_override_and_profile(user: User) -> None:
    storage = storage_of(sample_state())
    general = next(r for r in storage.by_class if r.class_id == "general_vm")
    assert general.drr != 3.0
    overridden = storage_of(sample_state(class_drr_overrides={"general_vm": 3.0}))
    flat = storage_of(sample_state(class_drr_overrides={"general_vm": 3.0}, profile="flat_2"))
    await open_classify_with_sample(user)
    await wait_for_table(user, storage)
    user.find(marker="class-drr-general_vm").type("3")
    await wait_for_table(user, overridden)
    profile = by_testid(user, "profile")
    assert isinstance(profile, ui.toggle)
    with user:
        profile.value = "flat_2"
    await wait_for_table(user, flat)


async def test_bulk_ignore_and_set_class_act_on_the_selected_rows(user: User) -> None:
    state = sample_state()
    storage = storage_of(state)
    chosen = [r.vm_id for r in storage.vms if r.in_scope][:3]
    assert state.inventory is not None
    default = len(apply_scope(state.inventory, ScopeSettings()).in_scope)
    user.javascript_rules[re.compile(r".*getSelectedRows.*")] = lambda _: [
        {"vm_id": vm_id} for vm_id in chosen
    ]
    await open_classify_with_sample(user)
    user.find("Ignore").click()
    await user.should_see(f"{default - 3} of 298 VMs in scope", retries=WAIT)
    await wait_for_table(user, storage_of(sample_state(scope={"ignored_vm_ids": chosen})))
    assert all(grid_row(user, vm_id)["ignored"] for vm_id in chosen)
    user.find(kind=ui.button, content="Include").click()  # not the "Include ..." switches
    await user.should_see(f"{default} of 298 VMs in scope", retries=WAIT)

    target = next(c for c in load_catalogue().values() if c.category == "mail")
    select = next(
        e for e in user.find(ui.select).elements if e.props.get("label") == "Class for selected VMs"
    )
    with user:
        select.value = target.name
    user.find("Set class").click()
    overrides = {vm_id: [target.id] for vm_id in chosen}
    await wait_for_table(user, storage_of(sample_state(vm_class_overrides=overrides)))
    await user.should_see(f"3 VMs set to {target.name}.")


async def test_saved_session_restores_the_classify_figures(user: User, create_user) -> None:
    state = sample_state()
    storage = storage_of(state)
    vm = next(r for r in storage.vms if r.in_scope)
    settings = {"vm_drr_overrides": {vm.vm_id: 6.0}, "scope": {"include_powered_off": True}}
    expected = storage_of(sample_state(**settings))
    await open_classify_with_sample(user)
    user.find("Include powered-off VMs").click()
    await user.should_see("291 of 298 VMs in scope", retries=WAIT)
    edit_cell(user, vm.vm_id, "drr", vm.drr, 6.0)
    await wait_for_table(user, expected)
    count = text_of(user, "scope-count")
    user.find("Download session").click()
    archive = (await user.download.next(timeout=10)).content

    other: User = create_user()
    await visit(other, "/")
    await upload(other, ("saved.storepredict.zip", archive))
    await other.should_see("Data reduction per class", retries=WAIT)  # lands on classify
    await other.should_see(kind=ui.aggrid, retries=WAIT)
    await wait_for_table(other, expected)
    assert text_of(other, "scope-count") == count
    assert grid_row(other, vm.vm_id)["drr"] == 6.0


async def test_a_sizing_error_in_the_worker_shows_its_own_message(user: User) -> None:
    # A session saved with a host preset this version does not know (e.g. by a newer release):
    # sizing fails in the process pool with a SettingsError, which must reach the page intact.
    state = sample_state(compute={"host_preset": "retired-model"}).model_copy(
        update={"page": "classify"}
    )
    with pytest.raises(SettingsError) as failed:
        size_session(state)
    archive = save_session_zip(state, [(SAMPLE, sample_bytes())])
    await visit(user, "/")
    await upload(user, ("saved.storepredict.zip", archive))
    await user.should_see("Could not size this inventory", retries=WAIT)
    await user.should_see(failed.value.message)
    assert text_of(user, "scope-count") == "279 of 298 VMs in scope"
    await user.should_not_see("Data reduction per class")
