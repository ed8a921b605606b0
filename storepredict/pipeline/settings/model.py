"""Sizing settings: one frozen object, passed explicitly to every pipeline step.

Defaults come from the sizing domain facts (docs/sizing.md); the sections live in sibling modules.
"""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import Field, field_validator

from ...i18n import N_
from .base import Drr, FrozenModel, shown
from .compute import ComputeSettings
from .layout import LayoutSettings
from .rules import UserRule
from .scope import ReclaimSettings, ScopeSettings

CapacityBasis = Literal["in_use", "provisioned", "guest_used"]
DrrProfile = Literal["per_class", "flat_2", "flat_1"]


class SizingSettings(FrozenModel):
    """Everything a sizing depends on besides the inventory and its classification."""

    scope: ScopeSettings = Field(
        default_factory=ScopeSettings, title=N_("Scope"), description=N_("Which VMs are sized.")
    )
    basis: CapacityBasis = Field(
        "in_use",
        title=N_("Capacity basis"),
        description=N_(
            "Which capacity of each VM is sized: in use on the datastores, "
            "provisioned, or used inside the guest."
        ),
    )
    profile: DrrProfile = Field(
        "per_class",
        title=N_("DRR profile"),
        description=N_("Data reduction per workload class, or one flat ratio for every VM."),
    )
    class_drr_overrides: dict[str, Drr] = Field(
        default_factory=dict,
        title=N_("DRR per workload class"),
        description=N_(
            "Data reduction ratios that replace the profile's ratio of a workload class."
        ),
    )
    vm_drr_overrides: dict[str, Drr] = Field(
        default_factory=dict,
        title=N_("DRR per VM"),
        description=N_("Data reduction ratios set by hand for single VMs."),
    )
    vm_class_overrides: dict[str, list[str]] = Field(
        default_factory=dict,
        title=N_("Workload class per VM"),
        description=N_("Workload classes set by hand for single VMs."),
    )
    snapshot_reserve: float = Field(
        0.15,
        ge=0,
        le=5,
        title=N_("Snapshot reserve"),
        description=N_(
            "Space kept for snapshots, as a share of the capacity; the same reserve "
            "applies to the storage requirement and to the datastore layout."
        ),
        json_schema_extra=shown("%", 100),
    )
    annual_growth: float = Field(
        0.10,
        ge=0,
        le=5,
        title=N_("Annual growth"),
        description=N_(
            "Yearly capacity growth, compounded over the planning years; the same "
            "growth applies to the storage requirement and to the datastore layout."
        ),
        json_schema_extra=shown("%", 100),
    )
    years: float = Field(
        3,
        ge=0,
        le=20,
        title=N_("Planning years"),
        description=N_("Planning horizon the growth compounds over."),
        json_schema_extra=shown("years"),
    )
    max_fill: float = Field(
        0.80,
        gt=0,
        le=1,
        title=N_("Maximum fill"),
        description=N_("Largest share of the array's usable capacity the data may fill."),
        json_schema_extra=shown("%", 100),
    )
    layout: LayoutSettings = Field(
        default_factory=LayoutSettings,
        title=N_("Datastore layout"),
        description=N_("How the VMs are laid out on VMFS datastores."),
    )
    compute: ComputeSettings = Field(
        default_factory=ComputeSettings,
        title=N_("Compute"),
        description=N_("How the ESXi hosts are sized."),
    )
    rules: list[UserRule] = Field(
        default_factory=list,
        title=N_("Your classification rules"),
        description=N_(
            "Rules on a VM's name, OS, folder, notes, cluster or a custom attribute, "
            "applied in order after per-VM overrides and before the built-in rules."
        ),
    )
    unknown_warning_share: float = Field(
        0.25,
        ge=0,
        le=1,
        title=N_("Unknown-class warning"),
        description=N_(
            "Warn when VMs of unknown workload hold more than this share of the in-scope capacity."
        ),
        json_schema_extra=shown("%", 100),
    )
    reclaim: ReclaimSettings = Field(
        default_factory=ReclaimSettings,
        title=N_("Reclaimable capacity"),
        description=N_("Reclaimable capacity the engineer chooses to leave out of the sizing."),
    )

    @field_validator("vm_class_overrides", mode="before")
    @classmethod
    def _class_lists(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: [v] if isinstance(v, str) else v for k, v in value.items()}
        return value

    @property
    def growth_factor(self) -> float:
        """Compound growth over the planning horizon: (1 + annual growth) ^ years."""
        return math.pow(1 + self.annual_growth, self.years)

    @property
    def reserve_factor(self) -> float:
        """Snapshot reserve and growth together: (1 + snapshot reserve) x growth factor."""
        return (1 + self.snapshot_reserve) * self.growth_factor
