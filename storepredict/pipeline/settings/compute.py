"""How the ESXi hosts are sized: host model, overcommit, targets, spares, site scenario."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ...i18n import N_
from .base import FrozenModel, shown

Scenario = Literal["single", "stretched", "dr"]


class CustomHost(FrozenModel):
    """A host the user defines instead of a preset."""

    name: str = Field(
        "Custom host", title=N_("Host name"), description=N_("Name shown for the host.")
    )
    sockets: int = Field(
        2,
        ge=1,
        le=8,
        title=N_("CPU sockets"),
        description=N_("CPU sockets per host."),
        json_schema_extra=shown(""),
    )
    cores_per_socket: int = Field(
        32,
        ge=1,
        le=256,
        title=N_("Cores per socket"),
        description=N_("Physical cores per CPU."),
        json_schema_extra=shown(""),
    )
    ghz: float = Field(
        2.4,
        gt=0,
        le=10,
        title=N_("Base clock"),
        description=N_("CPU base clock speed."),
        json_schema_extra=shown("GHz"),
    )
    ram_gib: float = Field(
        1024,
        gt=0,
        title=N_("Host memory"),
        description=N_("Installed RAM per host."),
        json_schema_extra=shown("GiB"),
    )


class ComputeSettings(FrozenModel):
    """ESXi host sizing settings."""

    host_preset: str = Field(
        "dell-r760-2x-xeon-gold-6430",
        title=N_("Host model"),
        description=N_("The server model sized (a preset from the host catalogue)."),
    )
    custom_host: CustomHost | None = Field(
        None, title=N_("Custom host"), description=N_("A host defined by hand instead of a preset.")
    )
    vcpu_per_core: float = Field(
        4.0,
        gt=0,
        le=32,
        title=N_("vCPU per core"),
        description=N_("Allocated vCPU per physical core (CPU overcommit)."),
        json_schema_extra=shown(":1"),
    )
    memory_overcommit: float = Field(
        1.0,
        gt=0,
        le=4,
        title=N_("Memory overcommit"),
        description=N_("Allocated vRAM per GiB of host RAM."),
        json_schema_extra=shown(":1"),
    )
    max_cpu_util: float = Field(
        0.80,
        gt=0,
        le=1,
        title=N_("CPU utilisation target"),
        description=N_("Highest CPU load a host may carry at the end of the planning horizon."),
        json_schema_extra=shown("%", 100),
    )
    max_memory_util: float = Field(
        0.80,
        gt=0,
        le=1,
        title=N_("Memory utilisation target"),
        description=N_("Highest memory load a host may carry at the end of the planning horizon."),
        json_schema_extra=shown("%", 100),
    )
    ha_spares: int = Field(
        1,
        ge=0,
        le=2,
        title=N_("HA spare hosts"),
        description=N_("Spare hosts per site on top of the need: 1 is N+1, 2 is N+2."),
        json_schema_extra=shown(""),
    )
    annual_growth: float | None = Field(
        None,
        ge=0,
        le=5,
        title=N_("Compute annual growth"),
        description=N_("Yearly growth of CPU and memory demand; empty uses the storage growth."),
        json_schema_extra=shown("%", 100),
    )
    years: float | None = Field(
        None,
        ge=0,
        le=20,
        title=N_("Compute planning years"),
        description=N_("Planning horizon of the host sizing; empty uses the storage horizon."),
        json_schema_extra=shown("years"),
    )
    min_hosts_per_cluster: int = Field(
        2,
        ge=1,
        title=N_("Minimum hosts"),
        description=N_("Fewest hosts a site runs before HA spares."),
        json_schema_extra=shown(""),
    )
    scenario: Scenario = Field(
        "single",
        title=N_("Scenario"),
        description=N_(
            "One site, a stretched cluster over two sites, or a primary with a DR site."
        ),
    )
    stretched_split: float = Field(
        0.5,
        gt=0,
        lt=1,
        title=N_("Share of site A"),
        description=N_("Share of the VMs that normally run in site A of a stretched cluster."),
        json_schema_extra=shown("%", 100),
    )
    dr_protected_share: float = Field(
        1.0,
        gt=0,
        le=1,
        title=N_("DR protected share"),
        description=N_("Share of the demand the DR site must run after a failover."),
        json_schema_extra=shown("%", 100),
    )
    peak_concurrency: float = Field(
        1.0,
        gt=0,
        le=1,
        title=N_("Peak concurrency"),
        description=N_(
            "Share of the sum of per-VM peaks assumed to occur at once, for demand "
            "sizing where no host-level peaks (LiveOptics ESX Performance) exist. 100 % assumes "
            "every VM peaks together (the safe side)."
        ),
        json_schema_extra=shown("%", 100),
    )
