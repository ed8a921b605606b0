"""The canonical inventory: one model per VM and per host, whatever export they came from.

Capacities are MiB (binary), as both RVTools and LiveOptics report them. A field is None where
the source does not carry it; it is never a fake 0.
"""

from __future__ import annotations

import hashlib
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .estate import EstateSheets

PowerState = Literal["on", "off", "suspended", "unknown"]
SourceFormat = Literal["rvtools", "liveoptics", "dual"]


class VM(BaseModel):
    """One virtual machine (or template) of the estate."""

    model_config = ConfigDict(extra="forbid")

    vm_id: str
    name: str
    power_state: PowerState = "unknown"
    is_template: bool = False
    is_srm_placeholder: bool = False
    is_system: bool = False
    vcpu: int | None = None
    memory_mib: float | None = None
    provisioned_mib: float | None = None
    in_use_mib: float | None = None
    disk_capacity_mib: float | None = None
    disk_capacities_mib: list[float] | None = None
    """Each virtual disk's capacity, in disk order (RVTools vDisk; None: no per-disk rows)."""
    guest_capacity_mib: float | None = None
    guest_used_mib: float | None = None
    os: str | None = None
    os_tools: str | None = None
    datacenter: str | None = None
    cluster: str | None = None
    host: str | None = None
    folder: str | None = None
    annotation: str | None = None
    custom_attributes: dict[str, str] = Field(default_factory=dict)
    vcenter: str | None = None
    uuid: str | None = None
    bios_uuid: str | None = None
    source: str
    peak_iops: float | None = None
    avg_iops: float | None = None
    peak_read_iops: float | None = None
    peak_write_iops: float | None = None
    avg_read_iops: float | None = None
    avg_write_iops: float | None = None
    peak_mbps: float | None = None
    avg_mbps: float | None = None
    peak_latency_ms: float | None = None
    peak_cpu_ghz: float | None = None
    avg_cpu_ghz: float | None = None
    peak_memory_mib: float | None = None
    io_classification: str | None = None
    """LiveOptics `VM IO Classification` as exported (`Standard`, `Unique`)."""
    resource_pool: str | None = None
    export_date: str | None = None
    """When the export in `source` was taken, as that export says (None: it does not say)."""
    other_sources: list[str] = Field(default_factory=list)
    """Other exports that also held this VM: a repeat counted once, or the LiveOptics match."""


class Host(BaseModel):
    """One ESXi host; peaks are its own measured peaks (LiveOptics `ESX Performance`)."""

    model_config = ConfigDict(extra="forbid")

    name: str
    cluster: str | None = None
    datacenter: str | None = None
    sockets: int | None = None
    cores: int | None = None
    mhz: float | None = None
    memory_mib: float | None = None
    cpu_model: str | None = None
    vcenter: str | None = None
    peak_cpu_ghz: float | None = None
    peak_memory_mib: float | None = None


Severity = Literal["info", "warning"]


class Phrase(BaseModel):
    """Part of a finding's message: an English catalog message and its own fields.

    Kept untranslated, so the finding reads in whatever language it is shown in (ADR-081).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    fields: dict[str, FindingField] = Field(default_factory=dict)


FindingField = str | int | float | Phrase | list[str | Phrase]
"""A value of a finding's message: text and numbers as they are, phrases translated when shown, a
list of parts joined."""


class Finding(BaseModel):
    """A non-fatal data-quality observation: a code, a readable message and the rows concerned.

    `message` is the text in the language it was made in. `fields` fill the code's catalogue
    message again in another language (`findings.finding_text`); findings saved before they
    existed have none and keep their message. `source_file` names the export the finding is about
    when several exports were combined.
    """

    model_config = ConfigDict(extra="forbid")

    code: str
    message: str
    rows: list[str] = Field(default_factory=list)
    severity: Severity = "warning"
    fields: dict[str, FindingField] = Field(default_factory=dict)
    source_file: str | None = None


class SourceInfo(BaseModel):
    """Where one parsed export came from."""

    model_config = ConfigDict(extra="forbid")

    file_name: str
    format: Literal["rvtools", "liveoptics"]
    export_version: str | None = None
    export_date: str | None = None
    vcenters: list[str] = Field(default_factory=list)
    vm_count: int = 0


class Inventory(BaseModel):
    """Every VM and host of an estate, the exports they came from and what we noticed on the way."""

    model_config = ConfigDict(extra="forbid")

    format: SourceFormat
    sources: list[SourceInfo]
    vms: list[VM]
    hosts: list[Host] = Field(default_factory=list)
    findings: list[Finding] = Field(default_factory=list)
    extras: EstateSheets | None = None
    """The extra sheets health checks read (None: not read, e.g. a schema-1 session)."""

    @property
    def vcenters(self) -> list[str]:
        """Distinct vCenter names across sources, in order of appearance."""
        return list(dict.fromkeys(v for s in self.sources for v in s.vcenters))

    def totals(self) -> dict[str, float | int]:
        """Sums over every VM of the capacity, vCPU and memory fields (None counts as 0)."""
        keys = ("provisioned_mib", "in_use_mib", "guest_used_mib", "vcpu", "memory_mib")
        return {k: sum(getattr(vm, k) or 0 for vm in self.vms) for k in keys}


def make_vm_ids(keys: list[tuple[str, ...]]) -> list[str]:
    """Stable ids from identifying keys (e.g. vCenter, UUID, name); repeats get a #n suffix."""
    seen: dict[str, int] = {}
    ids = []
    for key in keys:
        digest = hashlib.blake2b("\x1f".join(key).encode(), digest_size=6).hexdigest()
        n = seen.get(digest, 0)
        seen[digest] = n + 1
        ids.append(f"vm-{digest}" if n == 0 else f"vm-{digest}-{n + 1}")
    return ids
