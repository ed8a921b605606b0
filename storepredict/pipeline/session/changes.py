"""What changed between two inventories of one estate, and where each per-VM decision goes.

VMs are matched old -> new by instance UUID, then BIOS UUID, then unique name (the same passes as
the dual-source merge). A per-VM decision (class override, DRR override, ignored) follows its VM;
a decision whose VM is gone is dropped and listed, never silently lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from ..classify.scope import basis_capacity
from ..inventory import VM, Inventory
from ..readers.merge import match_vms
from ..settings import SizingSettings

RESIZE_THRESHOLD = 0.10
T = TypeVar("T")


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Renamed(_Record):
    """A VM matched by UUID whose name changed."""

    old_name: str = Field(alias="from")
    new_name: str = Field(alias="to")


class Resized(_Record):
    """A matched VM whose capacity on the session's basis changed beyond the threshold."""

    vm: str
    old_mib: float
    new_mib: float


class Dropped(_Record):
    """A per-VM decision whose VM is not in the newer export."""

    vm: str
    decision: str


class Delta(_Record):
    """New minus old: required capacity, datastores of the chosen strategy, hosts."""

    required_mib: float
    datastores: int
    hosts: int


class ChangeReport(_Record):
    """The change report of one update, old export(s) -> new export(s)."""

    matched: int
    added: list[str]
    removed: list[str]
    renamed: list[Renamed]
    resized: list[Resized]
    carried: dict[str, int]
    dropped: list[Dropped]
    missing_scope: list[str] = Field(default_factory=list)
    delta: Delta | None = None
    replaced: list[str] = Field(default_factory=list)
    reason: Literal["update", "reader"] = "update"


def compare_inventories(
    old: Inventory, new: Inventory, settings: SizingSettings
) -> tuple[ChangeReport, dict[str, str]]:
    """The change report old -> new for `settings`, and the old -> new VM id of every match."""
    matched, _ = match_vms(old.vms, new.vms)
    new_id = {old_id: vm.vm_id for old_id, vm in matched.items()}
    old_by_id = {vm.vm_id: vm for vm in old.vms}
    matched_new = set(new_id.values())
    carried: dict[str, int] = {}
    dropped: list[Dropped] = []
    for decision, old_ids in _decisions(settings):
        carried[decision] = sum(old_id in new_id for old_id in old_ids)
        dropped.extend(
            Dropped(vm=old_by_id[old_id].name if old_id in old_by_id else old_id, decision=decision)
            for old_id in old_ids
            if old_id not in new_id
        )
    report = ChangeReport(
        matched=len(matched),
        added=[vm.name for vm in new.vms if vm.vm_id not in matched_new],
        removed=[vm.name for vm in old.vms if vm.vm_id not in new_id],
        renamed=[
            Renamed(old_name=old_by_id[i].name, new_name=vm.name)
            for i, vm in matched.items()
            if old_by_id[i].name != vm.name
        ],
        resized=_resized(old_by_id, matched, settings),
        carried=carried,
        dropped=dropped,
        missing_scope=_missing_scope(new, settings),
    )
    return report, new_id


def move_decisions(settings: SizingSettings, new_id: Mapping[str, str]) -> SizingSettings:
    """`settings` with every per-VM decision re-keyed to the new VM id; unmatched ones dropped."""
    scope = settings.scope
    ignored = [new_id[old_id] for old_id in scope.ignored_vm_ids if old_id in new_id]
    return settings.model_copy(
        update={
            "vm_class_overrides": _moved(settings.vm_class_overrides, new_id),
            "vm_drr_overrides": _moved(settings.vm_drr_overrides, new_id),
            "scope": scope.model_copy(update={"ignored_vm_ids": ignored}),
        }
    )


def _decisions(settings: SizingSettings) -> list[tuple[str, list[str]]]:
    return [
        ("vm_class_overrides", list(settings.vm_class_overrides)),
        ("vm_drr_overrides", list(settings.vm_drr_overrides)),
        ("ignored", list(settings.scope.ignored_vm_ids)),
    ]


def _moved(decisions: Mapping[str, T], new_id: Mapping[str, str]) -> dict[str, T]:
    """The decisions re-keyed from old to new VM ids; those of unmatched VMs are left out."""
    return {new_id[old_id]: value for old_id, value in decisions.items() if old_id in new_id}


def _resized(
    old_by_id: dict[str, VM], matched: dict[str, VM], settings: SizingSettings
) -> list[Resized]:
    rows = []
    for old_id, vm in matched.items():
        before, _ = basis_capacity(old_by_id[old_id], settings.basis)
        after, _ = basis_capacity(vm, settings.basis)
        if abs(after - before) > RESIZE_THRESHOLD * max(before, 1.0):
            rows.append(Resized(vm=vm.name, old_mib=before, new_mib=after))
    return rows


def _missing_scope(new: Inventory, settings: SizingSettings) -> list[str]:
    """Scope filters naming a cluster or datacenter the newer export no longer has."""
    clusters = {vm.cluster for vm in new.vms} | {host.cluster for host in new.hosts}
    datacenters = {vm.datacenter for vm in new.vms} | {host.datacenter for host in new.hosts}
    missing = [f"cluster {name}" for name in settings.scope.clusters or [] if name not in clusters]
    missing += [
        f"datacenter {name}" for name in settings.scope.datacenters or [] if name not in datacenters
    ]
    return missing
