"""Data-quality checks: the findings the readers report, one check per finding code."""

from __future__ import annotations

from ...i18n import N_, gettext
from .. import findings as codes
from ..findings import FINDINGS, finding_text
from .context import HealthContext
from .model import Check, Evidence, Outcome, Severity

READER_CODES: tuple[str, ...] = (
    codes.ROWS_WITHOUT_NAME,
    codes.TEMPLATES_FROM_PATH,
    codes.UNKNOWN_POWER_STATE,
    codes.NO_CAPACITY_DATA,
    codes.UNREADABLE_NUMBERS,
    codes.NEGATIVE_NUMBERS,
    codes.DUPLICATE_VM_NAMES,
    codes.VPARTITION_MISSING,
    codes.NO_GUEST_PARTITIONS,
    codes.UNJOINABLE_SHEET,
    codes.AMBIGUOUS_JOIN,
    codes.UNMATCHED_ROWS,
    codes.VHOST_MISSING,
    codes.NO_PERFORMANCE,
    codes.DUAL_UNMATCHED_RVTOOLS,
    codes.DUAL_UNMATCHED_LIVEOPTICS,
)
"""The reader finding codes that become data-quality checks, with the catalogue's severity and
title (`dual_matched` reports a success, so it is no check)."""


def _findings(ctx: HealthContext, code: str) -> Outcome:
    rows = []
    for finding in ctx.inventory.findings:
        if finding.code != code:
            continue
        text = finding_text(finding)
        if not finding.rows:
            rows.append(Evidence(object=gettext("export"), detail=text))
        rows += [Evidence(object=row, detail=text, vm=row) for row in finding.rows]
    return rows


def _check(code: str, severity: Severity, title: str) -> Check:
    return Check(
        code=code,
        category="data_quality",
        severity=severity,
        title=title,
        explanation=N_(
            "Reported by the reader while reading the export; the figures treat the "
            "values as the message says."
        ),
        remedy=N_("Check the rows named; export again with every sheet if data is missing."),
        evaluate=lambda ctx: _findings(ctx, code),
    )


CHECKS = tuple(_check(code, FINDINGS[code].severity, FINDINGS[code].title) for code in READER_CODES)
