"""An inventory's headline counts and places, computed in one pass over its VMs.

The upload page's summary and the scope card's filters show them on every visit; at 100,000 VMs
one pass takes about 80 ms, so the app keeps the summary with the session (`store`) instead of
recounting on each page open.
"""

from __future__ import annotations

from dataclasses import dataclass

from .inventory import Inventory

__all__ = ["InventorySummary", "summarize_inventory"]


@dataclass(frozen=True)
class InventorySummary:
    """Counts, capacity totals and the distinct places of an inventory."""

    vm_count: int
    template_count: int
    host_count: int
    cluster_count: int
    """Clusters named by a VM or a host."""
    datacenter_count: int
    """Datacenters named by a VM or a host."""
    vcenter_count: int
    totals: dict[str, float | int]
    """`Inventory.totals()`: provisioned, in use, guest used, vCPU and memory."""
    vm_vcenters: list[str]
    """The vCenters, datacenters and clusters VMs name, sorted (the scope card's choices)."""
    vm_datacenters: list[str]
    vm_clusters: list[str]


def summarize_inventory(inventory: Inventory) -> InventorySummary:
    """The counts and places of `inventory` (blank names are not places)."""
    vcenters: set[str | None] = set()
    datacenters: set[str | None] = set()
    clusters: set[str | None] = set()
    templates = 0
    for vm in inventory.vms:
        vcenters.add(vm.vcenter)
        datacenters.add(vm.datacenter)
        clusters.add(vm.cluster)
        templates += vm.is_template
    vm_vcenters, vm_datacenters, vm_clusters = (
        sorted(name for name in names if name) for names in (vcenters, datacenters, clusters)
    )
    host_clusters = {h.cluster for h in inventory.hosts if h.cluster}
    host_datacenters = {h.datacenter for h in inventory.hosts if h.datacenter}
    return InventorySummary(
        vm_count=len(inventory.vms),
        template_count=templates,
        host_count=len(inventory.hosts),
        cluster_count=len(host_clusters.union(vm_clusters)),
        datacenter_count=len(host_datacenters.union(vm_datacenters)),
        vcenter_count=len(inventory.vcenters),
        totals=inventory.totals(),
        vm_vcenters=vm_vcenters,
        vm_datacenters=vm_datacenters,
        vm_clusters=vm_clusters,
    )
