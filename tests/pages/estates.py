"""Small synthetic estates for the assumption page tests: every figure can be worked out on paper.

A VM here is by default a general VM (DRR 5:1, 150 IOPS) of 16 vCPU and 4 GiB with 1 TiB
provisioned, 0.5 TiB in use and 0.25 TiB used in the guest, on one cluster of two hosts.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from nicegui.testing import User

from storepredict.pages import store
from storepredict.pipeline.inventory import VM, Host, Inventory, SourceInfo
from storepredict.pipeline.session.state import SessionState
from storepredict.pipeline.settings import SizingSettings, load_settings
from storepredict.pipeline.sizing.run import SizingResult
from storepredict.pipeline.units import TIB_MIB

from .helpers import WAIT, by_testid, visit

SOURCE = "synthetic.xlsx"


def synthetic_vm(index: int, **changes: Any) -> VM:
    """One VM of the synthetic estate (see the module docstring), with `changes` applied."""
    fields: dict[str, Any] = {
        "vm_id": f"vm-{index:02d}",
        "name": f"app-{index:02d}",
        "power_state": "on",
        "vcpu": 16,
        "memory_mib": 4096,
        "provisioned_mib": TIB_MIB,
        "in_use_mib": TIB_MIB / 2,
        "guest_used_mib": TIB_MIB / 4,
        "cluster": "CL1",
        "datacenter": "DC1",
        "host": f"esx{index % 2 + 1}",
        "source": SOURCE,
    }
    return VM(**(fields | changes))


def estate(vms: list[VM], **settings: Any) -> SessionState:
    """A session holding `vms` on two current hosts of cluster CL1, sized under `settings`."""
    hosts = [
        Host(name=f"esx{i}", cluster="CL1", datacenter="DC1", sockets=2, cores=32, mhz=2000)
        for i in (1, 2)
    ]
    source = SourceInfo(file_name=SOURCE, format="rvtools", vm_count=len(vms))
    inventory = Inventory(format="rvtools", sources=[source], vms=vms, hosts=hosts)
    return SessionState(
        inventory=inventory, project_name="Synthetic", settings=load_settings(settings)
    )


async def open_state(user: User, state: SessionState, path: str) -> None:
    """Put `state` into the simulated tab, then open `path`."""
    await visit(user, "/")
    with user:
        store.set_session(state, [])
    await visit(user, path)


async def set_input(user: User, testid: str, value: object) -> None:
    """Set the input with data-testid (or marker) `testid` once the page shows it."""
    await user.should_see(marker=testid, retries=WAIT)
    field = by_testid(user, testid)
    with user:
        field.set_value(value)


def settings_now(user: User) -> SizingSettings:
    """The settings the simulated tab holds now."""
    with user:
        return store.get_state().settings


async def wait_for_settings(
    user: User, predicate: Callable[[SizingSettings], bool]
) -> SizingSettings:
    """Wait until the tab's settings satisfy `predicate`."""
    for _ in range(WAIT):
        if predicate(settings_now(user)):
            break
        await asyncio.sleep(0.1)
    settings = settings_now(user)
    assert predicate(settings), settings
    return settings


async def result_now(user: User) -> SizingResult:
    """The tab's sizing of its settings now."""
    with user:
        result = await store.get_result()
    assert result is not None
    return result
