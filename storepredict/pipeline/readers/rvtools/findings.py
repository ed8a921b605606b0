"""Data-quality findings on the VMs read from an RVTools export."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from ....i18n import N_
from ... import findings as codes
from ...findings import make_finding, negative_values_finding, phrase, row_findings
from ...inventory import VM, Finding
from .join import PerVmSums
from .sheets import has_text, text_list

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
    return make_finding(codes.TEMPLATES_FROM_PATH, templates, count=len(templates))


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
            unreadable = has_text(vinfo[key]) & numbers[key].isna().to_numpy()
            if unreadable.any():
                labels.append(label)
                bad |= unreadable
    if not labels:
        return None
    return make_finding(
        codes.UNREADABLE_NUMBERS,
        text_list(vinfo.loc[bad, "name"]),
        count=int(bad.sum()),
        columns=", ".join(labels),
    )


def join_findings(sheet: str, sums: PerVmSums | None) -> list[Finding]:
    """What went wrong tying a per-VM sheet to vInfo (None: no column to join on)."""
    if sums is None:
        return [make_finding(codes.UNJOINABLE_SHEET, sheet=sheet)]
    findings = []
    if sums.ambiguous_names:
        findings.append(
            make_finding(
                codes.AMBIGUOUS_JOIN,
                sums.ambiguous_names,
                count=len(sums.ambiguous_names),
                sheet=sheet,
            )
        )
    if sums.unmatched_rows:
        findings.append(
            make_finding(
                codes.UNMATCHED_ROWS,
                count=sums.unmatched_rows,
                sheet=sheet,
                joined_on=sums.joined_on,
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
    unknown = [vm.name for vm in vms if vm.power_state == "unknown"]
    reason = "" if "power" in vinfo.columns else phrase(N_(" (vInfo has no Powerstate column)"))
    findings = row_findings(codes.UNKNOWN_POWER_STATE, unknown, where="", reason=reason)
    no_capacity = [
        vm.name
        for vm in vms
        if vm.provisioned_mib is None and vm.in_use_mib is None and vm.disk_capacity_mib is None
    ]
    findings += row_findings(
        codes.NO_CAPACITY_DATA,
        no_capacity,
        where="",
        what=phrase(N_("Provisioned, In Use or disk capacity value")),
    )
    if unreadable:
        findings.append(unreadable)
    repeated = [name for name, n in Counter(vm.name for vm in vms).items() if n > 1]
    findings += row_findings(codes.DUPLICATE_VM_NAMES, repeated, where="", told_apart="")
    if not has_partitions:
        findings.append(make_finding(codes.VPARTITION_MISSING))
        return findings
    without = [vm for vm in vms if vm.guest_used_mib is None and vm.guest_capacity_mib is None]
    if without:
        powered_on = sum(vm.power_state == "on" for vm in without)
        findings.append(
            make_finding(
                codes.NO_GUEST_PARTITIONS,
                [vm.name for vm in without],
                count=len(without),
                total=len(vms),
                powered_on=powered_on,
            )
        )
    return findings
