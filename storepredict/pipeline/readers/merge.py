"""Merge an RVTools and a LiveOptics export of the same estate into one "dual" inventory.

RVTools is the inventory of record (VMs, capacities, hosts); LiveOptics only adds performance.
VMs are matched on UUIDs first: RVTools 4.4+ `VM UUID` is the vCenter instance UUID (LiveOptics
`InstanceUUID`, kept in `uuid`), while RVTools `SMBIOS UUID`, and the `VM UUID` of older RVTools,
is the BIOS UUID (LiveOptics `UUID`, kept in `bios_uuid`); any shared UUID matches. Then on the
trimmed, case-folded name where that name is unique on both sides. Each LiveOptics VM matches at
most one RVTools VM.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from .. import findings as codes
from ..estate import combine_estates
from ..findings import make_finding
from ..inventory import VM, Finding, Host, Inventory

PERFORMANCE_FIELDS = (
    "peak_iops",
    "avg_iops",
    "peak_read_iops",
    "peak_write_iops",
    "avg_read_iops",
    "avg_write_iops",
    "peak_mbps",
    "avg_mbps",
    "peak_latency_ms",
    "peak_cpu_ghz",
    "avg_cpu_ghz",
    "peak_memory_mib",
    "io_classification",
)
# LiveOptics findings about what RVTools now supplies are dropped from the merged inventory.
_SUPERSEDED_CODES = frozenset({codes.NO_CAPACITY_DATA})


UUID_NOISE = str.maketrans("", "", "-{} ")


def uuid_key(vm: VM) -> str | None:
    """The instance UUID made comparable (see `comparable_uuid`)."""
    return comparable_uuid(vm.uuid)


def bios_uuid_key(vm: VM) -> str | None:
    """The BIOS UUID made comparable (see `comparable_uuid`)."""
    return comparable_uuid(vm.bios_uuid)


def comparable_uuid(value: str | None) -> str | None:
    """A UUID case-folded, without hyphens, braces or spaces (None when absent)."""
    key = (value or "").casefold().translate(UUID_NOISE)
    return key or None


def name_key(vm: VM) -> str:
    """A comparable VM name: trimmed and case-folded."""
    return vm.name.strip().casefold()


def _unique_index(vms: Iterable[VM], key: Callable[[VM], str | None]) -> dict[str, VM]:
    """VMs by key, leaving out keys that are blank or shared by several VMs."""
    keyed = [(key(vm), vm) for vm in vms]
    counts = Counter(k for k, _ in keyed)
    return {k: vm for k, vm in keyed if k and counts[k] == 1}


def match_vms(rvtools: list[VM], liveoptics: list[VM]) -> tuple[dict[str, VM], dict[str, str]]:
    """RVTools vm_id -> matched LiveOptics VM, and RVTools vm_id -> how (`uuid` or `name`)."""
    matched: dict[str, VM] = {}
    how: dict[str, str] = {}
    used: set[str] = set()
    # Old RVTools eras put the BIOS UUID in `VM UUID`, so each RVTools UUID is tried against both
    # LiveOptics UUIDs.
    passes = [
        ("uuid", uuid_key, uuid_key),
        ("uuid", bios_uuid_key, bios_uuid_key),
        ("uuid", uuid_key, bios_uuid_key),
        ("name", name_key, name_key),
    ]
    keys = (uuid_key, bios_uuid_key, name_key)  # each index is built once, not once per pass
    our_indexes = {key: _unique_index(rvtools, key) for key in keys}
    their_indexes = {key: _unique_index(liveoptics, key) for key in keys}
    for method, our_key, their_key in passes:
        theirs = their_indexes[their_key]
        ours = our_indexes[our_key]
        for k, vm in ours.items():
            other = theirs.get(k)
            if vm.vm_id in matched or other is None or other.vm_id in used:
                continue
            matched[vm.vm_id] = other
            how[vm.vm_id] = method
            used.add(other.vm_id)
    return matched, how


def merge_inventories(rvtools: Inventory, liveoptics: Inventory) -> Inventory:
    """The RVTools inventory with LiveOptics performance on matched VMs (format "dual")."""
    matched, how = match_vms(rvtools.vms, liveoptics.vms)
    vms = []
    for vm in rvtools.vms:
        other = matched.get(vm.vm_id)
        if other is None:
            vms.append(vm)
            continue
        update = {f: getattr(other, f) for f in PERFORMANCE_FIELDS if getattr(other, f) is not None}
        update["other_sources"] = [*vm.other_sources, other.source, *other.other_sources]
        vms.append(vm.model_copy(update=update))
    findings = [
        *rvtools.findings,
        *(f for f in liveoptics.findings if f.code not in _SUPERSEDED_CODES),
        *_match_findings(rvtools, liveoptics, matched, how),
    ]
    return Inventory(
        format="dual",
        sources=[*rvtools.sources, *liveoptics.sources],
        vms=vms,
        hosts=with_host_peaks(rvtools.hosts, liveoptics.hosts) or liveoptics.hosts,
        findings=findings,
        extras=combine_estates(rvtools.extras, liveoptics.extras),
    )


def with_host_peaks(hosts: list[Host], measured: list[Host]) -> list[Host]:
    """RVTools hosts with the peaks LiveOptics measured on the same host (`ESX Performance`).

    Hosts match on the case-folded name, else on the short name (before the first dot) when
    that is unique on both sides: one export may list FQDNs and the other short names.
    """
    peaks = [h for h in measured if h.peak_cpu_ghz is not None or h.peak_memory_mib is not None]
    by_name = {h.name.strip().casefold(): h for h in peaks}
    by_short = _unique_by(peaks, _short_name)
    ours_short = Counter(_short_name(h) for h in hosts)
    merged = []
    for host in hosts:
        other = by_name.get(host.name.strip().casefold())
        if other is None and ours_short[_short_name(host)] == 1:
            other = by_short.get(_short_name(host))
        if other is None:
            merged.append(host)
            continue
        update = {"peak_cpu_ghz": other.peak_cpu_ghz, "peak_memory_mib": other.peak_memory_mib}
        merged.append(host.model_copy(update=update))
    return merged


def _short_name(host: Host) -> str:
    return host.name.strip().casefold().split(".")[0]


def _unique_by(hosts: list[Host], key: Callable[[Host], str]) -> dict[str, Host]:
    counts = Counter(key(h) for h in hosts)
    return {key(h): h for h in hosts if counts[key(h)] == 1}


def _match_findings(
    rvtools: Inventory, liveoptics: Inventory, matched: dict[str, VM], how: dict[str, str]
) -> list[Finding]:
    """Matched and unmatched counts, both ways."""
    by = Counter(how.values())
    used = {vm.vm_id for vm in matched.values()}
    findings = [
        make_finding(
            codes.DUAL_MATCHED,
            count=len(matched),
            total=len(rvtools.vms),
            by_uuid=by["uuid"],
            by_name=by["name"],
        )
    ]
    unmatched = [vm.name for vm in rvtools.vms if vm.vm_id not in matched]
    if unmatched:
        findings.append(make_finding(codes.DUAL_UNMATCHED_RVTOOLS, unmatched, count=len(unmatched)))
    extra = [vm.name for vm in liveoptics.vms if vm.vm_id not in used]
    if extra:
        findings.append(make_finding(codes.DUAL_UNMATCHED_LIVEOPTICS, extra, count=len(extra)))
    return findings
