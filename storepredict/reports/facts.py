"""Figures and wording shared by the XLSX and PDF reports, so both say exactly the same thing."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from typing import Any

from .. import vocabulary as vocab
from ..i18n import N_, _, active_language, format_date, format_number, ngettext
from ..pipeline import SizingSettings
from ..pipeline.session import SessionState
from ..pipeline.sizing import SizingResult
from . import wording


def headline(result: SizingResult) -> dict[str, Any]:
    """The four numbers on page 1: required capacity, effective DRR, datastores, hosts."""
    chosen = result.layout.strategies[result.layout.chosen]
    return {
        "required_mib": result.storage.total.required_mib,
        "effective_drr": result.storage.total.effective_drr,
        "datastores": chosen.count,
        "strategy": result.layout.chosen,
        "hosts": result.compute.hosts,
    }


UNTITLED = N_("Untitled sizing")  # SessionState's default project name, said in the language


def project_title(state: SessionState) -> str:
    """The project's name as the documents show it: the default name in the active language."""
    return _(UNTITLED) if state.project_name == UNTITLED else state.project_name


def scope_label(settings: SizingSettings) -> str:
    """A short name for the scope: selected clusters or datacenters, else 'all'."""
    chosen = settings.scope.clusters or settings.scope.datacenters
    if not chosen:
        return "all"
    if len(chosen) > 3:
        kind = "clusters" if settings.scope.clusters else "datacenters"
        return f"{len(chosen)}-{kind}"
    return "+".join(chosen)


def report_file_name(state: SessionState, extension: str, today: date | None = None) -> str:
    """`<project>-<scope>-<YYYYMMDD>.<ext>`, made safe for any file system."""
    stamp = (today or date.today()).strftime("%Y%m%d")
    raw = f"{state.project_name}-{scope_label(state.settings)}"
    safe = re.sub(r"[^A-Za-z0-9._+-]+", "-", raw).strip("-.")[:100] or "storepredict"
    return f"{safe}-{stamp}.{extension}"


def excluded_by_reason(result: SizingResult) -> list[tuple[str, int]]:
    """Excluded VM counts per reason, largest first."""
    counts = Counter(result.storage.scope.excluded.values())
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def source_lines(state: SessionState) -> list[str]:
    """One line per export: file, tool and version, export date, VM count."""
    lines = []
    for source in state.inventory.sources if state.inventory else []:
        parts = [
            vocab.format_label(source.format)
            + (f" {source.export_version}" if source.export_version else "")
        ]
        if source.export_date:
            parts.append(_("exported {date}", date=export_date_text(source.export_date)))
        parts.append(
            ngettext("{n} VM", "{n} VMs", source.vm_count, n=format_number(source.vm_count))
        )
        lines.append(f"{source.file_name} ({', '.join(parts)})")
    return lines


def export_date_text(value: str) -> str:
    """An export's date as the locale writes it (English keeps the ISO date the export gives)."""
    if active_language() == "en":
        return value
    try:
        return format_date(date.fromisoformat(value[:10]))
    except ValueError:
        return value


def current_hosts(state: SessionState, result: SizingResult) -> tuple[int, int, float]:
    """The hosts that run the estate today (in-scope clusters): count, cores, memory in GiB."""
    current = result.current
    return current.hosts, current.cores, current.memory_mib / 1024


def compute_sentence(state: SessionState, result: SizingResult) -> str:
    """Current hosts against the proposal, in two sentences."""
    compute = result.compute
    count, cores, memory = current_hosts(state, result)
    today = (
        ngettext(
            "Today the export lists {n} ESXi host with {cores} physical cores and {memory} GiB "
            "of memory. ",
            "Today the export lists {n} ESXi hosts with {cores} physical cores and {memory} GiB "
            "of memory. ",
            count,
            n=format_number(count),
            cores=format_number(cores),
            memory=format_number(memory),
        )
        if count
        else ""
    )
    design = wording.inline_label(_(vocab.scenario_label(compute.scenario)))
    binding = _(vocab.binding_words(compute.binding))
    proposal = ngettext(
        "The proposal is {n} host of {vendor} {model} ({cores} cores, {ram} GiB each) as a "
        "{design} design with {spares}; the host count is set by {binding}.",
        "The proposal is {n} hosts of {vendor} {model} ({cores} cores, {ram} GiB each) as a "
        "{design} design with {spares}; the host count is set by {binding}.",
        compute.hosts,
        n=format_number(compute.hosts),
        vendor=compute.host.vendor,
        model=compute.host.model,
        cores=format_number(compute.host.cores),
        ram=wording.short_number(compute.host.ram_gib),
        design=design,
        spares=vocab.spares_label(compute.ha_spares),
        binding=binding,
    )
    return today + proposal


def waterfall(result: SizingResult) -> list[tuple[str, float, float]]:
    """The capacity waterfall as (label, MiB, factor) steps, logical first, required last."""
    return [(step.label, step.mib, step.factor) for step in result.storage.waterfall]


def factor_text(factor: float, first: bool = False) -> str:
    """A step's factor in words: '÷ 3.73' for a reduction, '× 1.15' for a growth."""
    if first:
        return vocab.DASH
    if factor < 1:
        return f"÷ {format_number(1 / factor, 2)}"
    return f"× {format_number(factor, 3)}".rstrip("0").rstrip(".,")


def step_kind(index: int) -> str:
    """The first waterfall step is logical capacity; every later one is physical."""
    return _("Logical") if index == 0 else _("Physical")


def licence_cores(result: SizingResult) -> tuple[int, int]:
    """Per-core licence counts (current, proposed)."""
    licensing = result.compute.licensing
    return licensing.current_cores, licensing.proposed_cores
