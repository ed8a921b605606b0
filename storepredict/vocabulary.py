"""Every label a person reads, in one place: pages, reports and the CLI's human output use it.

No raw key, class id or code reaches a person: each enumerated value of the pipeline has its
label here, and `tests/test_vocabulary.py` renders every one of them.
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

from .pipeline.classify.catalogue import load_catalogue
from .pipeline.inventory import PowerState, SourceFormat
from .pipeline.settings import CapacityBasis, DrrProfile, Scenario, Strategy
from .pipeline.settings_fields import Bounds
from .pipeline.sizing.hosts import HostSpec
from .pipeline.sizing.sites import Binding
from .pipeline.units import CapacityUnit, format_capacity

DASH = "—"

STRATEGY_LABELS: dict[Strategy, str] = {
    "consolidation": "Consolidation",
    "performance": "Performance",
    "uniform": "Uniform",
}
STRATEGY_BLURBS: dict[Strategy, str] = {
    "consolidation": "Fewest datastores within the size, VM and IOPS limits.",
    "performance": "Critical workloads isolated, hot VMs spread out.",
    "uniform": "Equal-size datastores with balanced fill.",
}
SCENARIO_LABELS: dict[Scenario, str] = {
    "single": "Single site",
    "stretched": "Stretched cluster (vMSC)",
    "dr": "Active/passive DR",
}
BINDING_LABELS: dict[Binding, str] = {
    "cpu": "CPU",
    "memory": "Memory",
    "minimum": "Minimum hosts per cluster",
    "none": "Nothing (no VMs in scope)",
}
PROFILE_LABELS: dict[DrrProfile, str] = {
    "per_class": "Per-class DRR table",
    "flat_2": "Flat 2:1",
    "flat_1": "Flat 1:1 (no reduction)",
}
BASIS_LABELS: dict[CapacityBasis, str] = {
    "in_use": "In use",
    "provisioned": "Provisioned",
    "guest_used": "Guest used",
}
FORMAT_LABELS: dict[SourceFormat, str] = {
    "rvtools": "RVTools",
    "liveoptics": "Dell LiveOptics",
    "dual": "RVTools + LiveOptics",
}
CATEGORY_LABELS: dict[str, str] = {
    "general_vm": "General VMs",
    "database": "Databases",
    "sap_hana": "SAP HANA",
    "vdi": "Virtual desktops",
    "file": "File servers",
    "archive": "Archive",
    "mail": "Mail",
    "logging": "Logging and analytics",
    "container": "Containers",
    "backup": "Backup",
    "boot": "Boot and OS only",
    "web": "Web and application",
    "healthcare": "Healthcare",
    "infrastructure": "Infrastructure",
    "unknown": "Unknown",
}
UNIT_LABELS: dict[CapacityUnit, str] = {
    "TiB": "TiB (binary, 2^40 bytes)",
    "TB": "TB (decimal, 10^12 bytes)",
}


def strategy_label(key: Strategy) -> str:
    """A layout strategy in words, e.g. 'Consolidation'."""
    return STRATEGY_LABELS[key]


def scenario_label(key: Scenario) -> str:
    """A compute scenario in words, e.g. 'Stretched cluster (vMSC)'."""
    return SCENARIO_LABELS[key]


def binding_label(key: Binding) -> str:
    """The resource that set the host count, in words."""
    return BINDING_LABELS[key]


def profile_label(key: DrrProfile) -> str:
    """A DRR profile in words."""
    return PROFILE_LABELS[key]


def basis_label(key: CapacityBasis) -> str:
    """A capacity basis in words, e.g. 'In use'."""
    return BASIS_LABELS[key]


def format_label(key: SourceFormat) -> str:
    """An export format in words, e.g. 'Dell LiveOptics'."""
    return FORMAT_LABELS[key]


def category_label(key: str) -> str:
    """A workload category in words, e.g. 'SAP HANA'."""
    return CATEGORY_LABELS[key]


@cache
def _class_names() -> dict[str, str]:
    return {klass.id: klass.name for klass in load_catalogue().values()}


def class_label(class_id: str) -> str:
    """A workload class's readable name from the catalogue, e.g. 'Oracle Database'."""
    return _class_names().get(class_id, class_id.replace("_", " ").capitalize())


def host_label(host: HostSpec) -> str:
    """A host model as one line, e.g. 'Dell PowerEdge R760 · 2x Xeon Gold 6430 · 64 cores · ...'."""
    cpu = host.cpu_model.removeprefix("Intel ").removeprefix("AMD ")
    name = f"{host.vendor} {host.model}".strip()
    return (
        f"{name} · {host.sockets}x {cpu} · {host.cores} cores · "
        f"{host.base_ghz:g} GHz · {host.ram_gib:g} GiB"
    )


def spares_label(spares: int) -> str:
    """HA spares as the N+k notation engineers use, e.g. 'N+1'."""
    return f"N+{spares}"


def plural(count: int, one: str, many: str | None = None) -> str:
    """'1 host', '3 hosts': the count with the right noun form."""
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def ratio(value: float | None) -> str:
    """A ratio such as a DRR or vCPU:core as '2.50:1'; a dash when unknown."""
    return DASH if value is None else f"{value:.2f}:1"


def percent(share: float | None, digits: int = 0) -> str:
    """A 0..1 share as a percentage, e.g. 0.8 -> '80 %'; a dash when unknown."""
    return DASH if share is None else f"{share * 100:.{digits}f} %"


def capacity(mib: float | None, unit: CapacityUnit, digits: int = 2) -> str:
    """A MiB figure in TiB or TB, e.g. '12.34 TiB'; a dash when unknown."""
    return DASH if mib is None else format_capacity(mib, unit, digits)


class SettingLabel(NamedTuple):
    """How a page shows one setting: its label, the unit after the value, stored x scale = shown.

    Capacity settings carry the unit "MiB": pages show them in the tab's TiB or TB.
    """

    label: str
    unit: str = ""
    scale: float = 1.0


SETTING_LABELS: dict[str, SettingLabel] = {
    "basis": SettingLabel("Capacity basis"),
    "profile": SettingLabel("DRR profile"),
    "class_drr_overrides": SettingLabel("DRR override", ":1"),
    "vm_drr_overrides": SettingLabel("DRR of a VM", ":1"),
    "vm_class_overrides": SettingLabel("Workload class of a VM"),
    "snapshot_reserve": SettingLabel("Snapshot reserve", "%", 100),
    "annual_growth": SettingLabel("Annual growth", "%", 100),
    "years": SettingLabel("Planning horizon", "years"),
    "max_fill": SettingLabel("Maximum fill", "%", 100),
    "layout.datastore_size_mib": SettingLabel("Datastore size", "MiB"),
    "layout.max_vms_per_datastore": SettingLabel("Max VMs per datastore", "VMs"),
    "layout.iops_budget": SettingLabel("IOPS budget per datastore", "IOPS"),
    "layout.snapshot_reserve": SettingLabel("Datastore snapshot reserve", "%", 100),
    "layout.growth_margin": SettingLabel("Datastore growth margin", "%", 100),
    "layout.fill_limit": SettingLabel("Datastore fill limit", "%", 100),
    "layout.isolate_categories": SettingLabel("Isolate on their own datastores"),
    "layout.isolate_database_over_mib": SettingLabel("Isolate databases larger than", "MiB"),
    "layout.anti_affinity": SettingLabel("Keep apart"),
    "layout.hot_vm_iops": SettingLabel("Hot VM threshold", "IOPS"),
    "layout.hot_max_vms": SettingLabel("Max hot VMs per datastore", "VMs"),
    "layout.chosen_strategy": SettingLabel("Layout strategy"),
    "compute.host_preset": SettingLabel("Server"),
    "compute.custom_host": SettingLabel("Custom host"),
    "compute.custom_host.name": SettingLabel("Custom host name"),
    "compute.custom_host.sockets": SettingLabel("Sockets", "sockets"),
    "compute.custom_host.cores_per_socket": SettingLabel("Cores per socket", "cores"),
    "compute.custom_host.ghz": SettingLabel("Base clock", "GHz"),
    "compute.custom_host.ram_gib": SettingLabel("RAM", "GiB"),
    "compute.vcpu_per_core": SettingLabel("vCPU per physical core", ":1"),
    "compute.memory_overcommit": SettingLabel("Memory overcommit", "×"),
    "compute.max_cpu_util": SettingLabel("Max CPU utilisation", "%", 100),
    "compute.max_memory_util": SettingLabel("Max memory utilisation", "%", 100),
    "compute.ha_spares": SettingLabel("HA spares", "hosts"),
    "compute.annual_growth": SettingLabel("Compute annual growth", "%", 100),
    "compute.years": SettingLabel("Compute planning horizon", "years"),
    "compute.min_hosts_per_cluster": SettingLabel("Minimum hosts per cluster", "hosts"),
    "compute.scenario": SettingLabel("Scenario"),
    "compute.stretched_split": SettingLabel("Site A share of the workload", "%", 100),
    "compute.dr_protected_share": SettingLabel("Protected share at the DR site", "%", 100),
    "scope.datacenters": SettingLabel("Datacenters"),
    "scope.clusters": SettingLabel("Clusters"),
    "scope.include_powered_off": SettingLabel("Powered-off VMs"),
    "scope.include_suspended": SettingLabel("Suspended VMs"),
    "scope.include_templates": SettingLabel("Templates"),
    "scope.ignored_vm_ids": SettingLabel("Ignored VMs"),
}
SETTING_SECTIONS: dict[str, str] = {
    "": "Storage capacity",
    "layout": "Datastore layout",
    "compute": "ESXi hosts",
    "compute.custom_host": "Custom host",
    "scope": "Scope",
}


def setting_label(path: str) -> SettingLabel:
    """How a page shows the setting at dotted `path` (e.g. 'layout.fill_limit').

    A per-class DRR names its class; a setting added later without a label reads as words.
    """
    if path in SETTING_LABELS:
        return SETTING_LABELS[path]
    head, _, key = path.partition(".")
    if head == "class_drr_overrides" and key:
        return SettingLabel(f"DRR override for {class_label(key)}", ":1")
    if head in SETTING_LABELS:
        return SETTING_LABELS[head]
    words = path.rsplit(".", 1)[-1].removesuffix("_mib").replace("_", " ")
    return SettingLabel(words.capitalize(), "MiB" if path.endswith("_mib") else "")


def setting_value(value: float, unit: str = "", scale: float = 1.0) -> str:
    """A stored setting as a page shows it, e.g. 0.15 with '%' and scale 100 -> '15 %'."""
    number = f"{value * scale:,.6g}"
    if not unit:
        return number
    return f"{number}{unit}" if unit.startswith(":") else f"{number} {unit}"


def allowed_range(bounds: Bounds, unit: str = "", scale: float = 1.0) -> str:
    """A range in words with the shown unit, e.g. 'above 0 % and at most 100 %'."""
    parts = []
    if bounds.low is not None:
        low = setting_value(bounds.low, unit, scale)
        parts.append(("at least " if bounds.low_included else "above ") + low)
    if bounds.high is not None:
        high = setting_value(bounds.high, unit, scale)
        parts.append(("at most " if bounds.high_included else "below ") + high)
    return " and ".join(parts) or "any number"


POWER_LABELS: dict[PowerState, str] = {
    "on": "On",
    "off": "Off",
    "suspended": "Suspended",
    "unknown": "Unknown",
}


def power_label(state: PowerState) -> str:
    """A VM's power state in words, e.g. 'Suspended'."""
    return POWER_LABELS[state]
