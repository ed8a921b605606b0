"""The compute page's results: hosts needed, demand, per-site and per-cluster breakdowns."""

from __future__ import annotations

from nicegui import ui

from ..i18n import _, format_number, ngettext, unit_symbol
from ..pipeline import finding_text
from ..pipeline.sizing import ComputeResult, Sizing
from ..vocabulary import (
    DASH,
    binding_label,
    demand_basis_label,
    host_label,
    percent,
    scenario_label,
    short_number,
)
from . import design, widgets
from .forms import paginated, table_column


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
            with widgets.card(_("Warnings"), icon="warning"):
                widgets.warning_list([finding_text(finding) for finding in compute.warnings])


def _headline(compute: ComputeResult) -> None:
    host = compute.host
    subtitle = f"{scenario_label(compute.scenario)} · {host_label(host)}"
    with (
        widgets.card(_("Hosts needed"), subtitle, icon="dns"),
        ui.row().classes("w-full items-center gap-8"),
    ):
        with ui.column().classes("gap-0"):
            with ui.row().classes("items-baseline gap-2"):
                hosts = ui.label(str(compute.hosts)).classes("text-6xl font-bold text-primary")
                hosts.mark("hosts").props('data-testid="host-count"')
                ui.label(ngettext("host", "hosts", compute.hosts)).classes("text-xl text-slate-500")
            binding = ui.label(_("Bound by: {resource}", resource=binding_label(compute.binding)))
            binding.classes("text-sm font-medium text-slate-700").mark("binding")
        with ui.row().classes("gap-3 grow"):
            widgets.stat(_("Hosts for CPU"), hosts_text(compute.hosts_cpu))
            widgets.stat(_("Hosts for memory"), hosts_text(compute.hosts_memory))
            widgets.stat(_("HA spares"), hosts_text(compute.ha_spares))
            widgets.stat(
                _("CPU utilisation"),
                percent(compute.cpu_utilisation, 1),
                _("at end of growth"),
            )
            widgets.stat(
                _("Memory utilisation"),
                percent(compute.memory_utilisation, 1),
                _("at end of growth"),
            )


def _demand(compute: ComputeResult) -> None:
    demand = compute.demand
    factor = demand.growth_factor
    subtitle = _(
        "Allocated by the VMs in scope; growth {rate}% a year for {years} years (×{factor})",
        rate=short_number(demand.annual_growth * 100),
        years=short_number(demand.years),
        factor=format_number(factor, 3),
    )
    with widgets.card(_("Demand"), subtitle, icon="memory"), ui.row().classes("w-full gap-3"):
        vms = ngettext(
            "{number} VM", "{number} VMs", demand.vm_count, number=format_number(demand.vm_count)
        )
        widgets.stat(_("VMs in scope"), vms, testid="vm-count")
        widgets.stat(_("vCPU today"), f"{format_number(demand.vcpu)} vCPU")
        widgets.stat(_("vRAM today"), _gib(demand.vram_mib))
        widgets.stat(_("vCPU with growth"), f"{format_number(demand.vcpu * factor)} vCPU")
        widgets.stat(_("vRAM with growth"), _gib(demand.vram_mib * factor))


def _sites(compute: ComputeResult) -> None:
    columns = [
        table_column("site", _("Site"), "left"),
        table_column("design", _("Sized for")),
        table_column("normal", _("Runs normally")),
        table_column("hosts", _("Hosts")),
        table_column("cpu", _("For CPU")),
        table_column("memory", _("For memory")),
        table_column("spares", _("HA spares")),
        table_column("binding", _("Bound by"), "left"),
        table_column("util", _("Use in worst case"), "left"),
        table_column("normal_util", _("Use normally"), "left"),
    ]
    rows = [
        {
            "site": site.name,
            "design": _("{share}%", share=short_number(site.design_share * 100)),
            "normal": _("{share}%", share=short_number(site.normal_share * 100)),
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
    over = _("{hosts} over {count} sites", hosts=hosts_text(compute.hosts), count=len(rows))
    with widgets.card(_("Per site"), over, icon="hub"):
        ui.table(columns=columns, rows=rows, row_key="site").classes(design.TABLE_SCROLL).props(
            "flat dense wrap-cells"
        ).mark("sites")


def _clusters(compute: ComputeResult) -> None:
    columns = [
        table_column("cluster", _("Cluster"), "left"),
        table_column("datacenter", _("Datacenter"), "left"),
        table_column("vms", _("VMs")),
        table_column("vcpu", "vCPU"),
        table_column("vram", _("vRAM ({unit})", unit=unit_symbol("GiB")), digits=0),
        table_column("hosts", _("Hosts")),
        table_column("cpu", _("Hosts for CPU")),
        table_column("memory", _("Hosts for memory")),
        table_column("binding", _("Bound by"), "left"),
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
    subtitle = _("Each cluster sized on its own, with the same host, ratios and scenario")
    with widgets.card(_("Per cluster"), subtitle, icon="view_list"):
        table = paginated(ui.table(columns=columns, rows=rows, row_key="key", pagination=10))
        table.classes(design.TABLE_SCROLL).props("flat dense").mark("clusters")
        with ui.row().classes("w-full gap-3"):
            widgets.stat(_("Sum of clusters"), hosts_text(compute.by_cluster_total))
            widgets.stat(_("Global sizing"), hosts_text(compute.hosts), _("one pool for all VMs"))
        ui.label(
            _(
                "The per-cluster sum is usually higher: every cluster pays its own rounding, "
                "minimum and HA spares."
            )
        ).classes("text-xs text-slate-500")


def _demand_based(compute: ComputeResult) -> None:
    demand = compute.demand_based
    assert demand is not None
    subtitle = _(
        "Measured LiveOptics peaks of {measured} of {total} VMs instead of allocations · "
        "basis: {basis}",
        measured=format_number(demand.vms_with_peaks),
        total=format_number(demand.vm_count),
        basis=demand_basis_label(demand.basis),
    )
    with widgets.card(_("Demand-based sizing"), subtitle, icon="speed") as box:
        box.mark("demand-based")
        widgets.stat_row(
            [
                (_("Hosts needed"), hosts_text(demand.hosts)),
                (_("Bound by"), binding_label(demand.binding)),
                (_("Peak CPU"), f"{format_number(demand.peak_cpu_ghz, 1)} GHz"),
                (_("Peak memory"), _gib(demand.peak_memory_mib)),
                (_("CPU utilisation"), percent(demand.cpu_utilisation, 1)),
                (_("Memory utilisation"), percent(demand.memory_utilisation, 1)),
            ]
        )
        ui.label(
            _(
                "Allocation-based: {hosts}; {difference}.",
                hosts=hosts_text(compute.hosts),
                difference=_difference(compute, demand),
            )
        ).classes("text-sm text-slate-600")


def _difference(compute: ComputeResult, demand: Sizing) -> str:
    delta = compute.hosts - demand.hosts
    if delta > 0:
        return _("measured demand needs {count} fewer", count=delta)
    if delta < 0:
        return _("measured demand needs {count} more", count=-delta)
    return _("measured demand needs the same number")


def _use(cpu: float, memory: float) -> str:
    return _(
        "{cpu}% CPU, {memory}% mem.",
        cpu=format_number(cpu * 100),
        memory=format_number(memory * 100),
    )


def hosts_text(count: int) -> str:
    """A host count with its unit: '1 host', '12 hosts'."""
    return ngettext("{number} host", "{number} hosts", count, number=format_number(count))


def _gib(mib: float) -> str:
    return f"{format_number(mib / 1024)} {unit_symbol('GiB')}"
