"""The limits of one datastore, shared by the packing heuristics and the exact search."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class BinLimits:
    """Limits of one datastore; hot_max_vms set means hot VMs are spread and capped."""

    capacity: float
    max_vms: int
    iops_budget: float
    hot_max_vms: int | None = None

    @property
    def hot_cap(self) -> int:
        """VM limit of a datastore holding a hot VM."""
        return min(self.hot_max_vms or self.max_vms, self.max_vms)
