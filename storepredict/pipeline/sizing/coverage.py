"""How much of a sizing rests on a guess: in-scope VMs and capacity left as Unknown workload,
and the naming families that would classify them."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from ...i18n import gettext
from ..classify.catalogue import UNKNOWN_CLASS, class_drr, load_catalogue
from ..classify.families import FamilyMember, NameFamily, name_families
from ..numbers import fixed, percent
from ..settings import SizingSettings
from .storage import StorageResult


class Coverage(BaseModel):
    """In-scope VMs whose primary class is unknown, their share of the logical capacity, and
    the warning shown when that share is above the settings' threshold."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    in_scope_vm_count: int
    unknown_vm_count: int
    in_scope_logical_mib: float
    unknown_logical_mib: float
    unknown_share: float
    unknown_drr: float
    warning_share: float
    warning: str | None


def classification_coverage(storage: StorageResult, settings: SizingSettings) -> Coverage:
    """The unknown VMs and capacity of a sizing; the share is 0 when nothing has capacity."""
    in_scope = [row for row in storage.vms if row.in_scope]
    unknown = [row for row in in_scope if row.class_id == UNKNOWN_CLASS]
    total = sum(row.basis_mib for row in in_scope)
    guessed = sum(row.basis_mib for row in unknown)
    share = guessed / total if total > 0 else 0.0
    drr = class_drr(UNKNOWN_CLASS, settings, load_catalogue())
    warning = None
    if share > settings.unknown_warning_share:
        warning = gettext(
            "{share} of the in-scope capacity ({unknown} of {total} VMs) is sized as Unknown "
            "workload with a DRR of {drr}:1: classify those VMs (naming families help) before "
            "trusting the figures.",
            share=percent(share),
            unknown=fixed(len(unknown)),
            total=fixed(len(in_scope)),
            drr=fixed(drr, 2, False),
        )
    return Coverage(
        in_scope_vm_count=len(in_scope),
        unknown_vm_count=len(unknown),
        in_scope_logical_mib=total,
        unknown_logical_mib=guessed,
        unknown_share=share,
        unknown_drr=drr,
        warning_share=settings.unknown_warning_share,
        warning=warning,
    )


def sizing_families(storage: StorageResult) -> list[NameFamily]:
    """The naming families of a sizing's in-scope VMs, with the classes they have now."""
    members = [
        FamilyMember(row.name, row.classes, row.basis_mib) for row in storage.vms if row.in_scope
    ]
    return name_families(members)
