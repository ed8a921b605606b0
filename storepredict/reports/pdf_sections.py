"""The body of the PDF: capacity by workload, datastore layout and compute."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer

from .. import vocabulary as vocab
from ..pipeline import CapacityUnit, mib_per_unit
from ..pipeline.session import SessionState
from ..pipeline.sizing import SizingResult
from . import facts, wording
from .pdf_charts import capacity_chart, fill_chart
from .pdf_style import heading, table, text

TOP_VMS = 10
CHART_CLASSES = 8
MAX_DATASTORE_ROWS = 100  # the workbook lists every datastore


def workloads(state: SessionState, result: SizingResult, unit: CapacityUnit) -> list[Any]:
    """Capacity per workload class (table and chart) and the largest VMs."""
    total = result.storage.total
    cap = vocab.capacity
    rows: list[list[object]] = [
        [
            r.name,
            f"{r.vm_count:,}",
            cap(r.logical_mib, unit),
            vocab.ratio(r.drr),
            cap(r.reduced_mib, unit),
            cap(r.required_mib, unit),
        ]
        for r in result.storage.by_class
    ]
    rows.append(
        [
            "Total",
            f"{total.vm_count:,}",
            cap(total.logical_mib, unit),
            vocab.ratio(total.effective_drr),
            cap(total.reduced_mib, unit),
            cap(total.required_mib, unit),
        ]
    )
    widths = [62 * mm, 16 * mm, 27 * mm, 20 * mm, 27 * mm, 28 * mm]
    header = ["Workload", "VMs", "Logical", "DRR", "Reduced (physical)", "Required (physical)"]
    biggest = sorted(result.storage.by_class, key=lambda r: -r.logical_mib)[:CHART_CLASSES]
    per = mib_per_unit(unit)
    largest = sorted((r for r in result.storage.vms if r.in_scope), key=lambda r: -r.basis_mib)
    top = [
        [r.name, vocab.class_label(r.class_id), cap(r.basis_mib, unit), vocab.ratio(r.drr)]
        for r in largest[:TOP_VMS]
    ]
    return [
        heading("Capacity by workload"),
        text(
            "Each VM belongs to one workload class; each class has its own data reduction ratio "
            "(DRR). Logical is the capacity the VMs hold today, reduced is after data reduction, "
            "required adds the snapshot reserve, growth and headroom."
        ),
        Spacer(1, 3 * mm),
        table(header, rows, widths, bold_last=True),
        Spacer(1, 5 * mm),
        capacity_chart(
            [r.name for r in biggest],
            [r.logical_mib / per for r in biggest],
            [r.required_mib / per for r in biggest],
            unit,
        ),
        text(f"The {len(top)} largest VMs in scope", "h2"),
        table(
            ["VM", "Workload", "Capacity", "DRR"], top, [80 * mm, 55 * mm, 28 * mm, 17 * mm], "llrr"
        ),
        PageBreak(),
    ]


def layout(state: SessionState, result: SizingResult, unit: CapacityUnit) -> list[Any]:
    """The three strategies compared, the chosen one's fill chart and datastore list."""
    chosen = result.layout.strategies[result.layout.chosen]
    comparison = [
        [
            vocab.strategy_label(s.strategy)
            + (" (chosen)" if name == result.layout.chosen else ""),
            f"{s.count:,}",
            f"{s.lower_bound:,}",
            vocab.capacity(s.total_capacity_mib, unit),
            vocab.percent(s.used_mib / s.total_capacity_mib if s.total_capacity_mib else None),
            f"{s.fill_spread_pct:.1f} points",
        ]
        for name, s in result.layout.strategies.items()
    ]
    stores = [
        [
            d.name,
            vocab.capacity(d.size_mib, unit),
            vocab.capacity(d.used_mib, unit),
            f"{d.fill_pct:.1f} %",
            f"{d.vm_count:,}",
            f"{d.iops:,.0f}",
            wording.categories_text(d.categories) + (" (oversized VM)" if d.oversized else ""),
        ]
        for d in chosen.datastores[:MAX_DATASTORE_ROWS]
    ]
    limit = state.settings.layout.fill_limit * 100
    story: list[Any] = [
        heading("Datastore layout"),
        text(
            "StorePredict lays the VMs out on VMFS datastores under three strategies and "
            f"proposes the {vocab.strategy_label(chosen.strategy)} layout. The lower bound is "
            "the fewest datastores any layout could use under the same limits. Datastore "
            "capacities are logical VMFS space, before data reduction; the required capacity "
            f"of the array ({vocab.capacity(result.storage.total.required_mib, unit)}) is "
            "physical, after data reduction, so the two differ."
        ),
        Spacer(1, 3 * mm),
        table(
            [
                "Strategy",
                "Datastores",
                "Lower bound",
                "VMFS (logical)",
                "Average fill",
                "Fill spread",
            ],
            comparison,
            [46 * mm, 24 * mm, 24 * mm, 32 * mm, 26 * mm, 28 * mm],
        ),
        Spacer(1, 5 * mm),
        fill_chart(
            [d.name for d in chosen.datastores], [d.fill_pct for d in chosen.datastores], limit
        ),
        text(f"Datastores of the {vocab.strategy_label(chosen.strategy)} layout", "h2"),
        table(
            ["Datastore", "Size (VMFS)", "Used", "Fill", "VMs", "Peak IOPS", "Workloads"],
            stores,
            [24 * mm, 22 * mm, 22 * mm, 16 * mm, 12 * mm, 20 * mm, 64 * mm],
            align="lrrrrrl",
        ),
    ]
    if len(chosen.datastores) > MAX_DATASTORE_ROWS:
        more = len(chosen.datastores) - MAX_DATASTORE_ROWS
        story.append(
            text(f"… and {vocab.plural(more, 'more datastore')}: see the workbook.", "small")
        )
    story.append(PageBreak())
    return story


def compute(state: SessionState, result: SizingResult) -> list[Any]:
    """Current hosts against the proposal, per site and per cluster."""
    c = result.compute
    count, cores, memory = facts.current_hosts(state, result)
    proposed = [c.hosts, c.hosts * c.host.cores, c.hosts * c.host.ram_gib]
    rows = [
        ["ESXi hosts", f"{count:,}" if count else vocab.DASH, f"{proposed[0]:,}"],
        ["Physical cores", f"{cores:,}" if count else vocab.DASH, f"{proposed[1]:,}"],
        ["Memory", f"{memory:,.0f} GiB" if count else vocab.DASH, f"{proposed[2]:,.0f} GiB"],
    ]
    licences = facts.licence_cores(result)
    rows.append(["Licence cores (per-core rule)", f"{licences[0]:,}", f"{licences[1]:,}"])
    clusters = [
        [
            cl.cluster,
            f"{cl.vm_count:,}",
            f"{cl.vcpu:,}",
            f"{cl.vram_mib / 1024:,.0f} GiB",
            f"{cl.hosts:,}",
            vocab.binding_label(cl.binding),
        ]
        for cl in c.by_cluster
    ]
    clusters.append(["Sum of per-cluster sizing", "", "", "", f"{c.by_cluster_total:,}", ""])
    story: list[Any] = [
        heading("Compute"),
        text(facts.compute_sentence(state, result)),
        text(
            f"Host model: {vocab.host_label(c.host)}. Design: {vocab.scenario_label(c.scenario)}. "
            f"At design load CPU is {vocab.percent(c.cpu_utilisation)} and memory "
            f"{vocab.percent(c.memory_utilisation)} used."
        ),
        Spacer(1, 3 * mm),
        table(["", "Today (export)", "Proposed"], rows, [60 * mm, 50 * mm, 50 * mm]),
    ]
    if len(c.sites) > 1:
        sites = [
            [
                s.name,
                f"{s.hosts:,}",
                vocab.binding_label(s.binding),
                vocab.percent(s.cpu_utilisation),
            ]
            for s in c.sites
        ]
        story += [
            text("Sites", "h2"),
            table(
                ["Site", "Hosts", "Set by", "CPU at design load"],
                sites,
                [60 * mm, 30 * mm, 50 * mm, 40 * mm],
                align="lrlr",
            ),
        ]
    story += [
        text("Per cluster", "h2"),
        text(
            "Sizing each cluster on its own shows what keeping today's cluster boundaries costs.",
            "small",
        ),
        table(
            ["Cluster", "VMs", "vCPU", "vRAM", "Hosts", "Set by"],
            clusters,
            [62 * mm, 18 * mm, 20 * mm, 30 * mm, 18 * mm, 32 * mm],
            align="lrrrrl",
            bold_last=True,
        ),
        PageBreak(),
    ]
    return story
