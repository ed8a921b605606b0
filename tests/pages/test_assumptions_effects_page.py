"""Issue 13 'Done when': each layout and compute assumption changes the report as predicted by hand.

The estate is 40 identical general VMs (0.5 TiB in use, 16 vCPU, 4 GiB each; general VMs count
150 IOPS) on one cluster, so every figure can be worked out on paper:

- footprint on a datastore = 0.5 TiB x (1 + 15 % snapshots) x 1.1^3 growth = 0.7653 TiB;
  a datastore holds floor(size x fill limit / footprint) VMs (at most the VM and IOPS limits),
  so the count is ceil(40 / per datastore) in every strategy, which is also its lower bound
  whenever that bound is exact (4 TiB at 80 %: 4 a datastore, 10 datastores).
- hosts (Dell R760: 64 cores, 1,024 GiB) = max(ceil(640 vCPU x 1.331 / (64 x 4 x 80 %)) = 5,
  memory 1, minimum 2) + 1 HA spare = 6; per site in a stretched cluster (each site runs all).
"""

from __future__ import annotations

import math

import pytest
from nicegui.testing import User

from storepredict.pages import store
from storepredict.pipeline.inventory import VM, Host, Inventory, SourceInfo
from storepredict.pipeline.session.state import SessionState
from storepredict.pipeline.sizing.run import size_session
from storepredict.pipeline.units import TIB_MIB

from .helpers import WAIT, by_testid, text_of, visit

STRATEGIES = ("consolidation", "performance", "uniform")
VMS = 40
FOOTPRINT_TIB = 0.5 * 1.15 * 1.1**3
VCPU_GROWN = VMS * 16 * 1.1**3


def synthetic_state() -> SessionState:
    """40 identical general VMs on two current hosts of one cluster."""
    vms = [
        VM(
            vm_id=f"vm-{i:02d}",
            name=f"app-{i:02d}",
            power_state="on",
            vcpu=16,
            memory_mib=4096,
            provisioned_mib=TIB_MIB / 2,
            in_use_mib=TIB_MIB / 2,
            cluster="CL1",
            datacenter="DC1",
            host=f"esx{i % 2 + 1}",
            source="synthetic.xlsx",
        )
        for i in range(VMS)
    ]
    hosts = [
        Host(name=f"esx{i}", cluster="CL1", datacenter="DC1", sockets=2, cores=32, mhz=2000)
        for i in (1, 2)
    ]
    source = SourceInfo(file_name="synthetic.xlsx", format="rvtools", vm_count=VMS)
    inventory = Inventory(format="rvtools", sources=[source], vms=vms, hosts=hosts)
    return SessionState(inventory=inventory, project_name="Synthetic")


def datastores(size_tib: float, fill: float, max_vms: int = 25, per_iops: float = 1e9) -> int:
    """Datastores for the 40 VMs by hand: ceil(40 / VMs one datastore holds)."""
    per = min(math.floor(size_tib * fill / FOOTPRINT_TIB), max_vms, math.floor(per_iops / 150))
    return math.ceil(VMS / per)


def hosts_per_site(vcpu_per_core: float = 4, cpu_util: float = 0.8, spares: int = 1) -> int:
    """Hosts of one site by hand (CPU binds: memory needs 1 host, the minimum is 2)."""
    cpu = math.ceil(VCPU_GROWN / (64 * vcpu_per_core * cpu_util))
    return max(cpu, 1, 2) + spares


async def open_synthetic(user: User, path: str) -> None:
    """Put the synthetic estate into the simulated tab, then open `path`."""
    await visit(user, "/")
    with user:
        store.set_session(synthetic_state(), [])
    await visit(user, path)


async def set_input(user: User, testid: str, value: object) -> None:
    """Set the input with data-testid `testid` once the page shows it."""
    await user.should_see(marker=testid, retries=WAIT)
    field = by_testid(user, testid)
    with user:
        field.set_value(value)


def test_the_hand_computed_defaults_match_the_sizing() -> None:
    result = size_session(synthetic_state())
    assert datastores(4, 0.8) == 10
    for key in STRATEGIES:
        plan = result.layout.strategies[key]
        assert (plan.count, plan.lower_bound) == (10, 10)
    assert result.compute.hosts == hosts_per_site() == 6


@pytest.mark.parametrize(
    ("key", "shown", "expected", "lower_bound"),
    [
        # half the datastore size: 2 a datastore, 20 datastores, which meets the lower bound
        ("datastore_size_mib", 2, datastores(2, 0.8), math.ceil(VMS * FOOTPRINT_TIB / 1.6)),
        # fill limit 50 %: 2 TiB usable holds 2 VMs (1.53 TiB), 20 datastores (bound 16)
        ("fill_limit", 50, datastores(4, 0.5), math.ceil(VMS * FOOTPRINT_TIB / 2)),
        # at most 3 VMs a datastore: ceil(40 / 3) = 14
        ("max_vms_per_datastore", 3, datastores(4, 0.8, max_vms=3), 14),
        # 450 IOPS a datastore at 150 IOPS a VM: 3 a datastore, 14 datastores
        ("iops_budget", 450, datastores(4, 0.8, per_iops=450), math.ceil(VMS * 150 / 450)),
    ],
)
async def test_a_layout_assumption_changes_the_datastore_counts_as_predicted(
    user: User, key: str, shown: float, expected: int, lower_bound: int
) -> None:
    assert expected in (14, 20)
    await open_synthetic(user, "/layout")
    await user.should_see(marker="count-consolidation", content="10", retries=WAIT)
    await set_input(user, f"assumption-layout-{key}", shown)
    await user.should_see(marker="count-consolidation", content=str(expected), retries=WAIT)
    for strategy in STRATEGIES:
        assert text_of(user, f"count-{strategy}") == str(expected)
    with user:
        result = await store.get_result()
    assert result is not None
    assert {k: p.lower_bound for k, p in result.layout.strategies.items()} == dict.fromkeys(
        STRATEGIES, lower_bound
    )
    await visit(user, "/report")
    await user.should_see(marker="datastore-count", retries=WAIT)
    assert text_of(user, "datastore-count") == f"{expected} datastores"


async def hosts_shown(user: User, expected: int) -> None:
    """Wait until the compute page's big host count shows `expected`."""
    await user.should_see(marker="hosts", content=str(expected), retries=WAIT)
    assert text_of(user, "hosts") == str(expected)


async def report_hosts(user: User, expected: int) -> None:
    """The report's host count."""
    await visit(user, "/report")
    await user.should_see(marker="host-count", retries=WAIT)
    assert text_of(user, "host-count") == f"{expected} hosts"


@pytest.mark.parametrize(
    ("key", "shown", "expected"),
    [
        ("vcpu_per_core", 8, hosts_per_site(vcpu_per_core=8)),  # ceil(851.84 / 409.6) + 1 = 4
        ("max_cpu_util", 40, hosts_per_site(cpu_util=0.4)),  # ceil(851.84 / 102.4) + 1 = 10
    ],
)
async def test_a_compute_ratio_changes_the_host_count_as_predicted(
    user: User, key: str, shown: float, expected: int
) -> None:
    assert expected in (4, 10)
    await open_synthetic(user, "/compute")
    await hosts_shown(user, 6)
    await set_input(user, f"assumption-compute-{key}", shown)
    await hosts_shown(user, expected)
    await report_hosts(user, expected)


async def test_one_more_ha_spare_adds_one_host_per_site(user: User) -> None:
    await open_synthetic(user, "/compute")
    await hosts_shown(user, 6)
    await set_input(user, "ha-spares", 2)
    await hosts_shown(user, hosts_per_site(spares=2))  # 7
    await set_input(user, "scenario", "stretched")
    await hosts_shown(user, 2 * hosts_per_site(spares=2))  # 7 at each site
    await set_input(user, "ha-spares", 1)
    await hosts_shown(user, 2 * hosts_per_site())  # one fewer at each site: 12
    await report_hosts(user, 12)
