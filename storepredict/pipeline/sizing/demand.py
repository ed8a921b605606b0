"""Demand-based compute: size on measured CPU GHz and memory instead of allocations.

Per-VM peaks do not happen at the same time, so their sum overstates demand. Where LiveOptics
`ESX Performance` gives each host's own (coincident) peak, a cluster's demand is

    cluster host peaks x in-scope share
    share = in-scope VMs' peaks / all the cluster's VMs' peaks (per resource)

Elsewhere (no host peaks for the cluster) demand is the sum of per-VM peaks x the stated
`compute.peak_concurrency`. Either way a VM without peaks counts its allocation converted to the
same units (vCPU / vCPU:pCore x base GHz, vRAM / overcommit), as in the allocation sizing.
`basis` says which applied: host_peaks, vm_peaks, or mixed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import Field

from .. import findings as codes
from ..findings import make_finding
from ..inventory import VM, Finding, Host
from ..settings import ComputeSettings
from .hosts import HostSpec
from .sites import Sizing, size_sites

# Without host peaks, demand sizing needs VM peaks on at least this share of the in-scope VMs.
DEMAND_MIN_COVERAGE = 0.8
DemandBasis = Literal["host_peaks", "vm_peaks", "mixed"]
ClusterKey = tuple[str, str, str]


class DemandBasedSizing(Sizing):
    """Sizing on measured peak CPU GHz and peak memory (grown), and the basis they came from.

    peak_cpu_ghz / peak_memory_mib are the demand sized (before growth); vm_peak_sum_* the plain
    sum of the in-scope VMs' own peaks, for comparison; capped_clusters the clusters whose host
    peaks exceeded what their in-scope VMs account for (see `_host_peak_demand`).
    """

    vm_count: int
    vms_with_peaks: int
    peak_cpu_ghz: float
    peak_memory_mib: float
    basis: DemandBasis
    vms_on_host_peaks: int
    concurrency: float
    vm_peak_sum_cpu_ghz: float
    vm_peak_sum_memory_mib: float
    capped_clusters: list[str] = Field(default_factory=list)


def has_peaks(vm: VM) -> bool:
    """Whether a VM carries both LiveOptics peaks (CPU GHz and memory)."""
    return vm.peak_cpu_ghz is not None and vm.peak_memory_mib is not None


def host_has_peaks(host: Host) -> bool:
    """Whether a host carries its own measured peaks (`ESX Performance`)."""
    return host.peak_cpu_ghz is not None and host.peak_memory_mib is not None


def peak_clusters(hosts: Sequence[Host]) -> dict[str, ClusterKey]:
    """Host name -> cluster key, for the clusters whose every host has its own peaks."""
    groups: dict[ClusterKey, list[Host]] = {}
    for host in hosts:
        key = (host.vcenter or "", host.datacenter or "", host.cluster or "")
        groups.setdefault(key, []).append(host)
    return {
        host.name: key
        for key, group in groups.items()
        if all(host_has_peaks(h) for h in group)
        for host in group
    }


def demand_based_sizing(
    vms: Sequence[VM],
    host: HostSpec,
    settings: ComputeSettings,
    growth_factor: float,
    *,
    everyone: Sequence[VM] = (),
    hosts: Sequence[Host] = (),
) -> DemandBasedSizing | None:
    """Hosts for the measured demand of the in-scope `vms`; None when there is too little data.

    `everyone` is every VM of the inventory (for the in-scope shares), `hosts` every host.
    """
    cluster_of = peak_clusters(hosts)
    on_hosts = [vm for vm in vms if (vm.host or "") in cluster_of]
    elsewhere = [vm for vm in vms if (vm.host or "") not in cluster_of]
    with_peaks = sum(1 for vm in vms if has_peaks(vm))
    if not vms or (not on_hosts and with_peaks < DEMAND_MIN_COVERAGE * len(vms)):
        return None
    cpu, memory, capped = _host_peak_demand(on_hosts, everyone, hosts, cluster_of)
    for vm in [*on_hosts, *elsewhere]:
        if not has_peaks(vm):
            cpu += (vm.vcpu or 0) / settings.vcpu_per_core * host.base_ghz
            memory += (vm.memory_mib or 0) / settings.memory_overcommit
    for vm in elsewhere:
        if has_peaks(vm):
            cpu += (vm.peak_cpu_ghz or 0.0) * settings.peak_concurrency
            memory += (vm.peak_memory_mib or 0.0) * settings.peak_concurrency
    sizing = size_sites(
        (cpu * growth_factor, memory * growth_factor),
        (host.cores * host.base_ghz, host.ram_mib),
        settings,
    )
    basis: DemandBasis = "mixed" if on_hosts and elsewhere else "host_peaks"
    return DemandBasedSizing(
        **dict(sizing),
        vm_count=len(vms),
        vms_with_peaks=with_peaks,
        peak_cpu_ghz=cpu,
        peak_memory_mib=memory,
        basis=basis if on_hosts else "vm_peaks",
        vms_on_host_peaks=len(on_hosts),
        concurrency=settings.peak_concurrency,
        vm_peak_sum_cpu_ghz=sum(vm.peak_cpu_ghz or 0.0 for vm in vms if has_peaks(vm)),
        vm_peak_sum_memory_mib=sum(vm.peak_memory_mib or 0.0 for vm in vms if has_peaks(vm)),
        capped_clusters=capped,
    )


def _host_peak_demand(
    scoped: Sequence[VM],
    everyone: Sequence[VM],
    hosts: Sequence[Host],
    cluster_of: dict[str, ClusterKey],
) -> tuple[float, float, list[str]]:
    """(GHz, MiB, capped clusters): each cluster's host peaks x the in-scope share of its VMs.

    A coincident peak cannot exceed the sum of its VMs' own peaks: where the hosts' CPU peaked
    above the in-scope VMs' peaks, the export misses load on those hosts, and the VMs' own peaks
    count instead (the cluster is reported as capped). Host memory above both the VMs' peaks and
    their vRAM is hypervisor overhead, which the utilisation headroom covers, as it does in the
    allocation sizing: memory counts at most that much.
    """
    cpu = memory = 0.0
    capped: list[str] = []
    for key in sorted({cluster_of[vm.host or ""] for vm in scoped}):
        members = [h for h in hosts if cluster_of.get(h.name) == key]
        mine = [vm for vm in scoped if cluster_of[vm.host or ""] == key and has_peaks(vm)]
        theirs = [vm for vm in everyone if cluster_of.get(vm.host or "") == key and has_peaks(vm)]
        cpu_share = _share(mine, theirs, "peak_cpu_ghz")
        memory_share = _share(mine, theirs, "peak_memory_mib")
        host_cpu = sum(h.peak_cpu_ghz or 0.0 for h in members) * cpu_share
        host_memory = sum(h.peak_memory_mib or 0.0 for h in members) * memory_share
        vm_cpu = sum(vm.peak_cpu_ghz or 0.0 for vm in mine)
        vm_memory = max(
            sum(vm.peak_memory_mib or 0.0 for vm in mine), sum(vm.memory_mib or 0.0 for vm in mine)
        )
        if host_cpu > vm_cpu * (1 + 1e-9):
            capped.append(key[2] or "(no cluster)")
        cpu += min(host_cpu, vm_cpu)
        memory += min(host_memory, vm_memory)
    return cpu, memory, capped


def _share(mine: Sequence[VM], theirs: Sequence[VM], field: str) -> float:
    """The in-scope share of a cluster's VM peaks (0 when its VMs have no peaks at all)."""
    total = sum(getattr(vm, field) or 0.0 for vm in theirs)
    if total <= 0:
        return 0.0
    return min(1.0, sum(getattr(vm, field) or 0.0 for vm in mine) / total)


def demand_findings(demand: DemandBasedSizing | None) -> list[Finding]:
    """What the user should know about the demand basis: host peaks above the VMs' own."""
    if demand is None or not demand.capped_clusters:
        return []
    clusters = demand.capped_clusters
    return [make_finding(codes.COMPUTE_HOST_PEAKS_CAPPED, clusters, count=len(clusters))]
