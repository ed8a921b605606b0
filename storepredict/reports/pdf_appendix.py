"""The closing sections of the PDF: data quality, assumptions, overrides and the method."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Spacer

from .. import vocabulary as vocab
from ..i18n import _, format_number, ngettext
from ..pipeline import CapacityUnit
from ..pipeline.classify import reason_text
from ..pipeline.session import SessionState
from ..pipeline.sizing import SizingResult
from . import facts, wording
from .pdf_style import bullet, heading, table, text

MAX_OVERRIDE_ROWS = 1000


def data_quality(state: SessionState, result: SizingResult) -> list[Any]:
    """Every finding in words, and why excluded VMs are out."""
    findings = wording.finding_lines(state, result)
    excluded = [
        [vocab.exclusion_label(reason_text(reason)), format_number(count)]
        for reason, count in facts.excluded_by_reason(result)
    ]
    story: list[Any] = [
        heading(_("Data quality")),
        text(
            _(
                "What StorePredict noticed while reading the exports and sizing them. Notes are "
                "for information; warnings deserve a check before the figures are relied on."
            )
        ),
        Spacer(1, 3 * mm),
    ]
    if findings:
        rows = [[severity, area, message] for area, severity, message in findings]
        story.append(
            table(["", _("Area"), _("Finding")], rows, [27 * mm, 30 * mm, 123 * mm], align="lll")
        )
    else:
        story.append(text(_("Nothing to report: the exports were complete and consistent.")))
    story.append(text(_("VMs outside the scope"), "h2"))
    if excluded:
        story.append(table([_("Reason"), _("VMs")], excluded, [120 * mm, 30 * mm]))
    else:
        story.append(text(_("Every VM in the exports is in scope.")))
    return story


def assumptions(state: SessionState, result: SizingResult, unit: CapacityUnit) -> list[Any]:
    """Every assumption as a sentence, then the VMs the engineer changed."""
    story: list[Any] = [
        heading(_("Assumptions")),
        text(_("The figures in this document rest on these assumptions; each can be changed.")),
        Spacer(1, 2 * mm),
        *(bullet(item.text) for item in wording.assumptions(state, result, unit)),
        text(_("Overrides"), "h2"),
    ]
    rows = wording.override_rows(state, result)
    if not rows:
        story.append(
            text(_("No VM was changed by hand: every workload class was decided by the rules."))
        )
        return story
    story.append(
        text(
            ngettext(
                "{n} VM had its workload class or data reduction ratio set by the engineer "
                "instead of the classification rules.",
                "{n} VMs had their workload class or data reduction ratio set by the engineer "
                "instead of the classification rules.",
                len(rows),
                n=format_number(len(rows)),
            )
        )
    )
    shown = [[name, label, who, vocab.ratio(drr)] for name, label, who, drr in rows]
    story.append(
        table(
            [_("VM"), _("Workload"), _("Decided by"), _("DRR")],
            shown[:MAX_OVERRIDE_ROWS],
            [62 * mm, 56 * mm, 42 * mm, 20 * mm],
            align="lllr",
        )
    )
    if len(rows) > MAX_OVERRIDE_ROWS:
        more = len(rows) - MAX_OVERRIDE_ROWS
        story.append(
            text(
                ngettext(
                    "… and {n} more VM: see the workbook.",
                    "… and {n} more VMs: see the workbook.",
                    more,
                    n=format_number(more),
                ),
                "small",
            )
        )
    return story


def method(state: SessionState, result: SizingResult, unit: CapacityUnit) -> list[Any]:
    """How the figures are computed, with this sizing's own factors."""
    s, storage = state.settings, result.storage
    total = storage.total
    layout = s.layout
    blurbs = " ".join(
        _("{strategy}: {blurb}", strategy=_(vocab.strategy_label(key)), blurb=_(blurb))
        for key, blurb in vocab.STRATEGY_BLURBS.items()
    )
    datastores = ngettext(
        "VMs are placed whole on VMFS datastores of {size}, each holding at most {n} VM and "
        "{iops} peak IOPS, and filled to at most {fill} of their size.",
        "VMs are placed whole on VMFS datastores of {size}, each holding at most {n} VMs and "
        "{iops} peak IOPS, and filled to at most {fill} of their size.",
        layout.max_vms_per_datastore,
        size=vocab.capacity(layout.datastore_size_mib, unit),
        n=format_number(layout.max_vms_per_datastore),
        iops=format_number(layout.iops_budget),
        fill=vocab.percent(layout.fill_limit),
    )
    hosts = ngettext(
        "Hosts are sized from the vCPU and memory the in-scope VMs are allocated, grown over the "
        "planning horizon: at most {vcpu} vCPU per physical core and {cpu} CPU and {memory} "
        "memory use at design load, then {spares} spare hosts for high availability and at least "
        "{n} host per cluster.",
        "Hosts are sized from the vCPU and memory the in-scope VMs are allocated, grown over the "
        "planning horizon: at most {vcpu} vCPU per physical core and {cpu} CPU and {memory} "
        "memory use at design load, then {spares} spare hosts for high availability and at least "
        "{n} hosts per cluster.",
        s.compute.min_hosts_per_cluster,
        vcpu=wording.short_number(s.compute.vcpu_per_core),
        cpu=vocab.percent(s.compute.max_cpu_util),
        memory=vocab.percent(s.compute.max_memory_util),
        spares=vocab.spares_label(s.compute.ha_spares),
        n=format_number(s.compute.min_hosts_per_cluster),
    )
    return [
        PageBreak(),
        heading(_("Appendix: method")),
        text(_("Capacity"), "h2"),
        text(
            _(
                "Every figure comes from one capacity model. The logical capacity is each "
                "in-scope VM's {basis} capacity from the export ({logical}). Dividing it by the "
                "data reduction ratio of the VM's workload class gives the reduced capacity "
                "({reduced}, an effective {ratio}).",
                basis=wording.basis_words(s),
                logical=vocab.capacity(total.logical_mib, unit),
                reduced=vocab.capacity(total.reduced_mib, unit),
                ratio=vocab.ratio(total.effective_drr),
            )
        ),
        text(
            _(
                "Required = reduced × (1 + snapshot reserve {reserve}) × growth factor {growth} "
                "÷ maximum fill {fill} = reduced × {factor} = {required}. The growth factor is "
                "(1 + {rate}) to the power of {years} years.",
                reserve=vocab.percent(s.snapshot_reserve),
                growth=format_number(storage.growth_factor, 3),
                fill=vocab.percent(s.max_fill),
                factor=format_number(storage.required_factor, 3),
                required=vocab.capacity(total.required_mib, unit),
                rate=vocab.percent(s.annual_growth),
                years=wording.short_number(s.years),
            )
        ),
        text(_("Datastores"), "h2"),
        text(f"{datastores} {blurbs}"),
        text(_("Compute"), "h2"),
        text(hosts),
        text(_("Sources"), "h2"),
        *(bullet(line) for line in facts.source_lines(state)),
    ]
