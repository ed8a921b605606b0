"""Figures and wording shared by the XLSX and PDF reports, so both say exactly the same thing."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from typing import Any

from pydantic import BaseModel

from ..pipeline.session.state import SessionState
from ..pipeline.settings import SizingSettings
from ..pipeline.sizing.run import SizingResult


def headline(result: SizingResult) -> dict[str, Any]:
    """The four numbers on page 1: required capacity, effective DRR, datastores, hosts."""
    chosen = result.layout.strategies[result.layout.chosen]
    return {
        "required_mib": result.storage.total.required_mib,
        "effective_drr": result.storage.total.effective_drr,
        "datastores": chosen.count,
        "strategy": result.layout.chosen,
        "hosts": result.compute.hosts,
    }


def scope_label(settings: SizingSettings) -> str:
    """A short name for the scope: selected clusters or datacenters, else 'all'."""
    chosen = settings.scope.clusters or settings.scope.datacenters
    if not chosen:
        return "all"
    if len(chosen) > 3:
        kind = "clusters" if settings.scope.clusters else "datacenters"
        return f"{len(chosen)}-{kind}"
    return "+".join(chosen)


def report_file_name(state: SessionState, extension: str, today: date | None = None) -> str:
    """`<project>-<scope>-<YYYYMMDD>.<ext>`, made safe for any file system."""
    stamp = (today or date.today()).strftime("%Y%m%d")
    raw = f"{state.project_name}-{scope_label(state.settings)}"
    safe = re.sub(r"[^A-Za-z0-9._+-]+", "-", raw).strip("-.")[:100] or "storepredict"
    return f"{safe}-{stamp}.{extension}"


def changed_settings(settings: SizingSettings) -> list[tuple[str, Any, Any]]:
    """Every setting that differs from its default: (dotted key, value, default)."""
    return _diff(settings, SizingSettings(), "")


def _diff(value: BaseModel, default: BaseModel, prefix: str) -> list[tuple[str, Any, Any]]:
    changes: list[tuple[str, Any, Any]] = []
    for name in type(value).model_fields:
        mine, theirs = getattr(value, name), getattr(default, name)
        key = f"{prefix}{name}"
        if isinstance(mine, BaseModel) and isinstance(theirs, BaseModel):
            changes.extend(_diff(mine, theirs, key + "."))
        elif mine != theirs:
            changes.append((key, mine, theirs))
    return changes


def excluded_by_reason(result: SizingResult) -> list[tuple[str, int]]:
    """Excluded VM counts per reason, largest first."""
    counts = Counter(result.storage.scope.excluded.values())
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))
