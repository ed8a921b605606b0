"""What the reports say in words: assumptions as sentences, findings, overrides, warnings.

Every report (PDF, workbook, slide deck) takes its sentences from here, so they agree word for
word, and every label comes from the shared vocabulary: no key, id or code reaches a customer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .. import vocabulary
from ..pipeline import CapacityUnit, Finding, SizingSettings
from ..pipeline.session import SessionState
from ..pipeline.sizing import Coverage, SizingResult, classification_coverage
from ..vocabulary import (
    basis_label,
    capacity,
    category_label,
    class_label,
    decided_by,
    percent,
    plural,
    ratio,
    scenario_label,
    severity_label,
    spares_label,
    strategy_label,
)


@dataclass(frozen=True)
class Assumption:
    """One assumption: a short topic, its sentence, and how much it moves the required capacity."""

    topic: str
    sentence: str
    weight: float = 0.0  # |log| of the factor it applies; 0 when it does not scale capacity

    @property
    def text(self) -> str:
        """'Topic: sentence.'"""
        return f"{self.topic}: {self.sentence}"


def assumptions(state: SessionState, result: SizingResult, unit: CapacityUnit) -> list[Assumption]:
    """Every assumption behind the figures, as sentences a customer can check."""
    s = state.settings
    drr = result.storage.total.effective_drr
    items = [
        Assumption("Capacity basis", f"each VM counts with its {basis_words(s)} capacity."),
        Assumption(
            "Data reduction",
            f"{_profile(s)}; across the estate this gives an effective {ratio(drr)} reduction.",
            abs(math.log(drr)) if drr else 0.0,
        ),
        Assumption(
            "Snapshots",
            f"{percent(s.snapshot_reserve)} of the reduced capacity is reserved for snapshots.",
            math.log1p(s.snapshot_reserve),
        ),
        Assumption(
            "Growth",
            f"{percent(s.annual_growth)} a year over {_years(s.years)}, a factor of "
            f"{s.growth_factor:.2f} on the reduced capacity.",
            abs(math.log(s.growth_factor)),
        ),
        Assumption(
            "Maximum fill",
            f"the array is planned to be at most {percent(s.max_fill)} full, so "
            f"{percent(1 - s.max_fill)} stays free as headroom.",
            -math.log(s.max_fill),
        ),
        Assumption("Scope", _scope_sentence(s)),
        Assumption("Datastores", _datastore_sentence(s, unit)),
        Assumption("Hosts", _host_sentence(s, result)),
    ]
    for class_id, value in sorted(s.class_drr_overrides.items()):
        items.append(
            Assumption(
                "DRR override",
                f"{class_label(class_id)} is sized at {ratio(value)}, set by the engineer.",
            )
        )
    if result.storage.guest_fallback_count:
        count = plural(result.storage.guest_fallback_count, "VM")
        items.append(
            Assumption(
                "Guest data",
                f"{count} had no guest-used capacity and count with their in-use capacity.",
            )
        )
    return items


def biggest_assumptions(
    state: SessionState, result: SizingResult, unit: CapacityUnit, count: int = 3
) -> list[Assumption]:
    """The assumptions that move the required capacity most, largest first."""
    ranked = sorted(assumptions(state, result, unit), key=lambda item: -item.weight)
    return ranked[:count]


def coverage(state: SessionState, result: SizingResult) -> Coverage:
    """How much of the sizing rests on the Unknown class, as `size --json` reports it."""
    return classification_coverage(result.storage, state.settings)


def coverage_sentence(state: SessionState, result: SizingResult) -> str:
    """How many in-scope VMs and what share of their capacity fall to Unknown, and its DRR."""
    c = coverage(state, result)
    if not c.unknown_vm_count:
        return "Every in-scope VM has a workload class: none is sized on the Unknown default."
    return (
        f"{c.unknown_vm_count:,} of {plural(c.in_scope_vm_count, 'in-scope VM')} "
        f"({percent(c.unknown_share)} of the in-scope capacity) are of unknown workload and "
        f"sized with the Unknown data reduction ratio of {ratio(c.unknown_drr)}."
    )


def unknown_warning(state: SessionState, result: SizingResult) -> str | None:
    """The warning shown when Unknown-class VMs hold more than the settings' threshold."""
    c = coverage(state, result)
    if c.warning is None:
        return None
    return (
        f"VMs of unknown workload hold {percent(c.unknown_share)} of the in-scope capacity, "
        f"above the {percent(c.warning_share)} warning threshold. They are sized with a cautious "
        f"default reduction ratio ({ratio(c.unknown_drr)}); classifying them may change the result."
    )


def finding_lines(state: SessionState, result: SizingResult) -> list[tuple[str, str, str]]:
    """Every data-quality finding and warning as (area, severity, sentence), without codes."""
    inventory = state.inventory.findings if state.inventory else []
    groups: list[tuple[str, list[Finding]]] = [
        ("Inventory", list(inventory)),
        ("Storage", list(result.storage.findings)),
        ("Compute", list(result.compute.warnings)),
    ]
    lines = [
        (area, severity_label(finding.severity), _finding_text(finding))
        for area, findings in groups
        for finding in findings
    ]
    chosen = result.layout.strategies[result.layout.chosen]
    lines += [("Datastore layout", severity_label("warning"), text) for text in chosen.warnings]
    return lines


def _finding_text(finding: Finding) -> str:
    """'Title: message' once the finding catalogue gives titles (vocabulary.finding_title)."""
    title: Any = getattr(vocabulary, "finding_title", None)
    return f"{title(finding.code)}: {finding.message}" if title else finding.message


def override_rows(state: SessionState, result: SizingResult) -> list[tuple[str, str, str, float]]:
    """VMs the engineer changed: (VM name, class label, who decided, DRR), by VM name."""
    s = state.settings
    changed = set(s.vm_class_overrides) | set(s.vm_drr_overrides)
    rows = []
    for vm in result.storage.vms:
        if vm.vm_id not in changed:
            continue
        parts = ["class"] if vm.vm_id in s.vm_class_overrides else []
        parts += ["DRR"] if vm.vm_id in s.vm_drr_overrides else []
        who = f"Engineer ({' and '.join(parts)})" if parts else decided_by(vm.reason)
        rows.append((vm.name, class_label(vm.class_id), who, vm.drr))
    return sorted(rows, key=lambda row: row[0].casefold())


def categories_text(keys: list[str]) -> str:
    """Workload categories in words, e.g. 'Databases, General VMs'."""
    return ", ".join(category_label(key) for key in keys)


def basis_words(settings: SizingSettings) -> str:
    """The capacity basis inside a sentence, e.g. 'in-use'."""
    return basis_label(settings.basis).lower().replace(" ", "-")


def _profile(settings: SizingSettings) -> str:
    if settings.profile == "per_class":
        return "each workload class has its own data reduction ratio from the catalogue"
    if settings.profile == "flat_2":
        return "one flat 2.00:1 ratio applies to every workload"
    return "no data reduction is assumed (1.00:1)"


def _years(years: float) -> str:
    return plural(int(years), "year") if float(years).is_integer() else f"{years:g} years"


def _scope_sentence(settings: SizingSettings) -> str:
    scope = settings.scope
    where = "all clusters"
    if scope.clusters is not None:
        where = "the clusters " + ", ".join(scope.clusters)
    elif scope.datacenters is not None:
        where = "the datacenters " + ", ".join(scope.datacenters)
    parts = [
        f"powered-off VMs {'included' if scope.include_powered_off else 'excluded'}",
        f"templates {'included' if scope.include_templates else 'excluded'}",
        f"suspended VMs {'included' if scope.include_suspended else 'excluded'}",
    ]
    ignored = len(scope.ignored_vm_ids)
    if ignored:
        parts.append(f"{plural(ignored, 'VM')} left out by the engineer")
    return f"{where}; {', '.join(parts)}."


def _datastore_sentence(settings: SizingSettings, unit: CapacityUnit) -> str:
    layout = settings.layout
    return (
        f"VMFS datastores of {capacity(layout.datastore_size_mib, unit)}, at most "
        f"{plural(layout.max_vms_per_datastore, 'VM')} and {layout.iops_budget:,.0f} IOPS each, "
        f"laid out with the {strategy_label(layout.chosen_strategy)} strategy."
    )


def _host_sentence(settings: SizingSettings, result: SizingResult) -> str:
    compute, chosen = result.compute, settings.compute
    return (
        f"{compute.host.vendor} {compute.host.model} hosts, {scenario_label(compute.scenario)}, "
        f"{spares_label(compute.ha_spares)} for high availability; at most "
        f"{chosen.vcpu_per_core:g} vCPU per physical core, CPU planned at most "
        f"{percent(chosen.max_cpu_util)} busy and memory at most "
        f"{percent(chosen.max_memory_util)} used."
    )
