"""Data-protection checks: old, large and piled-up snapshots; VMs without a backup marker."""

from __future__ import annotations

import re
from collections import defaultdict

from ...i18n import N_, gettext, ngettext
from ..numbers import fixed, percent
from .context import HealthContext
from .model import Check, Evidence, Outcome, Unavailable

SNAPSHOT_MAX_AGE_DAYS = 3
SNAPSHOT_MAX_SHARE = 0.10
SNAPSHOT_MAX_COUNT = 3
BACKUP_ATTRIBUTE = re.compile(
    r"backup|veeam|rubrik|vproxy|commvault|netbackup|avamar|cohesity|nakivo|spectrum protect|"
    r"networker|data ?mover",
    re.IGNORECASE,
)


def _old_snapshots(ctx: HealthContext) -> Outcome:
    missing = ctx.need("snapshots", ("created", "Date / time"))
    if missing:
        return missing
    rows = []
    for vm, name, created, size in ctx.rows("snapshots", "vm", "name", "created", "size_mib"):
        age = ctx.age_days(created)
        if age is not None and age > SNAPSHOT_MAX_AGE_DAYS:
            rows.append(
                Evidence(
                    object=f"{vm}: {name or gettext('snapshot')}",
                    detail=ngettext("{n} day old", "{n} days old", age, n=fixed(age)),
                    vm=vm,
                    mib=size,
                )
            )
    return rows


def _snapshot_sizes(ctx: HealthContext) -> dict[str, list[float]]:
    """Per VM id: the sizes of its snapshots (unknown sizes as 0)."""
    sizes: dict[str, list[float]] = defaultdict(list)
    for vm_id, size in ctx.rows("snapshots", "vm_id", "size_mib"):
        if vm_id:
            sizes[vm_id].append(size or 0.0)
    return sizes


def _large_snapshots(ctx: HealthContext) -> Outcome:
    missing = ctx.need("snapshots", ("size_mib", "Size MiB (total)"))
    if missing:
        return missing
    rows = []
    for vm_id, sizes in _snapshot_sizes(ctx).items():
        vm = ctx.vm(vm_id)
        base = vm and (vm.provisioned_mib or vm.in_use_mib)
        if vm and base and sum(sizes) > SNAPSHOT_MAX_SHARE * base:
            share = sum(sizes) / base
            rows.append(
                Evidence(
                    object=vm.name,
                    detail=gettext(
                        "snapshots hold {share} of the VM's provisioned size", share=percent(share)
                    ),
                    vm=vm.name,
                    mib=sum(sizes),
                )
            )
    return rows


def _many_snapshots(ctx: HealthContext) -> Outcome:
    missing = ctx.need("snapshots")
    if missing:
        return missing
    rows = []
    for vm_id, sizes in _snapshot_sizes(ctx).items():
        vm = ctx.vm(vm_id)
        if vm and len(sizes) >= SNAPSHOT_MAX_COUNT:
            rows.append(
                Evidence(
                    object=vm.name,
                    detail=gettext("{n} snapshots", n=fixed(len(sizes))),
                    vm=vm.name,
                    mib=sum(sizes),
                )
            )
    return rows


def _no_backup_marker(ctx: HealthContext) -> Outcome:
    names = {name for vm in ctx.inventory.vms for name in vm.custom_attributes}
    markers = {name for name in names if BACKUP_ATTRIBUTE.search(name)}  # a few distinct names
    if not markers:
        return Unavailable(gettext("the export has no backup custom attribute (e.g. Last Backup)"))
    detail = gettext("no value in {names}", names=", ".join(sorted(markers)))
    return [
        Evidence(object=vm.name, detail=detail, vm=vm.name)
        for vm in ctx.inventory.vms
        if vm.power_state == "on"
        and not (vm.is_template or vm.is_system or vm.is_srm_placeholder)
        and not any(vm.custom_attributes.get(m) for m in markers)
    ]


CHECKS = (
    Check(
        code="snapshot_old",
        category="protection",
        severity="warning",
        title=N_("Snapshots older than 3 days"),
        explanation=N_(
            "Snapshots are not backups; old ones grow without bound, slow the VM and "
            "hold capacity that the sizing would buy again."
        ),
        remedy=N_("Consolidate or delete them after checking with the VM owner."),
        evaluate=_old_snapshots,
        reclaimable=True,
    ),
    Check(
        code="snapshot_large",
        category="protection",
        severity="warning",
        title=N_("Snapshots larger than 10 % of the VM"),
        explanation=N_(
            "Large delta files mean a long-lived snapshot with heavy writes: a "
            "consolidation risk and capacity counted in the VM's in-use size."
        ),
        remedy=N_("Consolidate the snapshots in a quiet window."),
        evaluate=_large_snapshots,
    ),
    Check(
        code="snapshot_chain",
        category="protection",
        severity="warning",
        title=N_("VMs with 3 or more snapshots"),
        explanation=N_("Long snapshot chains degrade I/O and make consolidation slow and risky."),
        remedy=N_("Reduce each chain to what the backup tool needs (usually none)."),
        evaluate=_many_snapshots,
    ),
    Check(
        code="no_backup_marker",
        category="protection",
        severity="warning",
        title=N_("Powered-on VMs without a backup marker"),
        explanation=N_(
            "The export carries backup attributes (set by the backup software), and "
            "these VMs have none: they may not be protected."
        ),
        remedy=N_(
            "Confirm with the backup team that these VMs are protected or excluded on purpose."
        ),
        evaluate=_no_backup_marker,
    ),
)
