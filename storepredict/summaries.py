"""The text the headless `inspect` and `size` print for a person reading a terminal."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .i18n import _, format_number
from .pipeline.sizing import SizingResult
from .vocabulary import binding_words, capacity, demand_basis_label, scenario_label, strategy_label


def health_summary(entries: list[dict[str, Any]]) -> str:
    """One line of health-check counts (from the `health` list) for the terminal."""
    counts = Counter(entry["status"] for entry in entries)
    reclaimable = sum(entry["reclaimable_mib"] for entry in entries)
    return (
        _(
            "health: {flagged} checks flagged, {ok} ok, {unknown} not assessable; "
            "reclaimable {capacity}",
            flagged=format_number(counts["flagged"]),
            ok=format_number(counts["ok"]),
            unknown=format_number(counts["not_assessable"]),
            capacity=capacity(reclaimable, "TiB"),
        )
        + "\n"
    )


def sizing_summary(result: SizingResult) -> str:
    """A few lines a person reads in a terminal."""
    total = result.storage.total
    chosen = result.layout.strategies[result.layout.chosen]
    n = format_number
    drr = _("n/a") if total.effective_drr is None else f"{n(total.effective_drr, 2)}:1"
    compute = result.compute
    lines = [
        _(
            "in scope: {count} VMs ({excluded} excluded)",
            count=n(total.vm_count),
            excluded=n(len(result.storage.scope.excluded)),
        ),
        _("logical: {capacity}", capacity=capacity(total.logical_mib, "TiB")),
        _(
            "reduced: {capacity} (effective DRR {drr})",
            capacity=capacity(total.reduced_mib, "TiB"),
            drr=drr,
        ),
        _("required: {capacity}", capacity=capacity(total.required_mib, "TiB")),
        _(
            "datastores ({strategy}): {count} (lower bound {bound})",
            strategy=strategy_label(result.layout.chosen),
            count=n(chosen.count),
            bound=n(chosen.lower_bound),
        ),
        _(
            "hosts: {count} (bound by {resource}, {scenario})",
            count=n(compute.hosts),
            resource=binding_words(compute.binding),
            scenario=scenario_label(compute.scenario),
        ),
    ]
    lines.append(_("capacity model (required is physical, after data reduction):"))
    lines += [
        f"  {_(step.label)}: {capacity(step.mib, 'TiB')}" for step in result.storage.waterfall
    ]
    demand = compute.demand_based
    if demand is not None:
        lines.append(
            _(
                "hosts on measured demand ({basis}): {count}",
                basis=demand_basis_label(demand.basis),
                count=n(demand.hosts),
            )
        )
    current = result.current
    if current.hosts:
        ratio = _("n/a") if current.vcpu_per_core is None else n(current.vcpu_per_core, 2)
        lines.append(
            _(
                "current: {hosts} hosts, {sockets} sockets, {cores} cores, vCPU per core {ratio}",
                hosts=n(current.hosts),
                sockets=n(current.sockets),
                cores=n(current.cores),
                ratio=ratio,
            )
        )
    licensing = compute.licensing
    lines.append(
        _(
            "licence cores: {today} today, {proposed} proposed",
            today=n(licensing.current_cores),
            proposed=n(licensing.proposed_cores),
        )
    )
    return "\n".join(lines) + "\n"
