"""The storage requirement: logical capacity per workload class, reduced by its DRR, then grown.

For the in-scope VMs:
    reduced   = logical / DRR                      (per VM, summed per class and in total)
    effective = logical / reduced                  (the DRR a set of VMs achieves)
    required  = reduced x (1 + snapshot reserve) x (1 + annual growth) ^ years / max fill

Capacities are counted in whole bytes (see units.whole_bytes).
A VM with several classes counts in the row of its primary (first) class, but reduces with its
own DRR, the lowest of its classes: so a row's effective DRR can sit below its class DRR.
Capacities are MiB.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from ...i18n import N_
from .. import findings as codes
from ..classify.catalogue import (
    UNKNOWN_CLASS,
    check_class_settings,
    class_drr,
    load_catalogue,
    resolve_drr,
)
from ..classify.classification import Classification, Confidence
from ..classify.decide import decide_classes
from ..classify.engine import classify_vms
from ..classify.scope import (
    ScopeResult,
    apply_scope,
    basis_capacity,
    basis_missing,
    guest_exceeds_disks,
)
from ..classify.user_rules import check_user_rules
from ..findings import phrase, row_findings
from ..health.reclaim import old_snapshot_mib
from ..inventory import Finding, Inventory
from ..settings import CapacityBasis, SizingSettings
from ..units import whole_bytes
from .waterfall import WaterfallStep, capacity_waterfall

# VM rows validated per call: one call is faster than a model at a time, and chunks keep the
# plain dicts from doubling the memory of 100,000 rows.
ROWS_PER_CALL = 4096
BASIS_LABELS = {
    "in_use": N_("in-use"),
    "provisioned": N_("provisioned"),
    "guest_used": N_("guest-used"),
}


class ClassRow(BaseModel):
    """The in-scope VMs of one primary class: count, logical, reduced and required capacity."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    class_id: str
    name: str
    category: str
    vm_count: int
    logical_mib: float
    drr: float
    reduced_mib: float
    effective_drr: float | None
    required_mib: float


class TotalRow(BaseModel):
    """All in-scope VMs together."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    vm_count: int
    logical_mib: float
    reduced_mib: float
    effective_drr: float | None
    required_mib: float


class VmSizing(BaseModel):
    """One VM, in scope or not: its class, reason, DRR and capacity on the chosen basis."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, validate_by_name=True, serialize_by_alias=True
    )

    vm_id: str
    name: str
    class_id: str = Field(alias="class")
    classes: list[str]
    category: str
    reason: str
    drr: float
    basis_mib: float
    in_scope: bool
    exclusion_reason: str | None
    confidence: Confidence = "rule"


class StorageResult(BaseModel):
    """Per-class and total storage requirement, every VM's figures, and the scope behind them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    by_class: list[ClassRow]
    total: TotalRow
    vms: list[VmSizing]
    scope: ScopeResult
    basis: CapacityBasis
    guest_fallback_count: int
    growth_factor: float
    required_factor: float
    findings: list[Finding] = Field(default_factory=list)
    waterfall: list[WaterfallStep] = Field(default_factory=list)


def size_storage(
    inventory: Inventory,
    classifications: Mapping[str, Classification],
    settings: SizingSettings,
) -> StorageResult:
    """Size storage for the in-scope VMs; VMs without a classification are classified first."""
    catalogue = load_catalogue()
    check_class_settings(settings, catalogue)
    check_user_rules(settings.rules, catalogue)
    scope = apply_scope(inventory, settings.scope, settings.reclaim)
    snapshots = old_snapshot_mib(inventory) if settings.reclaim.exclude_old_snapshots else {}
    unclassified = [vm for vm in inventory.vms if vm.vm_id not in classifications]
    if unclassified:
        classifications = {**classifications, **classify_vms(unclassified)}
    factor = (1 + settings.snapshot_reserve) * settings.growth_factor / settings.max_fill
    sums: dict[str, list[float]] = {}  # class id -> [vm count, logical, reduced]
    fell_back: list[str] = []
    capped: list[str] = []
    missing: list[str] = []
    stale: list[str] = []
    rows: list[dict[str, object]] = []  # validated in chunks (one call each), then dropped
    vms: list[VmSizing] = []
    decisions = decide_classes(inventory.vms, classifications, settings)
    # Many VMs share a class list: its catalogue check and DRR are worked out once.
    known: dict[tuple[str, ...], bool] = {}
    class_drrs: dict[tuple[str, ...], float] = {}
    vm_drrs = settings.vm_drr_overrides
    for vm, (class_ids, reason, confidence) in zip(inventory.vms, decisions, strict=True):
        key = tuple(class_ids)
        if key not in known:
            known[key] = all(c in catalogue for c in class_ids)
        if not known[key]:  # saved under an older catalogue
            stale.append(vm.name)
            class_ids = [c for c in class_ids if c in catalogue] or [UNKNOWN_CLASS]
            key = tuple(class_ids)
        if vm.vm_id in vm_drrs or key not in class_drrs:
            drr = resolve_drr(vm.vm_id, class_ids, settings, catalogue)
            if vm.vm_id not in vm_drrs:
                class_drrs[key] = drr
        else:
            drr = class_drrs[key]
        basis_mib, guest_fallback = basis_capacity(vm, settings.basis)
        if vm.vm_id in snapshots and (settings.basis != "guest_used" or guest_fallback):
            basis_mib = max(0.0, basis_mib - snapshots[vm.vm_id])  # the engineer chose so
        basis_mib = whole_bytes(basis_mib)
        excluded_for = scope.excluded.get(vm.vm_id)
        if excluded_for is None:
            row = sums.setdefault(class_ids[0], [0, 0.0, 0.0])
            row[0] += 1
            row[1] += basis_mib
            row[2] += basis_mib / drr
            if guest_fallback:
                fell_back.append(vm.name)
            elif settings.basis == "guest_used" and guest_exceeds_disks(vm):
                capped.append(vm.name)
            if basis_missing(vm, settings.basis):
                missing.append(vm.name)
        rows.append(
            {
                "vm_id": vm.vm_id,
                "name": vm.name,
                "class_id": class_ids[0],
                "classes": class_ids,
                "category": catalogue[class_ids[0]].category,
                "reason": reason,
                "drr": drr,
                "basis_mib": basis_mib,
                "in_scope": excluded_for is None,
                "exclusion_reason": excluded_for,
                "confidence": confidence,
            }
        )
        if len(rows) == ROWS_PER_CALL:
            vms += _rows_adapter().validate_python(rows)
            rows.clear()
    vms += _rows_adapter().validate_python(rows)
    by_class = [
        ClassRow(
            class_id=c.id,
            name=c.name,
            category=c.category,
            vm_count=int(sums[c.id][0]),
            logical_mib=sums[c.id][1],
            drr=class_drr(c.id, settings, catalogue),
            reduced_mib=sums[c.id][2],
            effective_drr=_ratio(sums[c.id][1], sums[c.id][2]),
            required_mib=sums[c.id][2] * factor,
        )
        for c in catalogue.values()
        if c.id in sums
    ]
    logical = sum(row.logical_mib for row in by_class)
    reduced = sum(row.reduced_mib for row in by_class)
    total = TotalRow(
        vm_count=sum(row.vm_count for row in by_class),
        logical_mib=logical,
        reduced_mib=reduced,
        effective_drr=_ratio(logical, reduced),
        required_mib=reduced * factor,
    )
    return StorageResult(
        by_class=by_class,
        total=total,
        vms=vms,
        scope=scope,
        basis=settings.basis,
        guest_fallback_count=len(fell_back),
        growth_factor=settings.growth_factor,
        required_factor=factor,
        findings=_findings(inventory, settings, fell_back, capped, missing, stale),
        waterfall=capacity_waterfall(
            logical, reduced, total.required_mib, settings.basis, settings
        ),
    )


@cache
def _rows_adapter() -> TypeAdapter[list[VmSizing]]:
    return TypeAdapter(list[VmSizing])


def _ratio(logical: float, reduced: float) -> float | None:
    return logical / reduced if reduced > 0 else None


def _findings(
    inventory: Inventory,
    settings: SizingSettings,
    fell_back: list[str],
    capped: list[str],
    missing: list[str],
    stale: list[str],
) -> list[Finding]:
    findings = row_findings(codes.GUEST_USED_FALLBACK, fell_back)
    findings += row_findings(codes.GUEST_USED_CAPPED, capped)
    findings += row_findings(
        codes.MISSING_CAPACITY, missing, basis=phrase(BASIS_LABELS[settings.basis])
    )
    findings += row_findings(codes.UNKNOWN_CLASS, stale)
    known = {vm.vm_id for vm in inventory.vms}
    overridden = [*settings.vm_drr_overrides, *settings.vm_class_overrides]
    unused = sorted({vm_id for vm_id in overridden if vm_id not in known})
    return findings + row_findings(codes.UNUSED_OVERRIDE, unused)
