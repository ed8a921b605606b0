"""Licensing checks: licences over-used, CPU licences short of the hosts, expiring licences,
evaluation licences, and hosts that pay for the 16-core-per-CPU subscription minimum."""

from __future__ import annotations

import math
from datetime import timedelta

from ...i18n import N_, gettext
from ..estate import SHEET_LABELS
from ..numbers import day, fixed, short
from .context import HealthContext, parse_date
from .model import Check, Evidence, Outcome, Unavailable

CORES_PER_CPU_LICENCE = 32
SUBSCRIPTION_MIN_CORES = 16
EXPIRY_WARNING_DAYS = 90


def _number(text: str | None) -> float | None:
    try:
        return float((text or "").replace(",", ""))
    except ValueError:
        return None


def _overused(ctx: HealthContext) -> Outcome:
    missing = ctx.need("licenses", ("total", "Total"), ("used", "Used"))
    if missing:
        return missing
    rows = []
    for name, total, used in ctx.rows("licenses", "name", "total", "used"):
        limit, count = _number(total), _number(used)
        if name and limit is not None and count is not None and count > limit:
            rows.append(
                Evidence(
                    object=name,
                    detail=gettext("{used} used of {limit}", used=fixed(count), limit=fixed(limit)),
                )
            )
    return rows


def _cpu_shortfall(ctx: HealthContext) -> Outcome:
    missing = ctx.need("licenses", ("cost_unit", "Cost Unit"), ("total", "Total"))
    if missing:
        return missing
    hosts = [h for h in ctx.inventory.hosts if h.sockets and h.cores]
    if not hosts:
        return Unavailable(gettext("the export has no host sockets and cores (vHost)"))
    totals = [
        _number(total) or 0
        for name, unit, total in ctx.rows("licenses", "name", "cost_unit", "total")
        if "vsphere" in (name or "").casefold() and (unit or "").startswith("cpuPackage")
    ]
    if not totals:
        return Unavailable(gettext("vLicense lists no per-CPU vSphere licence"))
    listed = sum(totals)
    needed = sum(
        h.sockets * math.ceil(h.cores / h.sockets / CORES_PER_CPU_LICENCE)
        for h in hosts
        if h.sockets and h.cores
    )
    if needed <= listed:
        return []
    return [
        Evidence(
            object=gettext("vSphere CPU licences"),
            detail=gettext(
                "{needed} needed for {hosts} hosts (one per CPU of up to 32 cores), {listed} "
                "listed",
                needed=needed,
                hosts=len(hosts),
                listed=fixed(listed),
            ),
        )
    ]


def _expiring(ctx: HealthContext) -> Outcome:
    missing = ctx.need("licenses", ("expiration", "Expiration Date"))
    if missing:
        return missing
    horizon = ctx.today + timedelta(days=EXPIRY_WARNING_DAYS)
    rows = []
    for name, text in ctx.rows("licenses", "name", "expiration"):
        expiry = parse_date(text)
        if name and expiry and expiry <= horizon:
            detail = (
                gettext("expired {date}", date=day(expiry))
                if expiry < ctx.today
                else gettext("expires {date}", date=day(expiry))
            )
            rows.append(Evidence(object=name, detail=detail))
    return rows


def _evaluation(ctx: HealthContext) -> Outcome:
    if ctx.extras.licenses is None and ctx.extras.host_licenses is None:
        return Unavailable(
            gettext(
                "the export has no {first} or {second} sheet",
                first=SHEET_LABELS["licenses"],
                second=SHEET_LABELS["host_licenses"],
            )
        )
    titles = [*ctx.rows("licenses", "name", "name"), *ctx.rows("host_licenses", "host", "title")]
    return [
        Evidence(object=owner or title, detail=title)
        for owner, title in titles
        if title and "evaluation" in title.casefold()
    ]


def _core_minimum(ctx: HealthContext) -> Outcome:
    hosts = [h for h in ctx.inventory.hosts if h.sockets and h.cores]
    if not hosts:
        return Unavailable(gettext("the export has no host sockets and cores"))
    rows = []
    for host in hosts:
        assert host.sockets and host.cores
        per_cpu = host.cores / host.sockets
        if per_cpu < SUBSCRIPTION_MIN_CORES:
            billed = host.sockets * SUBSCRIPTION_MIN_CORES
            rows.append(
                Evidence(
                    object=host.name,
                    detail=gettext(
                        "{sockets} x {per_cpu} cores: {billed} cores licensed for {cores} present",
                        sockets=host.sockets,
                        per_cpu=short(per_cpu),
                        billed=billed,
                        cores=host.cores,
                    ),
                )
            )
    return rows


CHECKS = (
    Check(
        code="license_overused",
        category="licensing",
        severity="critical",
        title=N_("Licences used beyond their total"),
        explanation=N_("vCenter reports more units in use than the licence provides."),
        remedy=N_("Add licences or free units before the audit finds it."),
        evaluate=_overused,
    ),
    Check(
        code="license_cpu_shortfall",
        category="licensing",
        severity="warning",
        title=N_("Fewer vSphere CPU licences than the hosts need"),
        explanation=N_(
            "Per-CPU vSphere licences cover one CPU of up to 32 cores; the hosts in "
            "the export need more than the licences listed."
        ),
        remedy=N_("Check the licence inventory; price the target on per-core subscription."),
        evaluate=_cpu_shortfall,
    ),
    Check(
        code="license_expiring",
        category="licensing",
        severity="warning",
        title=N_("Licences expired or expiring within 90 days"),
        explanation=N_("Expired licences disconnect hosts from vCenter features."),
        remedy=N_("Renew the licences or plan the migration before they expire."),
        evaluate=_expiring,
    ),
    Check(
        code="license_evaluation",
        category="licensing",
        severity="warning",
        title=N_("Evaluation licences in use"),
        explanation=N_("Evaluation licences expire after 60 days."),
        remedy=N_("Assign permanent licences."),
        evaluate=_evaluation,
    ),
    Check(
        code="license_core_minimum",
        category="licensing",
        severity="info",
        title=N_("Hosts below the 16-core-per-CPU subscription minimum"),
        explanation=N_(
            "VMware per-core subscriptions bill at least 16 cores per CPU: hosts with "
            "smaller CPUs pay for cores they do not have."
        ),
        remedy=N_("Size new hosts with 16 or more cores per CPU."),
        evaluate=_core_minimum,
    ),
)
