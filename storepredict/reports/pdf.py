"""The customer PDF: headline and workloads; layout and compute; assumptions and findings."""

from __future__ import annotations

import io
from datetime import datetime

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, SimpleDocTemplate, Spacer

from .. import __version__
from .. import vocabulary as vocab
from ..pipeline.session.state import SessionState
from ..pipeline.sizing.run import SizingResult
from ..pipeline.units import CapacityUnit, format_capacity
from . import facts, wording
from .fonts import SANS
from .pdf_parts import GREY, capacity_chart, kpi_tiles, table, text

TOP_VMS = 10
MAX_DATASTORE_ROWS = 30


def build_pdf(state: SessionState, result: SizingResult, unit: CapacityUnit = "TiB") -> bytes:
    """The sizing report as PDF bytes, with its fonts embedded."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=16 * mm,
        title=f"StorePredict sizing: {state.project_name}",
        author=f"StorePredict {__version__}",
    )
    story = [
        *_headline_page(state, result, unit),
        PageBreak(),
        *_layout_and_compute_page(result, unit),
        PageBreak(),
        *_appendix(state, result, unit),
    ]
    document.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return buffer.getvalue()


def cap(mib: float, unit: CapacityUnit) -> str:
    """A capacity as the screen shows it."""
    return format_capacity(mib, unit)


def ratio(value: float | None) -> str:
    """A DRR as 'n.nn:1', or a dash when undefined."""
    return "–" if value is None else f"{value:.2f}:1"


def _headline_page(state: SessionState, result: SizingResult, unit: CapacityUnit) -> list:
    head = facts.headline(result)
    strategy = vocab.strategy_label(head["strategy"])
    scenario = vocab.scenario_label(result.compute.scenario)
    total = result.storage.total
    sources = ", ".join(s.file_name for s in state.inventory.sources) if state.inventory else ""
    story = [
        text("Storage and compute sizing", "title"),
        text(state.project_name, "h2"),
        text(
            f"Sources: {sources} · capacity basis: {vocab.basis_label(state.settings.basis)} · "
            f"DRR profile: {vocab.profile_label(state.settings.profile)} · scope: "
            f"{facts.scope_label(state.settings)} ({vocab.plural(total.vm_count, 'VM')} in scope)",
            "small",
        ),
        Spacer(1, 6 * mm),
        kpi_tiles(
            [
                (cap(head["required_mib"], unit), "required capacity"),
                (ratio(head["effective_drr"]), "effective DRR"),
                (str(head["datastores"]), f"datastores ({strategy})"),
                (
                    str(head["hosts"]),
                    f"ESXi hosts ({scenario})",
                ),
            ]
        ),
        text("Capacity by workload", "h2"),
    ]
    rows = [
        [
            r.name,
            r.vm_count,
            cap(r.logical_mib, unit),
            ratio(r.drr),
            cap(r.reduced_mib, unit),
            cap(r.required_mib, unit),
        ]
        for r in result.storage.by_class
    ]
    rows.append(
        [
            "Total",
            total.vm_count,
            cap(total.logical_mib, unit),
            ratio(total.effective_drr),
            cap(total.reduced_mib, unit),
            cap(total.required_mib, unit),
        ]
    )
    widths = [62 * mm, 16 * mm, 27 * mm, 20 * mm, 27 * mm, 28 * mm]
    header = ["Workload class", "VMs", "Logical", "DRR", "Reduced", "Required"]
    story.append(table(header, rows, widths, bold_last=True))
    classes = sorted(result.storage.by_class, key=lambda r: -r.logical_mib)[:8]
    per = (1024 * 1024) if unit == "TiB" else (10**12 / 2**20)
    story += [
        Spacer(1, 4 * mm),
        capacity_chart(
            [r.name for r in classes],
            [r.logical_mib / per for r in classes],
            [r.required_mib / per for r in classes],
            unit,
        ),
        text(
            f"Required = reduced × (1 + snapshot reserve {state.settings.snapshot_reserve:.0%}) × "
            f"growth factor {result.storage.growth_factor:.3f} ÷ max fill "
            f"{state.settings.max_fill:.0%}.",
            "small",
        ),
    ]
    return story


def _layout_and_compute_page(result: SizingResult, unit: CapacityUnit) -> list:
    layout, compute = result.layout, result.compute
    chosen = layout.strategies[layout.chosen]
    story = [text("Datastore layout", "h2")]
    rows = [
        [
            vocab.strategy_label(s.strategy) + (" (chosen)" if name == layout.chosen else ""),
            s.count,
            s.lower_bound,
            f"{s.gap_pct:.1f} %",
            cap(s.total_capacity_mib, unit),
            f"{s.fill_spread_pct:.1f} pts",
        ]
        for name, s in layout.strategies.items()
    ]
    header = ["Strategy", "Datastores", "Lower bound", "Gap", "Capacity", "Fill spread"]
    story.append(table(header, rows, [46 * mm, 24 * mm, 24 * mm, 20 * mm, 36 * mm, 30 * mm]))
    story.append(Spacer(1, 3 * mm))
    stores = [
        [
            d.name,
            cap(d.size_mib, unit),
            cap(d.used_mib, unit),
            f"{d.fill_pct:.1f} %",
            d.vm_count,
            f"{d.iops:,.0f}",
            wording.categories_text(d.categories) + (" · oversized" if d.oversized else ""),
        ]
        for d in chosen.datastores[:MAX_DATASTORE_ROWS]
    ]
    header = ["Datastore", "Size", "Used", "Fill", "VMs", "Peak IOPS", "Workloads"]
    widths = [24 * mm, 22 * mm, 22 * mm, 16 * mm, 12 * mm, 20 * mm, 64 * mm]
    story.append(table(header, stores, widths, align="lrrrrrl"))
    if len(chosen.datastores) > MAX_DATASTORE_ROWS:
        more = len(chosen.datastores) - MAX_DATASTORE_ROWS
        story.append(text(f"… and {more} more datastores (see the workbook).", "small"))
    story.append(text("ESXi hosts", "h2"))
    story.append(
        text(
            f"{vocab.plural(compute.hosts, 'host')} of {vocab.host_label(compute.host)}, "
            f"{vocab.scenario_label(compute.scenario)}, sized by "
            f"{vocab.binding_label(compute.binding)} ({compute.hosts_cpu} for CPU, "
            f"{compute.hosts_memory} for memory, {vocab.spares_label(compute.ha_spares)}); "
            "design utilisation CPU "
            f"{compute.cpu_utilisation:.0%}, memory {compute.memory_utilisation:.0%}."
        )
    )
    rows = [
        [
            c.cluster,
            c.vm_count,
            c.vcpu,
            f"{c.vram_mib / 1024:,.0f} GiB",
            c.hosts,
            vocab.binding_label(c.binding),
        ]
        for c in compute.by_cluster
    ]
    rows.append(["Sum of per-cluster sizing", "", "", "", compute.by_cluster_total, ""])
    header = ["Cluster", "VMs", "vCPU", "vRAM", "Hosts", "Binding"]
    story.append(Spacer(1, 2 * mm))
    story.append(
        table(header, rows, [62 * mm, 18 * mm, 20 * mm, 30 * mm, 18 * mm, 32 * mm], bold_last=True)
    )
    return story


def _appendix(state: SessionState, result: SizingResult, unit: CapacityUnit) -> list:
    largest = sorted((r for r in result.storage.vms if r.in_scope), key=lambda r: -r.basis_mib)
    rows = [
        [r.name, vocab.class_label(r.class_id), cap(r.basis_mib, unit), ratio(r.drr)]
        for r in largest[:TOP_VMS]
    ]
    story = [text(f"Largest in-scope VMs (top {TOP_VMS})", "h2")]
    story.append(
        table(
            ["VM", "Class", "Capacity", "DRR"],
            rows,
            [80 * mm, 50 * mm, 30 * mm, 20 * mm],
            align="llrr",
        )
    )
    story.append(text("Appendix: assumptions", "h2"))
    for item in wording.assumptions(state, result, unit):
        story.append(text(f"• {item.text}", "cell"))
    overrides = wording.override_rows(state, result)
    if overrides:
        story.append(text("Overrides", "h2"))
        rows = [[name, label, who, ratio(drr)] for name, label, who, drr in overrides]
        widths = [60 * mm, 50 * mm, 45 * mm, 25 * mm]
        story.append(table(["VM", "Workload class", "Decided by", "DRR"], rows, widths, "lllr"))
    excluded = facts.excluded_by_reason(result)
    story.append(text("Excluded VMs by reason", "h2"))
    story.append(
        table(
            ["Reason", "VMs"],
            [[vocab.exclusion_label(r), n] for r, n in excluded] or [["None", 0]],
            [120 * mm, 30 * mm],
        )
    )
    findings = wording.finding_lines(state, result)
    story.append(text("Data-quality findings", "h2"))
    for area, severity, message in findings:
        story.append(text(f"• {severity} ({area}): {message}", "cell"))
    if not findings:
        story.append(text("None."))
    return story


def _footer(canvas, document) -> None:
    canvas.saveState()
    canvas.setFont(SANS, 7)
    canvas.setFillColor(GREY)
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M")
    canvas.drawString(15 * mm, 9 * mm, f"StorePredict {__version__} · generated {stamp}")
    canvas.drawRightString(A4[0] - 15 * mm, 9 * mm, f"page {document.page}")
    canvas.restoreState()
