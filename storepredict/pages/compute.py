"""Compute page: host, ratios and scenario controls; hosts needed and their breakdown."""

from __future__ import annotations

from typing import Any

from nicegui import ui

from ..config import AppConfig
from ..pipeline import ComputeSettings, CustomHost
from ..pipeline.session import SessionState
from ..pipeline.sizing import CUSTOM_HOST_ID, ComputeResult, HostSpec, Sizing, load_presets
from . import widgets
from .frame import frame, tab_connected
from .layout import NumberField, SettingsView, table_column

BINDING = {
    "cpu": "CPU",
    "memory": "Memory",
    "minimum": "Minimum hosts per cluster",
    "none": "Nothing (no VMs in scope)",
}
SCENARIOS = {"single": "Single site", "stretched": "Stretched (vMSC)", "dr": "Active/passive DR"}
SPARES = {0: "N+0", 1: "N+1", 2: "N+2"}
GROWTH = {"storage": "Same as storage", "own": "Own"}
RATIO_FIELDS = (
    NumberField("vcpu_per_core", "vCPU per physical core", "vcpu-ratio", ": 1", step=0.5),
    NumberField("memory_overcommit", "Memory overcommit", "mem-overcommit", "×", step=0.1),
    NumberField("max_cpu_util", "Max CPU utilisation", "max-cpu", "%", scale=100),
    NumberField("max_memory_util", "Max memory utilisation", "max-mem", "%", scale=100),
)
MIN_HOSTS = NumberField("min_hosts_per_cluster", "Minimum hosts per cluster", "min-hosts", "hosts")
CUSTOM_FIELDS = (
    NumberField("sockets", "Sockets", "custom-sockets", "sockets"),
    NumberField("cores_per_socket", "Cores per socket", "custom-cores", "cores"),
    NumberField("ghz", "Base clock", "custom-ghz", "GHz", step=0.1),
    NumberField("ram_gib", "RAM", "custom-ram", "GiB", step=64),
)
GROWTH_RATE = NumberField("annual_growth", "Annual growth", "compute-growth", "%", scale=100)
GROWTH_YEARS = NumberField("years", "Years", "compute-years", "years")
SPLIT = NumberField("stretched_split", "Site A share of the workload", "stretched-split", "%", 100)
DR_SHARE = NumberField("dr_protected_share", "Protected share at the DR site", "dr-share", "%", 100)


async def create(config: AppConfig) -> None:
    """Draw the compute page for this tab's session."""
    if not await tab_connected():
        return
    with frame("compute") as state:
        if state.inventory is None:
            widgets.no_data()
            return
        view = _ComputeView()
        with ui.row().classes("w-full gap-5 no-wrap items-start"):
            with ui.column().classes("w-96 shrink-0 gap-5"):
                view.settings_form(state)
            with ui.column().classes("grow min-w-0 gap-5"):
                await view.results()


def host_label(host: HostSpec) -> str:
    """A preset as one line, e.g. 'Dell PowerEdge R760 · 2x Xeon Gold 6430 · 64 cores · …'."""
    cpu = host.cpu_model.removeprefix("Intel ").removeprefix("AMD ")
    name = f"{host.vendor} {host.model}".strip()
    return (
        f"{name} · {host.sockets}x {cpu} · {host.cores} cores · "
        f"{host.base_ghz:g} GHz · {host.ram_gib:g} GiB"
    )


class _ComputeView(SettingsView):
    """One open compute page: its settings form and the results it redraws after a change."""

    section = "compute"

    def __init__(self) -> None:
        super().__init__()
        self._custom: dict[str, Any] = CustomHost().model_dump()  # what the custom fields show

    def settings_form(self, state: SessionState) -> None:
        """Host, ratios, growth and scenario controls; each change is stored and re-sized."""
        compute = state.settings.compute
        with widgets.card("ESXi host", icon="dns"):
            self._host_controls(compute)
        with widgets.card("Ratios and headroom", icon="tune"):
            for spec in RATIO_FIELDS:
                self.number(spec, getattr(compute, spec.key))
            ui.label("HA spares").classes("text-sm text-slate-600")
            ui.toggle(
                SPARES,
                value=compute.ha_spares,
                on_change=lambda e: self.apply({"ha_spares": e.value}),
            ).props("no-caps spread").classes("w-full").mark("ha-spares")
            self.number(MIN_HOSTS, compute.min_hosts_per_cluster)
        with widgets.card("Growth", icon="trending_up"):
            self._growth_controls(state)
        with widgets.card("Scenario", icon="hub"):
            self._scenario_controls(compute)

    def _host_controls(self, compute: ComputeSettings) -> None:
        options = {host.id: host_label(host) for host in load_presets()}
        options[CUSTOM_HOST_ID] = "Custom host…"
        current = CUSTOM_HOST_ID if compute.custom_host is not None else compute.host_preset
        custom = compute.custom_host or CustomHost()
        self._custom = custom.model_dump()

        async def choose(event) -> None:
            box.set_visibility(event.value == CUSTOM_HOST_ID)
            if event.value == CUSTOM_HOST_ID:
                await self.apply({"custom_host": self._custom})
            else:
                await self.apply({"host_preset": event.value, "custom_host": None})

        ui.select(options, label="Server", value=current, on_change=choose).props(
            "outlined dense options-dense"
        ).classes("w-full").mark("host-preset")
        with ui.column().classes("w-full gap-2") as box:
            ui.input(
                "Name", value=custom.name, on_change=lambda e: self.apply_custom({"name": e.value})
            ).props("outlined dense debounce=600").classes("w-full").mark("custom-name")
            for spec in CUSTOM_FIELDS:
                self.number(spec, getattr(custom, spec.key), self.apply_custom)
        box.set_visibility(current == CUSTOM_HOST_ID)

    def _growth_controls(self, state: SessionState) -> None:
        compute, settings = state.settings.compute, state.settings
        own = compute.annual_growth is not None or compute.years is not None
        ui.label(
            f"Storage assumes {settings.annual_growth * 100:g}% a year "
            f"for {settings.years:g} years."
        ).classes("text-sm text-slate-600")

        async def choose(event) -> None:
            box.set_visibility(event.value == "own")
            if event.value == "own":  # start from what the fields show
                own_growth = {"annual_growth": (rate.value or 0) / 100, "years": years.value or 0}
                await self.apply(own_growth)
            else:
                await self.apply({"annual_growth": None, "years": None})

        ui.toggle(GROWTH, value="own" if own else "storage", on_change=choose).props(
            "no-caps spread"
        ).classes("w-full").mark("growth-mode")
        with ui.column().classes("w-full gap-2") as box:
            growth = compute.annual_growth
            rate = self.number(GROWTH_RATE, settings.annual_growth if growth is None else growth)
            horizon = settings.years if compute.years is None else compute.years
            years = self.number(GROWTH_YEARS, horizon)
        box.set_visibility(own)

    def _scenario_controls(self, compute: ComputeSettings) -> None:
        async def choose(event) -> None:
            split.set_visibility(event.value == "stretched")
            share.set_visibility(event.value == "dr")
            await self.apply({"scenario": event.value})

        ui.radio(SCENARIOS, value=compute.scenario, on_change=choose).props("dense").classes(
            "w-full"
        ).mark("scenario")
        with ui.column().classes("w-full gap-1") as split:
            self.number(SPLIT, compute.stretched_split)
            ui.label("Each site is sized to run everything after the other site fails.").classes(
                "text-xs text-slate-500"
            )
        with ui.column().classes("w-full gap-1") as share:
            self.number(DR_SHARE, compute.dr_protected_share)
            ui.label("The secondary site restarts this share of the primary's workload.").classes(
                "text-xs text-slate-500"
            )
        split.set_visibility(compute.scenario == "stretched")
        share.set_visibility(compute.scenario == "dr")

    async def apply_custom(self, changes: dict[str, Any]) -> None:
        """Change fields of the custom host (which must be the one in use)."""
        self._custom = {**self._custom, **changes}
        await self.apply({"custom_host": self._custom})

    @ui.refreshable_method
    async def results(self) -> None:
        """Hosts needed, the site and cluster breakdowns, the demand-based variant, warnings."""
        result = await self.sized("Sizing ESXi hosts…")
        if result is None:
            return
        with ui.column().classes("w-full gap-5"):
            compute = result.compute
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
    subtitle = f"{SCENARIOS[compute.scenario]} · {host_label(host)}"
    with (
        widgets.card("Hosts needed", subtitle, icon="dns"),
        ui.row().classes("w-full items-center gap-8"),
    ):
        with ui.column().classes("gap-0"):
            with ui.row().classes("items-baseline gap-2"):
                ui.label(str(compute.hosts)).classes("text-6xl font-bold text-primary").mark(
                    "hosts"
                )
                ui.label("host" if compute.hosts == 1 else "hosts").classes(
                    "text-xl text-slate-500"
                )
            binding = ui.label(f"Bound by: {BINDING[compute.binding]}")
            binding.classes("text-sm font-medium text-slate-700").mark("binding")
        with ui.row().classes("gap-3 grow"):
            widgets.stat("Hosts for CPU", hosts_text(compute.hosts_cpu))
            widgets.stat("Hosts for memory", hosts_text(compute.hosts_memory))
            widgets.stat("HA spares", hosts_text(compute.ha_spares))
            widgets.stat(
                "CPU utilisation",
                widgets.percent(compute.cpu_utilisation, 1),
                "at end of growth",
            )
            widgets.stat(
                "Memory utilisation",
                widgets.percent(compute.memory_utilisation, 1),
                "at end of growth",
            )


def _demand(compute: ComputeResult) -> None:
    demand = compute.demand
    factor = demand.growth_factor
    subtitle = (
        f"Allocated by the VMs in scope; growth {demand.annual_growth * 100:g}% a year for "
        f"{demand.years:g} years (×{factor:.3f})"
    )
    with widgets.card("Demand", subtitle, icon="memory"):
        widgets.stat_row(
            [
                ("VMs in scope", f"{demand.vm_count:,} VMs"),
                ("vCPU today", f"{demand.vcpu:,} vCPU"),
                ("vRAM today", _gib(demand.vram_mib)),
                ("vCPU with growth", f"{demand.vcpu * factor:,.0f} vCPU"),
                ("vRAM with growth", _gib(demand.vram_mib * factor)),
            ]
        )


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
            "binding": BINDING[site.binding],
            "util": _use(site.cpu_utilisation, site.memory_utilisation),
            "normal_util": _use(site.normal_cpu_utilisation, site.normal_memory_utilisation),
        }
        for site in compute.sites
    ]
    with widgets.card(
        "Per site", f"{hosts_text(compute.hosts)} over {len(rows)} sites", icon="hub"
    ):
        ui.table(columns=columns, rows=rows, row_key="site").classes("w-full").props(
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
            "datacenter": row.datacenter or "—",
            "vms": row.vm_count,
            "vcpu": row.vcpu,
            "vram": round(row.vram_mib / 1024, 1),
            "hosts": row.hosts,
            "cpu": row.hosts_cpu,
            "memory": row.hosts_memory,
            "binding": BINDING[row.binding],
        }
        for row in compute.by_cluster
    ]
    subtitle = "Each cluster sized on its own, with the same host, ratios and scenario"
    with widgets.card("Per cluster", subtitle, icon="view_list"):
        table = ui.table(columns=columns, rows=rows, row_key="key", pagination=10)
        table.classes("w-full").props("flat dense").mark("clusters")
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
        "instead of allocations"
    )
    with widgets.card("Demand-based sizing", subtitle, icon="speed") as box:
        box.mark("demand-based")
        widgets.stat_row(
            [
                ("Hosts needed", hosts_text(demand.hosts)),
                ("Bound by", BINDING[demand.binding]),
                ("Peak CPU", f"{demand.peak_cpu_ghz:,.1f} GHz"),
                ("Peak memory", _gib(demand.peak_memory_mib)),
                ("CPU utilisation", widgets.percent(demand.cpu_utilisation, 1)),
                ("Memory utilisation", widgets.percent(demand.memory_utilisation, 1)),
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
    return f"{count} host{'' if count == 1 else 's'}"


def _gib(mib: float) -> str:
    return f"{mib / 1024:,.0f} GiB"
