"""The closing sections of the PDF: data quality, assumptions, overrides and the method."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer

from .. import vocabulary as vocab
from ..pipeline import CapacityUnit
from ..pipeline.session import SessionState
from ..pipeline.sizing import SizingResult
from . import facts, wording
from .pdf_style import bullet, heading, table, text

MAX_OVERRIDE_ROWS = 1000


def data_quality(state: SessionState, result: SizingResult) -> list[Any]:
    """Every finding in words, and why excluded VMs are out."""
    findings = wording.finding_lines(state, result)
    excluded = [
        [vocab.exclusion_label(reason), f"{count:,}"]
        for reason, count in facts.excluded_by_reason(result)
    ]
    story: list[Any] = [
        heading("Data quality"),
        text(
            "What StorePredict noticed while reading the exports and sizing them. Notes are for "
            "information; warnings deserve a check before the figures are relied on."
        ),
        Spacer(1, 3 * mm),
    ]
    if findings:
        rows = [[severity, area, message] for area, severity, message in findings]
        story.append(
            table(["", "Area", "Finding"], rows, [18 * mm, 30 * mm, 132 * mm], align="lll")
        )
    else:
        story.append(text("Nothing to report: the exports were complete and consistent."))
    story.append(text("VMs outside the scope", "h2"))
    if excluded:
        story.append(table(["Reason", "VMs"], excluded, [120 * mm, 30 * mm]))
    else:
        story.append(text("Every VM in the exports is in scope."))
    return story


def assumptions(state: SessionState, result: SizingResult, unit: CapacityUnit) -> list[Any]:
    """Every assumption as a sentence, then the VMs the engineer changed."""
    story: list[Any] = [
        heading("Assumptions"),
        text("The figures in this document rest on these assumptions; each can be changed."),
        Spacer(1, 2 * mm),
        *(bullet(item.text) for item in wording.assumptions(state, result, unit)),
        text("Overrides", "h2"),
    ]
    rows = wording.override_rows(state, result)
    if not rows:
        story.append(
            text("No VM was changed by hand: every workload class was decided by the rules.")
        )
        return story
    story.append(
        text(
            f"{vocab.plural(len(rows), 'VM')} had its workload class or data reduction ratio set "
            "by the engineer instead of the classification rules."
        )
    )
    shown = [[name, label, who, vocab.ratio(drr)] for name, label, who, drr in rows]
    story.append(
        table(
            ["VM", "Workload", "Decided by", "DRR"],
            shown[:MAX_OVERRIDE_ROWS],
            [62 * mm, 56 * mm, 42 * mm, 20 * mm],
            align="lllr",
        )
    )
    if len(rows) > MAX_OVERRIDE_ROWS:
        more = vocab.plural(len(rows) - MAX_OVERRIDE_ROWS, "more VM")
        story.append(text(f"… and {more}: see the workbook.", "small"))
    return story


def method(state: SessionState, result: SizingResult, unit: CapacityUnit) -> list[Any]:
    """How the figures are computed, with this sizing's own factors."""
    s, storage = state.settings, result.storage
    total = storage.total
    layout = s.layout
    return [
        PageBreak(),
        heading("Appendix: method"),
        text("Capacity", "h2"),
        text(
            "Every figure comes from one capacity model. The logical capacity is each in-scope "
            f"VM's {wording.basis_words(s)} capacity from the export "
            f"({vocab.capacity(total.logical_mib, unit)}). Dividing it by the data reduction "
            "ratio of the VM's workload class gives the reduced capacity "
            f"({vocab.capacity(total.reduced_mib, unit)}, an effective "
            f"{vocab.ratio(total.effective_drr)})."
        ),
        text(
            f"Required = reduced × (1 + snapshot reserve {vocab.percent(s.snapshot_reserve)}) × "
            f"growth factor {storage.growth_factor:.3f} ÷ maximum fill "
            f"{vocab.percent(s.max_fill)} = reduced × {storage.required_factor:.3f} = "
            f"{vocab.capacity(total.required_mib, unit)}. The growth factor is (1 + "
            f"{vocab.percent(s.annual_growth)}) to the power of {s.years:g} years."
        ),
        text("Datastores", "h2"),
        text(
            "VMs are placed whole on VMFS datastores of "
            f"{vocab.capacity(layout.datastore_size_mib, unit)}, each holding at most "
            f"{vocab.plural(layout.max_vms_per_datastore, 'VM')} and "
            f"{layout.iops_budget:,.0f} peak IOPS, and filled to at most "
            f"{vocab.percent(layout.fill_limit)} of their size. "
            + " ".join(
                f"{vocab.strategy_label(key)}: {blurb}"
                for key, blurb in vocab.STRATEGY_BLURBS.items()
            )
        ),
        text("Compute", "h2"),
        text(
            "Hosts are sized from the vCPU and memory the in-scope VMs are allocated, grown over "
            f"the planning horizon: at most {s.compute.vcpu_per_core:g} vCPU per physical core "
            f"and {vocab.percent(s.compute.max_cpu_util)} CPU and "
            f"{vocab.percent(s.compute.max_memory_util)} memory use at design load, then "
            f"{vocab.spares_label(s.compute.ha_spares)} spare hosts for high availability and at "
            f"least {vocab.plural(s.compute.min_hosts_per_cluster, 'host')} per cluster."
        ),
        text("Sources", "h2"),
        *(bullet(line) for line in facts.source_lines(state)),
    ]
