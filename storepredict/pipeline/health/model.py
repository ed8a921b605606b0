"""Health-check records: a check's definition, its evidence rows, its result and the report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from .context import HealthContext

Severity = Literal["info", "warning", "critical"]
Category = Literal["protection", "waste", "risk", "platform", "licensing", "data_quality"]
Status = Literal["ok", "flagged", "not_assessable"]
CATEGORIES: tuple[Category, ...] = (
    "protection",
    "waste",
    "risk",
    "platform",
    "licensing",
    "data_quality",
)
SEVERITIES: tuple[Severity, ...] = ("critical", "warning", "info")
# The fields a check and its result share: what it is and what it tells the engineer.
DESCRIPTION_FIELDS = ("code", "category", "severity", "title", "explanation", "remedy")


class Evidence(BaseModel):
    """One object a check flags: what it is, the VM it belongs to, why, and its size if any."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    object: str
    detail: str
    vm: str | None = None
    mib: float | None = None


@dataclass(frozen=True)
class Unavailable:
    """Why a check cannot be assessed: the sheet or column the export lacks."""

    missing: str


Outcome = list[Evidence] | Unavailable


@dataclass(frozen=True)
class Check:
    """One health check: what it looks for, why it matters, what to do, and how to evaluate it."""

    code: str
    category: Category
    severity: Severity
    title: str
    explanation: str
    remedy: str
    evaluate: Callable[[HealthContext], Outcome]
    reclaimable: bool = False
    """Whether the evidence sizes (`mib`) are capacity that could be reclaimed."""


class CheckResult(BaseModel):
    """The result of one check on one inventory."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str
    category: Category
    severity: Severity
    title: str
    explanation: str
    remedy: str
    status: Status
    count: int = 0
    reclaimable_mib: float = 0.0
    vms: list[str] = Field(default_factory=list)
    evidence: list[Evidence] = Field(default_factory=list)
    missing: str | None = None
    """For a check that is not assessable: the sheet or column the export lacks."""

    def summary(self) -> dict[str, object]:
        """The `health` entry of `inspect --json` and `size --json`."""
        return {
            "code": self.code,
            "category": self.category,
            "severity": self.severity,
            "title": self.title,
            "status": self.status,
            "count": self.count,
            "reclaimable_mib": self.reclaimable_mib,
            "vms": self.vms,
        }


class HealthReport(BaseModel):
    """Every check's result, and the reclaimable capacity by reason (check title)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    results: list[CheckResult]

    @property
    def reclaimable_by_reason(self) -> dict[str, float]:
        """Reclaimable MiB per flagged check that shows some, keyed by check title."""
        return {r.title: r.reclaimable_mib for r in self.results if r.reclaimable_mib > 0}

    @property
    def reclaimable_mib(self) -> float:
        """All reclaimable capacity the checks show (reasons may overlap: see docs/health.md)."""
        return sum(self.reclaimable_by_reason.values())

    def status_counts(self) -> dict[Status, int]:
        """How many checks are ok, flagged and not assessable."""
        counts: dict[Status, int] = {"ok": 0, "flagged": 0, "not_assessable": 0}
        for result in self.results:
            counts[result.status] += 1
        return counts

    def flagged_by_category(self) -> dict[Category, int]:
        """Flagged checks per category (every category listed)."""
        counts: dict[Category, int] = dict.fromkeys(CATEGORIES, 0)
        for result in self.results:
            if result.status == "flagged":
                counts[result.category] += 1
        return counts

    def result(self, code: str) -> CheckResult:
        """The result of the check with this code (KeyError when there is none)."""
        for result in self.results:
            if result.code == code:
                return result
        raise KeyError(code)
