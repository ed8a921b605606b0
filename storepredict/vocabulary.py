"""Every label a person reads, in one place: pages, reports and the CLI's human output use it.

No raw key, class id or code reaches a person: each enumerated value of the pipeline has its
label here, and `tests/test_vocabulary.py` renders every one of them.
"""

from __future__ import annotations

from functools import cache

from .pipeline.classify.catalogue import load_catalogue
from .pipeline.inventory import SourceFormat
from .pipeline.settings import CapacityBasis, DrrProfile, Scenario, Strategy
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


HEALTH_CATEGORY_LABELS: dict[str, str] = {
    "protection": "Data protection",
    "waste": "Waste and reclaimable capacity",
    "risk": "Risk",
    "platform": "Platform",
    "licensing": "Licensing",
    "data_quality": "Data quality",
}
SEVERITY_LABELS: dict[str, str] = {"critical": "Critical", "warning": "Warning", "info": "Info"}
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


def severity_label(key: str) -> str:
    """A health-check severity in words, e.g. 'Critical'."""
    return SEVERITY_LABELS[key]


def health_status_label(key: str) -> str:
    """A health-check status in words, e.g. 'Not assessable'."""
    return HEALTH_STATUS_LABELS[key]
