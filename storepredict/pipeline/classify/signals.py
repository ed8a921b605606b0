"""Weaker signals tried when no rule matched a VM: its measured performance profile.

A LiveOptics export measures each VM's IOs. Small IOs, mostly writes, at a sustained rate are
what a database's log and data files look like; such a VM is sized as a database of unknown
engine (DRR 2), a more careful figure than the unknown default (4). The reason shows the
figures, and the confidence is `signal`: a name rule or the engineer's own rule always wins.
"""

from __future__ import annotations

from ..inventory import VM
from .classification import Classification

DATABASE_SIGNAL_ID = "sig-perf-db"
DATABASE_CLASS = "db_generic"
MAX_IO_KIB = 16.0  # average IO size: databases do 8 KiB (SQL Server, Oracle) to 16 KiB pages
MIN_WRITE_SHARE = 0.5  # of peak IOs
MIN_PEAK_IOPS = 500.0  # quieter VMs say too little about their workload
MIB_KIB = 1024


def performance_signal(vm: VM) -> Classification | None:
    """A database classification for a busy VM doing small, mostly-write IOs; else None."""
    if not vm.avg_iops or not vm.avg_mbps or not vm.peak_iops or vm.peak_iops < MIN_PEAK_IOPS:
        return None
    reads, writes = vm.peak_read_iops or 0.0, vm.peak_write_iops or 0.0
    if reads + writes <= 0:
        return None
    io_kib = vm.avg_mbps * MIB_KIB / vm.avg_iops
    write_share = writes / (reads + writes)
    if io_kib > MAX_IO_KIB or write_share < MIN_WRITE_SHARE:
        return None
    return Classification(
        class_ids=[DATABASE_CLASS],
        rule_id=DATABASE_SIGNAL_ID,
        reason=f"signal {DATABASE_SIGNAL_ID}: performance profile of small {io_kib:.0f} KiB IOs, "
        f"{write_share:.0%} writes, peak {vm.peak_iops:,.0f} IOPS (database-like)",
        confidence="signal",
    )
