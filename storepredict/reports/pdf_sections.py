"""The body of the PDF: capacity by workload, datastore layout and compute."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer

from .. import vocabulary as vocab
from ..i18n import _, format_number, ngettext
from ..pipeline import CapacityUnit, mib_per_unit
from ..pipeline.session import SessionState
from ..pipeline.sizing import SizingResult
from . import facts, wording
from .pdf_charts import capacity_chart, fill_chart
from .pdf_style import heading, table, text

NO_CLUSTER = "(no cluster)"  # the pipeline's name for VMs without a cluster

TOP_VMS = 10
CHART_CLASSES = 8
MAX_DATASTORE_ROWS = 100  # the workbook lists every datastore


def workloads(state: SessionState, result: SizingResult, unit: CapacityUnit) -> list[Any]:
    """Capacity per workload class (table and chart) and the largest VMs."""
    total = result.storage.total
    cap = vocab.capacity
    rows: list[list[object]] = [
        [
            _(r.name),
            format_number(r.vm_count),
            cap(r.logical_mib, unit),
            vocab.ratio(r.drr),
            cap(r.reduced_mib, unit),
            cap(r.required_mib, unit),
        ]
        for r in result.storage.by_class
    ]
    rows.append(
        [
            _("Total"),
            format_number(total.vm_count),
            cap(total.logical_mib, unit),
            vocab.ratio(total.effective_drr),
            cap(total.reduced_mib, unit),
            cap(total.required_mib, unit),
        ]
    )
    widths = [62 * mm, 16 * mm, 27 * mm, 20 * mm, 27 * mm, 28 * mm]
    header = [
        _("Workload"),
        _("VMs"),
        _("Logical"),
        _("DRR"),
        _("Reduced (physical)"),
        _("Required (physical)"),
    ]
    biggest = sorted(result.storage.by_class, key=lambda r: -r.logical_mib)[:CHART_CLASSES]
    per = mib_per_unit(unit)
    largest = sorted((r for r in result.storage.vms if r.in_scope), key=lambda r: -r.basis_mib)
    top = [
        [r.name, _(vocab.class_label(r.class_id)), cap(r.basis_mib, unit), vocab.ratio(r.drr)]
        for r in largest[:TOP_VMS]
    ]
    return [
        heading(_("Capacity by workload")),
        text(
            _(
                "Each VM belongs to one workload class; each class has its own data reduction "
                "ratio (DRR). Logical is the capacity the VMs hold today, reduced is after data "
                "reduction, required adds the snapshot reserve, growth and headroom."
            )
        ),
        Spacer(1, 3 * mm),
        table(header, rows, widths, bold_last=True),
        Spacer(1, 5 * mm),
        capacity_chart(
            [_(r.name) for r in biggest],
            [r.logical_mib / per for r in biggest],
            [r.required_mib / per for r in biggest],
            unit,
        ),
        text(_("The {n} largest VMs in scope", n=format_number(len(top))), "h2"),
        table(
            [_("VM"), _("Workload"), _("Capacity"), _("DRR")],
            top,
            [80 * mm, 55 * mm, 28 * mm, 17 * mm],
            "llrr",
        ),
        PageBreak(),
    ]


def layout(state: SessionState, result: SizingResult, unit: CapacityUnit) -> list[Any]:
    """The three strategies compared, the chosen one's fill chart and datastore list."""
    chosen = result.layout.strategies[result.layout.chosen]
    comparison = [
        [
            _("{strategy} (chosen)", strategy=_(vocab.strategy_label(s.strategy)))
            if name == result.layout.chosen
            else _(vocab.strategy_label(s.strategy)),
            format_number(s.count),
            format_number(s.lower_bound),
            vocab.capacity(s.total_capacity_mib, unit),
            vocab.percent(s.used_mib / s.total_capacity_mib if s.total_capacity_mib else None),
            _("{n} points", n=format_number(s.fill_spread_pct, 1)),
        ]
        for name, s in result.layout.strategies.items()
    ]
    stores = [
        [
            d.name,
            vocab.capacity(d.size_mib, unit),
            vocab.capacity(d.used_mib, unit),
            f"{format_number(d.fill_pct, 1)} %",
            format_number(d.vm_count),
            format_number(d.iops),
            wording.categories_text(d.categories) + (_(" (oversized VM)") if d.oversized else ""),
        ]
        for d in chosen.datastores[:MAX_DATASTORE_ROWS]
    ]
    limit = state.settings.layout.fill_limit * 100
    story: list[Any] = [
        heading(_("Datastore layout")),
        text(
            _(
                "StorePredict lays the VMs out on VMFS datastores under three strategies and "
                "proposes the {strategy} layout. The lower bound is the fewest datastores any "
                "layout could use under the same limits. Datastore capacities are logical VMFS "
                "space, before data reduction; the required capacity of the array ({required}) "
                "is physical, after data reduction, so the two differ.",
                strategy=_(vocab.strategy_label(chosen.strategy)),
                required=vocab.capacity(result.storage.total.required_mib, unit),
            )
        ),
        Spacer(1, 3 * mm),
        table(
            [
                _("Strategy"),
                _("Datastores"),
                _("Lower bound"),
                _("VMFS (logical)"),
                _("Average fill"),
                _("Fill spread"),
            ],
            comparison,
            [46 * mm, 24 * mm, 24 * mm, 32 * mm, 26 * mm, 28 * mm],
        ),
        Spacer(1, 5 * mm),
        fill_chart(
            [d.name for d in chosen.datastores], [d.fill_pct for d in chosen.datastores], limit
        ),
        text(
            _(
                "Datastores of the {strategy} layout",
                strategy=_(vocab.strategy_label(chosen.strategy)),
            ),
            "h2",
        ),
        table(
            [
                _("Datastore"),
                _("Size (VMFS)"),
                _("Used"),
                _("Fill"),
                _("VMs"),
                _("Peak IOPS"),
                _("Workloads"),
            ],
            stores,
            [24 * mm, 22 * mm, 22 * mm, 16 * mm, 12 * mm, 20 * mm, 64 * mm],
            align="lrrrrrl",
        ),
    ]
    if len(chosen.datastores) > MAX_DATASTORE_ROWS:
        more = len(chosen.datastores) - MAX_DATASTORE_ROWS
        story.append(
            text(
                ngettext(
                    "… and {n} more datastore: see the workbook.",
                    "… and {n} more datastores: see the workbook.",
                    more,
                    n=format_number(more),
                ),
                "small",
            )
        )
    story.append(PageBreak())
    return story


def compute(state: SessionState, result: SizingResult) -> list[Any]:
    """Current hosts against the proposal, per site and per cluster."""
    c = result.compute
    count, cores, memory = facts.current_hosts(state, result)
    proposed = [c.hosts, c.hosts * c.host.cores, c.hosts * c.host.ram_gib]
    dash = vocab.DASH
    rows = [
        [_("ESXi hosts"), format_number(count) if count else dash, format_number(proposed[0])],
        [_("Physical cores"), format_number(cores) if count else dash, format_number(proposed[1])],
        [
            _("Memory"),
            _("{n} GiB", n=format_number(memory)) if count else dash,
            _("{n} GiB", n=format_number(proposed[2])),
        ],
    ]
    licences = facts.licence_cores(result)
    rows.append(
        [
            _("Licence cores (per-core rule)"),
            format_number(licences[0]),
            format_number(licences[1]),
        ]
    )
    clusters = [
        [
            _(cl.cluster) if cl.cluster == NO_CLUSTER else cl.cluster,
            format_number(cl.vm_count),
            format_number(cl.vcpu),
            _("{n} GiB", n=format_number(cl.vram_mib / 1024)),
            format_number(cl.hosts),
            _(vocab.binding_label(cl.binding)),
        ]
        for cl in c.by_cluster
    ]
    clusters.append(
        [_("Sum of per-cluster sizing"), "", "", "", format_number(c.by_cluster_total), ""]
    )
    story: list[Any] = [
        heading(_("Compute")),
        text(facts.compute_sentence(state, result)),
        text(
            _(
                "Host model: {host}. Design: {design}. At design load CPU is {cpu} and memory "
                "{memory} used.",
                host=vocab.host_label(c.host),
                design=_(vocab.scenario_label(c.scenario)),
                cpu=vocab.percent(c.cpu_utilisation),
                memory=vocab.percent(c.memory_utilisation),
            )
        ),
        Spacer(1, 3 * mm),
        table(["", _("Today (export)"), _("Proposed")], rows, [60 * mm, 50 * mm, 50 * mm]),
    ]
    if len(c.sites) > 1:
        sites = [
            [
                s.name,
                format_number(s.hosts),
                _(vocab.binding_label(s.binding)),
                vocab.percent(s.cpu_utilisation),
            ]
            for s in c.sites
        ]
        story += [
            text(_("Sites"), "h2"),
            table(
                [_("Site"), _("Hosts"), _("Set by"), _("CPU at design load")],
                sites,
                [60 * mm, 30 * mm, 50 * mm, 40 * mm],
                align="lrlr",
            ),
        ]
    story += [
        text(_("Per cluster"), "h2"),
        text(
            _(
                "Sizing each cluster on its own shows what keeping today's cluster boundaries "
                "costs."
            ),
            "small",
        ),
        table(
            [_("Cluster"), _("VMs"), _("vCPU"), _("vRAM"), _("Hosts"), _("Set by")],
            clusters,
            [62 * mm, 18 * mm, 20 * mm, 30 * mm, 18 * mm, 32 * mm],
            align="lrrrrl",
            bold_last=True,
        ),
        PageBreak(),
    ]
    return story
