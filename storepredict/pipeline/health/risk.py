"""Risk checks on disks and devices: RDMs, shared and independent disks, CD-ROMs, full guests,
and VMs too large for a host of their cluster."""

from __future__ import annotations

import re

from ...i18n import N_, gettext
from ..numbers import fixed
from .context import HealthContext
from .model import Check, Evidence, Outcome, Unavailable

NOT_SHARED = {"sharingnone", "nosharing", "0"}  # 3.x writes the Shared Bus enum: 0 = none
DISK_WORDS = {
    "sharingmultiwriter": N_("multi-writer sharing"),
    "physicalsharing": N_("shared SCSI bus (physical)"),
    "virtualsharing": N_("shared SCSI bus (virtual)"),
    "1": N_("shared SCSI bus (virtual)"),
    "2": N_("shared SCSI bus (physical)"),
}
GUEST_FREE = re.compile(r"On (.+?) is (\d+)% disk space available", re.IGNORECASE)


def _disks(ctx: HealthContext, column: tuple[str, str], flagged: str) -> Outcome:
    missing = ctx.need("disks", column)
    if missing:
        return missing
    rows = []
    for vm, disk, capacity, value in ctx.rows("disks", "vm", "disk", "capacity_mib", column[0]):
        if value is None or value is False:
            continue
        text = N_("raw device mapping") if value is True else str(value)
        folded = text.casefold()
        if not (
            (flagged == "raw" and value is True)
            or (flagged == "shared" and folded not in NOT_SHARED)
            or (flagged == "independent" and folded.startswith("independent"))
        ):
            continue  # most disks: no words to look up for them
        known = DISK_WORDS.get(folded) or (text if value is True else None)
        words = gettext(known) if known else text.replace("_", " ")
        label = f"{vm}: {disk or gettext('disk')}"
        rows.append(Evidence(object=label, detail=words, vm=vm, mib=capacity))
    return rows


def _cdroms(ctx: HealthContext) -> Outcome:
    missing = ctx.need("cds", ("connected", "Connected"))
    if missing:
        return missing
    return [
        Evidence(object=vm, detail=device or gettext("connected"), vm=vm)
        for vm, connected, device in ctx.rows("cds", "vm", "connected", "device_type")
        if connected
    ]


def _guest_full(ctx: HealthContext) -> Outcome:
    missing = ctx.need("health")
    if missing:
        return missing
    names = {vm.name for vm in ctx.inventory.vms}
    rows = []
    for name, message in ctx.rows("health", "name", "message"):
        match = GUEST_FREE.search(message or "")
        if name in names and match:  # RVTools words full datastores the same way: not guests
            detail = gettext(
                "{drive} has {share} % free", drive=match.group(1), share=match.group(2)
            )
            rows.append(Evidence(object=f"{name}: {match.group(1)}", detail=detail, vm=name))
    return rows


def _larger_than_host(ctx: HealthContext) -> Outcome:
    clusters = ctx.hosts_by_cluster
    if not any(h.cores or h.memory_mib for hosts in clusters.values() for h in hosts):
        return Unavailable(gettext("the export has no host cores or memory per cluster (vHost)"))
    largest = {
        name: (max(h.cores or 0 for h in hosts), max(h.memory_mib or 0 for h in hosts))
        for name, hosts in clusters.items()
    }
    rows = []
    for vm in ctx.inventory.vms:
        cores, memory = largest.get(vm.cluster or "", (0, 0.0))
        reasons = []
        if cores and vm.vcpu and vm.vcpu > cores:
            reasons.append(gettext("{vcpu} vCPU > {cores} cores", vcpu=vm.vcpu, cores=cores))
        if memory and vm.memory_mib and vm.memory_mib > memory:
            reasons.append(
                gettext(
                    "{memory} GiB > {ram} GiB RAM",
                    memory=fixed(vm.memory_mib / 1024),
                    ram=fixed(memory / 1024),
                )
            )
        if reasons:
            rows.append(Evidence(object=vm.name, detail="; ".join(reasons), vm=vm.name))
    return rows


CHECKS = (
    Check(
        code="rdm_disks",
        category="risk",
        severity="warning",
        title=N_("Raw device mappings (RDM)"),
        explanation=N_(
            "RDM disks live on LUNs outside VMFS: they are not in the VMFS layout, "
            "need their own migration plan and block some backups and snapshots."
        ),
        remedy=N_("Plan each RDM's migration (convert to VMDK or map a volume on the new array)."),
        evaluate=lambda ctx: _disks(ctx, ("raw", "Raw"), "raw"),
    ),
    Check(
        code="shared_disks",
        category="risk",
        severity="warning",
        title=N_("Shared or multi-writer disks"),
        explanation=N_(
            "Disks shared between VMs (clusters, multi-writer) must move together and "
            "must not be counted twice."
        ),
        remedy=N_("Keep shared disks on one datastore and count their capacity once."),
        evaluate=lambda ctx: _disks(ctx, ("sharing", "Sharing mode"), "shared"),
    ),
    Check(
        code="independent_disks",
        category="risk",
        severity="warning",
        title=N_("Independent disks (left out of snapshots)"),
        explanation=N_(
            "Independent disks are skipped by snapshots, so snapshot-based backups "
            "do not protect them."
        ),
        remedy=N_("Check that these disks are backed up another way, or make them dependent."),
        evaluate=lambda ctx: _disks(ctx, ("disk_mode", "Disk Mode"), "independent"),
    ),
    Check(
        code="cdrom_connected",
        category="risk",
        severity="info",
        title=N_("CD/DVD drives connected"),
        explanation=N_("A connected CD/DVD drive or ISO blocks vMotion and DRS for the VM."),
        remedy=N_("Disconnect the drives that are not in use."),
        evaluate=_cdroms,
    ),
    Check(
        code="guest_disk_full",
        category="risk",
        severity="warning",
        title=N_("Guest file systems nearly full"),
        explanation=N_(
            "RVTools reports guest file systems with less free space than its "
            "threshold (10 % by default): they will grow soon."
        ),
        remedy=N_("Plan growth for these VMs; the sizing's growth rate may be too low for them."),
        evaluate=_guest_full,
    ),
    Check(
        code="vm_larger_than_host",
        category="risk",
        severity="critical",
        title=N_("VMs larger than a host of their cluster"),
        explanation=N_(
            "A VM with more vCPUs than a host has cores, or more memory than a host "
            "has RAM, cannot run well (or at all) on that cluster."
        ),
        remedy=N_("Right-size the VM or place it on larger hosts."),
        evaluate=_larger_than_host,
    ),
)
