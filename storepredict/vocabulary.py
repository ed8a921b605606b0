"""Every label a person reads, in one place: pages, reports and the CLI's human output use it.

No raw key, class id or code reaches a person: each enumerated value of the pipeline has its
label here, and `tests/test_vocabulary.py` renders every one of them.
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

from .pipeline import (
    FINDINGS,
    Bounds,
    CapacityBasis,
    CapacityUnit,
    DrrProfile,
    Scenario,
    SourceFormat,
    Strategy,
    format_capacity,
    setting_display,
)
from .pipeline.classify import load_catalogue
from .pipeline.sizing import Binding, HostSpec

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


def finding_title(code: str) -> str:
    """A finding code's title for people, e.g. 'Duplicate VM names'; a generic one if unknown."""
    kind = FINDINGS.get(code)
    return kind.title if kind else "Data-quality finding"


SEVERITY_LABELS: dict[str, str] = {"info": "Info", "warning": "Warning", "critical": "Critical"}


def severity_label(key: str) -> str:
    """A finding's severity in words, e.g. 'Warning'."""
    return SEVERITY_LABELS.get(key, key.capitalize())


def exclusion_label(reason: str | None) -> str:
    """Why a VM is out of scope, as a sentence start, e.g. 'Powered off'; empty when in scope."""
    return "" if not reason else reason[0].upper() + reason[1:]


def decided_by(reason: str) -> str:
    """Who set a VM's workload class: 'Engineer' for a manual override, else 'Rule'."""
    return "Engineer" if reason == "manual override" else "Rule"


def reason_label(reason: str) -> str:
    """A classification reason as a person reads it, e.g. 'Rule db-01: VM name contains sql'."""
    return reason[0].upper() + reason[1:] if reason else ""


POWER_LABELS: dict[str, str] = {
    "on": "Powered on",
    "off": "Powered off",
    "suspended": "Suspended",
    "unknown": "Unknown",
}


def power_label(key: str) -> str:
    """A VM's power state in words, e.g. 'Powered on'."""
    return POWER_LABELS.get(key, key.capitalize())


BINDING_WORDS: dict[Binding, str] = {
    "cpu": "CPU",
    "memory": "memory",
    "minimum": "the minimum hosts per cluster",
    "none": "nothing (no VMs in scope)",
}


def binding_words(key: Binding) -> str:
    """The resource that set the host count inside a sentence, e.g. 'memory'."""
    return BINDING_WORDS[key]


# The engineer's own classification rules and how sure a classification is (issue 14).
RULE_FIELD_LABELS: dict[str, str] = {
    "name": "VM name",
    "os": "Guest OS",
    "folder": "Folder",
    "annotation": "Notes",
    "cluster": "Cluster",
    "resource_pool": "Resource pool",
    "custom_attributes": "Custom attribute",
}
RULE_KIND_LABELS: dict[str, str] = {
    "prefix": "starts with",
    "contains": "contains",
    "regex": "matches the regular expression",
    "equals": "is exactly",
}
CONFIDENCE_LABELS: dict[str, str] = {
    "rule": "Rule",
    "signal": "Weaker signal",
    "default": "Default (nothing matched)",
}


def rule_field_label(field: str) -> str:
    """A user rule's field in words: 'VM name', or 'Custom attribute Role'."""
    key = field.removeprefix("custom_attributes.")
    return RULE_FIELD_LABELS[field] if key == field else f"Custom attribute {key}"


def rule_kind_label(kind: str) -> str:
    """How a user rule matches, in words: 'starts with'."""
    return RULE_KIND_LABELS[kind]


def confidence_label(confidence: str) -> str:
    """How sure a classification is, in words: 'Weaker signal'."""
    return CONFIDENCE_LABELS[confidence]


class SettingLabel(NamedTuple):
    """How a page shows one setting: its label, the unit after the value, stored x scale = shown.

    Capacity settings carry the unit "MiB": pages show them in the tab's TiB or TB.
    """

    label: str
    unit: str = ""
    scale: float = 1.0


def setting_label(path: str) -> SettingLabel:
    """How a page shows the setting at dotted `path` (e.g. 'layout.fill_limit').

    Label, unit and scale come from the settings model's own field (its title and display unit);
    a per-class DRR names its class; capacities carry the unit "MiB" so pages show them in the
    tab's TiB or TB.
    """
    head, _, key = path.partition(".")
    if head == "class_drr_overrides" and key:
        return SettingLabel(f"DRR override for {class_label(key)}", ":1")
    if head in ("class_drr_overrides", "vm_drr_overrides", "vm_class_overrides"):
        path = head
    shown = setting_display(path)
    if shown is None:
        words = path.rsplit(".", 1)[-1].removesuffix("_mib").replace("_", " ")
        return SettingLabel(words.capitalize(), "MiB" if path.endswith("_mib") else "")
    title, unit, scale = shown
    if head in ("class_drr_overrides", "vm_drr_overrides"):
        return SettingLabel(title, ":1")
    if path.endswith("_mib"):
        return SettingLabel(title, "MiB")
    return SettingLabel(title, unit, scale)


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


HEALTH_CATEGORY_LABELS: dict[str, str] = {
    "protection": "Data protection",
    "waste": "Waste and reclaimable capacity",
    "risk": "Risk",
    "platform": "Platform",
    "licensing": "Licensing",
    "data_quality": "Data quality",
}
HEALTH_STATUS_LABELS: dict[str, str] = {
    "ok": "OK",
    "flagged": "Flagged",
    "not_assessable": "Not assessable",
}
RECLAIM_LABELS: dict[str, str] = {
    "exclude_powered_off_whole_export": "Leave out VMs powered off for the whole export",
    "exclude_old_snapshots": "Subtract snapshots older than 3 days",
}


def health_category_label(key: str) -> str:
    """A health-check category in words, e.g. 'Data protection'."""
    return HEALTH_CATEGORY_LABELS[key]


def health_status_label(key: str) -> str:
    """A health-check status in words, e.g. 'Not assessable'."""
    return HEALTH_STATUS_LABELS[key]


# The capacity waterfall, the current estate and the demand basis (issue 13 items 2, 5-7).
WATERFALL_STEP_LABELS: dict[str, str] = {
    "logical": "Logical",
    "reduced": "After data reduction",
    "snapshot_reserve": "Snapshot reserve",
    "growth": "Growth",
    "required": "Required (physical)",
}
PHYSICAL = "physical, after data reduction"
"""What the required capacity is: physical capacity on the array, after data reduction."""
LOGICAL_VMFS = "logical VMFS"
"""What datastore capacity is: logical VMFS space, before data reduction."""
DEMAND_BASIS_LABELS: dict[str, str] = {
    "host_peaks": "Coincident host peaks (LiveOptics ESX Performance)",
    "vm_peaks": "Sum of per-VM peaks × peak concurrency",
    "mixed": "Host peaks where measured, per-VM peaks elsewhere",
}
ALLOCATION_BASIS = "Allocations (vCPU and vRAM of the VMs)"
"""The compute sizing's basis when no measured peaks exist."""


def waterfall_step_label(step: str) -> str:
    """A capacity waterfall step in a few words, e.g. 'After data reduction'."""
    return WATERFALL_STEP_LABELS[step]


def demand_basis_label(basis: str | None) -> str:
    """Where the measured compute demand came from; None: allocations only (no peaks)."""
    return ALLOCATION_BASIS if basis is None else DEMAND_BASIS_LABELS[basis]


def factor_label(factor: float) -> str:
    """A multiplying factor as a person reads it, e.g. '× 1.331'."""
    return f"× {factor:.3f}"


def gib(mib: float | None) -> str:
    """Memory in GiB, e.g. '1,024 GiB'; a dash when unknown."""
    return DASH if mib is None else f"{mib / 1024:,.0f} GiB"
