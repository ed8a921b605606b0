"""Host-level peaks from LiveOptics `ESX Performance`: what each ESXi host peaked at itself.

A host's own peak CPU GHz and peak memory are measured at one moment on that host, so they hold
the coincidence of its VMs' peaks: compute demand sizing prefers them to a sum of VM peaks.
"""

from __future__ import annotations

import pandas as pd

from ...inventory import Host
from .vms import column_numbers, column_texts

HOST_PERF_COLUMNS = {
    "name": ("Host",),
    "peak_cpu_ghz": ("Peak CPU (GHz)",),
    "peak_memory_mib": ("Peak Memory (MiB)",),
}


def with_host_peaks(hosts: list[Host], frame: pd.DataFrame | None) -> list[Host]:
    """The hosts with their `ESX Performance` peaks, matched on the host name (case-folded).

    Hosts without a row, and rows with a negative or missing peak, keep None.
    """
    if frame is None or "name" not in frame.columns:
        return hosts
    peaks: dict[str, tuple[float | None, float | None]] = {}
    rows = zip(
        column_texts(frame, "name"),
        column_numbers(frame, "peak_cpu_ghz"),
        column_numbers(frame, "peak_memory_mib"),
        strict=True,
    )
    for name, cpu, memory in rows:
        if name:
            peaks.setdefault(name.casefold(), (_valid(cpu), _valid(memory)))
    return [
        host.model_copy(
            update=dict(
                zip(("peak_cpu_ghz", "peak_memory_mib"), peaks[host.name.casefold()], strict=True)
            )
        )
        if host.name.casefold() in peaks
        else host
        for host in hosts
    ]


def _valid(value: float | None) -> float | None:
    return None if value is None or value < 0 else value
