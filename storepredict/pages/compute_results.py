"""The compute page's results: hosts needed, demand, per-site and per-cluster breakdowns."""

from __future__ import annotations

from nicegui import ui

from ..pipeline.sizing import ComputeResult, Sizing
from ..vocabulary import (
    DASH,
    binding_label,
    demand_basis_label,
    host_label,
    percent,
    plural,
    scenario_label,
)
from . import design, widgets
from .forms import table_column


def draw_results(compute: ComputeResult) -> None:
    """Every result card of a compute sizing, top to bottom."""
    with ui.column().classes("w-full gap-5"):
        _headline(compute)
        _demand(compute)
        if len(compute.sites) > 1:
            _sites(compute)
        _clusters(compute)
        if compute.demand_based is not None:
            _demand_based(compute)
        if compute.warnings:
            with widgets.card("Warnings", icon="warning"):
                widgets.warning_list([finding.message for finding in compute.warnings])


def _headline(compute: ComputeResult) -> None:
    host = compute.host
    subtitle = f"{scenario_label(compute.scenario)} · {host_label(host)}"
    with (
        widgets.card("Hosts needed", subtitle, icon="dns"),
        ui.row().classes("w-full items-center gap-8"),
    ):
        with ui.column().classes("gap-0"):
            with ui.row().classes("items-baseline gap-2"):
                hosts = ui.label(str(compute.hosts)).classes("text-6xl font-bold text-primary")
                hosts.mark("hosts").props('data-testid="host-count"')
                ui.label("host" if compute.hosts == 1 else "hosts").classes(
                    "text-xl text-slate-500"
                )
            binding = ui.label(f"Bound by: {binding_label(compute.binding)}")
            binding.classes("text-sm font-medium text-slate-700").mark("binding")
        with ui.row().classes("gap-3 grow"):
            widgets.stat("Hosts for CPU", hosts_text(compute.hosts_cpu))
            widgets.stat("Hosts for memory", hosts_text(compute.hosts_memory))
            widgets.stat("HA spares", hosts_text(compute.ha_spares))
            widgets.stat(
                "CPU utilisation",
                percent(compute.cpu_utilisation, 1),
                "at end of growth",
            )
            widgets.stat(
                "Memory utilisation",
                percent(compute.memory_utilisation, 1),
                "at end of growth",
            )


def _demand(compute: ComputeResult) -> None:
    demand = compute.demand
    factor = demand.growth_factor
    subtitle = (
        f"Allocated by the VMs in scope; growth {demand.annual_growth * 100:g}% a year for "
        f"{demand.years:g} years (×{factor:.3f})"
    )
    with widgets.card("Demand", subtitle, icon="memory"), ui.row().classes("w-full gap-3"):
        widgets.stat("VMs in scope", plural(demand.vm_count, "VM"), testid="vm-count")
        widgets.stat("vCPU today", f"{demand.vcpu:,} vCPU")
        widgets.stat("vRAM today", _gib(demand.vram_mib))
        widgets.stat("vCPU with growth", f"{demand.vcpu * factor:,.0f} vCPU")
        widgets.stat("vRAM with growth", _gib(demand.vram_mib * factor))


def _sites(compute: ComputeResult) -> None:
    columns = [
        table_column("site", "Site", "left"),
        table_column("design", "Sized for"),
        table_column("normal", "Runs normally"),
        table_column("hosts", "Hosts"),
        table_column("cpu", "For CPU"),
        table_column("memory", "For memory"),
        table_column("spares", "HA spares"),
        table_column("binding", "Bound by", "left"),
        table_column("util", "Use in worst case", "left"),
        table_column("normal_util", "Use normally", "left"),
    ]
    rows = [
        {
            "site": site.name,
            "design": f"{site.design_share * 100:g}%",
            "normal": f"{site.normal_share * 100:g}%",
            "hosts": site.hosts,
            "cpu": site.hosts_cpu,
            "memory": site.hosts_memory,
            "spares": site.ha_spares,
            "binding": binding_label(site.binding),
            "util": _use(site.cpu_utilisation, site.memory_utilisation),
            "normal_util": _use(site.normal_cpu_utilisation, site.normal_memory_utilisation),
        }
        for site in compute.sites
    ]
    with widgets.card(
        "Per site", f"{hosts_text(compute.hosts)} over {len(rows)} sites", icon="hub"
    ):
        ui.table(columns=columns, rows=rows, row_key="site").classes(design.TABLE_SCROLL).props(
            "flat dense wrap-cells"
        ).mark("sites")


def _clusters(compute: ComputeResult) -> None:
    columns = [
        table_column("cluster", "Cluster", "left"),
        table_column("datacenter", "Datacenter", "left"),
        table_column("vms", "VMs"),
        table_column("vcpu", "vCPU"),
        table_column("vram", "vRAM (GiB)", digits=0),
        table_column("hosts", "Hosts"),
        table_column("cpu", "Hosts for CPU"),
        table_column("memory", "Hosts for memory"),
        table_column("binding", "Bound by", "left"),
    ]
    rows = [
        {
            "key": f"{row.vcenter}/{row.datacenter}/{row.cluster}",
            "cluster": row.cluster,
            "datacenter": row.datacenter or DASH,
            "vms": row.vm_count,
            "vcpu": row.vcpu,
            "vram": round(row.vram_mib / 1024, 1),
            "hosts": row.hosts,
            "cpu": row.hosts_cpu,
            "memory": row.hosts_memory,
            "binding": binding_label(row.binding),
        }
        for row in compute.by_cluster
    ]
    subtitle = "Each cluster sized on its own, with the same host, ratios and scenario"
    with widgets.card("Per cluster", subtitle, icon="view_list"):
        table = ui.table(columns=columns, rows=rows, row_key="key", pagination=10)
        table.classes(design.TABLE_SCROLL).props("flat dense").mark("clusters")
        with ui.row().classes("w-full gap-3"):
            widgets.stat("Sum of clusters", hosts_text(compute.by_cluster_total))
            widgets.stat("Global sizing", hosts_text(compute.hosts), "one pool for all VMs")
        ui.label(
            "The per-cluster sum is usually higher: every cluster pays its own rounding, minimum "
            "and HA spares."
        ).classes("text-xs text-slate-500")


def _demand_based(compute: ComputeResult) -> None:
    demand = compute.demand_based
    assert demand is not None
    subtitle = (
        f"Measured LiveOptics peaks of {demand.vms_with_peaks:,} of {demand.vm_count:,} VMs "
        f"instead of allocations · basis: {demand_basis_label(demand.basis)}"
    )
    with widgets.card("Demand-based sizing", subtitle, icon="speed") as box:
        box.mark("demand-based")
        widgets.stat_row(
            [
                ("Hosts needed", hosts_text(demand.hosts)),
                ("Bound by", binding_label(demand.binding)),
                ("Peak CPU", f"{demand.peak_cpu_ghz:,.1f} GHz"),
                ("Peak memory", _gib(demand.peak_memory_mib)),
                ("CPU utilisation", percent(demand.cpu_utilisation, 1)),
                ("Memory utilisation", percent(demand.memory_utilisation, 1)),
            ]
        )
        ui.label(
            f"Allocation-based: {compute.hosts} hosts; {_difference(compute, demand)}."
        ).classes("text-sm text-slate-600")


def _difference(compute: ComputeResult, demand: Sizing) -> str:
    delta = compute.hosts - demand.hosts
    if delta > 0:
        return f"measured demand needs {delta} fewer"
    if delta < 0:
        return f"measured demand needs {-delta} more"
    return "measured demand needs the same number"


def _use(cpu: float, memory: float) -> str:
    return f"{cpu * 100:.0f}% CPU, {memory * 100:.0f}% mem."


def hosts_text(count: int) -> str:
    """A host count with its unit: '1 host', '12 hosts'."""
    return plural(count, "host")


def _gib(mib: float) -> str:
    return f"{mib / 1024:,.0f} GiB"
