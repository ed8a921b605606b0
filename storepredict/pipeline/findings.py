"""The one catalogue of data-quality finding codes: code -> severity, title, message template.

Readers, the merge and the sizing steps build every `Finding` through `make_finding` with a code
constant from here, so a code is never a free string. The catalogue is plain data (a read-only
mapping of frozen records) for anything that wants to list, label or reuse the codes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from string import Formatter
from types import MappingProxyType

from ..i18n import N_, active_language, format_number, gettext
from .inventory import Finding, FindingField, Phrase, Severity
from .numbers import short

NEGATIVE_NUMBERS = "negative_numbers"
UNREADABLE_NUMBERS = "unreadable_numbers"
ROWS_WITHOUT_NAME = "rows_without_name"
TEMPLATES_FROM_PATH = "templates_from_path"
DUPLICATE_VMS_ACROSS_EXPORTS = "duplicate_vms_across_exports"
EXPORT_DATES_DIFFER = "export_dates_differ"
CSV_EXPORT = "csv_export"
UNJOINABLE_SHEET = "unjoinable_sheet"
AMBIGUOUS_JOIN = "ambiguous_join"
UNMATCHED_ROWS = "unmatched_rows"
UNKNOWN_POWER_STATE = "unknown_power_state"
NO_CAPACITY_DATA = "no_capacity_data"
DUPLICATE_VM_NAMES = "duplicate_vm_names"
VPARTITION_MISSING = "vpartition_missing"
NO_GUEST_PARTITIONS = "no_guest_partitions"
VHOST_MISSING = "vhost_missing"
NO_PERFORMANCE = "no_performance"
DUAL_MATCHED = "dual_matched"
DUAL_UNMATCHED_RVTOOLS = "dual_unmatched_rvtools"
DUAL_UNMATCHED_LIVEOPTICS = "dual_unmatched_liveoptics"
GUEST_USED_FALLBACK = "guest_used_fallback"
GUEST_USED_CAPPED = "guest_used_capped"
MISSING_CAPACITY = "missing_capacity"
UNKNOWN_CLASS = "unknown_class"
UNUSED_OVERRIDE = "unused_override"
COMPUTE_NO_VMS = "compute_no_vms"
COMPUTE_MISSING_VCPU = "compute_missing_vcpu"
COMPUTE_MISSING_MEMORY = "compute_missing_memory"
COMPUTE_PARTIAL_PEAKS = "compute_partial_peaks"
COMPUTE_VM_LARGER_THAN_HOST = "compute_vm_larger_than_host"
COMPUTE_HOST_PEAKS_CAPPED = "compute_host_peaks_capped"


@dataclass(frozen=True)
class FindingKind:
    """What one code means: its default severity, a title for people and a message template."""

    severity: Severity
    title: str
    message: str


def _kind(severity: Severity, title: str, message: str) -> FindingKind:
    return FindingKind(severity, title, message)


FINDINGS: Mapping[str, FindingKind] = MappingProxyType(
    {
        NEGATIVE_NUMBERS: _kind(
            "warning",
            N_("Negative values"),
            N_(
                "{count} VM(s) have negative values in {columns}; those values are treated as "
                "unknown."
            ),
        ),
        UNREADABLE_NUMBERS: _kind(
            "warning",
            N_("Values that are not numbers"),
            N_(
                "{count} VM(s) have values that are not numbers in {columns}; those values are "
                "treated as unknown."
            ),
        ),
        ROWS_WITHOUT_NAME: _kind(
            "warning",
            N_("Rows without a VM name"),
            N_(
                "{count} vInfo row(s) have data but no VM name: each is kept as a VM named after "
                "its row, such as '{example}', so its capacity counts."
            ),
        ),
        TEMPLATES_FROM_PATH: _kind(
            "info",
            N_("Templates recognised by their path"),
            N_(
                "vInfo has no Template column: {count} VM(s) whose configuration path ends in "
                ".vmtx are treated as templates."
            ),
        ),
        DUPLICATE_VMS_ACROSS_EXPORTS: _kind(
            "info",
            N_("VMs in more than one export"),
            N_(
                "{count} VM(s) appear in more than one {label} export (same vCenter and instance "
                "UUID, e.g. linked-mode vCenters or an export taken twice) and are counted once, "
                "with the values of the first export; repeats were found in {files}."
            ),
        ),
        EXPORT_DATES_DIFFER: _kind(
            "warning",
            N_("Exports of one vCenter taken on different days"),
            N_(
                "vCenter {vcenter} comes from {label} exports taken on different days ({taken}): "
                "the estate mixes two moments. To follow an estate over time, size the older "
                "export and update the sizing with the newer one instead."
            ),
        ),
        CSV_EXPORT: _kind(
            "info",
            N_("RVTools export saved as CSV files"),
            N_("{file_name} is an RVTools export saved as CSV files, {writer}. Tabs read: {tabs}."),
        ),
        UNJOINABLE_SHEET: _kind(
            "warning",
            N_("Sheet not matched to VMs"),
            N_(
                "{sheet} has none of the columns VM, VM UUID or VM ID, so its rows cannot be "
                "matched to VMs and were ignored."
            ),
        ),
        AMBIGUOUS_JOIN: _kind(
            "warning",
            N_("Rows shared by several VMs"),
            N_(
                "{count} VM(s) share an identifier with another VM, so their {sheet} rows could "
                "not be attributed and were ignored for them."
            ),
        ),
        UNMATCHED_ROWS: _kind(
            "info",
            N_("Rows of no listed VM"),
            N_(
                "{count} {sheet} row(s) belong to no VM of vInfo (matched on {joined_on}) and were "
                "ignored."
            ),
        ),
        UNKNOWN_POWER_STATE: _kind(
            "warning",
            N_("Unknown power state"),
            N_(
                "{count} VM(s){where} have a missing or unrecognised power state{reason}; they are "
                "counted as neither on nor off."
            ),
        ),
        NO_CAPACITY_DATA: _kind(
            "warning",
            N_("No capacity data"),
            N_("{count} VM(s){where} have no {what}: they add nothing to the capacity totals."),
        ),
        DUPLICATE_VM_NAMES: _kind(
            "warning",
            N_("Duplicate VM names"),
            N_(
                "{count} VM name(s) appear more than once{where}; each row is kept as a separate "
                "VM{told_apart}."
            ),
        ),
        VPARTITION_MISSING: _kind(
            "info",
            N_("No guest file-system sheet"),
            N_(
                "The export has no vPartition sheet: guest file-system usage is unknown for every "
                "VM."
            ),
        ),
        NO_GUEST_PARTITIONS: _kind(
            "info",
            N_("No guest file-system data"),
            N_(
                "{count} of {total} VM(s) ({powered_on} powered on) have no guest file-system data "
                "in vPartition (it needs VMware Tools running)."
            ),
        ),
        VHOST_MISSING: _kind(
            "info",
            N_("No host details"),
            N_("No usable vHost sheet: host details (sockets, cores, memory) are unknown."),
        ),
        NO_PERFORMANCE: _kind(
            "warning",
            N_("No performance data"),
            N_(
                "{count} of {total} VMs of {file} have no {missing}; their IOPS, throughput and "
                "CPU demand are unknown."
            ),
        ),
        DUAL_MATCHED: _kind(
            "info",
            N_("VMs matched across exports"),
            N_(
                "{count} of {total} RVTools VMs matched a LiveOptics VM ({by_uuid} by UUID, "
                "{by_name} by name); their performance comes from LiveOptics."
            ),
        ),
        DUAL_UNMATCHED_RVTOOLS: _kind(
            "warning",
            N_("RVTools VMs without a LiveOptics match"),
            N_(
                "{count} RVTools VMs have no LiveOptics match (no shared UUID and no unique shared "
                "name): their performance is unknown."
            ),
        ),
        DUAL_UNMATCHED_LIVEOPTICS: _kind(
            "warning",
            N_("LiveOptics VMs left out"),
            N_(
                "{count} LiveOptics VMs match no RVTools VM and are left out (RVTools is the "
                "inventory of record): check that both exports cover the same vCenters."
            ),
        ),
        GUEST_USED_FALLBACK: _kind(
            "info",
            N_("In-use capacity instead of guest-used"),
            N_(
                "{count} in-scope VMs have no guest-used capacity (no VMware Tools data): their "
                "in-use capacity counts instead."
            ),
        ),
        GUEST_USED_CAPPED: _kind(
            "warning",
            N_("Guest file systems larger than the virtual disks"),
            N_(
                "{count} in-scope VMs report more guest-used space than their virtual disks "
                "hold (storage mounted inside the guest, such as in-guest iSCSI or network "
                "shares, which no datastore carries): their guest-used capacity is capped at "
                "provisioned."
            ),
        ),
        MISSING_CAPACITY: _kind(
            "warning",
            N_("Missing capacity"),
            N_(
                "{count} in-scope VMs have no {basis} capacity in the export and count as 0 MiB: "
                "check them or pick another basis."
            ),
        ),
        UNKNOWN_CLASS: _kind(
            "warning",
            N_("Unknown workload classes"),
            N_(
                "{count} VMs were classified with workload classes this version does not know: "
                "those classes count as unknown. Re-classify to update them."
            ),
        ),
        UNUSED_OVERRIDE: _kind(
            "info",
            N_("Overrides for absent VMs"),
            N_(
                "Settings override {count} VMs that are not in this inventory: those overrides "
                "have no effect."
            ),
        ),
        COMPUTE_NO_VMS: _kind(
            "warning",
            N_("No VMs in scope"),
            N_(
                "No VMs are in scope, so no hosts are sized: widen the scope (clusters, "
                "powered-off VMs, templates) to size ESXi hosts."
            ),
        ),
        COMPUTE_MISSING_VCPU: _kind(
            "warning",
            N_("Missing vCPU count"),
            N_(
                "{count} in-scope VM(s) have no vCPU count in the export and count as 0 vCPU: "
                "check these VMs in vCenter."
            ),
        ),
        COMPUTE_MISSING_MEMORY: _kind(
            "warning",
            N_("Missing memory size"),
            N_(
                "{count} in-scope VM(s) have no memory size in the export and count as 0 MiB: "
                "check these VMs in vCenter."
            ),
        ),
        COMPUTE_PARTIAL_PEAKS: _kind(
            "info",
            N_("Partial peak data"),
            N_(
                "{count} of {total} in-scope VMs have no LiveOptics peak CPU or memory: the "
                "demand-based sizing counts their allocation instead."
            ),
        ),
        COMPUTE_HOST_PEAKS_CAPPED: _kind(
            "info",
            N_("Host peaks above their VMs' peaks"),
            N_(
                "In {count} cluster(s) the hosts' CPU peaked above the sum of their VMs' own peaks "
                "in the export (the export may miss VMs of those hosts): the VMs' own peaks count "
                "there instead."
            ),
        ),
        COMPUTE_VM_LARGER_THAN_HOST: _kind(
            "warning",
            N_("VM larger than a host"),
            N_(
                "VM {vm} needs {needs}, larger than one host ({cores} physical cores, {ram_gib} "
                "GiB RAM): choose a larger host or resize the VM."
            ),
        ),
    }
)


def make_finding(
    code: str,
    rows: Iterable[str | None] = (),
    severity: Severity | None = None,
    **fields: FindingField,
) -> Finding:
    """The finding for a catalogued code: its message in the active language, and the `fields`
    that fill it again in any other (phrases among them stay untranslated until shown)."""
    kind = FINDINGS[code]
    return Finding(
        code=code,
        message=_filled(kind.message, fields),
        rows=[row for row in rows if row is not None],
        severity=severity or kind.severity,
        fields=fields,
    )


def phrase(text: str, **fields: FindingField) -> Phrase:
    """Part of a finding's message, translated when the finding is shown (mark `text` with N_)."""
    return Phrase(text=text, fields=fields)


def finding_text(finding: Finding) -> str:
    """A finding's message in the active language.

    Made again from its code and fields; a finding without the fields its message needs (saved
    before findings kept them, or of a code this version does not know) keeps its own message.
    """
    kind = FINDINGS.get(finding.code)
    if kind is None or not _placeholders(kind.message) <= finding.fields.keys():
        return finding.message
    text = _filled(kind.message, finding.fields)
    return f"{finding.source_file}: {text}" if finding.source_file else text


def _filled(message: str, fields: Mapping[str, FindingField]) -> str:
    return gettext(message, **{name: _shown(value) for name, value in fields.items()})


def _shown(value: FindingField) -> str | int | float:
    """A field as the active language writes it: counts as the locale does (English keeps
    '1234'), other numbers without trailing zeros, phrases translated, lists joined."""
    if isinstance(value, Phrase):
        return _filled(value.text, value.fields)
    if isinstance(value, list):
        return "".join(str(_shown(part)) for part in value)
    if isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value if active_language() == "en" else format_number(value)
    return short(value)


def _placeholders(message: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(message) if name}


def row_findings(
    code: str, rows: Sequence[str], severity: Severity | None = None, **fields: FindingField
) -> list[Finding]:
    """No finding for no rows; else the code's finding over `rows`, its `count` filled in."""
    return [make_finding(code, rows, severity, count=len(rows), **fields)] if rows else []


def negative_values_finding(labels: list[str], rows: list[str | None]) -> Finding:
    """The finding both readers give for impossible negative sizes, which they read as unknown."""
    return make_finding(NEGATIVE_NUMBERS, rows, count=len(rows), columns=", ".join(labels))
