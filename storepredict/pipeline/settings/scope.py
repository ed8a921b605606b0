"""Which VMs are sized, and the reclaimable capacity the engineer leaves out."""

from __future__ import annotations

from pydantic import Field

from ...i18n import N_
from .base import FrozenModel


class ScopeSettings(FrozenModel):
    """Which VMs are sized. None for datacenters/clusters/vcenters means all of them."""

    datacenters: list[str] | None = Field(
        None, title=N_("Datacenters"), description=N_("The datacenters sized; empty means all.")
    )
    clusters: list[str] | None = Field(
        None, title=N_("Clusters"), description=N_("The clusters sized; empty means all.")
    )
    include_powered_off: bool = Field(
        False, title=N_("Include powered-off VMs"), description=N_("Size VMs that are powered off.")
    )
    include_suspended: bool = Field(
        True, title=N_("Include suspended VMs"), description=N_("Size VMs that are suspended.")
    )
    include_templates: bool = Field(
        False, title=N_("Include templates"), description=N_("Size VM templates.")
    )
    ignored_vm_ids: list[str] = Field(
        default_factory=list, title=N_("Ignored VMs"), description=N_("VMs left out by hand.")
    )
    vcenters: list[str] | None = Field(
        None,
        title=N_("vCenters"),
        description=N_(
            "The vCenters sized; empty means all. A VM whose export names no vCenter matches none."
        ),
    )


class ReclaimSettings(FrozenModel):
    """Reclaimable capacity the engineer chooses to leave out of the sizing (nothing by default)."""

    exclude_powered_off_whole_export: bool = Field(
        False,
        title=N_("Leave out VMs powered off for the whole export"),
        description=N_(
            "Leave out VMs powered off for the whole export, even when powered-off VMs "
            "are included."
        ),
    )
    exclude_old_snapshots: bool = Field(
        False,
        title=N_("Subtract snapshots older than 3 days"),
        description=N_(
            "Subtract snapshots older than 3 days from each VM's in-use or provisioned capacity."
        ),
    )
