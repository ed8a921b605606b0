"""Issue 13 'Done when': the compute assumptions not covered elsewhere (memory overcommit and
utilisation target, minimum hosts, host model, own planning years, stretched split, peak
concurrency) move the host count to the figure worked out by hand (docs/sizing.md, "Compute").

The estate is 40 VMs of 8 vCPU and 64 GiB: grown 1.1^3 = 1.331 over 3 years that is 425.92 vCPU
and 3,407.36 GiB. On the default Dell R760 (64 cores, 1,024 GiB) at 4 vCPU a core, 1:1 memory
and 80 % targets: CPU ceil(425.92 / 204.8) = 3, memory ceil(3,407.36 / 819.2) = 5 (binds),
minimum 2, so 5 + 1 HA spare = 6 hosts.
"""

from __future__ import annotations

import asyncio
import math

import pytest
from nicegui import ui
from nicegui.testing import User

from storepredict.pipeline.session.state import SessionState

from .estates import estate, open_state, set_input, synthetic_vm, wait_for_settings
from .helpers import WAIT, by_testid, text_of, visit

VCPU = 40 * 8 * 1.1**3  # 425.92
VRAM_GIB = 40 * 64 * 1.1**3  # 3,407.36


def hosts(
    cores: int = 64,
    ram_gib: float = 1024,
    vcpu_per_core: float = 4,
    overcommit: float = 1,
    cpu_util: float = 0.8,
    memory_util: float = 0.8,
    minimum: int = 2,
    growth: float = 1.1**3,
) -> int:
    """Hosts of one site by the documented formula, N+1."""
    cpu = math.ceil(round(VCPU / 1.1**3 * growth / (cores * vcpu_per_core * cpu_util), 9))
    memory = math.ceil(round(VRAM_GIB / 1.1**3 * growth / (ram_gib * overcommit * memory_util), 9))
    return max(cpu, memory, minimum) + 1


def memory_estate(**vm_fields: float) -> SessionState:
    """The estate of the module docstring."""
    return estate([synthetic_vm(i, vcpu=8, memory_mib=64 * 1024, **vm_fields) for i in range(40)])


async def hosts_become(user: User, expected: int) -> None:
    """Wait until the compute page's big host count shows `expected`."""
    await user.should_see(marker="hosts", content=str(expected), retries=WAIT)
    assert text_of(user, "hosts") == str(expected)


async def report_hosts(user: User, expected: int) -> None:
    """The report's host count."""
    await visit(user, "/report")
    await user.should_see(marker="host-count", retries=WAIT)
    assert text_of(user, "host-count") == f"{expected} hosts"


def test_the_hand_formula_gives_the_documented_defaults() -> None:
    assert hosts() == 6


@pytest.mark.parametrize(
    ("testid", "value", "expected"),
    [
        # 2 GiB of vRAM a GiB of RAM: memory ceil(3,407.36 / 1,638.4) = 3, CPU 3, so 4
        ("assumption-compute-memory_overcommit", 2, hosts(overcommit=2)),
        # memory filled to 40 %: ceil(3,407.36 / 409.6) = 9, so 10
        ("assumption-compute-max_memory_util", 40, hosts(memory_util=0.4)),
        # at least 8 hosts before the spare: 9
        ("assumption-compute-min_hosts_per_cluster", 8, hosts(minimum=8)),
        # HPE DL385 Gen11, 128 cores and 1,536 GiB: CPU ceil(425.92 / 409.6) = 2,
        # memory ceil(3,407.36 / 1,228.8) = 3, so 4
        ("host-preset", "hpe-dl385-gen11-2x-epyc-9554", hosts(cores=128, ram_gib=1536)),
    ],
)
async def test_a_compute_assumption_changes_the_host_count_as_predicted(
    user: User, testid: str, value: object, expected: int
) -> None:
    assert expected in (4, 9, 10)
    await open_state(user, memory_estate(), "/compute")
    await hosts_become(user, 6)
    await set_input(user, testid, value)
    await hosts_become(user, expected)
    await report_hosts(user, expected)


async def test_own_planning_years_replace_the_storage_horizon(user: User) -> None:
    await open_state(user, memory_estate(), "/compute")
    await hosts_become(user, 6)
    await set_input(user, "growth-mode", "own")
    await set_input(user, "compute-years", 0)
    await wait_for_settings(user, lambda s: s.compute.years == 0)
    # no growth: memory ceil(2,560 / 819.2) = 4, CPU ceil(320 / 204.8) = 2, so 5
    await hosts_become(user, hosts(growth=1))
    assert hosts(growth=1) == 5
    await report_hosts(user, 5)


async def test_the_stretched_split_moves_the_normal_load_not_the_host_count(user: User) -> None:
    await open_state(user, memory_estate(), "/compute")
    await hosts_become(user, 6)
    await set_input(user, "scenario", "stretched")
    await hosts_become(user, 12)  # each site runs everything after the other fails: 6 + 6
    await set_input(user, "stretched-split", 30)
    await wait_for_settings(user, lambda s: s.compute.stretched_split == pytest.approx(0.3))
    for _ in range(WAIT):  # the table is redrawn once the new sizing is done
        tables = [e for e in user.find(marker="sites").elements if isinstance(e, ui.table)]
        if tables and tables[0].rows[0]["normal"] == "30%":
            break
        await asyncio.sleep(0.1)
    sites = by_testid(user, "sites")
    assert isinstance(sites, ui.table)
    # normal use of the 5 running hosts (1,280 vCPU, 5,120 GiB) of each site:
    # A 30 % of 425.92 / 1,280 = 10 % CPU, of 3,407.36 / 5,120 = 20 % memory; B 70 %: 23 %, 47 %
    assert [(r["site"], r["normal"], r["hosts"], r["normal_util"]) for r in sites.rows] == [
        ("Site A", "30%", 6, "10% CPU, 20% mem."),
        ("Site B", "70%", 6, "23% CPU, 47% mem."),
    ]
    assert text_of(user, "hosts") == "12"


async def test_peak_concurrency_scales_the_demand_based_sizing(user: User) -> None:
    # every VM peaks at 5 GHz and 32 GiB (no host-level peaks): 200 GHz and 1,280 GiB in all;
    # grown: CPU ceil(266.2 / (64 x 2.1 GHz x 0.8)) = 3, memory ceil(1,703.68 / 819.2) = 3, so 4
    await open_state(user, memory_estate(peak_cpu_ghz=5.0, peak_memory_mib=32 * 1024), "/compute")
    await user.should_see(marker="demand-based", retries=WAIT)
    await user.should_see("200.0 GHz", retries=WAIT)
    await user.should_see("Allocation-based: 6 hosts; measured demand needs 2 fewer.")
    await set_input(user, "assumption-compute-peak_concurrency", 50)
    # half of it at once: 100 GHz and 640 GiB; CPU ceil(133.1 / 107.52) = 2, memory
    # ceil(851.84 / 819.2) = 2, minimum 2, so 3
    await user.should_see("100.0 GHz", retries=WAIT)
    await user.should_see("Allocation-based: 6 hosts; measured demand needs 3 fewer.")
    assert text_of(user, "hosts") == "6"  # the headline sizes allocations


async def test_a_custom_hosts_base_clock_drives_the_demand_based_sizing(user: User) -> None:
    # peaks of 5 GHz and 8 GiB a VM: 200 GHz and 320 GiB, grown 266.2 GHz and 425.92 GiB.
    # The default custom host (2 x 32 cores at 2.4 GHz, 1,024 GiB): CPU
    # ceil(266.2 / (64 x 2.4 x 0.8 = 122.88)) = 3, memory 1, so 4; at 4.2 GHz
    # ceil(266.2 / 215.04) = 2, the minimum, so 3. Allocations (memory binds) stay at 6.
    vms = memory_estate(peak_cpu_ghz=5.0, peak_memory_mib=8 * 1024)
    await open_state(user, vms, "/compute")
    await hosts_become(user, 6)
    await set_input(user, "host-preset", "custom")
    await user.should_see("Allocation-based: 6 hosts; measured demand needs 2 fewer.", retries=WAIT)
    await set_input(user, "custom-ghz", 4.2)
    await wait_for_settings(user, lambda s: s.compute.custom_host.ghz == pytest.approx(4.2))
    await user.should_see("Allocation-based: 6 hosts; measured demand needs 3 fewer.", retries=WAIT)
    assert text_of(user, "hosts") == "6"
