"""The classify page's scope card filters by vCenter when the estate spans several of them."""

from __future__ import annotations

from nicegui import ui
from nicegui.testing import User

from storepredict.pages import store

from .estates import estate, open_state, synthetic_vm, wait_for_settings
from .helpers import WAIT, by_testid, text_of

# Five VMs of vc-a, three of vc-b, one whose export names no vCenter.
VCENTERS = ["vc-a"] * 5 + ["vc-b"] * 3 + [None]


async def test_a_vcenter_pick_scopes_the_sizing(user: User) -> None:
    vms = [synthetic_vm(i, vcenter=vcenter) for i, vcenter in enumerate(VCENTERS)]
    await open_state(user, estate(vms), "/classify")
    await user.should_see("9 of 9 VMs in scope", retries=WAIT)
    select = by_testid(user, "vcenters")
    assert isinstance(select, ui.select)
    assert list(select.options) == ["vc-a", "vc-b"]
    assert select.value == ["vc-a", "vc-b"]
    with user:
        select.value = ["vc-b"]
    settings = await wait_for_settings(user, lambda s: s.scope.vcenters == ["vc-b"])
    assert settings.scope.vcenters == ["vc-b"]
    await user.should_see("3 of 9 VMs in scope", retries=WAIT)
    with user:
        select.value = ["vc-a", "vc-b"]  # every one ticked: all vCenters, and so any new one
    await wait_for_settings(user, lambda s: s.scope.vcenters is None)
    await user.should_see("9 of 9 VMs in scope", retries=WAIT)
    assert text_of(user, "scope-count") == "9 of 9 VMs in scope"


async def test_one_vcenter_needs_no_filter(user: User) -> None:
    vms = [synthetic_vm(i, vcenter="vc-a") for i in range(3)]
    await open_state(user, estate(vms), "/classify")
    await user.should_see("3 of 3 VMs in scope", retries=WAIT)
    assert not [
        e for e in user.find(ui.select).elements if e.props.get("data-testid") == "vcenters"
    ]


async def test_the_places_are_counted_once_per_inventory(user: User) -> None:
    vms = [synthetic_vm(i, vcenter=vcenter) for i, vcenter in enumerate(VCENTERS)]
    await open_state(user, estate(vms), "/classify")
    await user.should_see("9 of 9 VMs in scope", retries=WAIT)
    (entry,) = store.sessions().entries.values()
    assert entry.summary is not None and entry.summary[0] is entry.state.inventory
    kept = entry.summary[1]
    assert kept.vm_vcenters == ["vc-a", "vc-b"]
    with user:
        by_testid(user, "include_templates").set_value(True)  # a settings edit: same inventory
    await wait_for_settings(user, lambda s: s.scope.include_templates)
    await user.open("/")
    await user.should_see("Inventory loaded", retries=WAIT)
    assert text_of(user, "vm-count") == "9"
    assert entry.summary is not None and entry.summary[1] is kept  # reused, not recounted
