"""Report page: the storage requirement step by step, by class, layout and compute summaries."""

from __future__ import annotations

from collections import Counter

from nicegui import ui

from ..config import AppConfig
from ..i18n import (
    LANGUAGES,
    _,
    active_language,
    format_number,
    language_name,
    ngettext,
    use_language,
)
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
    class_label,
    host_label,
    ratio,
    scenario_label,
    short_number,
    strategy_label,
    unit_label,
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
    result = await skeleton.sized(_("Sizing storage, datastores and hosts…"))
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
    subtitle = ngettext(
        "{number} VM in scope · capacity basis: {basis}",
        "{number} VMs in scope · capacity basis: {basis}",
        total.vm_count,
        number=format_number(total.vm_count),
        basis=basis_label(storage.basis),
    )
    with widgets.card(_("Storage requirement"), subtitle, icon="summarize"):
        with ui.row().classes("w-full items-center gap-8"):
            with ui.column().classes("gap-0"):
                ui.label(_("Required capacity")).classes("text-xs uppercase text-slate-500")
                required = ui.label(widgets.capacity(total.required_mib))
                required.classes("text-5xl font-bold text-primary").mark("required")
                required.props('data-testid="required-capacity"')
                kind = ui.label(_(PHYSICAL)).classes("text-xs text-slate-500").mark("required-kind")
                kind.props('data-testid="required-kind"')
            widgets.stat(_("VMs in scope"), format_number(total.vm_count), testid="vm-count")
            widgets.stat(_("Logical"), widgets.capacity(total.logical_mib))
            widgets.stat(_("After data reduction"), widgets.capacity(total.reduced_mib))
            widgets.stat(_("Effective DRR"), ratio(total.effective_drr))
            widgets.stat(
                _("Assumptions"),
                _(
                    "+{reserve}% snapshots · {fill}% max fill",
                    reserve=short_number(settings.snapshot_reserve * 100),
                    fill=short_number(settings.max_fill * 100),
                ),
                _(
                    "growth {rate}%/yr for {years} yrs (×{factor})",
                    rate=short_number(settings.annual_growth * 100),
                    years=short_number(settings.years),
                    factor=format_number(storage.growth_factor, 3),
                ),
            )
        if storage.guest_fallback_count:
            ui.label(
                ngettext(
                    "{number} VM has no guest data and counts with its in-use capacity.",
                    "{number} VMs have no guest data and count with their in-use capacity.",
                    storage.guest_fallback_count,
                    number=format_number(storage.guest_fallback_count),
                )
            ).classes("text-sm text-slate-600")
        WaterfallChart(storage)


def _by_class(storage: StorageResult) -> None:
    unit = store.get_unit()
    per_unit = mib_per_unit(unit)
    shown = unit_label(unit)
    columns = [
        table_column("name", _("Workload class"), "left", sortable=False),
        table_column("category", _("Category"), "left", sortable=False),
        table_column("vms", _("VMs"), sortable=False),
        table_column("logical", _("Logical ({unit})", unit=shown), digits=2, sortable=False),
        table_column("drr", _("DRR (effective)"), sortable=False),
        table_column("reduced", _("Reduced ({unit})", unit=shown), digits=2, sortable=False),
        table_column("required", _("Required ({unit})", unit=shown), digits=2, sortable=False),
    ]
    rows = [
        {
            "id": row.class_id,
            "name": class_label(row.class_id),
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
            "name": _("Total"),
            "category": "",
            "vms": total.vm_count,
            "logical": round(total.logical_mib / per_unit, 2),
            "drr": ratio(total.effective_drr),
            "reduced": round(total.reduced_mib / per_unit, 2),
            "required": round(total.required_mib / per_unit, 2),
        }
    )
    subtitle = _("DRR per class; the total uses the effective DRR")
    with widgets.card(_("By workload class"), subtitle):
        table = ui.table(columns=columns, rows=rows, row_key="id", pagination=0)
        table.classes(design.TABLE_SCROLL).props("flat dense hide-bottom").mark("by-class")


def _layout_summary(result: SizingResult) -> None:
    key = result.layout.chosen
    plan = result.layout.strategies[key]
    sizes = Counter(ds.size_mib for ds in plan.datastores)
    size_text = ", ".join(
        f"{format_number(count)} × {widgets.capacity(size)}"
        for size, count in sorted(sizes.items())
    )
    fills = [ds.fill_pct for ds in plan.datastores]
    strategy = _("{strategy} strategy", strategy=strategy_label(key))
    with widgets.card(_("Datastore layout"), strategy, icon="storage"):
        with ui.row().classes("gap-3"):
            widgets.stat(_("Datastores"), _datastores(plan.count), testid="datastore-count")
            widgets.stat(
                _("Total capacity"),
                widgets.capacity(plan.total_capacity_mib),
                _(LOGICAL_VMFS),
                testid="datastore-capacity",
            )
            gap = _("gap {gap}%", gap=format_number(plan.gap_pct, 1))
            widgets.stat(_("Lower bound"), _datastores(plan.lower_bound), gap)
        ui.label(_("Sizes: {sizes}", sizes=size_text or DASH)).classes("text-sm text-slate-700")
        if fills:
            low, high = format_number(min(fills), 1), format_number(max(fills), 1)
            ui.label(_("Fill from {low}% to {high}%", low=low, high=high)).classes(
                "text-sm text-slate-700"
            )
        ui.button(_("Open layout"), on_click=lambda: ui.navigate.to("/layout")).props(
            "flat no-caps dense"
        )


def _compute_summary(result: SizingResult) -> None:
    compute = result.compute
    subtitle = f"{scenario_label(compute.scenario)} · {host_label(compute.host)}"
    with widgets.card(_("ESXi hosts"), subtitle, icon="dns"):
        with ui.row().classes("gap-3"):
            widgets.stat(_("Hosts needed"), _hosts(compute.hosts), testid="host-count")
            widgets.stat(_("Bound by"), binding_label(compute.binding))
            widgets.stat(
                _("Utilisation"),
                _(
                    "{cpu}% CPU · {memory}% memory",
                    cpu=format_number(compute.cpu_utilisation * 100),
                    memory=format_number(compute.memory_utilisation * 100),
                ),
            )
        ui.label(
            _(
                "{cpu} for CPU, {memory} for memory, {spares}; per-cluster sum {per_cluster}",
                cpu=_hosts(compute.hosts_cpu),
                memory=format_number(compute.hosts_memory),
                spares=_spares(compute.ha_spares),
                per_cluster=_hosts(compute.by_cluster_total),
            )
        ).classes("text-sm text-slate-700")
        ui.button(_("Open compute"), on_click=lambda: ui.navigate.to("/compute")).props(
            "flat no-caps dense"
        )


def _spares(count: int) -> str:
    return ngettext("{number} HA spare", "{number} HA spares", count, number=format_number(count))


def _hosts(count: int) -> str:
    return ngettext("{number} host", "{number} hosts", count, number=format_number(count))


def _datastores(count: int) -> str:
    return ngettext("{number} datastore", "{number} datastores", count, number=format_number(count))


REPORT_LANGUAGE_MARK = "report-language"


def report_language(state: SessionState) -> str:
    """The language the reports are written in: the report page's choice, else the page's."""
    return state.report_language or active_language()


def _downloads() -> None:
    subtitle = _("The customer reports, and everything needed to resume this sizing later")
    with widgets.card(_("Downloads"), subtitle, icon="download"):
        _report_language_choice()
        with ui.row().classes("gap-3"):
            _download_buttons()


def _report_language_choice() -> None:
    """The language of the customer reports, which may differ from the page's."""

    def choose(event) -> None:
        state = store.get_state()
        chosen = None if event.value == active_language() else event.value
        store.update_state(state.model_copy(update={"report_language": chosen}))

    options = {code: language_name(code) for code in LANGUAGES}
    ui.select(
        options,
        label=_("Report language"),
        value=report_language(store.get_state()),
        on_change=choose,
    ).props(f'outlined dense data-testid="{REPORT_LANGUAGE_MARK}"').classes("w-56").mark(
        REPORT_LANGUAGE_MARK
    )


def _download_buttons() -> None:
    ui.button(
        _("Excel workbook"), icon="table_view", on_click=lambda: _download_report("xlsx")
    ).props("no-caps").mark("report-xlsx")
    ui.button(
        _("PDF report"), icon="picture_as_pdf", on_click=lambda: _download_report("pdf")
    ).props("no-caps").mark("report-pdf")
    ui.button(
        _("Download slide deck"), icon="slideshow", on_click=lambda: _download_report("pptx")
    ).props("no-caps").mark("report-pptx")
    ui.button(_("Download session"), icon="download", on_click=download_session).props(
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
    writing = _("Writing the {kind} report…", kind=kind.upper())
    try:
        # The report (and the sizing messages it quotes) in the report language.
        with widgets.busy(writing), use_language(report_language(state)):
            result = await store.get_result()
            if result is None:
                return
            build = REPORT_BUILDERS[kind]
            content = await store.run_checked(build, state, result, store.get_unit())
            name = report_file_name(state, kind)
    except StorePredictError as error:
        skeleton.show_error(error)
        return
    if content is not None:
        ui.download.content(content, name, REPORT_MEDIA[kind])
