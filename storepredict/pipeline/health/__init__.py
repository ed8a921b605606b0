"""Health checks: what an export says about the estate, and the capacity that can be reclaimed."""

from .engine import all_checks, run_checks
from .model import (
    CATEGORIES,
    SEVERITIES,
    Category,
    Check,
    CheckResult,
    Evidence,
    HealthReport,
    Severity,
    Status,
)

__all__ = [
    "CATEGORIES",
    "SEVERITIES",
    "Category",
    "Check",
    "CheckResult",
    "Evidence",
    "HealthReport",
    "Severity",
    "Status",
    "all_checks",
    "run_checks",
]
