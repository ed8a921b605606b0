"""Issue 13 'Done when': each capacity assumption on the classify page moves the report's required
capacity to the figure worked out by hand.

The estate is 40 general VMs (DRR 5:1), each 1 TiB provisioned, 0.5 TiB in use, 0.25 TiB used
in the guest. With the defaults (in-use basis, per-class DRR, 15 % snapshots, 10 % a year for
3 years, 80 % maximum fill) the required capacity is

    40 x 0.5 TiB = 20 TiB logical / 5 = 4 TiB reduced x 1.15 x 1.1^3 / 0.8 = 7.653 TiB.
"""

from __future__ import annotations

import pytest
from nicegui import ui
from nicegui.testing import User

from storepredict.pipeline.limits import DEFAULT_LIMITS
from storepredict.pipeline.session.open import open_files
from storepredict.pipeline.units import TIB_MIB

from .estates import estate, open_state, set_input, synthetic_vm, wait_for_settings
from .helpers import WAIT, by_testid, sample_bytes, text_of, tib, visit

VMS = 40
DEFAULT_REQUIRED_TIB = 20 / 5 * 1.15 * 1.1**3 / 0.8  # 7.653


def required_tib(
    logical: float = 20,
    drr: float = 5,
    reserve: float = 0.15,
    growth: float = 0.10,
    years: float = 3,
    fill: float = 0.80,
) -> float:
    """The required capacity of the estate in TiB, by the documented formula."""
    return logical / drr * (1 + reserve) * (1 + growth) ** years / fill


def forty_vms():
    """The estate of the module docstring."""
    return estate([synthetic_vm(i) for i in range(VMS)])


async def report_figures(user: User) -> tuple[str, float]:
    """(required capacity, logical total of the by-class table) as the report shows them."""
    await visit(user, "/report")
    await user.should_see(marker="required", retries=WAIT)
    table = by_testid(user, "by-class")
    assert isinstance(table, ui.table)
    total = next(row for row in table.rows if row["id"] == "__total__")
    return text_of(user, "required"), total["logical"]


async def test_the_defaults_give_the_hand_computed_requirement(user: User) -> None:
    assert tib(required_tib() * TIB_MIB) == tib(DEFAULT_REQUIRED_TIB * TIB_MIB) == "7.65 TiB"
    await open_state(user, forty_vms(), "/report")
    assert await report_figures(user) == ("7.65 TiB", 20.0)


@pytest.mark.parametrize(
    ("testid", "value", "check", "required", "logical"),
    [
        # provisioned: 40 x 1 TiB = 40 TiB logical, twice the in-use requirement
        (
            "assumption-basis",
            "provisioned",
            ("basis", "provisioned"),
            required_tib(logical=40),
            40.0,
        ),
        # guest used: 40 x 0.25 TiB = 10 TiB logical, half of it
        ("assumption-basis", "guest_used", ("basis", "guest_used"), required_tib(logical=10), 10.0),
        # one flat 2:1 for every VM instead of 5:1: x 5 / 2
        ("assumption-profile", "flat_2", ("profile", "flat_2"), required_tib(drr=2), 20.0),
        # no data reduction: x 5
        ("assumption-profile", "flat_1", ("profile", "flat_1"), required_tib(drr=1), 20.0),
        # the general class's own ratio set to 2:1 in the DRR table: x 5 / 2, like flat 2:1
        (
            "class-drr-general_vm",
            2,
            ("class_drr_overrides", {"general_vm": 2.0}),
            required_tib(drr=2),
            20.0,
        ),
        # x 1.30 / 1.15
        (
            "assumption-snapshot_reserve",
            30,
            ("snapshot_reserve", 0.30),
            required_tib(reserve=0.3),
            20,
        ),
        # x (1.2 / 1.1)^3
        ("assumption-annual_growth", 20, ("annual_growth", 0.20), required_tib(growth=0.2), 20.0),
        # x 1.1^2
        ("assumption-years", 5, ("years", 5), required_tib(years=5), 20.0),
        # half the maximum fill doubles the requirement
        ("assumption-max_fill", 40, ("max_fill", 0.40), 2 * DEFAULT_REQUIRED_TIB, 20.0),
    ],
)
async def test_a_capacity_assumption_moves_the_requirement_as_predicted(
    user: User, testid: str, value: object, check: tuple[str, object], required: float, logical
) -> None:
    assert tib(required * TIB_MIB) != "7.65 TiB"
    await open_state(user, forty_vms(), "/classify")
    await user.should_see(marker="assumption-max_fill", retries=WAIT)
    await set_input(user, testid, value)
    key, stored = check
    await wait_for_settings(user, lambda s: getattr(s, key) == pytest.approx(stored))
    assert await report_figures(user) == (tib(required * TIB_MIB), logical)


async def test_provisioned_basis_sizes_the_sum_of_the_inventory(user: User) -> None:
    state, _, _ = open_files([("sample-rvtools.xlsx", sample_bytes())], DEFAULT_LIMITS)
    assert state.inventory is not None
    # default scope: powered-on VMs, no templates, no vSphere system VMs (279 of 298)
    sized = [vm for vm in state.inventory.vms if vm.power_state == "on" and not vm.is_system]
    assert len(sized) == 279
    provisioned = sum(vm.provisioned_mib or 0 for vm in sized)
    in_use = sum(vm.in_use_mib or 0 for vm in sized)
    assert tib(provisioned) == "97.88 TiB"
    await open_state(user, state, "/report")
    _, logical = await report_figures(user)
    assert logical == round(in_use / TIB_MIB, 2)
    await visit(user, "/classify")
    await user.should_see(marker="assumption-max_fill", retries=WAIT)
    await set_input(user, "assumption-basis", "provisioned")
    await wait_for_settings(user, lambda s: s.basis == "provisioned")
    _, logical = await report_figures(user)
    assert logical == round(provisioned / TIB_MIB, 2) == 97.88
    await user.should_see("279 VMs in scope · capacity basis: Provisioned")


async def test_the_unknown_class_warning_follows_its_threshold(user: User) -> None:
    # 10 of 50 equal VMs are of unknown workload: 20 % of the capacity, under the 25 % default
    vms = [synthetic_vm(i) for i in range(VMS)] + [
        synthetic_vm(VMS + i, name=f"zq{i}x") for i in range(10)
    ]
    await open_state(user, estate(vms), "/classify")
    await user.should_see(marker="unknown-coverage", retries=WAIT)
    assert text_of(user, "unknown-coverage").startswith("Unknown workload: 10 of 50 in-scope VMs")
    assert text_of(user, "unknown-warning") == ""
    await set_input(user, "assumption-unknown_warning_share", 15)
    await wait_for_settings(user, lambda s: s.unknown_warning_share == pytest.approx(0.15))
    await user.should_see(
        "20% of the in-scope capacity (10 of 50 VMs) is sized as Unknown workload", retries=WAIT
    )
