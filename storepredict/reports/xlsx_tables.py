"""The workbook's table sheets: workloads, datastores, every VM, overrides, compute, findings."""

from __future__ import annotations

from collections.abc import Callable

from .. import vocabulary as vocab
from ..i18n import _
from ..pipeline.classify import reason_text
from ..pipeline.session import SessionState
from ..pipeline.sizing import SizingResult
from . import wording
from .xlsx_sheet import DECIMAL, FINE, INTEGER, PERCENT, RATIO, Column, Formats, TableSheet

NO_CLUSTER = "(no cluster)"  # the pipeline's name for VMs without a cluster


def workloads(formats: Formats, result: SizingResult, unit: str, per: float) -> None:
    """One row per workload class and a total."""
    sheet = TableSheet(
        formats,
        _("Workloads"),
        [
            Column(_("Workload class"), 34),
            Column(_("Category"), 20),
            Column(_("VMs"), 8, INTEGER),
            Column(_("Logical ({unit})", unit=wording.unit_text(unit)), 14, DECIMAL),
            Column(_("DRR"), 9, RATIO),
            Column(_("Reduced, physical ({unit})", unit=wording.unit_text(unit)), 16, DECIMAL),
            Column(_("Effective DRR"), 13, RATIO),
            Column(_("Required, physical ({unit})", unit=wording.unit_text(unit)), 16, DECIMAL),
        ],
    )
    for row in result.storage.by_class:
        sheet.append(
            [
                _(row.name),
                _(vocab.category_label(row.category)),
                row.vm_count,
                row.logical_mib / per,
                row.drr,
                row.reduced_mib / per,
                row.effective_drr,
                row.required_mib / per,
            ]
        )
    t = result.storage.total
    sheet.append(
        [
            _("Total"),
            "",
            t.vm_count,
            t.logical_mib / per,
            None,
            t.reduced_mib / per,
            t.effective_drr,
            t.required_mib / per,
        ]
    )
    sheet.finish()


def datastores(formats: Formats, result: SizingResult, unit: str, per: float) -> dict[str, str]:
    """The chosen layout's datastores; returns the datastore name of every placed VM id."""
    chosen = result.layout.strategies[result.layout.chosen]
    sheet = TableSheet(
        formats,
        _("Datastores"),
        [
            Column(_("Datastore"), 16),
            Column(_("Size ({unit})", unit=wording.unit_text(unit)), 12, DECIMAL),
            Column(_("Used ({unit})", unit=wording.unit_text(unit)), 12, DECIMAL),
            Column(_("Free ({unit})", unit=wording.unit_text(unit)), 12, DECIMAL),
            Column(_("Fill"), 9, PERCENT),
            Column(_("VMs"), 8, INTEGER),
            Column(_("Peak IOPS"), 12, INTEGER),
            Column(_("Workloads"), 40),
            Column(_("Oversized VM"), 12),
            Column(_("Isolated"), 10),
            Column(_("Strategy"), 15),
        ],
    )
    placement: dict[str, str] = {}
    strategy = _(vocab.strategy_label(chosen.strategy))
    for store in chosen.datastores:
        sheet.append(
            [
                store.name,
                store.size_mib / per,
                store.used_mib / per,
                store.free_mib / per,
                store.fill_pct / 100,
                store.vm_count,
                store.iops,
                wording.categories_text(store.categories),
                store.oversized,
                store.isolated,
                strategy,
            ]
        )
        placement.update(dict.fromkeys(store.vm_ids, store.name))
    sheet.finish()
    return placement


def vms(
    formats: Formats,
    state: SessionState,
    result: SizingResult,
    unit: str,
    per: float,
    placement: dict[str, str],
) -> None:
    """Every VM of the inventory: class, reason, DRR, scope, allocation, capacity, placement."""
    by_id = {vm.vm_id: vm for vm in state.inventory.vms} if state.inventory else {}
    drr_set = state.settings.vm_drr_overrides
    sheet = TableSheet(
        formats,
        _("VMs"),
        [
            Column(_("VM"), 32),
            Column(_("Workload class"), 28),
            Column(_("Category"), 18),
            Column(_("Reason"), 40),
            Column(_("Class decided by"), 12),
            Column(_("DRR"), 8, RATIO),
            Column(_("DRR decided by"), 12),
            Column(_("In scope"), 9),
            Column(_("Exclusion reason"), 22),
            Column(_("Power"), 10),
            Column(_("Datacenter"), 16),
            Column(_("Cluster"), 16),
            Column(_("OS"), 30),
            Column(_("vCPU"), 7, INTEGER),
            Column(_("Memory (GiB)"), 11, DECIMAL),
            Column(_("Provisioned ({unit})", unit=wording.unit_text(unit)), 13, FINE),
            Column(_("In use ({unit})", unit=wording.unit_text(unit)), 13, FINE),
            Column(_("Guest used ({unit})", unit=wording.unit_text(unit)), 13, FINE),
            Column(_("Sized ({unit})", unit=wording.unit_text(unit)), 13, FINE),
            Column(_("Peak IOPS"), 10, INTEGER),
            Column(_("Average IOPS"), 10, INTEGER),
            Column(_("Datastore"), 14),
        ],
    )
    # Labels depend on a handful of values each: translated once per value, not per VM.
    classes = _Labels(lambda class_id: _(vocab.class_label(class_id)))
    categories = _Labels(lambda category: _(vocab.category_label(category)))
    reasons = _Labels(lambda reason: vocab.reason_label(reason_text(reason)))
    deciders = _Labels(lambda reason: _(vocab.decided_by(reason)))
    exclusions = _Labels(lambda reason: vocab.exclusion_label(reason_text(reason)))
    powers = _Labels(lambda state: _(vocab.power_label(state)))
    engineer, catalogue = _("Engineer"), _("Catalogue")
    for row in result.storage.vms:
        vm = by_id[row.vm_id]
        sheet.append(
            [
                row.name,
                classes[row.class_id],
                categories[row.category],
                reasons[row.reason],
                deciders[row.reason],
                row.drr,
                engineer if row.vm_id in drr_set else catalogue,
                row.in_scope,
                exclusions[row.exclusion_reason or ""],
                powers[vm.power_state],
                vm.datacenter,
                vm.cluster,
                vm.os,
                vm.vcpu,
                _per(vm.memory_mib, 1024),
                _per(vm.provisioned_mib, per),
                _per(vm.in_use_mib, per),
                _per(vm.guest_used_mib, per),
                row.basis_mib / per,
                vm.peak_iops,
                vm.avg_iops,
                placement.get(row.vm_id),
            ]
        )
    sheet.finish()


def overrides(formats: Formats, state: SessionState, result: SizingResult) -> None:
    """The VMs the engineer changed, readable: name, class, who decided, DRR."""
    sheet = TableSheet(
        formats,
        _("Overrides"),
        [
            Column(_("VM"), 34),
            Column(_("Workload class"), 30),
            Column(_("Decided by"), 24),
            Column(_("DRR"), 9, RATIO),
        ],
    )
    for name, label, who, drr in wording.override_rows(state, result):
        sheet.append([name, label, who, drr])
    for class_id, value in sorted(state.settings.class_drr_overrides.items()):
        label = _(vocab.class_label(class_id))
        sheet.append(
            [_("All {workload} VMs", workload=label), label, _("Engineer (class DRR)"), value]
        )
    sheet.finish()


def compute(formats: Formats, result: SizingResult) -> None:
    """The proposal, each site and each cluster sized on its own."""
    c = result.compute
    sheet = TableSheet(
        formats,
        _("Compute"),
        [
            Column(_("Cluster / site"), 40),
            Column(_("VMs"), 8, INTEGER),
            Column(_("vCPU"), 9, INTEGER),
            Column(_("vRAM (GiB)"), 11, DECIMAL),
            Column(_("Hosts"), 8, INTEGER),
            Column(_("Hosts for CPU"), 12, INTEGER),
            Column(_("Hosts for memory"), 14, INTEGER),
            Column(_("Host count set by"), 18),
            Column(_("CPU at design load"), 14, PERCENT),
            Column(_("Memory at design load"), 16, PERCENT),
        ],
    )
    d = c.demand
    title = _(
        "All in-scope VMs ({design}, {host})",
        design=_(vocab.scenario_label(c.scenario)),
        host=vocab.host_label(c.host),
    )
    sheet.append(
        [
            title,
            d.vm_count,
            d.vcpu,
            d.vram_mib / 1024,
            c.hosts,
            c.hosts_cpu,
            c.hosts_memory,
            _(vocab.binding_label(c.binding)),
            c.cpu_utilisation,
            c.memory_utilisation,
        ]
    )
    for s in c.sites:
        sheet.append(
            [
                _("Site: {name}", name=s.name),
                None,
                None,
                None,
                s.hosts,
                s.hosts_cpu,
                s.hosts_memory,
                _(vocab.binding_label(s.binding)),
                s.cpu_utilisation,
                s.memory_utilisation,
            ]
        )
    for cl in c.by_cluster:
        sheet.append(
            [
                _(
                    "Cluster: {name}",
                    name=_(cl.cluster) if cl.cluster == NO_CLUSTER else cl.cluster,
                ),
                cl.vm_count,
                cl.vcpu,
                cl.vram_mib / 1024,
                cl.hosts,
                cl.hosts_cpu,
                cl.hosts_memory,
                _(vocab.binding_label(cl.binding)),
                None,
                None,
            ]
        )
    sheet.append(
        [_("Sum of per-cluster sizing"), None, None, None, c.by_cluster_total] + [None] * 5
    )
    sheet.finish()


def findings(formats: Formats, state: SessionState, result: SizingResult) -> None:
    """Every data-quality finding and warning in words."""
    sheet = TableSheet(
        formats,
        _("Findings"),
        [Column(_("Area"), 18), Column(_("Severity"), 10), Column(_("Finding"), 110)],
    )
    for area, severity, message in wording.finding_lines(state, result):
        sheet.append([area, severity, message])
    sheet.finish()


class _Labels(dict[str, str]):
    """Labels made on first use from a function of the key (the active language is fixed)."""

    def __init__(self, make: Callable[[str], str]) -> None:
        super().__init__()
        self.make = make

    def __missing__(self, key: str) -> str:
        label = self[key] = self.make(key)
        return label


def _per(value: float | None, per: float) -> float | None:
    return None if value is None else value / per
