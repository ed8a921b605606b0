"""Issue 13 'Bad input': an assumption out of range is refused with a message naming the field as
the page labels it and its allowed range; the value in force stays and the field shows it again.

Covers the inputs whose refusal no other page test checks (VMs per datastore, VMFS fill limit,
datastore size and CPU target are in test_layout_page / test_compute_page). Messages are
written out by hand from the labels and ranges the pages show.
"""

from __future__ import annotations

import pytest
from nicegui.testing import User

from storepredict.pipeline.session.state import SessionState

from .estates import estate, open_state, settings_now, synthetic_vm
from .helpers import WAIT, by_testid

CLASSIFY = [
    (
        "assumption-snapshot_reserve",
        600,
        "Snapshot reserve must be at least 0 % and at most 500 % (you entered 600 %).",
        15,
    ),
    (
        "assumption-annual_growth",
        -5,
        "Annual growth must be at least 0 % and at most 500 % (you entered -5 %).",
        10,
    ),
    (
        "assumption-years",
        25,
        "Planning years must be at least 0 years and at most 20 years (you entered 25 years).",
        3,
    ),
    (
        "assumption-max_fill",
        0,
        "Maximum fill must be above 0 % and at most 100 % (you entered 0 %).",
        80,
    ),
    (
        "assumption-unknown_warning_share",
        150,
        "Unknown-class warning must be at least 0 % and at most 100 % (you entered 150 %).",
        25,
    ),
]
LAYOUT = [
    (
        "assumption-layout-iops_budget",
        0,
        "IOPS per datastore must be above 0 IOPS (you entered 0 IOPS).",
        100_000,
    ),
    (
        "assumption-layout-isolate_database_over_mib",
        0,
        "Own datastore for databases above must be above 0 TiB (you entered 0 TiB).",
        2,
    ),
    (
        "assumption-layout-hot_vm_iops",
        -1,
        "Hot VM above must be above 0 IOPS (you entered -1 IOPS).",
        500,
    ),
    (
        "assumption-layout-hot_max_vms",
        0,
        "VMs per hot datastore must be at least 1 (you entered 0).",
        15,
    ),
]
COMPUTE = [
    (
        "assumption-compute-vcpu_per_core",
        40,
        "vCPU per core must be above 0:1 and at most 32:1 (you entered 40:1).",
        4,
    ),
    (
        "assumption-compute-memory_overcommit",
        5,
        "Memory overcommit must be above 0:1 and at most 4:1 (you entered 5:1).",
        1,
    ),
    (
        "assumption-compute-max_memory_util",
        0,
        "Memory utilisation target must be above 0 % and at most 100 % (you entered 0 %).",
        80,
    ),
    (
        "assumption-compute-min_hosts_per_cluster",
        0,
        "Minimum hosts must be at least 1 (you entered 0).",
        2,
    ),
    (
        "assumption-compute-peak_concurrency",
        120,
        "Peak concurrency must be above 0 % and at most 100 % (you entered 120 %).",
        100,
    ),
    (
        "stretched-split",
        100,
        "Share of site A must be above 0 % and below 100 % (you entered 100 %).",
        50,
    ),
    (
        "dr-share",
        0,
        "DR protected share must be above 0 % and at most 100 % (you entered 0 %).",
        100,
    ),
]


def small_estate() -> SessionState:
    """Four general VMs: enough for every page to draw."""
    return estate([synthetic_vm(i) for i in range(4)])


@pytest.mark.parametrize(
    ("path", "ready", "cases"),
    [
        ("/classify", "assumption-max_fill", CLASSIFY),
        ("/layout", "count-consolidation", LAYOUT),
        ("/compute", "hosts", COMPUTE),
    ],
)
async def test_an_out_of_range_assumption_is_refused_in_the_pages_words(
    user: User, path: str, ready: str, cases: list[tuple[str, float, str, float]]
) -> None:
    state = small_estate()
    await open_state(user, state, path)
    await user.should_see(marker=ready, retries=WAIT)
    for testid, bad, message, in_force in cases:
        field = by_testid(user, testid)
        with user:
            field.set_value(bad)
        await user.should_see(message, retries=WAIT)
        assert field.value == in_force, testid  # the value in force is shown again
        assert settings_now(user) == state.settings, testid  # and nothing was stored


async def test_a_custom_host_out_of_range_keeps_the_custom_host_in_force(user: User) -> None:
    await open_state(user, small_estate(), "/compute")
    await user.should_see(marker="hosts", retries=WAIT)
    with user:
        by_testid(user, "host-preset").set_value("custom")
    await user.should_see(marker="custom-cores", retries=WAIT)
    cores = by_testid(user, "custom-cores")
    with user:
        cores.set_value(300)
    await user.should_see(
        "Cores per socket must be at least 1 and at most 256 (you entered 300).", retries=WAIT
    )
    assert cores.value == 32
    custom = settings_now(user).compute.custom_host
    assert custom is not None
    assert custom.cores_per_socket == 32
