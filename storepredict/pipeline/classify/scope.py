"""Which VMs a sizing counts, why the others are out, and how much capacity each one brings.

A VM is out for the first reason that applies, checked in this order:
  1. "vCLS system VM"           vSphere Cluster Services agents (always out)
  2. "SRM placeholder"          Site Recovery Manager replica placeholders (always out)
  3. "template"                 unless templates are included
  4. "powered off"              unless powered-off VMs are included
  5. "suspended"                if suspended VMs are excluded
  6. "datacenter not selected"  when a datacenter selection is set and misses the VM's
  7. "cluster not selected"     when a cluster selection is set and misses the VM's
  8. "vCenter not selected"     when a vCenter selection is set and misses the VM's
  9. "ignored"                  the user ignored this VM
 10. "powered off for the whole export"  when the reclaim settings leave those out
Always-excluded reasons come first so a VM keeps the same reason whatever the user toggles.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ..inventory import VM, Inventory
from ..settings import CapacityBasis, ReclaimSettings, ScopeSettings

VCLS = "vCLS system VM"
SRM_PLACEHOLDER = "SRM placeholder"
TEMPLATE = "template"
POWERED_OFF = "powered off"
SUSPENDED = "suspended"
DATACENTER_NOT_SELECTED = "datacenter not selected"
CLUSTER_NOT_SELECTED = "cluster not selected"
VCENTER_NOT_SELECTED = "vCenter not selected"
IGNORED = "ignored"
OFF_WHOLE_EXPORT = "powered off for the whole export"
EXCLUSION_REASONS = (
    VCLS,
    SRM_PLACEHOLDER,
    TEMPLATE,
    POWERED_OFF,
    SUSPENDED,
    DATACENTER_NOT_SELECTED,
    CLUSTER_NOT_SELECTED,
    VCENTER_NOT_SELECTED,
    IGNORED,
    OFF_WHOLE_EXPORT,
)
ALWAYS_EXCLUDED = (VCLS, SRM_PLACEHOLDER)
BASIS_FIELDS: dict[str, str] = {
    "in_use": "in_use_mib",
    "provisioned": "provisioned_mib",
    "guest_used": "guest_used_mib",
}


class ScopeResult(BaseModel):
    """The VMs in scope (inventory order), the others with their reason, and the always-out ones."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    in_scope: list[str] = Field(default_factory=list)
    excluded: dict[str, str] = Field(default_factory=dict)
    always_excluded: list[str] = Field(default_factory=list)


def off_whole_export(vm: VM) -> bool:
    """Powered off, and (with performance data) never active while the export was collected."""
    return vm.power_state == "off" and not vm.is_template and not (vm.peak_iops or vm.peak_cpu_ghz)


def exclusion_reason(
    vm: VM, scope: ScopeSettings, ignored: frozenset[str], reclaim: ReclaimSettings | None = None
) -> str | None:
    """Why a VM is out of scope (the first applicable reason), or None when it is in."""
    if vm.is_system:
        return VCLS
    if vm.is_srm_placeholder:
        return SRM_PLACEHOLDER
    if vm.is_template:
        if not scope.include_templates:
            return TEMPLATE
    # Templates are always powered off: including them must not depend on the power toggle.
    elif vm.power_state == "off" and not scope.include_powered_off:
        return POWERED_OFF
    if vm.power_state == "suspended" and not scope.include_suspended:
        return SUSPENDED
    if scope.datacenters is not None and vm.datacenter not in scope.datacenters:
        return DATACENTER_NOT_SELECTED
    if scope.clusters is not None and vm.cluster not in scope.clusters:
        return CLUSTER_NOT_SELECTED
    if scope.vcenters is not None and vm.vcenter not in scope.vcenters:
        return VCENTER_NOT_SELECTED
    if vm.vm_id in ignored:
        return IGNORED
    if reclaim and reclaim.exclude_powered_off_whole_export and off_whole_export(vm):
        return OFF_WHOLE_EXPORT
    return None


def apply_scope(
    inventory: Inventory, scope: ScopeSettings, reclaim: ReclaimSettings | None = None
) -> ScopeResult:
    """Split the inventory's VMs into in scope and excluded, with the reason for each exclusion.

    `reclaim` (the sizing's reclaim settings) may leave out VMs powered off for the whole export.
    """
    ignored = frozenset(scope.ignored_vm_ids)
    in_scope: list[str] = []
    excluded: dict[str, str] = {}
    always: list[str] = []
    for vm in inventory.vms:
        reason = exclusion_reason(vm, scope, ignored, reclaim)
        if reason is None:
            in_scope.append(vm.vm_id)
            continue
        excluded[vm.vm_id] = reason
        if reason in ALWAYS_EXCLUDED:
            always.append(vm.vm_id)
    return ScopeResult(in_scope=in_scope, excluded=excluded, always_excluded=always)


def basis_capacity(vm: VM, basis: CapacityBasis) -> tuple[float, bool]:
    """A VM's capacity in MiB on the basis, and whether guest-used fell back to in-use.

    A missing value counts as 0 MiB (see `basis_missing` to report it).
    """
    if basis == "guest_used" and vm.guest_used_mib is None:
        return (vm.in_use_mib or 0.0, True)
    if basis == "guest_used" and guest_exceeds_disks(vm):
        return (vm.provisioned_mib or 0.0, False)
    value = getattr(vm, BASIS_FIELDS[basis])
    return (value or 0.0, False)


def guest_exceeds_disks(vm: VM) -> bool:
    """Whether the guest reports more used file-system space than its virtual disks hold.

    Guest file systems on storage the VM mounts itself (in-guest iSCSI, network shares) show in
    the guest's figures but not on any datastore: guest-used is then capped at provisioned.
    """
    return (
        vm.guest_used_mib is not None
        and vm.provisioned_mib is not None
        and vm.provisioned_mib > 0
        and vm.guest_used_mib > vm.provisioned_mib
    )


def basis_missing(vm: VM, basis: CapacityBasis) -> bool:
    """Whether the VM has no value for the basis (after the guest-used fallback to in-use)."""
    if basis == "guest_used" and vm.guest_used_mib is None:
        return vm.in_use_mib is None
    return getattr(vm, BASIS_FIELDS[basis]) is None
