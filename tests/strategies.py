"""Hypothesis strategies for valid pipeline objects, from one VM up to a whole SessionState.

Values stay in the ranges the models accept, with realistic magnitudes (MiB capacities, vCPU
counts, IOPS) and awkward text (Unicode, punctuation, empty strings) where the models allow it.
Floats are always finite: NaN and infinity are not valid inventory values.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from hypothesis import strategies as st

from storepredict.pipeline.classify.classification import Classification
from storepredict.pipeline.inventory import VM, Finding, Host, Inventory, SourceInfo, make_vm_ids
from storepredict.pipeline.session.state import SessionState, SourceFile
from storepredict.pipeline.settings import (
    ComputeSettings,
    CustomHost,
    LayoutSettings,
    ScopeSettings,
    SizingSettings,
)

CLASS_IDS = ("general", "database", "vdi", "file", "mail", "sap_hana", "backup", "web", "boot")
TIB_MIB = 1024.0 * 1024.0

texts = st.text(max_size=24)
names = st.text(max_size=30)
class_ids = st.sampled_from(CLASS_IDS) | st.text(min_size=1, max_size=12)


def floats_between(low: float, high: float, *, exclude_low: bool = False) -> st.SearchStrategy:
    """Finite floats in [low, high] (or (low, high] with exclude_low)."""
    return st.floats(low, high, exclude_min=exclude_low, allow_nan=False, allow_infinity=False)


def optional(strategy: st.SearchStrategy) -> st.SearchStrategy:
    """The strategy's values or None."""
    return st.none() | strategy


capacities = optional(floats_between(0, 64 * TIB_MIB))
rates = optional(floats_between(0, 1e6))


@st.composite
def vms(draw: st.DrawFn, vm_id: str = "vm-000000000001", name: str | None = None) -> VM:
    """One VM with realistic optional fields."""
    return VM(
        vm_id=vm_id,
        name=draw(names) if name is None else name,
        power_state=draw(st.sampled_from(["on", "off", "suspended", "unknown"])),
        is_template=draw(st.booleans()),
        is_srm_placeholder=draw(st.booleans()),
        is_system=draw(st.booleans()),
        vcpu=draw(optional(st.integers(1, 768))),
        memory_mib=draw(optional(floats_between(0, 24 * TIB_MIB))),
        provisioned_mib=draw(capacities),
        in_use_mib=draw(capacities),
        disk_capacity_mib=draw(capacities),
        guest_capacity_mib=draw(capacities),
        guest_used_mib=draw(capacities),
        os=draw(optional(texts)),
        os_tools=draw(optional(texts)),
        datacenter=draw(optional(st.sampled_from(["DC1", "DC2", "Paris-Nord"]))),
        cluster=draw(optional(st.sampled_from(["Prod", "Dev", "VDI-01"]))),
        host=draw(optional(texts)),
        folder=draw(optional(texts)),
        annotation=draw(optional(st.text(max_size=80))),
        custom_attributes=draw(st.dictionaries(texts, texts, max_size=3)),
        vcenter=draw(optional(st.sampled_from(["vc01.example.com", "vc02.example.com"]))),
        uuid=draw(optional(st.uuids().map(str))),
        source=draw(st.sampled_from(["rvtools", "liveoptics", "dual"])),
        peak_iops=draw(rates),
        avg_iops=draw(rates),
        peak_read_iops=draw(rates),
        peak_write_iops=draw(rates),
        peak_mbps=draw(rates),
        avg_mbps=draw(rates),
        peak_latency_ms=draw(optional(floats_between(0, 5000))),
        peak_cpu_ghz=draw(optional(floats_between(0, 500))),
        avg_cpu_ghz=draw(optional(floats_between(0, 500))),
        peak_memory_mib=draw(optional(floats_between(0, 24 * TIB_MIB))),
    )


hosts = st.builds(
    Host,
    name=names,
    cluster=optional(texts),
    datacenter=optional(texts),
    sockets=optional(st.integers(1, 8)),
    cores=optional(st.integers(1, 512)),
    mhz=optional(floats_between(800, 5000)),
    memory_mib=optional(floats_between(1024, 24 * TIB_MIB)),
    cpu_model=optional(texts),
    vcenter=optional(texts),
)

source_infos = st.builds(
    SourceInfo,
    file_name=names,
    format=st.sampled_from(["rvtools", "liveoptics"]),
    export_version=optional(texts),
    export_date=optional(texts),
    vcenters=st.lists(texts, max_size=3),
    vm_count=st.integers(0, 100_000),
)


def findings(vm_ids: list[str]) -> st.SearchStrategy:
    """Findings naming some of the given VMs."""
    rows = st.lists(st.sampled_from(vm_ids), max_size=4) if vm_ids else st.just([])
    return st.builds(
        Finding,
        code=st.sampled_from(["duplicate_name", "missing_uuid", "no_guest_data"]) | texts,
        message=st.text(max_size=80),
        rows=rows,
        severity=st.sampled_from(["info", "warning"]),
    )


@st.composite
def inventories(draw: st.DrawFn, max_vms: int = 12) -> Inventory:
    """An inventory whose VM ids are unique, as make_vm_ids makes them (repeats get #n)."""
    typical = st.sampled_from(["web01", "sql01", "vdi-7"])
    vm_names = draw(st.lists(typical | names, max_size=max_vms))
    ids = make_vm_ids([("vc", name) for name in vm_names])
    return Inventory(
        format=draw(st.sampled_from(["rvtools", "liveoptics", "dual"])),
        sources=draw(st.lists(source_infos, min_size=1, max_size=2)),
        vms=[draw(vms(vm_id, name)) for vm_id, name in zip(ids, vm_names, strict=True)],
        hosts=draw(st.lists(hosts, max_size=4)),
        findings=draw(st.lists(findings(ids), max_size=3)),
    )


classifications = st.builds(
    Classification,
    class_ids=st.lists(class_ids, min_size=1, max_size=3),
    rule_id=optional(st.sampled_from(["name-sql", "os-win10", "default"])),
    reason=st.text(max_size=60),
)

scope_settings = st.builds(
    ScopeSettings,
    datacenters=optional(st.lists(texts, max_size=3)),
    clusters=optional(st.lists(texts, max_size=3)),
    include_powered_off=st.booleans(),
    include_suspended=st.booleans(),
    include_templates=st.booleans(),
    ignored_vm_ids=st.lists(texts, max_size=3),
)

layout_settings = st.builds(
    LayoutSettings,
    datastore_size_mib=floats_between(0, 64 * TIB_MIB, exclude_low=True),
    max_vms_per_datastore=st.integers(1, 500),
    iops_budget=floats_between(0, 1e7, exclude_low=True),
    fill_limit=floats_between(0, 1, exclude_low=True),
    isolate_categories=st.lists(class_ids, max_size=3),
    isolate_database_over_mib=floats_between(0, 64 * TIB_MIB, exclude_low=True),
    anti_affinity=st.lists(st.tuples(class_ids, class_ids), max_size=2),
    hot_vm_iops=floats_between(0, 1e6, exclude_low=True),
    hot_max_vms=st.integers(1, 100),
    chosen_strategy=st.sampled_from(["consolidation", "performance", "uniform"]),
)

custom_hosts = st.builds(
    CustomHost,
    name=texts,
    sockets=st.integers(1, 8),
    cores_per_socket=st.integers(1, 256),
    ghz=floats_between(0, 10, exclude_low=True),
    ram_gib=floats_between(0, 65536, exclude_low=True),
)

compute_settings = st.builds(
    ComputeSettings,
    host_preset=st.sampled_from(["dell-r760-2x-xeon-gold-6430"]) | texts,
    custom_host=optional(custom_hosts),
    vcpu_per_core=floats_between(0, 32, exclude_low=True),
    memory_overcommit=floats_between(0, 4, exclude_low=True),
    max_cpu_util=floats_between(0, 1, exclude_low=True),
    max_memory_util=floats_between(0, 1, exclude_low=True),
    ha_spares=st.integers(0, 2),
    annual_growth=optional(floats_between(0, 5)),
    years=optional(floats_between(0, 20)),
    min_hosts_per_cluster=st.integers(1, 64),
    scenario=st.sampled_from(["single", "stretched", "dr"]),
    stretched_split=st.floats(0, 1, exclude_min=True, exclude_max=True),
    dr_protected_share=floats_between(0, 1, exclude_low=True),
)

drrs = floats_between(0, 100, exclude_low=True)


def sizing_settings(vm_ids: Sequence[str] = ()) -> st.SearchStrategy:
    """Settings with class overrides, and per-VM DRR and class overrides on the given VMs."""
    empty = st.just({})
    vm_keys = st.sampled_from(vm_ids) if vm_ids else None
    return st.builds(
        SizingSettings,
        scope=scope_settings,
        basis=st.sampled_from(["in_use", "provisioned", "guest_used"]),
        profile=st.sampled_from(["per_class", "flat_2", "flat_1"]),
        class_drr_overrides=st.dictionaries(class_ids, drrs, max_size=3),
        vm_drr_overrides=st.dictionaries(vm_keys, drrs, max_size=3)
        if vm_keys is not None
        else empty,
        vm_class_overrides=(
            st.dictionaries(vm_keys, st.lists(class_ids, max_size=2), max_size=3)
            if vm_keys is not None
            else empty
        ),
        snapshot_reserve=floats_between(0, 5),
        annual_growth=floats_between(0, 5),
        years=floats_between(0, 20),
        max_fill=floats_between(0, 1, exclude_low=True),
        layout=layout_settings,
        compute=compute_settings,
    )


def plain_file_names(max_size: int = 3) -> st.SearchStrategy:
    """Distinct export names that a session archive stores unchanged (no path, no clash)."""
    stems = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_-", min_size=1, max_size=12)
    suffixes = st.sampled_from([".xlsx", ".csv", ".zip"])
    return st.lists(
        st.tuples(stems, suffixes).map("".join),
        max_size=max_size,
        unique_by=str.casefold,
    ).filter(lambda found: "session.json" not in found)


@st.composite
def sessions(draw: st.DrawFn, max_vms: int = 12) -> tuple[SessionState, list[tuple[str, bytes]]]:
    """A state and its originals; state.sources describe the originals as the app records them."""
    inventory = draw(optional(inventories(max_vms=max_vms)))
    vm_ids = [vm.vm_id for vm in inventory.vms] if inventory else []
    originals = [(name, draw(st.binary(max_size=64))) for name in draw(plain_file_names())]
    state = SessionState(
        project_name=draw(names),
        page=draw(st.sampled_from(["upload", "classify", "layout", "compute", "report"])),
        sources=[
            SourceFile(
                file_name=name,
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                format=draw(st.sampled_from(["rvtools", "liveoptics"])),
            )
            for name, content in originals
        ],
        inventory=inventory,
        classifications=draw(
            st.dictionaries(st.sampled_from(vm_ids), classifications, max_size=len(vm_ids))
            if vm_ids
            else st.just({})
        ),
        settings=draw(sizing_settings(vm_ids)),
    )
    return state, originals


session_states = sessions().map(lambda pair: pair[0])
