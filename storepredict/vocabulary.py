"""Every label a person reads, in one place: pages, reports and the CLI's human output use it.

No raw key, class id or code reaches a person: each enumerated value of the pipeline has its
label here, and `tests/test_vocabulary.py` renders every one of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import NamedTuple, TypeVar

from .i18n import (
    N_,
    _,
    active_language,
    format_number,
    format_quantity,
    ngettext,
    unit_symbol,
)
from .pipeline import (
    FINDINGS,
    Bounds,
    CapacityBasis,
    CapacityUnit,
    DrrProfile,
    Scenario,
    SourceFormat,
    StageReport,
    Strategy,
    mib_per_unit,
    setting_display,
)
from .pipeline.classify import load_catalogue, reason_text
from .pipeline.sizing import Binding, HostSpec

DASH = "—"
K = TypeVar("K")


def translated(labels: Mapping[K, str]) -> dict[K, str]:
    """A label table (values marked with N_) in the active language, e.g. for a ui.select."""
    return {key: _(label) for key, label in labels.items()}


STRATEGY_LABELS: dict[Strategy, str] = {
    "consolidation": N_("Consolidation"),
    "performance": N_("Performance"),
    "uniform": N_("Uniform"),
}
STRATEGY_BLURBS: dict[Strategy, str] = {
    "consolidation": N_("Fewest datastores within the size, VM and IOPS limits."),
    "performance": N_("Critical workloads isolated, hot VMs spread out."),
    "uniform": N_("Equal-size datastores with balanced fill."),
}
SCENARIO_LABELS: dict[Scenario, str] = {
    "single": N_("Single site"),
    "stretched": N_("Stretched cluster (vMSC)"),
    "dr": N_("Active/passive DR"),
}
BINDING_LABELS: dict[Binding, str] = {
    "cpu": N_("CPU"),
    "memory": N_("Memory"),
    "minimum": N_("Minimum hosts per cluster"),
    "none": N_("Nothing (no VMs in scope)"),
}
PROFILE_LABELS: dict[DrrProfile, str] = {
    "per_class": N_("Per-class DRR table"),
    "flat_2": N_("Flat 2:1"),
    "flat_1": N_("Flat 1:1 (no reduction)"),
}
BASIS_LABELS: dict[CapacityBasis, str] = {
    "in_use": N_("In use"),
    "provisioned": N_("Provisioned"),
    "guest_used": N_("Guest used"),
}
FORMAT_LABELS: dict[SourceFormat, str] = {
    "rvtools": "RVTools",
    "liveoptics": "Dell LiveOptics",
    "dual": "RVTools + LiveOptics",
}
CATEGORY_LABELS: dict[str, str] = {
    "general_vm": N_("General VMs"),
    "database": N_("Databases"),
    "sap_hana": N_("SAP HANA"),
    "vdi": N_("Virtual desktops"),
    "file": N_("File servers"),
    "archive": N_("Archive"),
    "mail": N_("Mail"),
    "logging": N_("Logging and analytics"),
    "container": N_("Containers"),
    "backup": N_("Backup"),
    "boot": N_("Boot and OS only"),
    "web": N_("Web and application"),
    "healthcare": N_("Healthcare"),
    "infrastructure": N_("Infrastructure"),
    "unknown": N_("Unknown"),
}
UNIT_LABELS: dict[CapacityUnit, str] = {
    "TiB": N_("TiB (binary, 2^40 bytes)"),
    "TB": N_("TB (decimal, 10^12 bytes)"),
}


def strategy_label(key: Strategy) -> str:
    """A layout strategy in words, e.g. 'Consolidation'."""
    return _(STRATEGY_LABELS[key])


def scenario_label(key: Scenario) -> str:
    """A compute scenario in words, e.g. 'Stretched cluster (vMSC)'."""
    return _(SCENARIO_LABELS[key])


def binding_label(key: Binding) -> str:
    """The resource that set the host count, in words."""
    return _(BINDING_LABELS[key])


def profile_label(key: DrrProfile) -> str:
    """A DRR profile in words."""
    return _(PROFILE_LABELS[key])


def basis_label(key: CapacityBasis) -> str:
    """A capacity basis in words, e.g. 'In use'."""
    return _(BASIS_LABELS[key])


def format_label(key: SourceFormat) -> str:
    """An export format in words, e.g. 'Dell LiveOptics'."""
    return FORMAT_LABELS[key]


def category_label(key: str) -> str:
    """A workload category in words, e.g. 'SAP HANA'."""
    return _(CATEGORY_LABELS[key])


@cache
def _class_names(language: str) -> dict[str, str]:
    return {klass.id: _(klass.name) for klass in load_catalogue().values()}


def class_label(class_id: str) -> str:
    """A workload class's readable name from the catalogue, e.g. 'Oracle Database'."""
    found = _class_names(active_language()).get(class_id)
    return found if found is not None else class_id.replace("_", " ").capitalize()


def host_label(host: HostSpec) -> str:
    """A host model as one line, e.g. 'Dell PowerEdge R760 · 2x Xeon Gold 6430 · 64 cores · ...'."""
    cpu = host.cpu_model.removeprefix("Intel ").removeprefix("AMD ")
    name = f"{host.vendor} {host.model}".strip()
    return _(
        "{name} · {sockets}x {cpu} · {cores} cores · {ghz} GHz · {ram}",
        name=name,
        sockets=host.sockets,
        cpu=cpu,
        cores=host.cores,
        ghz=format_number(host.base_ghz, _digits(host.base_ghz)),
        ram=f"{host.ram_gib:g} {unit_symbol('GiB')}",
    )


def _digits(value: float) -> int:
    """How many decimals `:g` would show for a short figure such as 2.1 (at most 3)."""
    text = f"{value:g}"
    return len(text.split(".")[1]) if "." in text and "e" not in text else 0


def spares_label(spares: int) -> str:
    """HA spares as the N+k notation engineers use, e.g. 'N+1'."""
    return f"N+{spares}"


def plural(count: int, one: str, many: str | None = None) -> str:
    """'1 host', '3 hosts': the count (locale digits) with the noun form the catalog gives."""
    noun = ngettext(one, many or one + "s", count) if one else ""
    return f"{format_number(count)} {noun}".rstrip()


def ratio(value: float | None) -> str:
    """A ratio such as a DRR or vCPU:core as '2.50:1'; a dash when unknown."""
    return DASH if value is None else f"{format_number(value, 2)}:1"


def percent(share: float | None, digits: int = 0) -> str:
    """A 0..1 share as a percentage, e.g. 0.8 -> '80 %'; a dash when unknown."""
    return DASH if share is None else f"{format_number(share * 100, digits)} %"


def capacity(mib: float | None, unit: CapacityUnit, digits: int = 2) -> str:
    """A MiB figure in TiB or TB as the language writes it, e.g. '12.34 TiB', '12,34 Tio'."""
    return DASH if mib is None else format_quantity(mib / mib_per_unit(unit), unit, digits)


def unit_label(unit: CapacityUnit) -> str:
    """A capacity unit as the language writes it, e.g. 'TiB' or 'Tio'."""
    return unit_symbol(unit)


def finding_title(code: str) -> str:
    """A finding code's title for people, e.g. 'Duplicate VM names'; a generic one if unknown."""
    kind = FINDINGS.get(code)
    return _(kind.title) if kind else _("Data-quality finding")


SEVERITY_LABELS: dict[str, str] = {
    "info": N_("Info"),
    "warning": N_("Warning"),
    "critical": N_("Critical"),
}


def severity_label(key: str) -> str:
    """A finding's severity in words, e.g. 'Warning'."""
    return _(SEVERITY_LABELS[key]) if key in SEVERITY_LABELS else key.capitalize()


def exclusion_label(reason: str | None) -> str:
    """Why a VM is out of scope, as a sentence start, e.g. 'Powered off'; empty when in scope."""
    if not reason:
        return ""
    reason = reason_text(reason)
    return reason[0].upper() + reason[1:]


def decided_by(reason: str) -> str:
    """Who set a VM's workload class: 'Engineer' for a manual override, else 'Rule'."""
    return _("Engineer") if reason == "manual override" else _("Rule")


def reason_label(reason: str) -> str:
    """A classification reason as a person reads it, e.g. 'Rule db-01: VM name contains sql'."""
    if not reason:
        return ""
    reason = reason_text(reason)
    return reason[0].upper() + reason[1:]


POWER_LABELS: dict[str, str] = {
    "on": N_("Powered on"),
    "off": N_("Powered off"),
    "suspended": N_("Suspended"),
    "unknown": N_("Unknown"),
}


def power_label(key: str) -> str:
    """A VM's power state in words, e.g. 'Powered on'."""
    return _(POWER_LABELS[key]) if key in POWER_LABELS else key.capitalize()


BINDING_WORDS: dict[Binding, str] = {
    "cpu": N_("CPU"),
    "memory": N_("memory"),
    "minimum": N_("the minimum hosts per cluster"),
    "none": N_("nothing (no VMs in scope)"),
}


def binding_words(key: Binding) -> str:
    """The resource that set the host count inside a sentence, e.g. 'memory'."""
    return _(BINDING_WORDS[key])


# The engineer's own classification rules and how sure a classification is (issue 14).
RULE_FIELD_LABELS: dict[str, str] = {
    "name": N_("VM name"),
    "os": N_("Guest OS"),
    "folder": N_("Folder"),
    "annotation": N_("Notes"),
    "cluster": N_("Cluster"),
    "resource_pool": N_("Resource pool"),
    "custom_attributes": N_("Custom attribute"),
}
RULE_KIND_LABELS: dict[str, str] = {
    "prefix": N_("starts with"),
    "contains": N_("contains"),
    "regex": N_("matches the regular expression"),
    "equals": N_("is exactly"),
}
CONFIDENCE_LABELS: dict[str, str] = {
    "rule": N_("Rule"),
    "signal": N_("Weaker signal"),
    "default": N_("Default (nothing matched)"),
}


def rule_field_label(field: str) -> str:
    """A user rule's field in words: 'VM name', or 'Custom attribute Role'."""
    key = field.removeprefix("custom_attributes.")
    if key == field:
        return _(RULE_FIELD_LABELS[field])
    return _("Custom attribute {name}", name=key)


def rule_kind_label(kind: str) -> str:
    """How a user rule matches, in words: 'starts with'."""
    return _(RULE_KIND_LABELS[kind])


def confidence_label(confidence: str) -> str:
    """How sure a classification is, in words: 'Weaker signal'."""
    return _(CONFIDENCE_LABELS[confidence])


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
    head, _dot, key = path.partition(".")
    if head == "class_drr_overrides" and key:
        return SettingLabel(_("DRR override for {name}", name=class_label(key)), ":1")
    if head in ("class_drr_overrides", "vm_drr_overrides", "vm_class_overrides"):
        path = head
    shown = setting_display(path)
    if shown is None:
        words = path.rsplit(".", 1)[-1].removesuffix("_mib").replace("_", " ")
        return SettingLabel(_(words.capitalize()), "MiB" if path.endswith("_mib") else "")
    title, unit, scale = shown
    title = _(title)
    if head in ("class_drr_overrides", "vm_drr_overrides"):
        return SettingLabel(title, ":1")
    if path.endswith("_mib"):
        return SettingLabel(title, "MiB")
    return SettingLabel(title, unit, scale)


def setting_value(value: float, unit: str = "", scale: float = 1.0) -> str:
    """A stored setting as a page shows it, e.g. 0.15 with '%' and scale 100 -> '15 %'."""
    number = short_number(value * scale)
    if not unit:
        return number
    return f"{number}{unit}" if unit.startswith(":") else f"{number} {unit_symbol(unit)}"


def megabytes(size: int) -> str:
    """A byte count in decimal megabytes, e.g. 200000000 -> '200 MB' ('200 Mo' in French)."""
    return f"{short_number(size / 1_000_000)} {unit_symbol('MB')}"


def allowed_range(bounds: Bounds, unit: str = "", scale: float = 1.0) -> str:
    """A range in words with the shown unit, e.g. 'above 0 % and at most 100 %'."""
    parts = []
    if bounds.low is not None:
        low = setting_value(bounds.low, unit, scale)
        parts.append(
            _("at least {value}", value=low)
            if bounds.low_included
            else _("above {value}", value=low)
        )
    if bounds.high is not None:
        high = setting_value(bounds.high, unit, scale)
        parts.append(
            _("at most {value}", value=high)
            if bounds.high_included
            else _("below {value}", value=high)
        )
    if len(parts) == 2:
        return _("{low} and {high}", low=parts[0], high=parts[1])
    return parts[0] if parts else _("any number")


def short_number(value: float) -> str:
    """A figure with up to six significant digits in the locale's marks: 1234.5 -> '1,234.5'."""
    text = f"{value:.6g}"
    if "e" in text:
        return text
    digits = len(text.split(".")[1]) if "." in text else 0
    return format_number(float(text), digits)


HEALTH_CATEGORY_LABELS: dict[str, str] = {
    "protection": N_("Data protection"),
    "waste": N_("Waste and reclaimable capacity"),
    "risk": N_("Risk"),
    "platform": N_("Platform"),
    "licensing": N_("Licensing"),
    "data_quality": N_("Data quality"),
}
HEALTH_STATUS_LABELS: dict[str, str] = {
    "ok": N_("OK"),
    "flagged": N_("Flagged"),
    "not_assessable": N_("Not assessable"),
}
RECLAIM_LABELS: dict[str, str] = {
    "exclude_powered_off_whole_export": N_("Leave out VMs powered off for the whole export"),
    "exclude_old_snapshots": N_("Subtract snapshots older than 3 days"),
}


def health_category_label(key: str) -> str:
    """A health-check category in words, e.g. 'Data protection'."""
    return _(HEALTH_CATEGORY_LABELS[key])


def health_status_label(key: str) -> str:
    """A health-check status in words, e.g. 'Not assessable'."""
    return _(HEALTH_STATUS_LABELS[key])


# The capacity waterfall, the current estate and the demand basis (issue 13 items 2, 5-7).
WATERFALL_STEP_LABELS: dict[str, str] = {
    "logical": N_("Logical"),
    "reduced": N_("After data reduction"),
    "snapshot_reserve": N_("Snapshot reserve"),
    "growth": N_("Growth"),
    "required": N_("Required (physical)"),
}
PHYSICAL = N_("physical, after data reduction")
"""What the required capacity is: physical capacity on the array, after data reduction."""
LOGICAL_VMFS = N_("logical VMFS")
"""What datastore capacity is: logical VMFS space, before data reduction."""
DEMAND_BASIS_LABELS: dict[str, str] = {
    "host_peaks": N_("Coincident host peaks (LiveOptics ESX Performance)"),
    "vm_peaks": N_("Sum of per-VM peaks × peak concurrency"),
    "mixed": N_("Host peaks where measured, per-VM peaks elsewhere"),
}
ALLOCATION_BASIS = N_("Allocations (vCPU and vRAM of the VMs)")
"""The compute sizing's basis when no measured peaks exist."""


def waterfall_step_label(step: str) -> str:
    """A capacity waterfall step in a few words, e.g. 'After data reduction'."""
    return _(WATERFALL_STEP_LABELS[step])


def demand_basis_label(basis: str | None) -> str:
    """Where the measured compute demand came from; None: allocations only (no peaks)."""
    return _(ALLOCATION_BASIS) if basis is None else _(DEMAND_BASIS_LABELS[basis])


def factor_label(factor: float) -> str:
    """A multiplying factor as a person reads it, e.g. '× 1.331'."""
    return f"× {format_number(factor, 3)}"


def gib(mib: float | None) -> str:
    """Memory in GiB, e.g. '1,024 GiB' ('1 024 Gio' in French); a dash when unknown."""
    return DASH if mib is None else format_quantity(mib / 1024, "GiB")


def stage_label(report: StageReport) -> str:
    """What an upload is doing now, e.g. 'Reading export 2 of 5: vc2.xlsx…'."""
    name = report.file_name or ""
    if report.stage == "read" and report.total > 1:
        return _(
            "Reading export {number} of {count}: {name}…",
            number=report.number,
            count=report.total,
            name=name,
        )
    if report.stage == "read":
        return _("Reading {name}…", name=name)
    if report.stage == "restore":
        return _("Restoring the session {name}…", name=name)
    return _(STAGE_LABELS[report.stage])


STAGE_LABELS: dict[str, str] = {
    "combine": N_("Combining the exports into one estate…"),
    "merge": N_("Matching RVTools and LiveOptics VMs…"),
    "classify": N_("Classifying the VMs…"),
    "update": N_("Carrying your decisions onto the newer export…"),
}
