"""The current estate: the ESXi hosts that run the VMs today, per cluster and in total.

Hosts come from RVTools vHost or LiveOptics `ESX Hosts`. The ratios count the VMs running today
(powered on, not templates) on those hosts, as vHost's `# VMs`, `# vCPUs` and `vRAM` do:

    vCPU per core = running vCPU / physical cores;  vRAM per RAM = running vRAM / host memory
    licence cores = sum over hosts of sockets x max(16, cores per socket)

With a cluster (or datacenter) selection in the scope only the selected clusters' hosts count;
without one, every host does.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from ..inventory import VM, Host
from ..settings import ScopeSettings

NO_CLUSTER = "(no cluster)"
# The vSphere / VCF per-core rule: every CPU counts at least this many cores.
MIN_LICENCE_CORES_PER_CPU = 16


class EstateFigures(BaseModel):
    """Hosts, their CPU and memory, the VMs they run and the ratios between them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    hosts: int
    sockets: int
    cores: int
    memory_mib: float
    cpu_ghz: float
    licence_cores: int
    vms: int
    vcpu: int
    vram_mib: float
    vcpu_per_core: float | None
    vram_per_ram: float | None
    vms_per_host: float | None
    peak_cpu_ghz: float | None
    peak_memory_mib: float | None


class CurrentCluster(EstateFigures):
    """One cluster of the current estate."""

    cluster: str
    datacenter: str | None
    vcenter: str | None


class CurrentEstate(EstateFigures):
    """The current estate in total (over the clusters in scope), and per cluster."""

    clusters: list[CurrentCluster]
    hosts_without_cpu: int


def licence_cores(sockets: int, cores: int) -> int:
    """Per-core licence count of one host: sockets x max(16, cores per socket)."""
    if sockets <= 0:
        return 0
    per_socket = math.ceil(cores / sockets)
    return sockets * max(MIN_LICENCE_CORES_PER_CPU, per_socket)


def in_scope_hosts(hosts: Sequence[Host], scope: ScopeSettings) -> list[Host]:
    """The hosts of the selected clusters and datacenters (all hosts without a selection)."""
    return [
        h
        for h in hosts
        if (scope.clusters is None or h.cluster in scope.clusters)
        and (scope.datacenters is None or h.datacenter in scope.datacenters)
    ]


def is_running(vm: VM) -> bool:
    """Whether a VM runs today: powered on and not a template."""
    return vm.power_state == "on" and not vm.is_template


def current_estate(hosts: Sequence[Host], vms: Sequence[VM], scope: ScopeSettings) -> CurrentEstate:
    """The current estate of the in-scope clusters, with the running VMs of their hosts."""
    chosen = in_scope_hosts(hosts, scope)
    cluster_of = {h.name: _cluster_key(h) for h in chosen}
    running: dict[tuple[str, str, str], list[VM]] = {}
    for vm in vms:
        key = cluster_of.get(vm.host or "")
        if key is not None and is_running(vm):
            running.setdefault(key, []).append(vm)
    by_cluster: dict[tuple[str, str, str], list[Host]] = {}
    for host in chosen:
        by_cluster.setdefault(_cluster_key(host), []).append(host)
    clusters = [
        CurrentCluster(
            **dict(figures(group, running.get(key, []))),
            cluster=group[0].cluster or NO_CLUSTER,
            datacenter=group[0].datacenter,
            vcenter=group[0].vcenter,
        )
        for key, group in sorted(by_cluster.items())
    ]
    everyone = [vm for group in running.values() for vm in group]
    return CurrentEstate(
        **dict(figures(chosen, everyone)),
        clusters=clusters,
        hosts_without_cpu=sum(1 for h in chosen if not h.sockets or not h.cores),
    )


def _cluster_key(host: Host) -> tuple[str, str, str]:
    return (host.vcenter or "", host.datacenter or "", host.cluster or "")


def figures(hosts: Sequence[Host], vms: Sequence[VM]) -> EstateFigures:
    """Sums and ratios for some hosts and the VMs running on them."""
    cores = sum(h.cores or 0 for h in hosts)
    memory = sum(h.memory_mib or 0.0 for h in hosts)
    vcpu = sum(vm.vcpu or 0 for vm in vms)
    vram = sum(vm.memory_mib or 0.0 for vm in vms)
    peaks = [h for h in hosts if h.peak_cpu_ghz is not None and h.peak_memory_mib is not None]
    return EstateFigures(
        hosts=len(hosts),
        sockets=sum(h.sockets or 0 for h in hosts),
        cores=cores,
        memory_mib=memory,
        cpu_ghz=sum((h.cores or 0) * (h.mhz or 0.0) / 1000 for h in hosts),
        licence_cores=sum(licence_cores(h.sockets or 0, h.cores or 0) for h in hosts),
        vms=len(vms),
        vcpu=vcpu,
        vram_mib=vram,
        vcpu_per_core=vcpu / cores if cores else None,
        vram_per_ram=vram / memory if memory else None,
        vms_per_host=len(vms) / len(hosts) if hosts else None,
        peak_cpu_ghz=sum(h.peak_cpu_ghz or 0.0 for h in peaks) if peaks else None,
        peak_memory_mib=sum(h.peak_memory_mib or 0.0 for h in peaks) if peaks else None,
    )
