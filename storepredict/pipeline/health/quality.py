"""Data-quality checks: the findings the readers report, one check per finding code."""

from __future__ import annotations

from .context import HealthContext
from .model import Check, Evidence, Outcome, Severity

READER_FINDINGS: tuple[tuple[str, Severity, str], ...] = (
    ("rows_without_name", "warning", "vInfo rows without a VM name"),
    ("unknown_power_state", "warning", "VMs with an unknown power state"),
    ("no_capacity_data", "warning", "VMs without capacity data"),
    ("unreadable_numbers", "warning", "Values that are not numbers"),
    ("negative_numbers", "warning", "Negative sizes"),
    ("duplicate_vm_names", "warning", "Duplicate VM names"),
    ("vpartition_missing", "info", "No guest file-system sheet (vPartition)"),
    ("no_guest_partitions", "info", "VMs without guest file-system data"),
    ("unjoinable_sheet", "warning", "Sheets that cannot be tied to VMs"),
    ("ambiguous_join", "warning", "Rows that could not be attributed to one VM"),
    ("unmatched_rows", "info", "Sheet rows that belong to no VM"),
    ("vhost_missing", "info", "No usable host sheet (vHost)"),
    ("no_performance", "warning", "VMs without performance data"),
    ("dual_unmatched_rvtools", "warning", "RVTools VMs without a LiveOptics match"),
    ("dual_unmatched_liveoptics", "warning", "LiveOptics VMs without an RVTools match"),
)
"""Reader finding codes (grep `code=` in pipeline/readers), their severity and title."""


def _findings(ctx: HealthContext, code: str) -> Outcome:
    rows = []
    for finding in ctx.inventory.findings:
        if finding.code != code:
            continue
        if not finding.rows:
            rows.append(Evidence(object="export", detail=finding.message))
        rows += [Evidence(object=row, detail=finding.message, vm=row) for row in finding.rows]
    return rows


def _check(code: str, severity: Severity, title: str) -> Check:
    return Check(
        code=code,
        category="data_quality",
        severity=severity,
        title=title,
        explanation="Reported by the reader while reading the export; the figures treat the "
        "values as the message says.",
        remedy="Check the rows named; export again with every sheet if data is missing.",
        evaluate=lambda ctx: _findings(ctx, code),
    )


CHECKS = tuple(_check(code, severity, title) for code, severity, title in READER_FINDINGS)
