"""Issue 13 item 3 on the compute page: the scenario shares, the compute's own growth, the custom
host, HA spares and the host model each carry `assumption-<key>`, their allowed range, the
default beside a changed value and a reset that brings back the default and the host count.

Estates (figures worked out by hand, as in test_assumption_effects_compute_page):
- memory: 40 VMs of 8 vCPU and 64 GiB, grown 1.1^3: 425.92 vCPU and 3,407.36 GiB. On the
  default Dell R760 (64 cores, 1,024 GiB, 4:1, 1:1, 80 %) CPU ceil(425.92 / 204.8) = 3,
  memory ceil(3,407.36 / 819.2) = 5, so 5 + 1 spare = 6 hosts.
- cpu: 40 VMs of 16 vCPU and 16 GiB peaking at 5 GHz and 8 GiB: 851.84 vCPU and 851.84 GiB
  grown. On the default custom host (2 x 32 cores at 2.4 GHz, 1,024 GiB) CPU
  ceil(851.84 / 204.8) = 5, memory ceil(851.84 / 819.2) = 2, so 6 hosts; measured demand
  266.2 GHz grown: ceil(266.2 / (64 x 2.4 x 0.8 = 122.88)) = 3, so 4 hosts (2 fewer).
"""

from __future__ import annotations

import asyncio
from typing import Any, NamedTuple

import pytest
from nicegui import ui
from nicegui.testing import User

from storepredict.pipeline.session.state import SessionState

from .estates import estate, open_state, set_input, settings_now, synthetic_vm, wait_for_settings
from .helpers import WAIT, by_testid, text_of

DEMAND = "Allocation-based: 6 hosts; measured demand needs {} fewer."


def memory_estate() -> SessionState:
    """40 VMs of 8 vCPU and 64 GiB: memory binds (module docstring)."""
    return estate([synthetic_vm(i, vcpu=8, memory_mib=64 * 1024) for i in range(40)])


def cpu_estate() -> SessionState:
    """40 VMs of 16 vCPU and 16 GiB with peaks of 5 GHz and 8 GiB: CPU binds."""
    vms = [
        synthetic_vm(i, vcpu=16, memory_mib=16 * 1024, peak_cpu_ghz=5.0, peak_memory_mib=8 * 1024)
        for i in range(40)
    ]
    return estate(vms)


def setting(user: User, path: str) -> Any:
    """The value the tab holds at dotted `path` of its settings (None where unset)."""
    value: Any = settings_now(user).model_dump(mode="json")
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


async def figure_is(user: User, figure: int | str) -> None:
    """Hosts needed (a number) or a line of the page (a text) as the page shows it now."""
    if isinstance(figure, str):
        await user.should_see(figure, retries=WAIT)
        return
    await user.should_see(marker="hosts", content=str(figure), retries=WAIT)
    assert text_of(user, "hosts") == str(figure)


class Case(NamedTuple):
    """One numeric compute assumption: what to open, change and expect."""

    path: str
    estate: Any
    setup: tuple[tuple[str, object], ...]  # choices made first (scenario, growth mode, host)
    allowed: str
    value: float
    stored: float
    default: str
    shown: float  # the default as the field shows it
    changed: int | str  # hosts needed after the change (or the line of the page it moves)
    before: int | str  # the same at the default
    reset: float | None  # the setting after the reset


CASES = [
    # the DR site restarts half: ceil(1,703.68 / 819.2) = 3, CPU 2, so 4; 6 + 4 = 10 (12 at 100 %)
    Case(
        "compute.dr_protected_share",
        memory_estate,
        (("scenario", "dr"),),
        "Allowed: above 0 % and at most 100 %",
        50,
        0.5,
        "Default: 100 %",
        100,
        10,
        12,
        1.0,
    ),
    # no growth: memory ceil(2,560 / 819.2) = 4, CPU 2, so 5; reset follows the storage again
    Case(
        "compute.annual_growth",
        memory_estate,
        (("growth-mode", "own"),),
        "Allowed: at least 0 % and at most 500 %",
        0,
        0.0,
        "Default: 10 %",
        10,
        5,
        6,
        None,
    ),
    Case(
        "compute.years",
        memory_estate,
        (("growth-mode", "own"),),
        "Allowed: at least 0 years and at most 20 years",
        0,
        0.0,
        "Default: 3 years",
        3,
        5,
        6,
        None,
    ),
    # one socket of 32 cores: CPU ceil(851.84 / 102.4) = 9, so 10
    Case(
        "compute.custom_host.sockets",
        cpu_estate,
        (("host-preset", "custom"),),
        "Allowed: at least 1 and at most 8",
        1,
        1,
        "Default: 2",
        2,
        10,
        6,
        2,
    ),
    # 2 x 16 cores: the same 32 cores, so 10
    Case(
        "compute.custom_host.cores_per_socket",
        cpu_estate,
        (("host-preset", "custom"),),
        "Allowed: at least 1 and at most 256",
        16,
        16,
        "Default: 32",
        32,
        10,
        6,
        32,
    ),
    # 4.2 GHz: measured demand ceil(266.2 / 215.04) = 2, so 3 hosts (3 fewer than 6)
    Case(
        "compute.custom_host.ghz",
        cpu_estate,
        (("host-preset", "custom"),),
        "Allowed: above 0 GHz and at most 10 GHz",
        4.2,
        4.2,
        "Default: 2.4 GHz",
        2.4,
        DEMAND.format(3),
        DEMAND.format(2),
        2.4,
    ),
    # 128 GiB: memory ceil(851.84 / 102.4) = 9, so 10
    Case(
        "compute.custom_host.ram_gib",
        cpu_estate,
        (("host-preset", "custom"),),
        "Allowed: above 0 GiB",
        128,
        128,
        "Default: 1,024 GiB",
        1024,
        10,
        6,
        1024,
    ),
]


def panel_id(path: str) -> str:
    """The data-testid the panel gives the setting at `path`."""
    return "assumption-" + path.replace(".", "-")


@pytest.mark.parametrize("case", CASES, ids=[case.path for case in CASES])
async def test_a_compute_assumption_shows_its_range_default_and_reset(
    user: User, case: Case
) -> None:
    key = panel_id(case.path)
    await open_state(user, case.estate(), "/compute")
    for control, choice in case.setup:
        await set_input(user, control, choice)
    await user.should_see(marker=key, retries=WAIT)
    await figure_is(user, case.before)
    field = by_testid(user, key)
    assert field.props["hint"] == case.allowed
    await user.should_not_see(marker=f"default-{key}")

    await set_input(user, key, case.value)
    await wait_for_settings(user, lambda s: setting(user, case.path) == pytest.approx(case.stored))
    await figure_is(user, case.changed)
    await user.should_see(marker=f"default-{key}", retries=WAIT)
    assert text_of(user, f"default-{key}") == case.default

    user.find(marker=f"reset-{key}").click()
    await wait_for_settings(user, lambda s: setting(user, case.path) == case.reset)
    await figure_is(user, case.before)
    assert field.value == pytest.approx(case.shown)
    await user.should_not_see(marker=f"default-{key}", retries=WAIT)


async def test_the_stretched_split_shows_its_default_and_resets_the_site_shares(
    user: User,
) -> None:
    key = "assumption-compute-stretched_split"
    await open_state(user, memory_estate(), "/compute")
    await set_input(user, "scenario", "stretched")
    await figure_is(user, 12)  # each site runs everything after the other fails: 6 + 6
    field = by_testid(user, key)
    assert field.props["hint"] == "Allowed: above 0 % and below 100 %"
    assert by_testid(user, "stretched-split") is field  # the older marker still finds it

    await set_input(user, key, 30)
    await wait_for_settings(user, lambda s: s.compute.stretched_split == pytest.approx(0.3))
    await user.should_see(marker=f"default-{key}", retries=WAIT)
    assert text_of(user, f"default-{key}") == "Default: 50 %"
    await site_shares_are(user, ["30%", "70%"])

    user.find(marker=f"reset-{key}").click()
    await wait_for_settings(user, lambda s: s.compute.stretched_split == 0.5)
    await site_shares_are(user, ["50%", "50%"])
    assert field.value == 50
    assert text_of(user, "hosts") == "12"
    await user.should_not_see(marker=f"default-{key}", retries=WAIT)


async def site_shares_are(user: User, shares: list[str]) -> None:
    """Wait until the sites table shows each site's normal share as `shares`."""
    for _ in range(WAIT):  # the table is redrawn once the new sizing is done
        tables = [e for e in user.find(marker="sites").elements if isinstance(e, ui.table)]
        if tables and [row["normal"] for row in tables[0].rows] == shares:
            break
        await asyncio.sleep(0.1)
    sites = by_testid(user, "sites")
    assert isinstance(sites, ui.table)
    assert [row["normal"] for row in sites.rows] == shares


DELL = "Dell PowerEdge R760 · 2x Xeon Gold 6430 · 64 cores · 2.1 GHz · 1024 GiB"
CHOICES = [
    # N+2: 5 + 2 = 7
    ("compute.ha_spares", "ha-spares", 2, "Default: N+1", 7, 1),
    # HPE DL385 Gen11, 128 cores and 1,536 GiB: CPU ceil(425.92 / 409.6) = 2,
    # memory ceil(3,407.36 / 1,228.8) = 3, so 4
    (
        "compute.host_preset",
        "host-preset",
        "hpe-dl385-gen11-2x-epyc-9554",
        f"Default: {DELL}",
        4,
        "dell-r760-2x-xeon-gold-6430",
    ),
]


@pytest.mark.parametrize(
    ("path", "mark", "value", "default", "changed", "reset"),
    CHOICES,
    ids=[choice[0] for choice in CHOICES],
)
async def test_a_compute_choice_shows_its_default_and_resets(
    user: User, path: str, mark: str, value: object, default: str, changed: int, reset: object
) -> None:
    key = panel_id(path)
    await open_state(user, memory_estate(), "/compute")
    await figure_is(user, 6)
    control = by_testid(user, key)
    assert by_testid(user, mark) is control  # the older marker still finds it
    assert control.props["data-testid"] == key
    await user.should_not_see(marker=f"default-{key}")

    await set_input(user, key, value)
    await wait_for_settings(user, lambda s: setting(user, path) == value)
    await figure_is(user, changed)
    await user.should_see(marker=f"default-{key}", retries=WAIT)
    assert text_of(user, f"default-{key}") == default

    user.find(marker=f"reset-{key}").click()
    await wait_for_settings(user, lambda s: setting(user, path) == reset)
    await figure_is(user, 6)
    assert control.value == reset
    await user.should_not_see(marker=f"default-{key}", retries=WAIT)


async def test_a_custom_host_resets_to_the_default_preset(user: User) -> None:
    key = panel_id("compute.host_preset")
    await open_state(user, cpu_estate(), "/compute")
    await set_input(user, key, "custom")
    await user.should_see(marker="custom-ram", retries=WAIT)
    await set_input(user, "custom-ram", 128)
    await figure_is(user, 10)
    assert text_of(user, f"default-{key}") == f"Default: {DELL}"

    user.find(marker=f"reset-{key}").click()
    settings = await wait_for_settings(user, lambda s: s.compute.custom_host is None)
    assert settings.compute.host_preset == "dell-r760-2x-xeon-gold-6430"
    # the Dell (64 cores, 1,024 GiB) like the default custom host: CPU 5, so 6
    await figure_is(user, 6)
    await user.should_not_see(marker="custom-ram", retries=WAIT)


REFUSED = [
    (
        "compute.stretched_split",
        (("scenario", "stretched"),),
        0,
        "Share of site A must be above 0 % and below 100 % (you entered 0 %).",
        50,
    ),
    (
        "compute.dr_protected_share",
        (("scenario", "dr"),),
        101,
        "DR protected share must be above 0 % and at most 100 % (you entered 101 %).",
        100,
    ),
    (
        "compute.annual_growth",
        (("growth-mode", "own"),),
        600,
        "Compute annual growth must be at least 0 % and at most 500 % (you entered 600 %).",
        10,
    ),
    (
        "compute.years",
        (("growth-mode", "own"),),
        25,
        "Compute planning years must be at least 0 years and at most 20 years "
        "(you entered 25 years).",
        3,
    ),
    (
        "compute.custom_host.sockets",
        (("host-preset", "custom"),),
        9,
        "CPU sockets must be at least 1 and at most 8 (you entered 9).",
        2,
    ),
    (
        "compute.custom_host.ghz",
        (("host-preset", "custom"),),
        12,
        "Base clock must be above 0 GHz and at most 10 GHz (you entered 12 GHz).",
        2.4,
    ),
    (
        "compute.custom_host.ram_gib",
        (("host-preset", "custom"),),
        -64,
        "Host memory must be above 0 GiB (you entered -64 GiB).",
        1024,
    ),
]


@pytest.mark.parametrize(
    ("path", "setup", "bad", "message", "in_force"),
    REFUSED,
    ids=[case[0] for case in REFUSED],
)
async def test_an_out_of_range_compute_assumption_is_refused_in_the_pages_words(
    user: User,
    path: str,
    setup: tuple[tuple[str, object], ...],
    bad: float,
    message: str,
    in_force: float,
) -> None:
    key = panel_id(path)
    await open_state(user, memory_estate(), "/compute")
    for control, choice in setup:
        await set_input(user, control, choice)
    await user.should_see(marker=key, retries=WAIT)
    await figure_is(user, 6 if setup[0][0] != "scenario" else 12)
    before = settings_now(user)
    field = by_testid(user, key)
    with user:
        field.set_value(bad)
    await user.should_see(message, retries=WAIT)
    assert field.value == pytest.approx(in_force)  # the value in force is shown again
    assert settings_now(user) == before  # and nothing was stored


async def test_a_reset_own_growth_refused_shows_the_storage_value_again(user: User) -> None:
    key = panel_id("compute.years")
    await open_state(user, memory_estate(), "/compute")
    await set_input(user, "growth-mode", "own")
    await set_input(user, key, 5)
    await wait_for_settings(user, lambda s: s.compute.years == 5)
    await user.should_see(marker=f"default-{key}", retries=WAIT)
    user.find(marker=f"reset-{key}").click()
    await wait_for_settings(user, lambda s: s.compute.years is None)  # follows the storage again
    field = by_testid(user, key)
    with user:
        field.set_value(25)
    await user.should_see(
        "Compute planning years must be at least 0 years and at most 20 years "
        "(you entered 25 years).",
        retries=WAIT,
    )
    assert field.value == 3  # the storage's 3 years, in force while the setting is empty
    assert settings_now(user).compute.years is None
