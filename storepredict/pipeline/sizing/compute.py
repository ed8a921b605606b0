"""ESXi host sizing of the in-scope VMs: global, per cluster, and demand-based on LiveOptics peaks.

The formulas, the scenario rules and a worked example are in docs/sizing.md ("Compute").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ...i18n import N_
from .. import findings as codes
from ..findings import make_finding, phrase, row_findings
from ..inventory import VM, Finding, Host, Phrase
from ..settings import ComputeSettings, Scenario
from .current import CurrentEstate
from .demand import (
    DEMAND_MIN_COVERAGE,
    DemandBasedSizing,
    demand_based_sizing,
    demand_findings,
    has_peaks,
)
from .hosts import HostSpec, host_spec
from .licensing import Licensing, licensing
from .sites import Binding, Sizing, no_sizing, size_sites

NO_CLUSTER = N_("(no cluster)")


class _Result(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ComputeDemand(_Result):
    """Allocated demand of the in-scope VMs today, and the growth applied to it.

    basis: what the headline host count sizes (allocations; see `demand_based` for measured).
    """

    vm_count: int
    vcpu: int
    vram_mib: float
    annual_growth: float
    years: float
    growth_factor: float
    basis: Literal["allocation"] = "allocation"


class ClusterSizing(_Result):
    """The same sizing applied to the VMs of one cluster alone."""

    cluster: str
    datacenter: str | None
    vcenter: str | None
    vm_count: int
    vcpu: int
    vram_mib: float
    hosts: int
    binding: Binding
    hosts_cpu: int
    hosts_memory: int


class ComputeResult(Sizing):
    """Everything the compute sizing reports for one host type and scenario."""

    host: HostSpec
    scenario: Scenario
    demand: ComputeDemand
    by_cluster: list[ClusterSizing]
    by_cluster_total: int
    demand_based: DemandBasedSizing | None
    warnings: list[Finding]
    licensing: Licensing


def size_compute(
    vms: Sequence[VM],
    settings: ComputeSettings,
    annual_growth: float,
    years: float,
    *,
    current: CurrentEstate | None = None,
    everyone: Sequence[VM] = (),
    hosts: Sequence[Host] = (),
) -> ComputeResult:
    """Size ESXi hosts for the in-scope VMs; growth is the storage one unless settings set one.

    `current` (the hosts running the estate today) gives the current licence count; `everyone`
    (every VM of the inventory) and `hosts` (every host, with LiveOptics host peaks) let the
    demand-based sizing use coincident host peaks (see demand.py).
    """
    host = host_spec(settings)
    growth = settings.annual_growth if settings.annual_growth is not None else annual_growth
    horizon = settings.years if settings.years is not None else years
    demand = ComputeDemand(
        vm_count=len(vms),
        vcpu=sum(vm.vcpu or 0 for vm in vms),
        vram_mib=sum(vm.memory_mib or 0 for vm in vms),
        annual_growth=growth,
        years=horizon,
        growth_factor=(1 + growth) ** horizon,
    )
    clusters = [
        size_cluster(group, host, settings, demand.growth_factor) for group in group_by_cluster(vms)
    ]
    sizing = allocation_sizing(vms, host, settings, demand.growth_factor)
    measured = demand_based_sizing(
        vms, host, settings, demand.growth_factor, everyone=everyone, hosts=hosts
    )
    return ComputeResult(
        **dict(sizing),
        host=host,
        scenario=settings.scenario,
        demand=demand,
        by_cluster=clusters,
        by_cluster_total=sum(row.hosts for row in clusters),
        demand_based=measured,
        warnings=compute_warnings(vms, host) + demand_findings(measured),
        licensing=licensing(current, host, sizing.hosts),
    )


def allocation_sizing(
    vms: Sequence[VM], host: HostSpec, settings: ComputeSettings, growth_factor: float
) -> Sizing:
    """Hosts for the allocated vCPU and vRAM of `vms`, grown by `growth_factor`."""
    if not vms:
        return no_sizing()
    need = (
        sum(vm.vcpu or 0 for vm in vms) * growth_factor,
        sum(vm.memory_mib or 0 for vm in vms) * growth_factor,
    )
    per_host = (host.cores * settings.vcpu_per_core, host.ram_mib * settings.memory_overcommit)
    return size_sites(need, per_host, settings)


def group_by_cluster(vms: Sequence[VM]) -> list[list[VM]]:
    """The VMs grouped by (vCenter, datacenter, cluster), sorted by those names."""
    groups: dict[tuple[str, str, str], list[VM]] = {}
    for vm in vms:
        key = (vm.vcenter or "", vm.datacenter or "", vm.cluster or "")
        groups.setdefault(key, []).append(vm)
    return [groups[key] for key in sorted(groups)]


def size_cluster(
    vms: list[VM], host: HostSpec, settings: ComputeSettings, growth_factor: float
) -> ClusterSizing:
    """One per-cluster row: the VMs of one cluster sized on their own."""
    sizing = allocation_sizing(vms, host, settings, growth_factor)
    first = vms[0]
    return ClusterSizing(
        cluster=first.cluster or NO_CLUSTER,
        datacenter=first.datacenter,
        vcenter=first.vcenter,
        vm_count=len(vms),
        vcpu=sum(vm.vcpu or 0 for vm in vms),
        vram_mib=sum(vm.memory_mib or 0 for vm in vms),
        hosts=sizing.hosts,
        binding=sizing.binding,
        hosts_cpu=sizing.hosts_cpu,
        hosts_memory=sizing.hosts_memory,
    )


def compute_warnings(vms: Sequence[VM], host: HostSpec) -> list[Finding]:
    """What the user should know: nothing in scope, missing allocations, VMs larger than a host."""
    if not vms:
        return [make_finding(codes.COMPUTE_NO_VMS)]
    findings = []
    missing_fields = (
        ("vcpu", codes.COMPUTE_MISSING_VCPU),
        ("memory_mib", codes.COMPUTE_MISSING_MEMORY),
    )
    for field, code in missing_fields:
        findings += row_findings(code, [vm.name for vm in vms if getattr(vm, field) is None])
    findings.extend(vm_larger_than_host(vm, host) for vm in vms if is_larger_than_host(vm, host))
    peaks = sum(1 for vm in vms if has_peaks(vm))
    if DEMAND_MIN_COVERAGE * len(vms) <= peaks < len(vms):
        findings.append(
            make_finding(
                codes.COMPUTE_PARTIAL_PEAKS,
                [vm.name for vm in vms if not has_peaks(vm)],
                count=len(vms) - peaks,
                total=len(vms),
            )
        )
    return findings


def is_larger_than_host(vm: VM, host: HostSpec) -> bool:
    """Whether a VM has more vCPU than the host has physical cores, or more memory than its RAM."""
    return (vm.vcpu or 0) > host.cores or (vm.memory_mib or 0) > host.ram_mib


def vm_larger_than_host(vm: VM, host: HostSpec) -> Finding:
    """The warning for one VM that does not fit one host."""
    parts: list[str | Phrase] = []
    if (vm.vcpu or 0) > host.cores:
        parts.append(phrase(N_("{n} vCPU"), n=vm.vcpu or 0))
    memory_mib = vm.memory_mib or 0
    if memory_mib > host.ram_mib:
        parts.append(phrase(N_("{n} GiB of memory"), n=memory_mib / 1024))
    needs = [parts[0], phrase(N_(" and ")), parts[1]] if len(parts) == 2 else parts
    return make_finding(
        codes.COMPUTE_VM_LARGER_THAN_HOST,
        [vm.name],
        vm=vm.name,
        needs=needs,
        cores=host.cores,
        ram_gib=float(host.ram_gib),
    )
