"""Several exports of the same tool (one per vCenter, say) combined into one estate (ADR-075).

VMs are keyed by vCenter + instance UUID. A VM that an earlier export of the same tool already
holds (linked-mode vCenters, an export taken twice) is counted once: the first export's record is
kept and the later file is added to its `other_sources`. VMs without a UUID are never taken for
repeats, and repeats inside one export stay separate rows, as the readers keep them. Exports of
one vCenter taken on different days are flagged: together they describe no single moment.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from ...i18n import N_
from .. import findings as codes
from ..estate import concat_estates
from ..findings import make_finding, phrase
from ..inventory import VM, Finding, Host, Inventory, Phrase, SourceInfo
from .merge import UUID_NOISE, comparable_uuid

_LISTED = 5


def vm_key(vm: VM) -> tuple[str, str] | None:
    """The VM's vCenter and instance UUID, comparable; None when it has no UUID."""
    uuid = comparable_uuid(vm.uuid)
    return None if uuid is None else ((vm.vcenter or "").strip().casefold(), uuid)


def vm_keys(vms: Iterable[VM]) -> list[tuple[str, str] | None]:
    """vm_key of each VM (inlined: this runs for every VM of every export)."""
    noise = UUID_NOISE
    return [
        ((vm.vcenter or "").strip().casefold(), uuid)
        if (uuid := (vm.uuid or "").casefold().translate(noise))
        else None
        for vm in vms
    ]


def stamp_export_date(inventory: Inventory) -> Inventory:
    """The inventory of one export with that export's date on each of its VMs (provenance).

    The VMs, fresh from a reader and owned by this inventory alone, also share one record of
    which fields were set: pydantic keeps a 2 KB set per model that nothing here reads (200 MB
    at 100,000 VMs).
    """
    date = inventory.sources[0].export_date if inventory.sources else None
    shared: set[str] = set(VM.model_fields)
    for vm in inventory.vms:
        object.__setattr__(vm, "__pydantic_fields_set__", shared)
        if date is not None:
            # What pydantic's assignment does here (no validation, the field already in the
            # shared set), without its per-call overhead.
            vm.__dict__["export_date"] = date
    return inventory


def combine_exports(inventories: Sequence[Inventory], label: str) -> Inventory:
    """One inventory from exports of the same tool (`label` names it in findings)."""
    if len(inventories) == 1:
        return inventories[0]
    vms, repeats = _unique_vms(inventories)
    findings = [
        finding.model_copy(
            update={
                "message": f"{source.file_name}: {finding.message}",
                "source_file": source.file_name,
            }
        )
        for inventory in inventories
        for source in inventory.sources[:1]
        for finding in inventory.findings
    ]
    if repeats:
        findings.append(_repeats_finding(repeats, label))
    sources = [source for inventory in inventories for source in inventory.sources]
    findings += export_date_findings(sources, label)
    return Inventory(
        format=inventories[0].format,
        sources=sources,
        vms=vms,
        hosts=_unique_hosts(host for inventory in inventories for host in inventory.hosts),
        findings=findings,
        extras=concat_estates([inventory.extras for inventory in inventories]),
    )


def _unique_vms(inventories: Sequence[Inventory]) -> tuple[list[VM], list[tuple[VM, VM]]]:
    """Every VM once (first export wins) with unique ids, and the (kept, repeat) pairs."""
    first: dict[tuple[str, str], int] = {}
    vms: list[VM] = []
    repeats: list[tuple[VM, VM]] = []
    used_ids: set[str] = set()
    for inventory in inventories:
        keys: dict[tuple[str, str], int] = {}
        for vm, key in zip(inventory.vms, vm_keys(inventory.vms), strict=True):
            if key is not None and key in first:
                repeats.append((vms[first[key]], vm))
                continue
            if key is not None:
                keys.setdefault(key, len(vms))
            if vm.vm_id in used_ids:
                vm = vm.model_copy(update={"vm_id": _free_id(vm.vm_id, used_ids)})
            used_ids.add(vm.vm_id)
            vms.append(vm)
        first.update(keys)  # only later exports are compared with this one
    seen_in: dict[int, list[str]] = defaultdict(list)
    for kept, repeat in repeats:
        seen_in[id(kept)].append(repeat.source)
    return [
        vm.model_copy(update={"other_sources": [*vm.other_sources, *seen_in[id(vm)]]})
        if id(vm) in seen_in
        else vm
        for vm in vms
    ], repeats


def _free_id(vm_id: str, used: set[str]) -> str:
    """`vm_id` with the first free `-n` suffix (a VM of another export has the same id)."""
    n = 2
    while f"{vm_id}-{n}" in used:
        n += 1
    return f"{vm_id}-{n}"


def _unique_hosts(hosts: Iterable[Host]) -> list[Host]:
    """Hosts once per vCenter and name (two exports of one vCenter list the same hosts)."""
    unique: dict[tuple[str, str], Host] = {}
    for host in hosts:
        key = ((host.vcenter or "").casefold(), host.name.casefold())
        unique.setdefault(key, host)
    return list(unique.values())


def _repeats_finding(repeats: list[tuple[VM, VM]], label: str) -> Finding:
    files = list(dict.fromkeys(repeat.source for _, repeat in repeats))
    return make_finding(
        codes.DUPLICATE_VMS_ACROSS_EXPORTS,
        [kept.name for kept, _ in repeats],
        count=len(repeats),
        label=label,
        files=_listing(files),
    )


def export_date_findings(sources: Sequence[SourceInfo], label: str) -> list[Finding]:
    """A warning per vCenter whose exports were taken on different days."""
    dates: dict[str, dict[str, str]] = defaultdict(dict)
    for source in sources:
        if source.export_date:
            for vcenter in source.vcenters:
                dates[vcenter][source.file_name] = source.export_date
    findings = []
    for vcenter, by_file in dates.items():
        if len({date[:10] for date in by_file.values()}) > 1:
            taken: list[str | Phrase] = []
            for name, date in by_file.items():
                taken += [", "] if taken else []
                taken.append(phrase(N_("{name} on {date}"), name=name, date=date[:10]))
            findings.append(
                make_finding(
                    codes.EXPORT_DATES_DIFFER, by_file, vcenter=vcenter, label=label, taken=taken
                )
            )
    return findings


def _listing(names: Sequence[str]) -> list[str | Phrase]:
    shown = ", ".join(f"'{name}'" for name in names[:_LISTED])
    extra = len(names) - _LISTED
    return [shown, phrase(N_(" and {n} more"), n=extra)] if extra > 0 else [shown]
