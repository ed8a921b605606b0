"""Which VMs are sized, and the reclaimable capacity the engineer leaves out."""

from __future__ import annotations

from pydantic import Field

from .base import FrozenModel


class ScopeSettings(FrozenModel):
    """Which VMs are sized. None for datacenters/clusters/vcenters means all of them."""

    datacenters: list[str] | None = Field(
        None, title="Datacenters", description="The datacenters sized; empty means all."
    )
    clusters: list[str] | None = Field(
        None, title="Clusters", description="The clusters sized; empty means all."
    )
    include_powered_off: bool = Field(
        False, title="Include powered-off VMs", description="Size VMs that are powered off."
    )
    include_suspended: bool = Field(
        True, title="Include suspended VMs", description="Size VMs that are suspended."
    )
    include_templates: bool = Field(
        False, title="Include templates", description="Size VM templates."
    )
    ignored_vm_ids: list[str] = Field(
        default_factory=list, title="Ignored VMs", description="VMs left out by hand."
    )
    vcenters: list[str] | None = Field(
        None,
        title="vCenters",
        description="The vCenters sized; empty means all. A VM whose export names no vCenter "
        "matches none.",
    )


class ReclaimSettings(FrozenModel):
    """Reclaimable capacity the engineer chooses to leave out of the sizing (nothing by default)."""

    exclude_powered_off_whole_export: bool = Field(
        False,
        title="Leave out VMs powered off for the whole export",
        description="Leave out VMs powered off for the whole export, even when powered-off VMs "
        "are included.",
    )
    exclude_old_snapshots: bool = Field(
        False,
        title="Subtract snapshots older than 3 days",
        description="Subtract snapshots older than 3 days from each VM's in-use or provisioned "
        "capacity.",
    )
