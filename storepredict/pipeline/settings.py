"""Sizing settings: one frozen object, passed explicitly to every pipeline step.

Defaults come from the sizing domain facts (docs/sizing.md). `load_settings` turns user JSON into
settings and every validation failure into a `SettingsError` that names the key.
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)

from .errors import SettingsError

TIB_MIB = 1024 * 1024
CapacityBasis = Literal["in_use", "provisioned", "guest_used"]
DrrProfile = Literal["per_class", "flat_2", "flat_1"]
Strategy = Literal["consolidation", "performance", "uniform"]
Scenario = Literal["single", "stretched", "dr"]


def check_drr(value: float) -> float:
    """Validate one data reduction ratio: a finite number above 0 and at most 100."""
    if not isinstance(value, int | float) or math.isnan(value) or value <= 0 or value > 100:
        raise ValueError(f"a DRR must be a number above 0 and at most 100, got {value!r}")
    return float(value)


def _not_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError(f"a DRR must be a number, got {str(value).lower()}")
    return value


Drr = Annotated[float, BeforeValidator(_not_bool), AfterValidator(check_drr)]


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


class ScopeSettings(_Frozen):
    """Which VMs are sized. None for datacenters/clusters/vcenters means all of them."""

    datacenters: list[str] | None = None
    clusters: list[str] | None = None
    include_powered_off: bool = False
    include_suspended: bool = True
    include_templates: bool = False
    ignored_vm_ids: list[str] = Field(default_factory=list)
    vcenters: list[str] | None = None
    """Selected vCenters (None: all of them); a VM whose export names no vCenter matches none."""


class LayoutSettings(_Frozen):
    """VMFS datastore layout settings."""

    datastore_size_mib: float = Field(4.0 * TIB_MIB, gt=0)
    max_vms_per_datastore: int = Field(25, ge=1)
    iops_budget: float = Field(100_000, gt=0)
    snapshot_reserve: float = Field(0.15, ge=0, le=5)
    growth_margin: float = Field(0.20, ge=0, le=5)
    fill_limit: float = Field(1.0, gt=0, le=1)
    isolate_categories: list[str] = Field(default_factory=lambda: ["sap_hana", "mail"])
    isolate_database_over_mib: float = Field(2.0 * TIB_MIB, gt=0)
    anti_affinity: list[tuple[str, str]] = Field(default_factory=lambda: [("database", "vdi")])
    hot_vm_iops: float = Field(500, gt=0)
    hot_max_vms: int = Field(15, ge=1)
    chosen_strategy: Strategy = "consolidation"


class CustomHost(_Frozen):
    """A host the user defines instead of a preset."""

    name: str = "Custom host"
    sockets: int = Field(2, ge=1, le=8)
    cores_per_socket: int = Field(32, ge=1, le=256)
    ghz: float = Field(2.4, gt=0, le=10)
    ram_gib: float = Field(1024, gt=0)


class ComputeSettings(_Frozen):
    """ESXi host sizing settings."""

    host_preset: str = "dell-r760-2x-xeon-gold-6430"
    custom_host: CustomHost | None = None
    vcpu_per_core: float = Field(4.0, gt=0, le=32)
    memory_overcommit: float = Field(1.0, gt=0, le=4)
    max_cpu_util: float = Field(0.80, gt=0, le=1)
    max_memory_util: float = Field(0.80, gt=0, le=1)
    ha_spares: int = Field(1, ge=0, le=2)
    annual_growth: float | None = Field(None, ge=0, le=5)
    years: float | None = Field(None, ge=0, le=20)
    min_hosts_per_cluster: int = Field(2, ge=1)
    scenario: Scenario = "single"
    stretched_split: float = Field(0.5, gt=0, lt=1)
    dr_protected_share: float = Field(1.0, gt=0, le=1)


class SizingSettings(_Frozen):
    """Everything a sizing depends on besides the inventory and its classification."""

    scope: ScopeSettings = Field(default_factory=ScopeSettings)
    basis: CapacityBasis = "in_use"
    profile: DrrProfile = "per_class"
    class_drr_overrides: dict[str, Drr] = Field(default_factory=dict)
    vm_drr_overrides: dict[str, Drr] = Field(default_factory=dict)
    vm_class_overrides: dict[str, list[str]] = Field(default_factory=dict)
    snapshot_reserve: float = Field(0.15, ge=0, le=5)
    annual_growth: float = Field(0.10, ge=0, le=5)
    years: float = Field(3, ge=0, le=20)
    max_fill: float = Field(0.80, gt=0, le=1)
    layout: LayoutSettings = Field(default_factory=LayoutSettings)
    compute: ComputeSettings = Field(default_factory=ComputeSettings)

    @field_validator("vm_class_overrides", mode="before")
    @classmethod
    def _class_lists(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: [v] if isinstance(v, str) else v for k, v in value.items()}
        return value

    @property
    def growth_factor(self) -> float:
        """Compound growth over the planning horizon: (1 + annual growth) ^ years."""
        return (1 + self.annual_growth) ** self.years


def load_settings(data: Any) -> SizingSettings:
    """Validate user-supplied settings (e.g. parsed JSON); errors name the offending key."""
    if not isinstance(data, dict):
        raise SettingsError("Settings must be a JSON object with keys such as 'scope' and 'basis'.")
    try:
        return SizingSettings.model_validate(data)
    except ValidationError as exc:
        raise SettingsError(describe_validation_error(exc, "setting")) from None


def describe_validation_error(exc: ValidationError, what: str) -> str:
    """One readable sentence for the first pydantic error, naming the dotted key path."""
    err = exc.errors(include_url=False)[0]
    key = ".".join(str(p) for p in err["loc"]) or "(root)"
    if err["type"] == "extra_forbidden":
        return f"Unknown {what} '{key}': remove it or check its spelling."
    if err["type"] == "missing":
        return f"Missing {what} '{key}': add it."
    msg = err["msg"].removeprefix("Value error, ")
    return f"Invalid {what} '{key}': {msg}."
