"""The customer workbook: Summary, Workloads, VMs, Datastores, VM placement, Compute, Findings."""

from __future__ import annotations

import io
from datetime import datetime

from openpyxl import Workbook

from .. import vocabulary as vocab
from ..pipeline.classify.catalogue import load_catalogue
from ..pipeline.session.state import SessionState
from ..pipeline.sizing.run import SizingResult
from ..pipeline.units import CapacityUnit, mib_per_unit
from . import facts, wording
from .xlsx_sheet import DECIMAL, INTEGER, PERCENT, RATIO, Column, TableSheet


def build_xlsx(state: SessionState, result: SizingResult, unit: CapacityUnit = "TiB") -> bytes:
    """The report workbook as .xlsx bytes; capacities in `unit`, every figure a number cell."""
    workbook = Workbook(write_only=True)
    per_unit = mib_per_unit(unit)
    _summary(workbook, state, result, unit, per_unit)
    _workloads(workbook, result, unit, per_unit)
    placement = _datastores(workbook, result, unit, per_unit)
    _vms(workbook, state, result, unit, per_unit, placement)
    _compute(workbook, result)
    _findings(workbook, state, result)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _summary(wb: Workbook, state: SessionState, result: SizingResult, unit: str, per: float):
    sheet = TableSheet(wb, "Summary", [Column("Item", 34), Column("Value", 48), Column("Unit", 10)])
    total, settings = result.storage.total, state.settings
    head = facts.headline(result)
    strategy = vocab.strategy_label(head["strategy"])
    rows: list[tuple[str, object, str, str | None]] = [
        ("Project", state.project_name, "", None),
        ("Generated", datetime.now().strftime("%Y-%m-%d %H:%M"), "", None),
    ]
    for source in state.inventory.sources if state.inventory else []:
        version = f" {source.export_version}" if source.export_version else ""
        dated = f", exported {source.export_date}" if source.export_date else ""
        text = f"{source.file_name} ({vocab.format_label(source.format)}{version}{dated})"
        rows.append(("Source", text, "", None))
    rows += [
        ("Scope", facts.scope_label(settings), "", None),
        ("Capacity basis", vocab.basis_label(settings.basis), "", None),
        ("DRR profile", vocab.profile_label(settings.profile), "", None),
        ("VMs in scope", total.vm_count, "VMs", INTEGER),
        ("VMs excluded", len(result.storage.scope.excluded), "VMs", INTEGER),
        ("Logical capacity", total.logical_mib / per, unit, DECIMAL),
        ("Reduced capacity (after DRR)", total.reduced_mib / per, unit, DECIMAL),
        ("Effective DRR", total.effective_drr, "", RATIO),
        ("Required capacity", total.required_mib / per, unit, DECIMAL),
        (
            f"Datastores ({strategy})",
            head["datastores"],
            "datastores",
            INTEGER,
        ),
        ("ESXi hosts", head["hosts"], "hosts", INTEGER),
        ("Snapshot reserve", settings.snapshot_reserve, "", PERCENT),
        ("Annual growth", settings.annual_growth, "", PERCENT),
        ("Planning horizon", settings.years, "years", DECIMAL),
        ("Maximum fill", settings.max_fill, "", PERCENT),
    ]
    for item, value, unit_label, number_format in rows:
        sheet.append([item, value, unit_label], formats=[None, number_format])
    sheet.finish()


def _workloads(wb: Workbook, result: SizingResult, unit: str, per: float) -> None:
    sheet = TableSheet(
        wb,
        "Workloads",
        [
            Column("Workload class", 34),
            Column("Category", 16),
            Column("VMs", 8, INTEGER),
            Column(f"Logical ({unit})", 14, DECIMAL),
            Column("DRR", 9, RATIO),
            Column(f"Reduced ({unit})", 14, DECIMAL),
            Column("Effective DRR", 13, RATIO),
            Column(f"Required ({unit})", 14, DECIMAL),
        ],
    )
    for row in result.storage.by_class:
        sheet.append(
            [
                row.name,
                vocab.category_label(row.category),
                row.vm_count,
                row.logical_mib / per,
                row.drr,
                row.reduced_mib / per,
                row.effective_drr,
                row.required_mib / per,
            ]
        )
    total = result.storage.total
    sheet.append(
        [
            "Total",
            "",
            total.vm_count,
            total.logical_mib / per,
            None,
            total.reduced_mib / per,
            total.effective_drr,
            total.required_mib / per,
        ]
    )
    sheet.finish()


def _datastores(wb: Workbook, result: SizingResult, unit: str, per: float) -> dict[str, str]:
    chosen = result.layout.strategies[result.layout.chosen]
    sheet = TableSheet(
        wb,
        "Datastores",
        [
            Column("Datastore", 16),
            Column(f"Size ({unit})", 12, DECIMAL),
            Column(f"Used ({unit})", 12, DECIMAL),
            Column(f"Free ({unit})", 12, DECIMAL),
            Column("Fill", 9, PERCENT),
            Column("VMs", 8, INTEGER),
            Column("Peak IOPS", 12, INTEGER),
            Column("Categories", 30),
            Column("Oversized", 10),
            Column("Isolated", 10),
            Column("Strategy", 15),
        ],
    )
    placement: dict[str, str] = {}
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
                vocab.strategy_label(chosen.strategy),
            ]
        )
        placement.update(dict.fromkeys(store.vm_ids, store.name))
    sheet.finish()
    return placement


def _vms(wb, state: SessionState, result: SizingResult, unit: str, per: float, placement) -> None:
    catalogue = load_catalogue()
    vms = {vm.vm_id: vm for vm in state.inventory.vms} if state.inventory else {}
    settings = state.settings
    sheet = TableSheet(
        wb,
        "VMs",
        [
            Column("VM", 32),
            Column("Workload class", 28),
            Column("Category", 14),
            Column("Reason", 36),
            Column("Class override", 10),
            Column("DRR", 8, RATIO),
            Column("DRR override", 10),
            Column("In scope", 9),
            Column("Exclusion reason", 22),
            Column("Power", 10),
            Column("Datacenter", 16),
            Column("Cluster", 16),
            Column("OS", 30),
            Column("vCPU", 7, INTEGER),
            Column("Memory (GiB)", 11, DECIMAL),
            Column(f"Provisioned ({unit})", 13, "#,##0.000"),
            Column(f"In use ({unit})", 13, "#,##0.000"),
            Column(f"Guest used ({unit})", 13, "#,##0.000"),
            Column(f"Basis ({unit})", 13, "#,##0.000"),
            Column("Peak IOPS", 10, INTEGER),
            Column("Average IOPS", 10, INTEGER),
            Column("Datastore", 14),
            Column("VM id", 18),
        ],
    )
    for row in result.storage.vms:
        vm = vms[row.vm_id]
        workload = catalogue.get(row.class_id)
        sheet.append(
            [
                row.name,
                workload.name if workload else vocab.class_label(row.class_id),
                vocab.category_label(row.category),
                vocab.reason_label(row.reason),
                row.vm_id in settings.vm_class_overrides,
                row.drr,
                row.vm_id in settings.vm_drr_overrides,
                row.in_scope,
                vocab.exclusion_label(row.exclusion_reason),
                vm.power_state,
                vm.datacenter or "",
                vm.cluster or "",
                vm.os or "",
                vm.vcpu,
                None if vm.memory_mib is None else vm.memory_mib / 1024,
                _per(vm.provisioned_mib, per),
                _per(vm.in_use_mib, per),
                _per(vm.guest_used_mib, per),
                row.basis_mib / per,
                vm.peak_iops,
                vm.avg_iops,
                placement.get(row.vm_id, ""),
                row.vm_id,
            ]
        )
    sheet.finish()


def _compute(wb: Workbook, result: SizingResult) -> None:
    compute = result.compute
    sheet = TableSheet(
        wb,
        "Compute",
        [
            Column("Cluster / site", 30),
            Column("VMs", 8, INTEGER),
            Column("vCPU", 9, INTEGER),
            Column("vRAM (GiB)", 11, DECIMAL),
            Column("Hosts", 8, INTEGER),
            Column("Hosts for CPU", 12, INTEGER),
            Column("Hosts for memory", 14, INTEGER),
            Column("Binding", 10),
            Column("CPU utilisation", 13, PERCENT),
            Column("Memory utilisation", 15, PERCENT),
        ],
    )
    demand = compute.demand
    sheet.append(
        [
            f"All in-scope VMs ({vocab.scenario_label(compute.scenario)}, "
            f"{vocab.host_label(compute.host)})",
            demand.vm_count,
            demand.vcpu,
            demand.vram_mib / 1024,
            compute.hosts,
            compute.hosts_cpu,
            compute.hosts_memory,
            vocab.binding_label(compute.binding),
            compute.cpu_utilisation,
            compute.memory_utilisation,
        ]
    )
    for site in compute.sites:
        sheet.append(
            [
                f"Site: {site.name}",
                None,
                None,
                None,
                site.hosts,
                site.hosts_cpu,
                site.hosts_memory,
                vocab.binding_label(site.binding),
                site.cpu_utilisation,
                site.memory_utilisation,
            ]
        )
    for cluster in compute.by_cluster:
        sheet.append(
            [
                f"Cluster: {cluster.cluster}",
                cluster.vm_count,
                cluster.vcpu,
                cluster.vram_mib / 1024,
                cluster.hosts,
                cluster.hosts_cpu,
                cluster.hosts_memory,
                vocab.binding_label(cluster.binding),
                None,
                None,
            ]
        )
    sheet.append(
        ["Sum of per-cluster sizing"] + [None] * 3 + [compute.by_cluster_total] + [None] * 5
    )
    sheet.finish()


def _findings(wb: Workbook, state: SessionState, result: SizingResult) -> None:
    sheet = TableSheet(
        wb, "Findings", [Column("Area", 16), Column("Severity", 10), Column("Finding", 100)]
    )
    for area, severity, message in wording.finding_lines(state, result):
        sheet.append([area, severity, message])
    sheet.finish()


def _per(value: float | None, per: float) -> float | None:
    return None if value is None else value / per
