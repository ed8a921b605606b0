"""A weaker signal from a VM's virtual disk layout (RVTools vDisk): how its data is laid out.

The first disk holds the guest OS; the others are data disks. Database deployment guides (SQL
Server, Oracle, Exchange on vSphere) put data, transaction logs and temporary space on separate
virtual disks, the log disk well below the data disk. So several data disks, the largest big
enough to matter, beside a *log-sized* one (at least 4 GiB, at most a third of the largest data
disk) look like a database: sized as one of unknown engine (DRR 2). Several equal big data disks
(1 TiB or more each) with no log-sized disk are how backup repositories and large file stores
span a volume; sized as backup (DRR 1), the careful end of both. On the real samples the
database pattern otherwise marks mail, logging, file and profile stores and vCenter appliances,
whose DRRs (1.5 to 3) sit near 2: a wrong guess stays on the careful side of the unknown
default (4).
"""

from __future__ import annotations

from ..inventory import VM
from .classification import Classification

DATABASE_SIGNAL_ID = "sig-disk-db"
DATABASE_CLASS = "db_generic"
BACKUP_SIGNAL_ID = "sig-disk-backup"
BACKUP_CLASS = "backup_appliance"
GIB = 1024.0
MIN_DATA_DISKS = 3  # data, log and temporary space (or more data files)
MIN_LARGEST_GIB = 100.0  # smaller data disks say too little, and weigh little in the sizing
MIN_LOG_GIB = 4.0  # smaller disks are quorum or appliance partitions, not logs
MAX_LOG_SHARE = 1 / 3  # of the largest data disk
MIN_EQUAL_GIB = 1024.0
EQUAL_TOLERANCE = 0.01  # disks within 1% of the largest count as equal


def disk_layout_signal(vm: VM) -> Classification | None:
    """A database or backup classification from the VM's data disks; else None."""
    disks = vm.disk_capacities_mib
    if not disks or len(disks) <= MIN_DATA_DISKS:
        return None
    data = disks[1:]
    largest = max(data)
    if largest < MIN_LARGEST_GIB * GIB:
        return None
    logs = [d for d in data if MIN_LOG_GIB * GIB <= d <= largest * MAX_LOG_SHARE]
    if logs:
        return _classification(
            DATABASE_CLASS,
            DATABASE_SIGNAL_ID,
            f"{len(data)} data disks with a log-sized disk, {_gib(min(logs))} beside "
            f"{_gib(largest)} (database-like)",
        )
    equal = [d for d in data if d >= largest * (1 - EQUAL_TOLERANCE)]
    if len(equal) >= MIN_DATA_DISKS and largest >= MIN_EQUAL_GIB * GIB:
        return _classification(
            BACKUP_CLASS,
            BACKUP_SIGNAL_ID,
            f"{len(data)} data disks, {len(equal)} of them equal at {_gib(largest)} "
            "(backup or file store)",
        )
    return None


def _classification(class_id: str, signal_id: str, layout: str) -> Classification:
    return Classification(
        class_ids=[class_id],
        rule_id=signal_id,
        reason=f"signal {signal_id}: disk layout of {layout}",
        confidence="signal",
    )


def _gib(mib: float) -> str:
    return f"{mib / GIB:,.0f} GiB"
