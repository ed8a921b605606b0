"""The workbook's table sheets: workloads, datastores, every VM, overrides, compute, findings."""

from __future__ import annotations

from .. import vocabulary as vocab
from ..pipeline.session import SessionState
from ..pipeline.sizing import SizingResult
from . import wording
from .xlsx_sheet import DECIMAL, FINE, INTEGER, PERCENT, RATIO, Column, Formats, TableSheet


def workloads(formats: Formats, result: SizingResult, unit: str, per: float) -> None:
    """One row per workload class and a total."""
    sheet = TableSheet(
        formats,
        "Workloads",
        [
            Column("Workload class", 34),
            Column("Category", 20),
            Column("VMs", 8, INTEGER),
            Column(f"Logical ({unit})", 14, DECIMAL),
            Column("DRR", 9, RATIO),
            Column(f"Reduced, physical ({unit})", 16, DECIMAL),
            Column("Effective DRR", 13, RATIO),
            Column(f"Required, physical ({unit})", 16, DECIMAL),
        ],
    )
    for row in result.storage.by_class:
        sheet.append(
            [row.name, vocab.category_label(row.category), row.vm_count, row.logical_mib / per,
             row.drr, row.reduced_mib / per, row.effective_drr, row.required_mib / per]
        )  # fmt: skip
    t = result.storage.total
    sheet.append(
        ["Total", "", t.vm_count, t.logical_mib / per, None, t.reduced_mib / per,
         t.effective_drr, t.required_mib / per]
    )  # fmt: skip
    sheet.finish()


def datastores(formats: Formats, result: SizingResult, unit: str, per: float) -> dict[str, str]:
    """The chosen layout's datastores; returns the datastore name of every placed VM id."""
    chosen = result.layout.strategies[result.layout.chosen]
    sheet = TableSheet(
        formats,
        "Datastores",
        [
            Column("Datastore", 16),
            Column(f"Size ({unit})", 12, DECIMAL),
            Column(f"Used ({unit})", 12, DECIMAL),
            Column(f"Free ({unit})", 12, DECIMAL),
            Column("Fill", 9, PERCENT),
            Column("VMs", 8, INTEGER),
            Column("Peak IOPS", 12, INTEGER),
            Column("Workloads", 40),
            Column("Oversized VM", 12),
            Column("Isolated", 10),
            Column("Strategy", 15),
        ],
    )
    placement: dict[str, str] = {}
    strategy = vocab.strategy_label(chosen.strategy)
    for store in chosen.datastores:
        sheet.append(
            [store.name, store.size_mib / per, store.used_mib / per, store.free_mib / per,
             store.fill_pct / 100, store.vm_count, store.iops,
             wording.categories_text(store.categories), store.oversized, store.isolated, strategy]
        )  # fmt: skip
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
        "VMs",
        [
            Column("VM", 32), Column("Workload class", 28), Column("Category", 18),
            Column("Reason", 40), Column("Class decided by", 12), Column("DRR", 8, RATIO),
            Column("DRR decided by", 12), Column("In scope", 9), Column("Exclusion reason", 22),
            Column("Power", 10), Column("Datacenter", 16), Column("Cluster", 16), Column("OS", 30),
            Column("vCPU", 7, INTEGER), Column("Memory (GiB)", 11, DECIMAL),
            Column(f"Provisioned ({unit})", 13, FINE), Column(f"In use ({unit})", 13, FINE),
            Column(f"Guest used ({unit})", 13, FINE), Column(f"Sized ({unit})", 13, FINE),
            Column("Peak IOPS", 10, INTEGER), Column("Average IOPS", 10, INTEGER),
            Column("Datastore", 14),
        ],
    )  # fmt: skip
    for row in result.storage.vms:
        vm = by_id[row.vm_id]
        sheet.append(
            [
                row.name, vocab.class_label(row.class_id), vocab.category_label(row.category),
                vocab.reason_label(row.reason), vocab.decided_by(row.reason), row.drr,
                "Engineer" if row.vm_id in drr_set else "Catalogue", row.in_scope,
                vocab.exclusion_label(row.exclusion_reason), vocab.power_label(vm.power_state),
                vm.datacenter, vm.cluster, vm.os, vm.vcpu, _per(vm.memory_mib, 1024),
                _per(vm.provisioned_mib, per), _per(vm.in_use_mib, per),
                _per(vm.guest_used_mib, per), row.basis_mib / per, vm.peak_iops, vm.avg_iops,
                placement.get(row.vm_id),
            ]
        )  # fmt: skip
    sheet.finish()


def overrides(formats: Formats, state: SessionState, result: SizingResult) -> None:
    """The VMs the engineer changed, readable: name, class, who decided, DRR."""
    sheet = TableSheet(
        formats,
        "Overrides",
        [Column("VM", 34), Column("Workload class", 30), Column("Decided by", 24),
         Column("DRR", 9, RATIO)],
    )  # fmt: skip
    for name, label, who, drr in wording.override_rows(state, result):
        sheet.append([name, label, who, drr])
    for class_id, value in sorted(state.settings.class_drr_overrides.items()):
        sheet.append([f"All {vocab.class_label(class_id)} VMs", vocab.class_label(class_id),
                      "Engineer (class DRR)", value])  # fmt: skip
    sheet.finish()


def compute(formats: Formats, result: SizingResult) -> None:
    """The proposal, each site and each cluster sized on its own."""
    c = result.compute
    sheet = TableSheet(
        formats,
        "Compute",
        [
            Column("Cluster / site", 40), Column("VMs", 8, INTEGER), Column("vCPU", 9, INTEGER),
            Column("vRAM (GiB)", 11, DECIMAL), Column("Hosts", 8, INTEGER),
            Column("Hosts for CPU", 12, INTEGER), Column("Hosts for memory", 14, INTEGER),
            Column("Host count set by", 18), Column("CPU at design load", 14, PERCENT),
            Column("Memory at design load", 16, PERCENT),
        ],
    )  # fmt: skip
    d = c.demand
    title = f"All in-scope VMs ({vocab.scenario_label(c.scenario)}, {vocab.host_label(c.host)})"
    sheet.append(
        [title, d.vm_count, d.vcpu, d.vram_mib / 1024, c.hosts, c.hosts_cpu, c.hosts_memory,
         vocab.binding_label(c.binding), c.cpu_utilisation, c.memory_utilisation]
    )  # fmt: skip
    for s in c.sites:
        sheet.append(
            [f"Site: {s.name}", None, None, None, s.hosts, s.hosts_cpu, s.hosts_memory,
             vocab.binding_label(s.binding), s.cpu_utilisation, s.memory_utilisation]
        )  # fmt: skip
    for cl in c.by_cluster:
        sheet.append(
            [f"Cluster: {cl.cluster}", cl.vm_count, cl.vcpu, cl.vram_mib / 1024, cl.hosts,
             cl.hosts_cpu, cl.hosts_memory, vocab.binding_label(cl.binding), None, None]
        )  # fmt: skip
    sheet.append(["Sum of per-cluster sizing", None, None, None, c.by_cluster_total] + [None] * 5)
    sheet.finish()


def findings(formats: Formats, state: SessionState, result: SizingResult) -> None:
    """Every data-quality finding and warning in words."""
    sheet = TableSheet(
        formats, "Findings", [Column("Area", 18), Column("Severity", 10), Column("Finding", 110)]
    )
    for area, severity, message in wording.finding_lines(state, result):
        sheet.append([area, severity, message])
    sheet.finish()


def _per(value: float | None, per: float) -> float | None:
    return None if value is None else value / per
