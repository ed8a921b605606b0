"""What the reports say in words: assumptions as sentences, findings, overrides, warnings.

Every report (PDF, workbook, slide deck) takes its sentences from here, so they agree word for
word, and every label comes from the shared vocabulary: no key, id or code reaches a customer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .. import vocabulary
from ..i18n import N_, _, active_language, format_number, ngettext
from ..pipeline import CapacityUnit, Finding, SizingSettings, finding_text
from ..pipeline.session import SessionState
from ..pipeline.sizing import Coverage, SizingResult, classification_coverage
from ..vocabulary import (
    basis_label,
    capacity,
    category_label,
    class_label,
    decided_by,
    percent,
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
        return _("{topic}: {sentence}", topic=self.topic, sentence=self.sentence)


UNIT_WORDS = (N_("TiB"), N_("TB"), N_("GiB"))  # as French writes them: Tio, To, Gio


def unit_text(unit: str) -> str:
    """A capacity unit as the active language writes it, e.g. 'TiB' -> 'Tio' in French."""
    return _(unit) if unit in UNIT_WORDS else unit


def inline_label(label: str) -> str:
    """A label inside a sentence: lower case, except in German where nouns keep their capital."""
    return label if active_language() == "de" else label.lower()


def short_number(value: float) -> str:
    """A number with at most two decimals and no trailing zeros, e.g. 2.5 -> '2.5' / '2,5'."""
    return format_number(value, 2).rstrip("0").rstrip(",.") if value % 1 else format_number(value)


def assumptions(state: SessionState, result: SizingResult, unit: CapacityUnit) -> list[Assumption]:
    """Every assumption behind the figures, as sentences a customer can check."""
    s = state.settings
    drr = result.storage.total.effective_drr
    items = [
        Assumption(
            _("Capacity basis"),
            _("each VM counts with its {basis} capacity.", basis=basis_words(s)),
        ),
        Assumption(
            _("Data reduction"),
            _(
                "{profile}; across the estate this gives an effective {ratio} reduction.",
                profile=_profile(s),
                ratio=ratio(drr),
            ),
            abs(math.log(drr)) if drr else 0.0,
        ),
        Assumption(
            _("Snapshots"),
            _(
                "{share} of the reduced capacity is reserved for snapshots.",
                share=percent(s.snapshot_reserve),
            ),
            math.log1p(s.snapshot_reserve),
        ),
        Assumption(
            _("Growth"),
            _(
                "{rate} a year over {years}, a factor of {factor} on the reduced capacity.",
                rate=percent(s.annual_growth),
                years=_years(s.years),
                factor=format_number(s.growth_factor, 2),
            ),
            abs(math.log(s.growth_factor)),
        ),
        Assumption(
            _("Maximum fill"),
            _(
                "the array is planned to be at most {fill} full, so {free} stays free as headroom.",
                fill=percent(s.max_fill),
                free=percent(1 - s.max_fill),
            ),
            -math.log(s.max_fill),
        ),
        Assumption(_("Scope"), _scope_sentence(s)),
        Assumption(_("Datastores"), _datastore_sentence(s, unit)),
        Assumption(_("Hosts"), _host_sentence(s, result)),
    ]
    for class_id, value in sorted(s.class_drr_overrides.items()):
        items.append(
            Assumption(
                _("DRR override"),
                _(
                    "{workload} is sized at {ratio}, set by the engineer.",
                    workload=_(class_label(class_id)),
                    ratio=ratio(value),
                ),
            )
        )
    if result.storage.guest_fallback_count:
        count = result.storage.guest_fallback_count
        items.append(
            Assumption(
                _("Guest data"),
                ngettext(
                    "{n} VM had no guest-used capacity and counts with its in-use capacity.",
                    "{n} VMs had no guest-used capacity and count with their in-use capacity.",
                    count,
                    n=format_number(count),
                ),
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
        return _("Every in-scope VM has a workload class: none is sized on the Unknown default.")
    return ngettext(
        "{unknown} of {n} in-scope VM ({share} of the in-scope capacity) are of unknown workload "
        "and sized with the Unknown data reduction ratio of {ratio}.",
        "{unknown} of {n} in-scope VMs ({share} of the in-scope capacity) are of unknown "
        "workload and sized with the Unknown data reduction ratio of {ratio}.",
        c.in_scope_vm_count,
        unknown=format_number(c.unknown_vm_count),
        n=format_number(c.in_scope_vm_count),
        share=percent(c.unknown_share),
        ratio=ratio(c.unknown_drr),
    )


def unknown_warning(state: SessionState, result: SizingResult) -> str | None:
    """The warning shown when Unknown-class VMs hold more than the settings' threshold."""
    c = coverage(state, result)
    if c.warning is None:
        return None
    return _(
        "VMs of unknown workload hold {share} of the in-scope capacity, above the {threshold} "
        "warning threshold. They are sized with a cautious default reduction ratio ({ratio}); "
        "classifying them may change the result.",
        share=percent(c.unknown_share),
        threshold=percent(c.warning_share),
        ratio=ratio(c.unknown_drr),
    )


def finding_lines(state: SessionState, result: SizingResult) -> list[tuple[str, str, str]]:
    """Every data-quality finding and warning as (area, severity, sentence), without codes."""
    inventory = state.inventory.findings if state.inventory else []
    groups: list[tuple[str, list[Finding]]] = [
        (_("Inventory"), list(inventory)),
        (_("Storage"), list(result.storage.findings)),
        (_("Compute"), list(result.compute.warnings)),
    ]
    lines = [
        (area, _(severity_label(finding.severity)), _finding_text(finding))
        for area, findings in groups
        for finding in findings
    ]
    chosen = result.layout.strategies[result.layout.chosen]
    lines += [
        (_("Datastore layout"), _(severity_label("warning")), text) for text in chosen.warnings
    ]
    return lines


def _finding_text(finding: Finding) -> str:
    """'Title: message' once the finding catalogue gives titles (vocabulary.finding_title)."""
    title: Any = getattr(vocabulary, "finding_title", None)
    if not title:
        return finding_text(finding)
    return _("{title}: {text}", title=_(title(finding.code)), text=finding_text(finding))


def override_rows(state: SessionState, result: SizingResult) -> list[tuple[str, str, str, float]]:
    """VMs the engineer changed: (VM name, class label, who decided, DRR), by VM name."""
    s = state.settings
    changed = set(s.vm_class_overrides) | set(s.vm_drr_overrides)
    rows = []
    for vm in result.storage.vms:
        if vm.vm_id not in changed:
            continue
        parts = [_("class")] if vm.vm_id in s.vm_class_overrides else []
        parts += [_("DRR")] if vm.vm_id in s.vm_drr_overrides else []
        joined = _(" and ").join(parts)
        who = _("Engineer ({what})", what=joined) if parts else _(decided_by(vm.reason))
        rows.append((vm.name, _(class_label(vm.class_id)), who, vm.drr))
    return sorted(rows, key=lambda row: row[0].casefold())


def categories_text(keys: list[str]) -> str:
    """Workload categories in words, e.g. 'Databases, General VMs'."""
    return ", ".join(_(category_label(key)) for key in keys)


def basis_words(settings: SizingSettings) -> str:
    """The capacity basis inside a sentence, e.g. 'in-use'."""
    words = {
        "in_use": _("in-use"),
        "provisioned": _("provisioned"),
        "guest_used": _("guest-used"),
    }
    return words.get(settings.basis) or basis_label(settings.basis).lower().replace(" ", "-")


def _profile(settings: SizingSettings) -> str:
    if settings.profile == "per_class":
        return _("each workload class has its own data reduction ratio from the catalogue")
    if settings.profile == "flat_2":
        return _("one flat {ratio} ratio applies to every workload", ratio=ratio(2.0))
    return _("no data reduction is assumed ({ratio})", ratio=ratio(1.0))


def _years(years: float) -> str:
    if float(years).is_integer():
        return ngettext("{n} year", "{n} years", int(years), n=format_number(int(years)))
    return ngettext("{n} year", "{n} years", 2, n=short_number(years))


def _scope_sentence(settings: SizingSettings) -> str:
    scope = settings.scope
    where = _("all clusters")
    if scope.clusters is not None:
        where = _("the clusters {names}", names=", ".join(scope.clusters))
    elif scope.datacenters is not None:
        where = _("the datacenters {names}", names=", ".join(scope.datacenters))
    parts = [
        _("powered-off VMs included")
        if scope.include_powered_off
        else _("powered-off VMs excluded"),
        _("templates included") if scope.include_templates else _("templates excluded"),
        _("suspended VMs included") if scope.include_suspended else _("suspended VMs excluded"),
    ]
    ignored = len(scope.ignored_vm_ids)
    if ignored:
        parts.append(
            ngettext(
                "{n} VM left out by the engineer",
                "{n} VMs left out by the engineer",
                ignored,
                n=format_number(ignored),
            )
        )
    return _("{where}; {parts}.", where=where, parts=", ".join(parts))


def _datastore_sentence(settings: SizingSettings, unit: CapacityUnit) -> str:
    layout = settings.layout
    strategy = _(strategy_label(layout.chosen_strategy))  # apart: nested calls hide plurals
    return ngettext(
        "VMFS datastores of {size}, at most {n} VM and {iops} IOPS each, laid out with the "
        "{strategy} strategy.",
        "VMFS datastores of {size}, at most {n} VMs and {iops} IOPS each, laid out with the "
        "{strategy} strategy.",
        layout.max_vms_per_datastore,
        size=capacity(layout.datastore_size_mib, unit),
        n=format_number(layout.max_vms_per_datastore),
        iops=format_number(layout.iops_budget),
        strategy=strategy,
    )


def _host_sentence(settings: SizingSettings, result: SizingResult) -> str:
    compute, chosen = result.compute, settings.compute
    return _(
        "{vendor} {model} hosts, {design}, {spares} for high availability; at most {vcpu} vCPU "
        "per physical core, CPU planned at most {cpu} busy and memory at most {memory} used.",
        vendor=compute.host.vendor,
        model=compute.host.model,
        design=inline_label(_(scenario_label(compute.scenario))),
        spares=spares_label(compute.ha_spares),
        vcpu=short_number(chosen.vcpu_per_core),
        cpu=percent(chosen.max_cpu_util),
        memory=percent(chosen.max_memory_util),
    )
