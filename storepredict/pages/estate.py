"""The current estate beside the proposal (compute and report pages), licences and demand basis.

Current: the ESXi hosts that run the in-scope clusters today (`result.current`, from vHost or
LiveOptics ESX Hosts). Proposed: the sized hosts x the chosen host model, with today's in-scope
vCPU, vRAM and VMs on them. Licence cores follow the per-core rule (`result.compute.licensing`).
"""

from __future__ import annotations

from nicegui import ui

from ..pipeline.sizing import SizingResult
from ..vocabulary import DASH, demand_basis_label, gib, plural, ratio
from . import design, widgets
from .forms import table_column


def _per(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def _number(value: float | None, digits: int = 1) -> str:
    return DASH if value is None else f"{value:,.{digits}f}"


def estate_rows(result: SizingResult) -> list[dict[str, str]]:
    """(figure, current, proposed) rows, as the table shows them."""
    current, compute = result.current, result.compute
    host, demand, licences = compute.host, compute.demand, compute.licensing
    hosts = compute.hosts
    cores, ram_mib = hosts * host.cores, hosts * host.ram_mib
    rows = [
        ("hosts", "Hosts", f"{current.hosts:,}", f"{hosts:,}"),
        ("sockets", "CPU sockets", f"{current.sockets:,}", f"{hosts * host.sockets:,}"),
        ("cores", "Physical cores", f"{current.cores:,}", f"{cores:,}"),
        ("memory", "Host memory", gib(current.memory_mib), gib(ram_mib)),
        ("vms", "VMs", f"{current.vms:,}", f"{demand.vm_count:,}"),
        (
            "vms_per_host",
            "VMs per host",
            _number(current.vms_per_host),
            _number(_per(demand.vm_count, hosts)),
        ),
        (
            "vcpu_per_core",
            "vCPU per core",
            ratio(current.vcpu_per_core),
            ratio(_per(demand.vcpu, cores)),
        ),
        (
            "vram_per_ram",
            "vRAM per RAM",
            ratio(current.vram_per_ram),
            ratio(_per(demand.vram_mib, ram_mib)),
        ),
        (
            "licence_cores",
            f"Licence cores (at least {licences.min_cores_per_cpu} per CPU)",
            f"{licences.current_cores:,}",
            f"{licences.proposed_cores:,}",
        ),
    ]
    return [
        {"key": key, "figure": figure, "current": now, "proposed": then}
        for key, figure, now, then in rows
    ]


def estate_comparison(result: SizingResult) -> None:
    """A card: the current estate beside the proposal, per cluster today, and the demand basis."""
    current = result.current
    subtitle = (
        "Today: the hosts of the clusters in scope and the VMs running on them. "
        "Proposed: the sized hosts with today's in-scope VMs."
    )
    with widgets.card("Current estate and proposal", subtitle, icon="compare_arrows") as box:
        box.mark("estate")
        if current.hosts == 0:
            ui.label("The export lists no ESXi hosts, so the current estate is unknown.").classes(
                "text-sm text-slate-600"
            )
        columns = [
            table_column("figure", "", "left", sortable=False),
            table_column("current", "Current", sortable=False),
            table_column("proposed", "Proposed", sortable=False),
        ]
        table = ui.table(columns=columns, rows=estate_rows(result), row_key="key", pagination=0)
        table.classes(design.TABLE_SCROLL).props("flat dense hide-bottom").mark("estate-table")
        _demand_basis(result)
        if len(current.clusters) > 0:
            _current_clusters(result)


def _demand_basis(result: SizingResult) -> None:
    compute = result.compute
    demand = compute.demand_based
    text = f"Host count sized on: {demand_basis_label(None)}."
    if demand is not None:
        text += (
            f" Demand-based variant ({plural(demand.hosts, 'host')}) sized on: "
            f"{demand_basis_label(demand.basis)}."
        )
    ui.label(text).classes("text-sm text-slate-700").mark("demand-basis")


def _current_clusters(result: SizingResult) -> None:
    columns = [
        table_column("cluster", "Cluster today", "left"),
        table_column("hosts", "Hosts"),
        table_column("sockets", "Sockets"),
        table_column("cores", "Cores"),
        table_column("memory", "Memory", sortable=False),
        table_column("vms", "VMs"),
        table_column("vms_per_host", "VMs per host", digits=1),
        table_column("vcpu_per_core", "vCPU per core", sortable=False),
        table_column("vram_per_ram", "vRAM per RAM", sortable=False),
    ]
    rows = [
        {
            "key": f"{row.vcenter}/{row.datacenter}/{row.cluster}",
            "cluster": row.cluster,
            "hosts": row.hosts,
            "sockets": row.sockets,
            "cores": row.cores,
            "memory": gib(row.memory_mib),
            "vms": row.vms,
            "vms_per_host": row.vms_per_host,
            "vcpu_per_core": ratio(row.vcpu_per_core),
            "vram_per_ram": ratio(row.vram_per_ram),
        }
        for row in result.current.clusters
    ]
    table = ui.table(columns=columns, rows=rows, row_key="key", pagination=10)
    table.classes(design.TABLE_SCROLL).props("flat dense").mark("current-clusters")
