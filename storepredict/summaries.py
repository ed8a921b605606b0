"""The text the headless `inspect` and `size` print for a person reading a terminal."""

from __future__ import annotations

from collections import Counter
from typing import Any

from .pipeline import format_capacity
from .pipeline.sizing import SizingResult


def health_summary(entries: list[dict[str, Any]]) -> str:
    """One line of health-check counts (from the `health` list) for the terminal."""
    counts = Counter(entry["status"] for entry in entries)
    reclaimable = sum(entry["reclaimable_mib"] for entry in entries)
    return (
        f"health: {counts['flagged']} checks flagged, {counts['ok']} ok, "
        f"{counts['not_assessable']} not assessable; reclaimable "
        f"{format_capacity(reclaimable, 'TiB')}\n"
    )


def sizing_summary(result: SizingResult) -> str:
    """A few lines a person reads in a terminal."""
    total = result.storage.total
    chosen = result.layout.strategies[result.layout.chosen]
    lines = [
        f"in scope: {total.vm_count} VMs ({len(result.storage.scope.excluded)} excluded)",
        f"logical: {format_capacity(total.logical_mib, 'TiB')}",
        f"reduced: {format_capacity(total.reduced_mib, 'TiB')} (effective DRR "
        f"{'n/a' if total.effective_drr is None else f'{total.effective_drr:.2f}:1'})",
        f"required: {format_capacity(total.required_mib, 'TiB')}",
        f"datastores ({result.layout.chosen}): {chosen.count} (lower bound {chosen.lower_bound})",
        f"hosts: {result.compute.hosts} "
        f"({result.compute.binding}-bound, {result.compute.scenario} scenario)",
    ]
    lines.append("capacity model (required is physical, after data reduction):")
    lines += [
        f"  {step.label}: {format_capacity(step.mib, 'TiB')}" for step in result.storage.waterfall
    ]
    demand = result.compute.demand_based
    if demand is not None:
        lines.append(f"hosts on measured demand ({demand.basis.replace('_', ' ')}): {demand.hosts}")
    current = result.current
    if current.hosts:
        ratio = "n/a" if current.vcpu_per_core is None else f"{current.vcpu_per_core:.2f}"
        lines.append(
            f"current: {current.hosts} hosts, {current.sockets} sockets, {current.cores} cores, "
            f"vCPU per core {ratio}"
        )
    licensing = result.compute.licensing
    lines.append(
        f"licence cores: {licensing.current_cores:,} today, {licensing.proposed_cores:,} proposed"
    )
    return "\n".join(lines) + "\n"
