"""Run every sizing step (storage, layout, compute) for an inventory, its classes and settings."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from ..classify.classification import Classification
from ..classify.families import NameFamily
from ..inventory import VM, Inventory
from ..layout.plan import LayoutItem, LayoutResult, plan_layouts
from ..settings import SizingSettings
from .compute import ComputeResult, size_compute
from .coverage import sizing_families
from .current import CurrentEstate, current_estate
from .storage import StorageResult, size_storage

if TYPE_CHECKING:  # the session package sizes sessions itself: no import cycle at run time
    from ..session.state import SessionState


class SizingResult(BaseModel):
    """The results a sizing produces; everything shown or reported derives from them.

    `current` is the estate that runs the VMs today, beside the proposal; `families` are the
    naming families of the in-scope VMs (computed here, off the app's event loop: 1.5 s at
    100,000 VMs).
    """

    model_config = ConfigDict(frozen=True)

    storage: StorageResult
    layout: LayoutResult
    compute: ComputeResult
    current: CurrentEstate
    families: list[NameFamily]


def size_inventory(
    inventory: Inventory,
    classifications: Mapping[str, Classification],
    settings: SizingSettings,
) -> SizingResult:
    """Size storage for the in-scope VMs, lay them out on datastores and size the hosts."""
    storage = size_storage(inventory, dict(classifications), settings)
    in_scope = [row for row in storage.vms if row.in_scope]
    vms_by_id = {vm.vm_id: vm for vm in inventory.vms}
    items = [
        LayoutItem(
            vm_id=row.vm_id,
            name=row.name,
            size_mib=row.basis_mib,
            category=row.category,
            class_id=row.class_id,
            iops=vms_by_id[row.vm_id].peak_iops,
        )
        for row in in_scope
    ]
    scoped_vms: list[VM] = [vms_by_id[row.vm_id] for row in in_scope]
    current = current_estate(inventory.hosts, inventory.vms, settings.scope)
    return SizingResult(
        storage=storage,
        layout=plan_layouts(items, settings),
        compute=size_compute(
            scoped_vms,
            settings.compute,
            settings.annual_growth,
            settings.years,
            current=current,
            everyone=inventory.vms,
            hosts=inventory.hosts,
        ),
        current=current,
        families=sizing_families(storage),
    )


def size_session(state: SessionState) -> SizingResult:
    """Size a session's inventory under its settings (an empty inventory is an error upstream)."""
    if state.inventory is None:
        raise ValueError("size_session needs a session with an inventory")
    return size_inventory(state.inventory, state.classifications, state.settings)
