"""Data-quality findings on the VMs read from an RVTools export."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from ...inventory import VM, Finding, negative_values_finding
from .join import PerVmSums
from .sheets import clean_text, text_list

_LABELS = {
    "vcpu": "CPUs",
    "memory": "Memory",
    "provisioned": "Provisioned",
    "in_use": "In Use",
    "disk_capacity": "Total disk capacity",
}


def templates_from_paths(vinfo: pd.DataFrame, vms: list[VM]) -> Finding | None:
    """Templates recognised by their `.vmtx` path because vInfo has no Template column."""
    if "template" in vinfo.columns:
        return None
    templates = [vm.name for vm in vms if vm.is_template]
    if not templates:
        return None
    return Finding(
        code="templates_from_path",
        message=f"vInfo has no Template column: {len(templates)} VM(s) whose configuration path "
        "ends in .vmtx are treated as templates.",
        rows=templates,
        severity="info",
    )


def negative_numbers(vinfo: pd.DataFrame, numbers: dict[str, pd.Series]) -> Finding | None:
    """VMs with negative vInfo sizes (impossible values: the reader treats them as unknown)."""
    bad = pd.Series(False, index=vinfo.index)
    labels = []
    for key, label in _LABELS.items():
        negative = (numbers[key] < 0).to_numpy()
        if negative.any():
            labels.append(label)
            bad |= negative
    if not labels:
        return None
    return negative_values_finding(labels, text_list(vinfo.loc[bad, "name"]))


def unreadable_numbers(vinfo: pd.DataFrame, numbers: dict[str, pd.Series]) -> Finding | None:
    """VMs whose vInfo number cells hold text that is not a (finite) number."""
    bad = pd.Series(False, index=vinfo.index)
    labels = []
    for key, label in _LABELS.items():
        if key in vinfo.columns:
            unreadable = clean_text(vinfo[key]).notna().to_numpy() & numbers[key].isna().to_numpy()
            if unreadable.any():
                labels.append(label)
                bad |= unreadable
    if not labels:
        return None
    return Finding(
        code="unreadable_numbers",
        message=f"{int(bad.sum())} VM(s) have values that are not numbers in "
        f"{', '.join(labels)}; those values are treated as unknown.",
        rows=text_list(vinfo.loc[bad, "name"]),
    )


def join_findings(sheet: str, sums: PerVmSums | None) -> list[Finding]:
    """What went wrong tying a per-VM sheet to vInfo (None: no column to join on)."""
    if sums is None:
        return [
            Finding(
                code="unjoinable_sheet",
                message=f"{sheet} has none of the columns VM, VM UUID or VM ID, so its rows "
                "cannot be matched to VMs and were ignored.",
            )
        ]
    findings = []
    if sums.ambiguous_names:
        findings.append(
            Finding(
                code="ambiguous_join",
                message=f"{len(sums.ambiguous_names)} VM(s) share an identifier with another VM, "
                f"so their {sheet} rows could not be attributed and were ignored for them.",
                rows=sums.ambiguous_names,
            )
        )
    if sums.unmatched_rows:
        findings.append(
            Finding(
                code="unmatched_rows",
                message=f"{sums.unmatched_rows} {sheet} row(s) belong to no VM of vInfo "
                f"(matched on {sums.joined_on}) and were ignored.",
                severity="info",
            )
        )
    return findings


def vm_findings(
    vinfo: pd.DataFrame,
    numbers: dict[str, pd.Series],
    vms: list[VM],
    has_partitions: bool,
    unreadable: Finding | None = None,
) -> list[Finding]:
    """Unknown power states, missing capacities, bad numbers, duplicate names, guest coverage."""
    findings = []
    unknown = [vm.name for vm in vms if vm.power_state == "unknown"]
    if unknown:
        what = (
            f"{len(unknown)} VM(s) have a missing or unrecognised Powerstate"
            if "power" in vinfo.columns
            else "vInfo has no Powerstate column, so every VM's power state is unknown"
        )
        findings.append(
            Finding(
                code="unknown_power_state",
                message=f"{what}; they are counted as neither on nor off.",
                rows=unknown,
            )
        )
    no_capacity = [
        vm.name
        for vm in vms
        if vm.provisioned_mib is None and vm.in_use_mib is None and vm.disk_capacity_mib is None
    ]
    if no_capacity:
        findings.append(
            Finding(
                code="no_capacity_data",
                message=f"{len(no_capacity)} VM(s) have no Provisioned, In Use or disk capacity "
                "value: they add nothing to the capacity totals.",
                rows=no_capacity,
            )
        )
    if unreadable:
        findings.append(unreadable)
    repeated = [name for name, n in Counter(vm.name for vm in vms).items() if n > 1]
    if repeated:
        findings.append(
            Finding(
                code="duplicate_vm_names",
                message=f"{len(repeated)} VM name(s) appear more than once; each row is kept as a "
                "separate VM.",
                rows=repeated,
            )
        )
    if not has_partitions:
        findings.append(
            Finding(
                code="vpartition_missing",
                message="The export has no vPartition sheet: guest file-system usage is unknown "
                "for every VM.",
                severity="info",
            )
        )
        return findings
    without = [vm for vm in vms if vm.guest_used_mib is None and vm.guest_capacity_mib is None]
    if without:
        powered_on = sum(vm.power_state == "on" for vm in without)
        findings.append(
            Finding(
                code="no_guest_partitions",
                message=f"{len(without)} of {len(vms)} VM(s) ({powered_on} powered on) have no "
                "guest file-system data in vPartition (it needs VMware Tools running).",
                rows=[vm.name for vm in without],
                severity="info",
            )
        )
    return findings
