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
from .ranges import RANGE_ERRORS, field_at, range_message
from .units import TIB_MIB

CapacityBasis = Literal["in_use", "provisioned", "guest_used"]
DrrProfile = Literal["per_class", "flat_2", "flat_1"]
Strategy = Literal["consolidation", "performance", "uniform"]
Scenario = Literal["single", "stretched", "dr"]


def shown(unit: str, scale: float = 1, performance_only: bool = False) -> dict[str, Any]:
    """Display metadata of a setting: its unit and the factor from stored to shown value.

    A fraction is shown x 100 as %, MiB / 2^20 as TiB. `applies_to` lists the layout strategies
    a setting affects when it is not all of them.
    """
    extra: dict[str, Any] = {"unit": unit, "scale": scale}
    if performance_only:
        extra["applies_to"] = ["performance"]
    return extra


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

RULE_FIELDS = ("name", "os", "folder", "annotation", "cluster", "resource_pool")
ATTRIBUTE_FIELD_PREFIX = "custom_attributes."
UserRuleKind = Literal["prefix", "contains", "regex", "equals"]


class UserRule(BaseModel):
    """One of the engineer's own classification rules: where to look, how, for what, which class.

    Settings JSON and CSV spell the class key `class`. Matching is always case-insensitive.
    """

    model_config = ConfigDict(
        extra="forbid", frozen=True, validate_by_name=True, serialize_by_alias=True
    )

    field: str = Field(
        title="Looks at",
        description="The VM's name, guest OS, folder, notes, cluster, resource pool or a custom "
        "attribute (custom_attributes.<key>).",
    )
    kind: UserRuleKind = Field(
        title="Match", description="Starts with, contains, matches a regular expression, or equals."
    )
    pattern: str = Field(
        min_length=1, title="Pattern", description="The text the field is matched against."
    )
    class_id: str = Field(
        alias="class",
        min_length=1,
        title="Workload class",
        description="The class a matching VM gets.",
    )

    @field_validator("field")
    @classmethod
    def _known_field(cls, value: str) -> str:
        key = value.removeprefix(ATTRIBUTE_FIELD_PREFIX)
        if value in RULE_FIELDS or (value.startswith(ATTRIBUTE_FIELD_PREFIX) and key.strip()):
            return value
        raise ValueError(
            f"a rule looks at {', '.join(RULE_FIELDS)} or custom_attributes.<key>, got {value!r}"
        )

    @field_validator("pattern")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a rule needs a pattern to look for")
        return value


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


class ScopeSettings(_Frozen):
    """Which VMs are sized. None for datacenters/clusters/vcenters means all of them."""

    datacenters: list[str] | None = Field(
        None, title="Datacenters", description="The datacenters sized; empty means all."
    )
    clusters: list[str] | None = Field(
        None, title="Clusters", description="The clusters sized; empty means all."
    )
    include_powered_off: bool = Field(
        False, title="Include powered-off VMs", description="Size VMs that are powered off."
    )
    include_suspended: bool = Field(
        True, title="Include suspended VMs", description="Size VMs that are suspended."
    )
    include_templates: bool = Field(
        False, title="Include templates", description="Size VM templates."
    )
    ignored_vm_ids: list[str] = Field(
        default_factory=list, title="Ignored VMs", description="VMs left out by hand."
    )
    vcenters: list[str] | None = Field(
        None,
        title="vCenters",
        description="The vCenters sized; empty means all. A VM whose export names no vCenter "
        "matches none.",
    )


class LayoutSettings(_Frozen):
    """VMFS datastore layout settings."""

    datastore_size_mib: float = Field(
        4.0 * TIB_MIB,
        gt=0,
        title="VMFS datastore size",
        description="Size of one VMFS datastore (logical VMFS space).",
        json_schema_extra=shown("TiB", 1 / TIB_MIB),
    )
    max_vms_per_datastore: int = Field(
        25,
        ge=1,
        title="VMs per datastore",
        description="At most this many VMs share one datastore.",
        json_schema_extra=shown(""),
    )
    iops_budget: float = Field(
        100_000,
        gt=0,
        title="IOPS per datastore",
        description="Peak IOPS one datastore may carry.",
        json_schema_extra=shown("IOPS"),
    )
    fill_limit: float = Field(
        0.80,
        gt=0,
        le=1,
        title="VMFS fill limit",
        description="Largest share of a datastore the VMs may fill with their snapshot reserve "
        "and growth; VMware practice keeps about 20 % free for swap, logs and snapshots.",
        json_schema_extra=shown("%", 100),
    )
    isolate_categories: list[str] = Field(
        default_factory=lambda: ["sap_hana", "mail"],
        title="Isolated workloads",
        description="Workload categories that get datastores of their own. Applies to the "
        "performance strategy only: consolidation and uniform mix every category.",
        json_schema_extra={"applies_to": ["performance"]},
    )
    isolate_database_over_mib: float = Field(
        2.0 * TIB_MIB,
        gt=0,
        title="Own datastore for databases above",
        description="A database VM needing more than this gets a datastore of its own. Applies "
        "to the performance strategy only.",
        json_schema_extra=shown("TiB", 1 / TIB_MIB, performance_only=True),
    )
    anti_affinity: list[tuple[str, str]] = Field(
        default_factory=lambda: [("database", "vdi")],
        title="Kept apart",
        description="Pairs of workload categories that never share a datastore. Applies to the "
        "performance strategy only.",
        json_schema_extra={"applies_to": ["performance"]},
    )
    hot_vm_iops: float = Field(
        500,
        gt=0,
        title="Hot VM above",
        description="A VM peaking above this many IOPS is hot and is spread over the "
        "datastores. Applies to the performance strategy only.",
        json_schema_extra=shown("IOPS", performance_only=True),
    )
    hot_max_vms: int = Field(
        15,
        ge=1,
        title="VMs per hot datastore",
        description="A datastore holding a hot VM takes at most this many VMs. Applies to the "
        "performance strategy only.",
        json_schema_extra=shown("", performance_only=True),
    )
    chosen_strategy: Strategy = Field(
        "consolidation",
        title="Layout strategy",
        description="The datastore layout the report presents.",
    )


class CustomHost(_Frozen):
    """A host the user defines instead of a preset."""

    name: str = Field("Custom host", title="Host name", description="Name shown for the host.")
    sockets: int = Field(
        2,
        ge=1,
        le=8,
        title="CPU sockets",
        description="CPU sockets per host.",
        json_schema_extra=shown(""),
    )
    cores_per_socket: int = Field(
        32,
        ge=1,
        le=256,
        title="Cores per socket",
        description="Physical cores per CPU.",
        json_schema_extra=shown(""),
    )
    ghz: float = Field(
        2.4,
        gt=0,
        le=10,
        title="Base clock",
        description="CPU base clock speed.",
        json_schema_extra=shown("GHz"),
    )
    ram_gib: float = Field(
        1024,
        gt=0,
        title="Host memory",
        description="Installed RAM per host.",
        json_schema_extra=shown("GiB"),
    )


class ComputeSettings(_Frozen):
    """ESXi host sizing settings."""

    host_preset: str = Field(
        "dell-r760-2x-xeon-gold-6430",
        title="Host model",
        description="The server model sized (a preset from the host catalogue).",
    )
    custom_host: CustomHost | None = Field(
        None, title="Custom host", description="A host defined by hand instead of a preset."
    )
    vcpu_per_core: float = Field(
        4.0,
        gt=0,
        le=32,
        title="vCPU per core",
        description="Allocated vCPU per physical core (CPU overcommit).",
        json_schema_extra=shown(":1"),
    )
    memory_overcommit: float = Field(
        1.0,
        gt=0,
        le=4,
        title="Memory overcommit",
        description="Allocated vRAM per GiB of host RAM.",
        json_schema_extra=shown(":1"),
    )
    max_cpu_util: float = Field(
        0.80,
        gt=0,
        le=1,
        title="CPU utilisation target",
        description="Highest CPU load a host may carry at the end of the planning horizon.",
        json_schema_extra=shown("%", 100),
    )
    max_memory_util: float = Field(
        0.80,
        gt=0,
        le=1,
        title="Memory utilisation target",
        description="Highest memory load a host may carry at the end of the planning horizon.",
        json_schema_extra=shown("%", 100),
    )
    ha_spares: int = Field(
        1,
        ge=0,
        le=2,
        title="HA spare hosts",
        description="Spare hosts per site on top of the need: 1 is N+1, 2 is N+2.",
        json_schema_extra=shown(""),
    )
    annual_growth: float | None = Field(
        None,
        ge=0,
        le=5,
        title="Compute annual growth",
        description="Yearly growth of CPU and memory demand; empty uses the storage growth.",
        json_schema_extra=shown("%", 100),
    )
    years: float | None = Field(
        None,
        ge=0,
        le=20,
        title="Compute planning years",
        description="Planning horizon of the host sizing; empty uses the storage horizon.",
        json_schema_extra=shown("years"),
    )
    min_hosts_per_cluster: int = Field(
        2,
        ge=1,
        title="Minimum hosts",
        description="Fewest hosts a site runs before HA spares.",
        json_schema_extra=shown(""),
    )
    scenario: Scenario = Field(
        "single",
        title="Scenario",
        description="One site, a stretched cluster over two sites, or a primary with a DR site.",
    )
    stretched_split: float = Field(
        0.5,
        gt=0,
        lt=1,
        title="Share of site A",
        description="Share of the VMs that normally run in site A of a stretched cluster.",
        json_schema_extra=shown("%", 100),
    )
    dr_protected_share: float = Field(
        1.0,
        gt=0,
        le=1,
        title="DR protected share",
        description="Share of the demand the DR site must run after a failover.",
        json_schema_extra=shown("%", 100),
    )
    peak_concurrency: float = Field(
        1.0,
        gt=0,
        le=1,
        title="Peak concurrency",
        description="Share of the sum of per-VM peaks assumed to occur at once, for demand "
        "sizing where no host-level peaks (LiveOptics ESX Performance) exist. 100 % assumes "
        "every VM peaks together (the safe side).",
        json_schema_extra=shown("%", 100),
    )


class ReclaimSettings(_Frozen):
    """Reclaimable capacity the engineer chooses to leave out of the sizing (nothing by default)."""

    exclude_powered_off_whole_export: bool = Field(
        False,
        title="Leave out VMs powered off for the whole export",
        description="Leave out VMs powered off for the whole export, even when powered-off VMs "
        "are included.",
    )
    exclude_old_snapshots: bool = Field(
        False,
        title="Subtract snapshots older than 3 days",
        description="Subtract snapshots older than 3 days from each VM's in-use or provisioned "
        "capacity.",
    )


class SizingSettings(_Frozen):
    """Everything a sizing depends on besides the inventory and its classification."""

    scope: ScopeSettings = Field(
        default_factory=ScopeSettings, title="Scope", description="Which VMs are sized."
    )
    basis: CapacityBasis = Field(
        "in_use",
        title="Capacity basis",
        description="Which capacity of each VM is sized: in use on the datastores, "
        "provisioned, or used inside the guest.",
    )
    profile: DrrProfile = Field(
        "per_class",
        title="DRR profile",
        description="Data reduction per workload class, or one flat ratio for every VM.",
    )
    class_drr_overrides: dict[str, Drr] = Field(
        default_factory=dict,
        title="DRR per workload class",
        description="Data reduction ratios that replace the profile's ratio of a workload class.",
    )
    vm_drr_overrides: dict[str, Drr] = Field(
        default_factory=dict,
        title="DRR per VM",
        description="Data reduction ratios set by hand for single VMs.",
    )
    vm_class_overrides: dict[str, list[str]] = Field(
        default_factory=dict,
        title="Workload class per VM",
        description="Workload classes set by hand for single VMs.",
    )
    snapshot_reserve: float = Field(
        0.15,
        ge=0,
        le=5,
        title="Snapshot reserve",
        description="Space kept for snapshots, as a share of the capacity; the same reserve "
        "applies to the storage requirement and to the datastore layout.",
        json_schema_extra=shown("%", 100),
    )
    annual_growth: float = Field(
        0.10,
        ge=0,
        le=5,
        title="Annual growth",
        description="Yearly capacity growth, compounded over the planning years; the same "
        "growth applies to the storage requirement and to the datastore layout.",
        json_schema_extra=shown("%", 100),
    )
    years: float = Field(
        3,
        ge=0,
        le=20,
        title="Planning years",
        description="Planning horizon the growth compounds over.",
        json_schema_extra=shown("years"),
    )
    max_fill: float = Field(
        0.80,
        gt=0,
        le=1,
        title="Maximum fill",
        description="Largest share of the array's usable capacity the data may fill.",
        json_schema_extra=shown("%", 100),
    )
    layout: LayoutSettings = Field(
        default_factory=LayoutSettings,
        title="Datastore layout",
        description="How the VMs are laid out on VMFS datastores.",
    )
    compute: ComputeSettings = Field(
        default_factory=ComputeSettings,
        title="Compute",
        description="How the ESXi hosts are sized.",
    )
    rules: list[UserRule] = Field(
        default_factory=list,
        title="Your classification rules",
        description="Rules on a VM's name, OS, folder, notes, cluster or a custom attribute, "
        "applied in order after per-VM overrides and before the built-in rules.",
    )
    unknown_warning_share: float = Field(
        0.25,
        ge=0,
        le=1,
        title="Unknown-class warning",
        description="Warn when VMs of unknown workload hold more than this share of the "
        "in-scope capacity.",
        json_schema_extra=shown("%", 100),
    )
    reclaim: ReclaimSettings = Field(
        default_factory=ReclaimSettings,
        title="Reclaimable capacity",
        description="Reclaimable capacity the engineer chooses to leave out of the sizing.",
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


def load_settings(data: Any) -> SizingSettings:
    """Validate user-supplied settings (e.g. parsed JSON); errors name the offending key."""
    if not isinstance(data, dict):
        raise SettingsError("Settings must be a JSON object with keys such as 'scope' and 'basis'.")
    try:
        return SizingSettings.model_validate(data)
    except ValidationError as exc:
        raise SettingsError(describe_validation_error(exc, "setting", SizingSettings)) from None


def describe_validation_error(
    exc: ValidationError, what: str, model: type[BaseModel] | None = None
) -> str:
    """One readable sentence for the first pydantic error, naming the dotted key path.

    Given the validated `model`, a number out of range is named by its field's title with its
    allowed range instead, e.g. "Snapshot reserve must be between 0 % and 500 %; 600 % was given."
    """
    err = exc.errors(include_url=False)[0]
    key = ".".join(str(p) for p in err["loc"]) or "(root)"
    if err["type"] == "extra_forbidden":
        return f"Unknown {what} '{key}': remove it or check its spelling."
    if err["type"] == "missing":
        return f"Missing {what} '{key}': add it."
    field = field_at(model, err["loc"]) if model is not None else None
    if field is not None and err["type"] in RANGE_ERRORS:
        message = range_message(field, err.get("input"), err["type"])
        if message is not None:
            return message
    msg = err["msg"].removeprefix("Value error, ")
    return f"Invalid {what} '{key}': {msg}."
