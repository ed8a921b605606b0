"""Weaker signals tried when no rule matched a VM: its measured performance profile, then its
virtual disk layout (`disk_layout.py`).

A LiveOptics export measures each VM's IOs. Small IOs, mostly writes, at a sustained rate are
what a database's log and data files look like; such a VM is sized as a database of unknown
engine (DRR 2), a more careful figure than the unknown default (4). Large IOs, mostly writes, at
a sustained throughput are what a backup target ingests (Veeam, Commvault and dump targets write
64 KiB to 1 MiB blocks and read little back); such a VM is sized as backup (DRR 1). The reason
shows the figures, and LiveOptics' own `VM IO Classification` when the export carries it (its
values, `Standard` and `Unique`, say how the VM's IO stands out in the estate, not which workload
it is, so they decide nothing). The confidence is `signal`: a name rule or the engineer's own
rule always wins.
"""

from __future__ import annotations

from ..inventory import VM
from .classification import Classification
from .disk_layout import disk_layout_signal

DATABASE_SIGNAL_ID = "sig-perf-db"
DATABASE_CLASS = "db_generic"
MAX_IO_KIB = 16.0  # average IO size: databases do 8 KiB (SQL Server, Oracle) to 16 KiB pages
MIN_WRITE_SHARE = 0.5  # of peak IOs
MIN_PEAK_IOPS = 500.0  # quieter VMs say too little about their workload
BACKUP_SIGNAL_ID = "sig-perf-backup"
BACKUP_CLASS = "backup_appliance"
MIN_BACKUP_IO_KIB = 64.0  # average IO size: backup streams write 64 KiB to 1 MiB blocks
MIN_BACKUP_WRITE_SHARE = 0.7  # of average IOs
MIN_AVG_IOPS = 10.0  # averages are whole numbers: below this the IO size is mostly rounding
MIN_AVG_MIBPS = 1.0  # a sustained stream, not an idle VM's occasional large IO
MIB_KIB = 1024


def weak_signal(vm: VM) -> Classification | None:
    """The first weaker signal that applies to a VM no rule matched: performance, then disks."""
    return performance_signal(vm) or disk_layout_signal(vm)


def performance_signal(vm: VM) -> Classification | None:
    """A database or backup classification from a VM's measured IO profile; else None."""
    return _database_profile(vm) or _backup_profile(vm)


def _database_profile(vm: VM) -> Classification | None:
    """Database: a busy VM doing small, mostly-write IOs."""
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
        f"{write_share:.0%} writes, peak {vm.peak_iops:,.0f} IOPS (database-like"
        f"{_liveoptics_label(vm)})",
        confidence="signal",
    )


def _backup_profile(vm: VM) -> Classification | None:
    """Backup: a sustained stream of large IOs, mostly writes (average figures)."""
    if not vm.avg_iops or vm.avg_iops < MIN_AVG_IOPS or not vm.avg_mbps:
        return None
    reads, writes = vm.avg_read_iops or 0.0, vm.avg_write_iops or 0.0
    if reads + writes <= 0 or vm.avg_mbps < MIN_AVG_MIBPS:
        return None
    io_kib = vm.avg_mbps * MIB_KIB / vm.avg_iops
    write_share = writes / (reads + writes)
    if io_kib < MIN_BACKUP_IO_KIB or write_share < MIN_BACKUP_WRITE_SHARE:
        return None
    return Classification(
        class_ids=[BACKUP_CLASS],
        rule_id=BACKUP_SIGNAL_ID,
        reason=f"signal {BACKUP_SIGNAL_ID}: performance profile of large {io_kib:.0f} KiB IOs, "
        f"{write_share:.0%} writes, {vm.avg_mbps:,.1f} MiB/s on average (backup-like"
        f"{_liveoptics_label(vm)})",
        confidence="signal",
    )


def _liveoptics_label(vm: VM) -> str:
    """`; LiveOptics IO classification Unique` when the export carries one, else nothing."""
    return f"; LiveOptics IO classification {vm.io_classification}" if vm.io_classification else ""
