"""The current estate beside the proposal (compute and report pages), licences and demand basis.

Current: the ESXi hosts that run the in-scope clusters today (`result.current`, from vHost or
LiveOptics ESX Hosts). Proposed: the sized hosts x the chosen host model, with today's in-scope
vCPU, vRAM and VMs on them. Licence cores follow the per-core rule (`result.compute.licensing`).
"""

from __future__ import annotations

from nicegui import ui

from ..i18n import _, format_number, ngettext
from ..pipeline.sizing import SizingResult
from ..vocabulary import DASH, demand_basis_label, gib, ratio
from . import design, widgets
from .forms import paginated, table_column


def _per(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def _number(value: float | None, digits: int = 1) -> str:
    return DASH if value is None else format_number(value, digits)


def estate_rows(result: SizingResult) -> list[dict[str, str]]:
    """(figure, current, proposed) rows, as the table shows them."""
    current, compute = result.current, result.compute
    host, demand, licences = compute.host, compute.demand, compute.licensing
    hosts = compute.hosts
    cores, ram_mib = hosts * host.cores, hosts * host.ram_mib
    n = format_number
    rows = [
        ("hosts", _("Hosts"), n(current.hosts), n(hosts)),
        ("sockets", _("CPU sockets"), n(current.sockets), n(hosts * host.sockets)),
        ("cores", _("Physical cores"), n(current.cores), n(cores)),
        ("memory", _("Host memory"), gib(current.memory_mib), gib(ram_mib)),
        ("vms", _("VMs"), n(current.vms), n(demand.vm_count)),
        (
            "vms_per_host",
            _("VMs per host"),
            _number(current.vms_per_host),
            _number(_per(demand.vm_count, hosts)),
        ),
        (
            "vcpu_per_core",
            _("vCPU per core"),
            ratio(current.vcpu_per_core),
            ratio(_per(demand.vcpu, cores)),
        ),
        (
            "vram_per_ram",
            _("vRAM per RAM"),
            ratio(current.vram_per_ram),
            ratio(_per(demand.vram_mib, ram_mib)),
        ),
        (
            "licence_cores",
            _("Licence cores (at least {count} per CPU)", count=licences.min_cores_per_cpu),
            n(licences.current_cores),
            n(licences.proposed_cores),
        ),
    ]
    return [
        {"key": key, "figure": figure, "current": now, "proposed": then}
        for key, figure, now, then in rows
    ]


def estate_comparison(result: SizingResult) -> None:
    """A card: the current estate beside the proposal, per cluster today, and the demand basis."""
    current = result.current
    subtitle = _(
        "Today: the hosts of the clusters in scope and the VMs running on them. "
        "Proposed: the sized hosts with today's in-scope VMs."
    )
    with widgets.card(_("Current estate and proposal"), subtitle, icon="compare_arrows") as box:
        box.mark("estate")
        if current.hosts == 0:
            ui.label(
                _("The export lists no ESXi hosts, so the current estate is unknown.")
            ).classes("text-sm text-slate-600")
        columns = [
            table_column("figure", "", "left", sortable=False),
            table_column("current", _("Current"), sortable=False),
            table_column("proposed", _("Proposed"), sortable=False),
        ]
        table = ui.table(columns=columns, rows=estate_rows(result), row_key="key", pagination=0)
        table.classes(design.TABLE_SCROLL).props("flat dense hide-bottom").mark("estate-table")
        _demand_basis(result)
        if len(current.clusters) > 0:
            _current_clusters(result)


def _demand_basis(result: SizingResult) -> None:
    compute = result.compute
    demand = compute.demand_based
    text = _("Host count sized on: {basis}.", basis=demand_basis_label(None))
    if demand is not None:
        hosts = ngettext(
            "{number} host", "{number} hosts", demand.hosts, number=format_number(demand.hosts)
        )
        text += " " + _(
            "Demand-based variant ({hosts}) sized on: {basis}.",
            hosts=hosts,
            basis=demand_basis_label(demand.basis),
        )
    ui.label(text).classes("text-sm text-slate-700").mark("demand-basis")


def _current_clusters(result: SizingResult) -> None:
    columns = [
        table_column("cluster", _("Cluster today"), "left"),
        table_column("hosts", _("Hosts")),
        table_column("sockets", _("Sockets")),
        table_column("cores", _("Cores")),
        table_column("memory", _("Memory"), sortable=False),
        table_column("vms", _("VMs")),
        table_column("vms_per_host", _("VMs per host"), digits=1),
        table_column("vcpu_per_core", _("vCPU per core"), sortable=False),
        table_column("vram_per_ram", _("vRAM per RAM"), sortable=False),
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
    table = paginated(ui.table(columns=columns, rows=rows, row_key="key", pagination=10))
    table.classes(design.TABLE_SCROLL).props("flat dense").mark("current-clusters")
