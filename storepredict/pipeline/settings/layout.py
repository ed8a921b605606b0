"""How the VMs are laid out on VMFS datastores."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ...i18n import N_
from ..units import TIB_MIB
from .base import FrozenModel, shown

Strategy = Literal["consolidation", "performance", "uniform"]


class LayoutSettings(FrozenModel):
    """VMFS datastore layout settings."""

    datastore_size_mib: float = Field(
        4.0 * TIB_MIB,
        gt=0,
        title=N_("VMFS datastore size"),
        description=N_("Size of one VMFS datastore (logical VMFS space)."),
        json_schema_extra=shown("TiB", 1 / TIB_MIB),
    )
    max_vms_per_datastore: int = Field(
        25,
        ge=1,
        title=N_("VMs per datastore"),
        description=N_("At most this many VMs share one datastore."),
        json_schema_extra=shown(""),
    )
    iops_budget: float = Field(
        100_000,
        gt=0,
        title=N_("IOPS per datastore"),
        description=N_("Peak IOPS one datastore may carry."),
        json_schema_extra=shown("IOPS"),
    )
    fill_limit: float = Field(
        0.80,
        gt=0,
        le=1,
        title=N_("VMFS fill limit"),
        description=N_(
            "Largest share of a datastore the VMs may fill with their snapshot reserve "
            "and growth; VMware practice keeps about 20 % free for swap, logs and snapshots."
        ),
        json_schema_extra=shown("%", 100),
    )
    isolate_categories: list[str] = Field(
        default_factory=lambda: ["sap_hana", "mail"],
        title=N_("Isolated workloads"),
        description=N_(
            "Workload categories that get datastores of their own. Applies to the "
            "performance strategy only: consolidation and uniform mix every category."
        ),
        json_schema_extra={"applies_to": ["performance"]},
    )
    isolate_database_over_mib: float = Field(
        2.0 * TIB_MIB,
        gt=0,
        title=N_("Own datastore for databases above"),
        description=N_(
            "A database VM needing more than this gets a datastore of its own. Applies "
            "to the performance strategy only."
        ),
        json_schema_extra=shown("TiB", 1 / TIB_MIB, performance_only=True),
    )
    anti_affinity: list[tuple[str, str]] = Field(
        default_factory=lambda: [("database", "vdi")],
        title=N_("Kept apart"),
        description=N_(
            "Pairs of workload categories that never share a datastore. Applies to the "
            "performance strategy only."
        ),
        json_schema_extra={"applies_to": ["performance"]},
    )
    hot_vm_iops: float = Field(
        500,
        gt=0,
        title=N_("Hot VM above"),
        description=N_(
            "A VM peaking above this many IOPS is hot and is spread over the "
            "datastores. Applies to the performance strategy only."
        ),
        json_schema_extra=shown("IOPS", performance_only=True),
    )
    hot_max_vms: int = Field(
        15,
        ge=1,
        title=N_("VMs per hot datastore"),
        description=N_(
            "A datastore holding a hot VM takes at most this many VMs. Applies to the "
            "performance strategy only."
        ),
        json_schema_extra=shown("", performance_only=True),
    )
    chosen_strategy: Strategy = Field(
        "consolidation",
        title=N_("Layout strategy"),
        description=N_("The datastore layout the report presents."),
    )
