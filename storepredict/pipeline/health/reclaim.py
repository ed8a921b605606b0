"""Reclaimable capacity per VM, for the sizing steps the engineer asks to leave it out of."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from ..inventory import Inventory
from ..settings import SizingSettings
from .context import HealthContext
from .protection import SNAPSHOT_MAX_AGE_DAYS


def old_snapshot_mib(inventory: Inventory, today: date | None = None) -> dict[str, float]:
    """Per VM id: MiB held by its snapshots older than 3 days at the export date."""
    settings = SizingSettings.model_validate({})
    ctx = HealthContext(inventory=inventory, settings=settings, today=today or date.today())
    sizes: dict[str, float] = defaultdict(float)
    for vm_id, created, size in ctx.rows("snapshots", "vm_id", "created", "size_mib"):
        age = ctx.age_days(created)
        if vm_id and size and age is not None and age > SNAPSHOT_MAX_AGE_DAYS:
            sizes[vm_id] += size
    return dict(sizes)
