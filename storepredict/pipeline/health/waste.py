"""Waste and reclaimable capacity: zombie files, powered-off VMs, templates, oversized disks."""

from __future__ import annotations

import re

from ...i18n import N_, gettext
from ..inventory import VM
from ..numbers import fixed, percent
from .context import HealthContext
from .model import Check, Evidence, Outcome, Unavailable

MIB = 1024 * 1024
OVERSIZED_MIN_MIB = 100 * 1024
OVERSIZED_MAX_USED_SHARE = 0.20
IDLE_MAX_PEAK_IOPS = 1.0
IDLE_MAX_PEAK_GHZ = 0.1


def _capacity(vm: VM) -> float | None:
    return vm.in_use_mib if vm.in_use_mib is not None else vm.provisioned_mib


def _zombies(ctx: HealthContext, kind: str) -> Outcome:
    """vHealth rows of message type Zombie whose message names `kind` (`vmdk` or `VM`)."""
    missing = ctx.need("health", ("message_type", "Message type"))
    if missing:
        return missing
    sizes = {
        path: size / MIB
        for path, size in ctx.rows("files", "path", "size_bytes")
        if path and size is not None
    }
    marker = re.compile(rf"zombie {kind}\b", re.IGNORECASE)
    return [
        Evidence(
            object=name,
            detail=message
            if name in sizes or kind == "VM"
            else gettext("{text} (size unknown)", text=message),
            mib=sizes.get(name),
        )
        for name, message, kind_of in ctx.rows("health", "name", "message", "message_type")
        if name and (kind_of or "").casefold() == "zombie" and marker.search(message or "")
    ]


def _powered_off(ctx: HealthContext, templates: bool) -> Outcome:
    rows = []
    for vm in ctx.inventory.vms:
        if vm.is_system or vm.is_srm_placeholder or vm.is_template != templates:
            continue
        if templates or vm.power_state == "off":
            what = gettext("template") if templates else gettext("powered off")
            rows.append(Evidence(object=vm.name, detail=what, vm=vm.name, mib=_capacity(vm)))
    return rows


def _eager_zeroed(ctx: HealthContext) -> Outcome:
    missing = ctx.need("disks", ("eager", "Eagerly Scrub"), ("thin", "Thin"))
    if missing:
        return missing
    if ctx.settings.profile == "flat_1":
        return []  # the target platform does not reduce data: thick disks cost nothing extra
    return [
        Evidence(
            object=f"{vm}: {disk or gettext('disk')}",
            detail=gettext("thick, eagerly zeroed"),
            vm=vm,
            mib=capacity,
        )
        for vm, disk, capacity, eager, thin, raw in ctx.rows(
            "disks", "vm", "disk", "capacity_mib", "eager", "thin", "raw"
        )
        if eager and not thin and not raw
    ]


def _oversized(ctx: HealthContext) -> Outcome:
    rows = []
    for vm in ctx.inventory.vms:
        used = vm.guest_used_mib if vm.guest_used_mib is not None else vm.in_use_mib
        size = vm.provisioned_mib
        if vm.power_state != "on" or used is None or not size or size < OVERSIZED_MIN_MIB:
            continue
        if used < OVERSIZED_MAX_USED_SHARE * size:
            rows.append(
                Evidence(
                    object=vm.name,
                    detail=gettext(
                        "uses {share} of its {size} GiB",
                        share=percent(used / size),
                        size=fixed(size / 1024),
                    ),
                    vm=vm.name,
                    mib=size - used,
                )
            )
    return rows


def _idle(ctx: HealthContext) -> Outcome:
    measured = [vm for vm in ctx.inventory.vms if vm.peak_iops is not None]
    if not measured:
        return Unavailable(
            gettext("the export has no VM performance data (LiveOptics VM Performance)")
        )
    return [
        Evidence(
            object=vm.name,
            detail=gettext(
                "peak {iops} IOPS, {ghz} GHz",
                iops=fixed(vm.peak_iops or 0, 1, False),
                ghz=fixed(vm.peak_cpu_ghz or 0, 2, False),
            ),
            vm=vm.name,
            mib=_capacity(vm),
        )
        for vm in measured
        if vm.power_state == "on"
        and (vm.peak_iops or 0) < IDLE_MAX_PEAK_IOPS
        and (vm.peak_cpu_ghz or 0) < IDLE_MAX_PEAK_GHZ
    ]


CHECKS = (
    Check(
        code="zombie_vmdk",
        category="waste",
        severity="warning",
        title=N_("Possible zombie VMDK files"),
        explanation=N_(
            "RVTools found virtual disk files that belong to no registered VM: they "
            "hold datastore capacity nobody uses."
        ),
        remedy=N_(
            "Check each file (it may belong to a VM in another vCenter) and delete the orphans."
        ),
        evaluate=lambda ctx: _zombies(ctx, "vmdk"),
        reclaimable=True,
    ),
    Check(
        code="zombie_vm",
        category="waste",
        severity="info",
        title=N_("Possible zombie VMs (unregistered .vmx)"),
        explanation=N_("RVTools found VM configuration files that belong to no registered VM."),
        remedy=N_("Register or delete the VM folders after checking with their owners."),
        evaluate=lambda ctx: _zombies(ctx, "VM"),
    ),
    Check(
        code="powered_off_vms",
        category="waste",
        severity="info",
        title=N_("Powered-off VMs"),
        explanation=N_("Powered-off VMs still hold their disks; many are forgotten."),
        remedy=N_(
            "Ask the owners which can be archived or deleted; the sizing can leave them out."
        ),
        evaluate=lambda ctx: _powered_off(ctx, templates=False),
        reclaimable=True,
    ),
    Check(
        code="templates",
        category="waste",
        severity="info",
        title=N_("Templates"),
        explanation=N_("Templates hold capacity; old or duplicate ones are common."),
        remedy=N_("Keep one current template per OS and delete the rest."),
        evaluate=lambda ctx: _powered_off(ctx, templates=True),
        reclaimable=True,
    ),
    Check(
        code="eager_zeroed_thick",
        category="waste",
        severity="info",
        title=N_("Thick eager-zeroed disks on a data-reducing platform"),
        explanation=N_(
            "Eager-zeroed disks count their full size as in use; on a platform that "
            "reduces data the zeros cost nothing, so the in-use basis overstates them."
        ),
        remedy=N_(
            "Size these VMs on guest-used capacity, or convert the disks to thin on migration."
        ),
        evaluate=_eager_zeroed,
    ),
    Check(
        code="oversized_vms",
        category="waste",
        severity="info",
        title=N_("VMs using under 20 % of their provisioned capacity"),
        explanation=N_(
            "Large VMs (100 GiB or more provisioned) that use a fifth or less: sizing "
            "on provisioned capacity would buy the empty space."
        ),
        remedy=N_("Size on in-use or guest-used capacity; shrink the disks where possible."),
        evaluate=_oversized,
    ),
    Check(
        code="idle_vms",
        category="waste",
        severity="info",
        title=N_("Powered-on VMs with no activity"),
        explanation=N_(
            "VMs with no I/O and almost no CPU over the collection period are often left over."
        ),
        remedy=N_("Confirm with the owners and decommission the unused ones."),
        evaluate=_idle,
    ),
)
