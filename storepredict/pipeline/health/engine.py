"""Run every health check on an inventory and collect the results."""

from __future__ import annotations

from datetime import date

from ...i18n import gettext
from ..inventory import Inventory
from ..settings import SizingSettings
from . import licensing, platform, protection, quality, risk, vmconfig, waste
from .context import HealthContext
from .model import DESCRIPTION_FIELDS, Check, CheckResult, HealthReport, Unavailable

TRANSLATED_FIELDS = ("title", "explanation", "remedy")


def all_checks() -> tuple[Check, ...]:
    """Every check, grouped by category in report order."""
    return (
        *protection.CHECKS,
        *waste.CHECKS,
        *risk.CHECKS,
        *vmconfig.CHECKS,
        *platform.CHECKS,
        *licensing.CHECKS,
        *quality.CHECKS,
    )


def run_check(check: Check, ctx: HealthContext) -> CheckResult:
    """One check's result: not assessable (naming what is missing), ok or flagged."""
    outcome = check.evaluate(ctx)
    described = {name: getattr(check, name) for name in DESCRIPTION_FIELDS}
    described.update({name: gettext(described[name]) for name in TRANSLATED_FIELDS})
    head = CheckResult.model_validate({**described, "status": "not_assessable"})
    if isinstance(outcome, Unavailable):
        return head.model_copy(update={"missing": outcome.missing})
    reclaimable = sum(row.mib or 0.0 for row in outcome) if check.reclaimable else 0.0
    return head.model_copy(
        update={
            "status": "flagged" if outcome else "ok",
            "count": len(outcome),
            "reclaimable_mib": reclaimable,
            "vms": list(dict.fromkeys(row.vm for row in outcome if row.vm)),
            "evidence": outcome,
        }
    )


def run_checks(
    inventory: Inventory, settings: SizingSettings, today: date | None = None
) -> HealthReport:
    """Every check's result for the inventory (`today` dates end-of-support; default: today)."""
    ctx = HealthContext(inventory=inventory, settings=settings, today=today or date.today())
    return HealthReport(results=[run_check(check, ctx) for check in all_checks()])
