"""Issue 13 'Done when': the performance-only layout assumptions (isolated workloads, big-database
threshold, hot-VM IOPS and VMs per hot datastore) change the datastore counts as worked out by
hand, in the performance strategy only, and the report follows (performance is chosen).

Footprint of a 0.5 TiB VM = 0.5 x 1.15 snapshots x 1.1^3 growth = 0.7653 TiB; a 4 TiB datastore
at 80 % fill (3.2 TiB) holds 4 of them (3.06 TiB; 5 would need 3.83 TiB).
"""

from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from storepredict.pipeline.session.state import SessionState
from storepredict.pipeline.units import TIB_MIB

from .estates import estate, open_state, result_now, set_input, synthetic_vm, wait_for_settings
from .helpers import WAIT, by_testid, text_of, visit

PERFORMANCE_NOTE = "Applied by the performance strategy"


def mixed_estate() -> SessionState:
    """41 general VMs, one Exchange VM and one SQL Server VM of 0.5 TiB each; performance chosen."""
    vms = [synthetic_vm(i) for i in range(43)]
    classes = {"vm-41": ["mail_exchange"], "vm-42": ["db_sql_server"]}
    return estate(vms, vm_class_overrides=classes, layout={"chosen_strategy": "performance"})


def small_estate() -> SessionState:
    """40 general VMs of 0.05 TiB in use (150 IOPS each); performance chosen.

    Footprint 0.0765 TiB: 41 would fit in 3.2 TiB, so the 25 VMs a datastore binds: 2 datastores.
    """
    vms = [synthetic_vm(i, in_use_mib=TIB_MIB / 20) for i in range(40)]
    return estate(vms, layout={"chosen_strategy": "performance"})


async def counts_become(user: User, performance: int, others: int) -> None:
    """Wait for the performance count, then check the other two strategies' counts."""
    await user.should_see(marker="count-performance", content=str(performance), retries=WAIT)
    assert text_of(user, "count-performance") == str(performance)
    assert text_of(user, "count-consolidation") == text_of(user, "count-uniform") == str(others)


async def report_datastores(user: User, expected: int) -> None:
    """The report's datastore count (of the chosen performance strategy)."""
    await visit(user, "/report")
    await user.should_see(marker="datastore-count", retries=WAIT)
    assert text_of(user, "datastore-count") == f"{expected} datastores"


def in_performance_card(user: User, testid: str) -> bool:
    """Whether the input `testid` sits in the card that says it applies to performance only."""
    element = by_testid(user, testid)
    while not isinstance(element, ui.card):
        element = element.parent_slot.parent  # type: ignore[union-attr]
    texts = [e.text for e in element.descendants() if isinstance(e, ui.label)]
    return PERFORMANCE_NOTE in texts


async def test_performance_only_settings_say_so_where_they_are(user: User) -> None:
    await open_state(user, small_estate(), "/layout")
    await user.should_see(marker="count-performance", retries=WAIT)
    for key in ("isolate_categories", "isolate_database_over_mib", "hot_vm_iops", "hot_max_vms"):
        assert in_performance_card(user, f"assumption-layout-{key}"), key
    for key in ("datastore_size_mib", "max_vms_per_datastore", "iops_budget", "fill_limit"):
        assert not in_performance_card(user, f"assumption-layout-{key}"), key


async def test_isolated_workloads_change_the_performance_count(user: User) -> None:
    await open_state(user, mixed_estate(), "/layout")
    # mail isolated (default): 41 general + the database share ceil(42 / 4) = 11, mail 1 more
    await counts_become(user, performance=12, others=11)  # the others: ceil(43 / 4) = 11
    result = await result_now(user)
    isolated = [ds for ds in result.layout.strategies["performance"].datastores if ds.isolated]
    assert [ds.vm_ids for ds in isolated] == [["vm-41"]]  # the Exchange VM alone
    select = by_testid(user, "assumption-layout-isolate_categories")
    assert select.value == ["sap_hana", "mail"]
    with user:
        select.set_value(["sap_hana"])
    await wait_for_settings(user, lambda s: s.layout.isolate_categories == ["sap_hana"])
    # mail shares with the rest: ceil(43 / 4) = 11, like consolidation
    await counts_become(user, performance=11, others=11)
    await report_datastores(user, 11)


async def test_the_big_database_threshold_gives_a_database_its_own_datastore(user: User) -> None:
    await open_state(user, mixed_estate(), "/layout")
    await counts_become(user, performance=12, others=11)
    # the database needs 0.7653 TiB: above a 0.5 TiB threshold it gets a datastore of its own,
    # so 41 general VMs in ceil(41 / 4) = 11, the database 1, mail 1 = 13
    await set_input(user, "assumption-layout-isolate_database_over_mib", 0.5)
    await counts_become(user, performance=13, others=11)
    await report_datastores(user, 13)
    await visit(user, "/layout")
    await set_input(user, "assumption-layout-isolate_database_over_mib", 1)  # 0.7653 < 1 TiB
    await counts_become(user, performance=12, others=11)


async def test_hot_vm_iops_and_vms_per_hot_datastore_spread_the_hot_vms(user: User) -> None:
    await open_state(user, small_estate(), "/layout")
    await counts_become(user, performance=2, others=2)  # no VM above 500 IOPS: ceil(40 / 25)
    # above 100 IOPS all 40 VMs (150 each) are hot: at most 15 on a datastore, ceil(40 / 15) = 3
    await set_input(user, "assumption-layout-hot_vm_iops", 100)
    await counts_become(user, performance=3, others=2)
    # at most 10 VMs on a hot datastore: ceil(40 / 10) = 4
    await set_input(user, "assumption-layout-hot_max_vms", 10)
    await counts_become(user, performance=4, others=2)
    await report_datastores(user, 4)
    await visit(user, "/layout")
    await set_input(user, "assumption-layout-hot_vm_iops", 500)  # none hot: the cap is idle
    await counts_become(user, performance=2, others=2)
