"""Risk checks on VM settings: VMware Tools, virtual hardware, limits, reservations, hot-add."""

from __future__ import annotations

from ...i18n import N_, gettext
from ..numbers import fixed
from .context import HealthContext
from .model import Check, Evidence, Outcome, Severity

TOOLS_WORDS = {
    "toolsOk": N_("VMware Tools OK"),
    "toolsOld": N_("VMware Tools out of date"),
    "toolsNotRunning": N_("VMware Tools not running"),
    "toolsNotInstalled": N_("VMware Tools not installed"),
}
OLDEST_SUPPORTED_HW = 13  # virtual hardware 13 = ESXi 6.5; every older ESXi is out of support


def _tools(ctx: HealthContext, status: str, powered_on_only: bool) -> Outcome:
    missing = ctx.need("tools", ("status", "Tools"))
    if missing:
        return missing
    rows = []
    for vm, vm_id, value, version in ctx.rows("tools", "vm", "vm_id", "status", "version"):
        known = ctx.vm(vm_id)
        if value != status or (known and (known.is_template or known.is_system)):
            continue
        if powered_on_only and (known is None or known.power_state != "on"):
            continue
        detail = gettext(
            "{status} (version {version})",
            status=gettext(TOOLS_WORDS[status]),
            version=version or gettext("unknown"),
        )
        rows.append(Evidence(object=vm, detail=detail, vm=vm))
    return rows


def _old_hardware(ctx: HealthContext) -> Outcome:
    missing = ctx.need("tools", ("hw_version", "VM Version"))
    if missing:
        return missing
    return [
        Evidence(object=vm, detail=gettext("hardware version {n}", n=fixed(hw)), vm=vm)
        for vm, hw in ctx.rows("tools", "vm", "hw_version")
        if hw is not None and hw < OLDEST_SUPPORTED_HW
    ]


def _resource(ctx: HealthContext, sheet: str, what: str, unit: str) -> Outcome:
    header = {"limit": "Limit", "reservation": "Reservation", "hot_add": "Hot Add"}[what]
    missing = ctx.need(sheet, (what, header))
    if missing:
        return missing
    rows = []
    for vm, value in ctx.rows(sheet, "vm", what):
        if what == "hot_add" and value:
            rows.append(Evidence(object=vm, detail=gettext("hot-add enabled"), vm=vm))
        elif what == "limit" and value is not None and value >= 0:
            rows.append(
                Evidence(
                    object=vm,
                    detail=gettext("limit {value} {unit}", value=fixed(value), unit=unit),
                    vm=vm,
                )
            )
        elif what == "reservation" and value:
            rows.append(
                Evidence(
                    object=vm,
                    detail=gettext("reservation {value} {unit}", value=fixed(value), unit=unit),
                    vm=vm,
                )
            )
    return rows


def _resource_check(
    sheet: str, what: str, severity: Severity, title: str, why: str, do: str
) -> Check:
    unit = "MHz" if sheet == "cpu" else "MiB"
    return Check(
        code=f"{sheet}_{what}",
        category="risk",
        severity=severity,
        title=title,
        explanation=why,
        remedy=do,
        evaluate=lambda ctx: _resource(ctx, sheet, what, unit),
    )


CHECKS = (
    Check(
        code="tools_not_running",
        category="risk",
        severity="warning",
        title=N_("VMware Tools not running on powered-on VMs"),
        explanation=N_(
            "Without running Tools there is no guest usage, no quiesced backup and no "
            "clean shutdown."
        ),
        remedy=N_("Start or repair VMware Tools in these guests."),
        evaluate=lambda ctx: _tools(ctx, "toolsNotRunning", powered_on_only=True),
    ),
    Check(
        code="tools_not_installed",
        category="risk",
        severity="warning",
        title=N_("VMware Tools not installed"),
        explanation=N_(
            "Without Tools the guest runs with emulated drivers and cannot be "
            "quiesced or shut down cleanly."
        ),
        remedy=N_("Install VMware Tools (or open-vm-tools) in these guests."),
        evaluate=lambda ctx: _tools(ctx, "toolsNotInstalled", powered_on_only=False),
    ),
    Check(
        code="tools_out_of_date",
        category="risk",
        severity="info",
        title=N_("VMware Tools out of date"),
        explanation=N_("Old Tools miss driver and security fixes and may block a host upgrade."),
        remedy=N_("Upgrade VMware Tools, e.g. at the next maintenance window."),
        evaluate=lambda ctx: _tools(ctx, "toolsOld", powered_on_only=False),
    ),
    Check(
        code="old_hw_version",
        category="risk",
        severity="info",
        title=N_("Virtual hardware older than version 13"),
        explanation=N_(
            "Hardware versions below 13 (ESXi 6.5) predate every supported ESXi "
            "release and lack current device and security features."
        ),
        remedy=N_("Upgrade the virtual hardware after a snapshot, in a maintenance window."),
        evaluate=_old_hardware,
    ),
    _resource_check(
        "cpu",
        "limit",
        "warning",
        N_("CPU limits set"),
        N_(
            "A CPU limit caps the VM below what it was given: a hidden performance "
            "bottleneck that often outlives its reason."
        ),
        N_("Remove the limits unless they are deliberate."),
    ),
    _resource_check(
        "memory",
        "limit",
        "warning",
        N_("Memory limits set"),
        N_(
            "A memory limit below the configured memory forces ballooning and swapping inside the "
            "VM."
        ),
        N_("Remove the limits unless they are deliberate."),
    ),
    _resource_check(
        "cpu",
        "reservation",
        "info",
        N_("CPU reservations"),
        N_(
            "Reservations hold host CPU whether used or not and count against HA admission control."
        ),
        N_("Keep reservations for the VMs that need them."),
    ),
    _resource_check(
        "memory",
        "reservation",
        "info",
        N_("Memory reservations"),
        N_(
            "Reserved memory is held on the host and shrinks the VM's swap file; it "
            "counts against HA admission control."
        ),
        N_("Keep reservations for the VMs that need them."),
    ),
    _resource_check(
        "cpu",
        "hot_add",
        "info",
        N_("CPU hot-add enabled"),
        N_("CPU hot-add disables virtual NUMA, which hurts large VMs."),
        N_("Disable hot-add on VMs with more vCPUs than a NUMA node has cores."),
    ),
    _resource_check(
        "memory",
        "hot_add",
        "info",
        N_("Memory hot-add enabled"),
        N_("Memory hot-add is rarely used and adds overhead."),
        N_("Disable it where nobody relies on it."),
    ),
)
