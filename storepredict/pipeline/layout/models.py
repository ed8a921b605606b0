"""Datastore layout models: the VMs to place and the planned datastores per strategy."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from ..settings import Strategy


class LayoutItem(BaseModel):
    """One in-scope VM to place: its size on the capacity basis (before reserves) and IOPS."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    vm_id: str = Field(min_length=1)
    name: str
    size_mib: float = Field(ge=0)
    category: str = "unknown"
    class_id: str = "unknown"
    iops: float | None = Field(None, ge=0)


class Datastore(BaseModel):
    """One planned datastore and its VMs, largest first.

    used_mib sums footprints (reserves and growth included); fill_pct is used / size. oversized:
    sized up for one VM larger than a datastore; isolated: holds only an isolated category or one
    big database; hot: holds a hot VM; over_iops_budget: one VM alone above the IOPS budget.
    """

    model_config = ConfigDict(extra="forbid")

    name: str
    size_mib: float
    used_mib: float
    free_mib: float
    fill_pct: float
    vm_count: int
    iops: float
    categories: list[str]
    vm_ids: list[str]
    oversized: bool = False
    isolated: bool = False
    hot: bool = False
    over_iops_budget: bool = False


class StrategyLayout(BaseModel):
    """One strategy's datastores, totals, lower bound and gap to it, and warnings.

    fill_spread_pct is the fullest minus the emptiest fill % among datastores shared by VMs
    (datastores given to a single VM of its own are left out).
    """

    model_config = ConfigDict(extra="forbid")

    strategy: Strategy
    count: int
    lower_bound: int
    gap_pct: float
    optimal: bool
    total_capacity_mib: float
    used_mib: float
    fill_spread_pct: float
    datastores: list[Datastore]
    warnings: list[str] = Field(default_factory=list)


class LayoutResult(BaseModel):
    """All three strategies side by side and the one the user chose."""

    model_config = ConfigDict(extra="forbid")

    strategies: dict[str, StrategyLayout]
    chosen: Strategy
