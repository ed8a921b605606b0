"""Report page: the storage requirement step by step, by class, layout and compute summaries."""

from __future__ import annotations

from collections import Counter

from nicegui import ui

from ..config import AppConfig
from ..pipeline import SizingSettings, StorePredictError, mib_per_unit
from ..pipeline.session import SessionState
from ..pipeline.sizing import SizingResult, StorageResult
from ..reports import build_pdf, build_pptx, build_xlsx, report_file_name
from ..vocabulary import (
    DASH,
    LOGICAL_VMFS,
    PHYSICAL,
    basis_label,
    binding_label,
    category_label,
    host_label,
    plural,
    ratio,
    scenario_label,
    strategy_label,
)
from . import design, skeleton, store, widgets
from .capacity_chart import WaterfallChart
from .estate import estate_comparison
from .forms import table_column
from .frame import download_session


async def create(config: AppConfig) -> None:
    """Draw the report page for this tab's session."""
    del config  # this page needs no server configuration
    await skeleton.draw_page("report", _draw)


async def _draw(state: SessionState) -> None:
    result = await skeleton.sized("Sizing storage, datastores and hosts…")
    if result is None:
        return
    _storage_summary(result.storage, state.settings)
    _by_class(result.storage)
    with ui.row().classes("w-full gap-5 items-stretch flex-col lg:flex-row lg:flex-nowrap"):
        _layout_summary(result)
        _compute_summary(result)
    estate_comparison(result)
    _downloads()


def _storage_summary(storage: StorageResult, settings: SizingSettings) -> None:
    total = storage.total
    subtitle = (
        f"{plural(total.vm_count, 'VM')} in scope · capacity basis: {basis_label(storage.basis)}"
    )
    with widgets.card("Storage requirement", subtitle, icon="summarize"):
        with ui.row().classes("w-full items-center gap-8"):
            with ui.column().classes("gap-0"):
                ui.label("Required capacity").classes("text-xs uppercase text-slate-500")
                required = ui.label(widgets.capacity(total.required_mib))
                required.classes("text-5xl font-bold text-primary").mark("required")
                required.props('data-testid="required-capacity"')
                kind = ui.label(PHYSICAL).classes("text-xs text-slate-500").mark("required-kind")
                kind.props('data-testid="required-kind"')
            widgets.stat("VMs in scope", f"{total.vm_count:,}", testid="vm-count")
            widgets.stat("Logical", widgets.capacity(total.logical_mib))
            widgets.stat("After data reduction", widgets.capacity(total.reduced_mib))
            widgets.stat("Effective DRR", ratio(total.effective_drr))
            widgets.stat(
                "Assumptions",
                f"+{settings.snapshot_reserve * 100:g}% snapshots · "
                f"{settings.max_fill * 100:g}% max fill",
                f"growth {settings.annual_growth * 100:g}%/yr for {settings.years:g} yrs "
                f"(×{storage.growth_factor:.3f})",
            )
        if storage.guest_fallback_count:
            ui.label(
                f"{storage.guest_fallback_count:,} VMs have no guest data and count with their "
                "in-use capacity."
            ).classes("text-sm text-slate-600")
        WaterfallChart(storage)


def _by_class(storage: StorageResult) -> None:
    unit = store.get_unit()
    per_unit = mib_per_unit(unit)
    columns = [
        table_column("name", "Workload class", "left", sortable=False),
        table_column("category", "Category", "left", sortable=False),
        table_column("vms", "VMs", sortable=False),
        table_column("logical", f"Logical ({unit})", digits=2, sortable=False),
        table_column("drr", "DRR (effective)", sortable=False),
        table_column("reduced", f"Reduced ({unit})", digits=2, sortable=False),
        table_column("required", f"Required ({unit})", digits=2, sortable=False),
    ]
    rows = [
        {
            "id": row.class_id,
            "name": row.name,
            "category": category_label(row.category),
            "vms": row.vm_count,
            "logical": round(row.logical_mib / per_unit, 2),
            "drr": ratio(row.effective_drr),
            "reduced": round(row.reduced_mib / per_unit, 2),
            "required": round(row.required_mib / per_unit, 2),
        }
        for row in storage.by_class
    ]
    total = storage.total
    rows.append(
        {
            "id": "__total__",
            "name": "Total",
            "category": "",
            "vms": total.vm_count,
            "logical": round(total.logical_mib / per_unit, 2),
            "drr": ratio(total.effective_drr),
            "reduced": round(total.reduced_mib / per_unit, 2),
            "required": round(total.required_mib / per_unit, 2),
        }
    )
    with widgets.card("By workload class", "DRR per class; the total uses the effective DRR"):
        table = ui.table(columns=columns, rows=rows, row_key="id", pagination=0)
        table.classes(design.TABLE_SCROLL).props("flat dense hide-bottom").mark("by-class")


def _layout_summary(result: SizingResult) -> None:
    key = result.layout.chosen
    plan = result.layout.strategies[key]
    sizes = Counter(ds.size_mib for ds in plan.datastores)
    size_text = ", ".join(
        f"{count} × {widgets.capacity(size)}" for size, count in sorted(sizes.items())
    )
    fills = [ds.fill_pct for ds in plan.datastores]
    with widgets.card("Datastore layout", f"{strategy_label(key)} strategy", icon="storage"):
        with ui.row().classes("gap-3"):
            widgets.stat("Datastores", plural(plan.count, "datastore"), testid="datastore-count")
            widgets.stat(
                "Total capacity",
                widgets.capacity(plan.total_capacity_mib),
                LOGICAL_VMFS,
                testid="datastore-capacity",
            )
            widgets.stat(
                "Lower bound", plural(plan.lower_bound, "datastore"), f"gap {plan.gap_pct:.1f}%"
            )
        ui.label(f"Sizes: {size_text or DASH}").classes("text-sm text-slate-700")
        if fills:
            ui.label(f"Fill from {min(fills):.1f}% to {max(fills):.1f}%").classes(
                "text-sm text-slate-700"
            )
        ui.button("Open layout", on_click=lambda: ui.navigate.to("/layout")).props(
            "flat no-caps dense"
        )


def _compute_summary(result: SizingResult) -> None:
    compute = result.compute
    subtitle = f"{scenario_label(compute.scenario)} · {host_label(compute.host)}"
    with widgets.card("ESXi hosts", subtitle, icon="dns"):
        with ui.row().classes("gap-3"):
            widgets.stat("Hosts needed", plural(compute.hosts, "host"), testid="host-count")
            widgets.stat("Bound by", binding_label(compute.binding))
            widgets.stat(
                "Utilisation",
                f"{compute.cpu_utilisation * 100:.0f}% CPU · "
                f"{compute.memory_utilisation * 100:.0f}% memory",
            )
        per_cluster = plural(compute.by_cluster_total, "host")
        ui.label(
            f"{compute.hosts_cpu} hosts for CPU, {compute.hosts_memory} for memory, "
            f"{_spares(compute.ha_spares)}; per-cluster sum {per_cluster}"
        ).classes("text-sm text-slate-700")
        ui.button("Open compute", on_click=lambda: ui.navigate.to("/compute")).props(
            "flat no-caps dense"
        )


def _spares(count: int) -> str:
    return plural(count, "HA spare")


def _downloads() -> None:
    subtitle = "The customer reports, and everything needed to resume this sizing later"
    with widgets.card("Downloads", subtitle, icon="download"), ui.row().classes("gap-3"):
        ui.button(
            "Excel workbook", icon="table_view", on_click=lambda: _download_report("xlsx")
        ).props("no-caps").mark("report-xlsx")
        ui.button(
            "PDF report", icon="picture_as_pdf", on_click=lambda: _download_report("pdf")
        ).props("no-caps").mark("report-pdf")
        ui.button(
            "Download slide deck", icon="slideshow", on_click=lambda: _download_report("pptx")
        ).props("no-caps").mark("report-pptx")
        ui.button("Download session", icon="download", on_click=download_session).props(
            "no-caps outline"
        ).mark("report-download")


REPORT_MEDIA = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
REPORT_BUILDERS = {"xlsx": build_xlsx, "pdf": build_pdf, "pptx": build_pptx}


async def _download_report(kind: str) -> None:
    """Build the XLSX, PDF or PPTX report off the event loop and send it to the browser."""
    state = store.get_state()
    try:
        result = await store.get_result()
        if result is None:
            return
        build = REPORT_BUILDERS[kind]
        with widgets.busy(f"Writing the {kind.upper()} report…"):
            content = await store.run_checked(build, state, result, store.get_unit())
    except StorePredictError as error:
        skeleton.show_error(error)
        return
    if content is not None:
        ui.download.content(content, report_file_name(state, kind), REPORT_MEDIA[kind])
