"""Give every VM a workload class and the reason for it, with the ordered rule set.

Matching is vectorised with Arrow's RE2 kernels. Instead of running every rule over every VM, a
binary search over the ordered rules finds each VM's first matching rule: the combined pattern
of the first half of the rules splits the VMs into those whose first match lies in that half and
the rest, and so on down to single rules. Each VM is tested about log2(rules) times.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..inventory import VM
from ..settings import SizingSettings
from .catalogue import UNKNOWN_CLASS
from .classification import Classification
from .rules import FIELD_LABELS, Rule, load_rules
from .signals import weak_signal

NO_MATCH_REASON = "no rule matched"
MANUAL_OVERRIDE_REASON = "manual override"
SEPARATORS = " ;,.-_()"  # stripped from the matched text shown in a reason
STRONG_FIELDS = ("name", "custom_attributes")  # other fields are weaker signals


@dataclass(frozen=True)
class _Column:
    """One VM field as Arrow strings, plus its distinct values when there are few of them."""

    values: pa.Array
    distinct: pa.Array | None = None
    codes: np.ndarray | None = None

    def matches(self, regex: str, rows: np.ndarray) -> np.ndarray:
        """Whether each of `rows` matches the RE2 expression."""
        if self.distinct is not None and self.codes is not None and len(self.distinct) < len(rows):
            per_value = pc.match_substring_regex(self.distinct, regex)
            matched: np.ndarray = per_value.to_numpy(zero_copy_only=False)[self.codes[rows]]
        else:
            matched = pc.match_substring_regex(self.values.take(rows), regex).to_numpy(
                zero_copy_only=False
            )
        return matched


def classify_vms(
    vms: Sequence[VM], rules: Sequence[Rule] | None = None
) -> dict[str, Classification]:
    """Classification of every VM by vm_id: the first matching rule's classes, else a
    performance or disk layout signal, else unknown. Rules on the name or a declared role are
    confident (`rule`); OS, folder and notes rules and the signals are weaker (`signal`)."""
    rules = tuple(load_rules() if rules is None else rules)
    if not vms:
        return {}
    columns: dict[str, _Column] = {field: _column(vms, field) for field in {r.field for r in rules}}
    winner = np.full(len(vms), -1, dtype=np.int64)
    _first_match(rules, 0, len(rules), np.arange(len(vms)), columns, winner)
    unknown = Classification(
        class_ids=[UNKNOWN_CLASS], rule_id=None, reason=NO_MATCH_REASON, confidence="default"
    )
    results = np.empty(len(vms), dtype=object)
    results.fill(unknown)
    for row in np.flatnonzero(winner < 0).tolist():
        results[row] = weak_signal(vms[row]) or unknown
    order = np.argsort(winner, kind="stable")
    bounds = np.searchsorted(winner[order], np.arange(len(rules) + 1))
    for index, rule in enumerate(rules):
        rows = order[bounds[index] : bounds[index + 1]]
        if rows.size:
            results[rows] = _explain(rule, columns[rule.field], rows)
    return dict(zip([vm.vm_id for vm in vms], results.tolist(), strict=True))


def effective_classes(
    vm_id: str, classification: Classification, settings: SizingSettings
) -> tuple[list[str], str]:
    """The classes a VM is sized with and why: the user's override, else the rule's decision."""
    override = settings.vm_class_overrides.get(vm_id)
    if override:
        return list(override), MANUAL_OVERRIDE_REASON
    return list(classification.class_ids), classification.reason


def field_texts(vms: Sequence[VM], field: str) -> list[str]:
    """The text rules see in one field of each VM; custom attributes read `key=value; key=value`."""
    if field == "custom_attributes":
        return [
            "; ".join(f"{k}={v}" for k, v in vm.custom_attributes.items())
            if vm.custom_attributes
            else ""
            for vm in vms
        ]
    if field == "name":
        return [vm.name for vm in vms]
    if field == "folder":  # folder rules read the VM's folder and its resource pool path
        return [" | ".join(p for p in (vm.folder, vm.resource_pool) if p) for vm in vms]
    return [getattr(vm, field) or "" for vm in vms]


def _column(vms: Sequence[VM], field: str) -> _Column:
    values = pa.array(field_texts(vms, field), pa.string())
    if field == "name":  # names are nearly all distinct: no point in a dictionary
        return _Column(values)
    encoded = values.dictionary_encode()
    return _Column(values, encoded.dictionary, encoded.indices.to_numpy(zero_copy_only=False))


def _first_match(
    rules: tuple[Rule, ...],
    lo: int,
    hi: int,
    rows: np.ndarray,
    columns: Mapping[str, _Column],
    winner: np.ndarray,
) -> None:
    """Set winner[row] to the index of the first rule in [lo, hi) that matches it, if any."""
    if rows.size == 0:
        return
    mid = (lo + hi + 1) // 2 if hi - lo > 1 else hi
    hit = _any_match(rules[lo:mid], rows, columns)
    if mid == hi:  # a single rule
        winner[rows[hit]] = lo
        return
    _first_match(rules, lo, mid, rows[hit], columns, winner)
    _first_match(rules, mid, hi, rows[~hit], columns, winner)


def _any_match(
    rules: Sequence[Rule], rows: np.ndarray, columns: Mapping[str, _Column]
) -> np.ndarray:
    hit = np.zeros(rows.size, dtype=bool)
    for field in dict.fromkeys(r.field for r in rules):
        regex = "(?i)" + "|".join(r.search_regex for r in rules if r.field == field)
        pending = np.flatnonzero(~hit)
        if pending.size:
            hit[pending] = columns[field].matches(regex, rows[pending])
    return hit


def _explain(rule: Rule, column: _Column, rows: np.ndarray) -> np.ndarray:
    """For each row the rule decided, a Classification shared by rows quoting the same text."""
    found = pc.extract_regex(column.values.take(rows), rule.extract_regex)
    texts = found.field("all")
    if rule.quotes_group:  # the narrower group, where the alternative that matched has it
        narrow = found.field("m")
        texts = pc.if_else(pc.greater(pc.utf8_length(narrow), 0), narrow, texts)
    encoded = pc.utf8_trim(pc.fill_null(texts, ""), SEPARATORS).dictionary_encode()
    label = FIELD_LABELS[rule.field]
    made = np.empty(len(encoded.dictionary), dtype=object)
    for position, shown in enumerate(encoded.dictionary.to_pylist()):
        made[position] = Classification(
            class_ids=list(rule.class_ids),
            rule_id=rule.id,
            reason=f"rule {rule.id}: {label} contains {shown}",
            confidence="rule" if rule.field in STRONG_FIELDS else "signal",
        )
    explained: np.ndarray = made[encoded.indices.to_numpy(zero_copy_only=False)]
    return explained
