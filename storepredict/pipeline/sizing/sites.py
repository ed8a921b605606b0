"""Host counts per site for a grown CPU and memory need: the core of the compute sizing.

Scenario rules (single, stretched, DR) live in `site_plan`; docs/sizing.md explains them.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ..settings import ComputeSettings

Binding = Literal["cpu", "memory", "minimum", "none"]


def ceil_hosts(value: float) -> int:
    """Round a host need up, ignoring float noise: 2.0000000001 hosts is 2 hosts."""
    return math.ceil(round(value, 9))


class _Result(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SiteSizing(_Result):
    """One site: sized for its design share of the demand, plus the minimum and HA spares."""

    name: str
    design_share: float
    normal_share: float
    hosts: int
    hosts_cpu: int
    hosts_memory: int
    ha_spares: int
    binding: Binding
    cpu_utilisation: float
    memory_utilisation: float
    normal_cpu_utilisation: float
    normal_memory_utilisation: float


class Sizing(_Result):
    """Host counts summed over the sites; binding and utilisation are those of the first site."""

    hosts: int
    binding: Binding
    hosts_cpu: int
    hosts_memory: int
    ha_spares: int
    cpu_utilisation: float
    memory_utilisation: float
    sites: list[SiteSizing]


def site_plan(settings: ComputeSettings) -> list[tuple[str, float, float]]:
    """(site name, design share, normal share) per site of the scenario.

    The design share is the part of the demand a site must run in its worst case: a stretched
    site runs everything after the other site fails, whatever the split.
    """
    if settings.scenario == "stretched":
        split = settings.stretched_split
        return [("Site A", 1.0, split), ("Site B", 1.0, 1.0 - split)]
    if settings.scenario == "dr":
        return [("Primary", 1.0, 1.0), ("Secondary (DR)", settings.dr_protected_share, 0.0)]
    return [("Site A", 1.0, 1.0)]


def size_site(
    name: str,
    shares: tuple[float, float],
    need: tuple[float, float],
    per_host: tuple[float, float],
    settings: ComputeSettings,
) -> SiteSizing:
    """Size one site for (design, normal) shares of a (CPU, memory) need, given per-host capacity.

    CPU need and capacity share a unit (vCPU, or GHz for demand-based); memory is MiB.
    """
    design, normal = shares
    cpu_exact = round(need[0] * design / (per_host[0] * settings.max_cpu_util), 9)
    memory_exact = round(need[1] * design / (per_host[1] * settings.max_memory_util), 9)
    hosts_cpu, hosts_memory = ceil_hosts(cpu_exact), ceil_hosts(memory_exact)
    running = max(hosts_cpu, hosts_memory, settings.min_hosts_per_cluster)
    if settings.min_hosts_per_cluster > max(hosts_cpu, hosts_memory):
        binding: Binding = "minimum"
    else:
        binding = "cpu" if cpu_exact >= memory_exact else "memory"
    cpu_capacity, memory_capacity = running * per_host[0], running * per_host[1]
    return SiteSizing(
        name=name,
        design_share=design,
        normal_share=normal,
        hosts=running + settings.ha_spares,
        hosts_cpu=hosts_cpu,
        hosts_memory=hosts_memory,
        ha_spares=settings.ha_spares,
        binding=binding,
        cpu_utilisation=need[0] * design / cpu_capacity,
        memory_utilisation=need[1] * design / memory_capacity,
        normal_cpu_utilisation=need[0] * normal / cpu_capacity,
        normal_memory_utilisation=need[1] * normal / memory_capacity,
    )


def size_sites(
    need: tuple[float, float], per_host: tuple[float, float], settings: ComputeSettings
) -> Sizing:
    """Size every site of the scenario for a grown (CPU, memory) need."""
    sites = [
        size_site(name, (design, normal), need, per_host, settings)
        for name, design, normal in site_plan(settings)
    ]
    return Sizing(
        hosts=sum(s.hosts for s in sites),
        binding=sites[0].binding,
        hosts_cpu=sum(s.hosts_cpu for s in sites),
        hosts_memory=sum(s.hosts_memory for s in sites),
        ha_spares=sum(s.ha_spares for s in sites),
        cpu_utilisation=sites[0].cpu_utilisation,
        memory_utilisation=sites[0].memory_utilisation,
        sites=sites,
    )


def no_sizing() -> Sizing:
    """The sizing when no VM is in scope: no hosts at all, nothing binds."""
    return Sizing(
        hosts=0,
        binding="none",
        hosts_cpu=0,
        hosts_memory=0,
        ha_spares=0,
        cpu_utilisation=0.0,
        memory_utilisation=0.0,
        sites=[],
    )
