"""The engineer's own rules (`settings.rules`): checked, matched against VMs, saved as CSV.

A user rule looks at one VM field (name, os, folder, annotation, cluster or one custom
attribute), matches its pattern case-insensitively as a prefix, a substring, a whole value or an
RE2 regular expression, and gives one class. The first matching rule wins; they apply after the
per-VM overrides and before the built-in rules.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from operator import attrgetter

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ...i18n import N_, gettext
from ..datafile import parse_rows
from ..errors import SettingsError
from ..inventory import VM
from ..settings import ATTRIBUTE_FIELD_PREFIX, UserRule
from .catalogue import WorkloadClass

CSV_COLUMNS = ("field", "kind", "pattern", "class")
FIELD_LABELS = {
    "name": "name",
    "os": "OS",
    "folder": "folder",
    "annotation": "annotation",
    "cluster": "cluster",
    "resource_pool": "resource pool",
}
_ATTRIBUTES = attrgetter("custom_attributes")
KIND_VERBS = {"prefix": "starts with", "contains": "contains", "regex": "matches", "equals": "is"}


def describe_rule(rule: UserRule) -> str:
    """What a rule checks, in words: 'name starts with PHCLU'."""
    if rule.field.startswith(ATTRIBUTE_FIELD_PREFIX):
        label = f"custom attribute {rule.field.removeprefix(ATTRIBUTE_FIELD_PREFIX)}"
    else:
        label = FIELD_LABELS[rule.field]
    return f"{label} {KIND_VERBS[rule.kind]} {rule.pattern}"


def rule_words(rule: UserRule) -> str:
    """`describe_rule` in the active language, for messages: 'nom commence par PHCLU'."""
    if rule.field.startswith(ATTRIBUTE_FIELD_PREFIX):
        key = rule.field.removeprefix(ATTRIBUTE_FIELD_PREFIX)
        label = gettext("custom attribute {name}", name=key)
    else:
        label = gettext(FIELD_LABELS[rule.field])
    return f"{label} {gettext(KIND_VERBS[rule.kind])} {rule.pattern}"


def rule_reason(number: int, rule: UserRule) -> str:
    """The reason shown for a VM decided by rule `number` (1-based): 'your rule 2: name is X'."""
    return f"your rule {number}: {describe_rule(rule)}"


def check_user_rules(rules: Sequence[UserRule], catalogue: Mapping[str, WorkloadClass]) -> None:
    """Refuse a rule naming a class not in the catalogue or holding a regex RE2 cannot run."""
    probe = pa.array([""], pa.string())
    for number, rule in enumerate(rules, start=1):
        if rule.class_id not in catalogue:
            raise SettingsError(
                gettext(
                    "Your rule {number} ({rule}) names the unknown workload class '{class_id}': "
                    "pick a class id from the catalogue, such as general_vm.",
                    number=number,
                    rule=rule_words(rule),
                    class_id=rule.class_id,
                )
            )
        if rule.kind != "regex":
            continue
        try:
            pc.match_substring_regex(probe, rule.pattern, ignore_case=True)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            raise SettingsError(
                gettext(
                    "Your rule {number} ({rule}) has an invalid regular expression: use RE2 "
                    "syntax, without look-around or back-references.",
                    number=number,
                    rule=rule_words(rule),
                )
            ) from None


def rule_values(vms: Sequence[VM], field: str) -> list[str]:
    """The text a user rule on `field` sees for each VM ('' where the VM has none)."""
    if field.startswith(ATTRIBUTE_FIELD_PREFIX):
        key = field.removeprefix(ATTRIBUTE_FIELD_PREFIX).strip().casefold()
        return [_attribute(attributes, key) for attributes in map(_ATTRIBUTES, vms)]
    return [value or "" for value in map(attrgetter(field), vms)]


def first_user_rule(vms: Sequence[VM], rules: Sequence[UserRule]) -> np.ndarray:
    """For each VM, the index of the first rule that matches it, or -1."""
    winner = np.full(len(vms), -1, dtype=np.int64)
    columns: dict[str, tuple[pa.Array, np.ndarray]] = {}
    for index, rule in enumerate(rules):
        pending = np.flatnonzero(winner < 0)
        if pending.size == 0:
            break
        if rule.field not in columns:
            encoded = pa.array(rule_values(vms, rule.field), pa.string()).dictionary_encode()
            codes = encoded.indices.to_numpy(zero_copy_only=False)
            columns[rule.field] = (encoded.dictionary, codes)
        distinct, codes = columns[rule.field]
        per_value = rule_matches(rule, distinct)
        winner[pending[per_value[codes[pending]]]] = index
    return winner


def rule_matches(rule: UserRule, values: pa.Array) -> np.ndarray:
    """Whether each value matches the rule (case-insensitive); the regex must be valid RE2."""
    if rule.kind == "prefix":
        hit = pc.starts_with(values, rule.pattern, ignore_case=True)
    elif rule.kind == "contains":
        hit = pc.match_substring(values, rule.pattern, ignore_case=True)
    elif rule.kind == "regex":
        hit = pc.match_substring_regex(values, rule.pattern, ignore_case=True)
    else:
        hit = pc.equal(pc.utf8_lower(values), rule.pattern.lower())
    return np.asarray(pc.fill_null(hit, False).to_numpy(zero_copy_only=False), dtype=bool)


def rules_to_csv(rules: Sequence[UserRule]) -> str:
    """The rules as CSV text with the header field,kind,pattern,class, in priority order."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for rule in rules:
        writer.writerow([rule.field, rule.kind, rule.pattern, rule.class_id])
    return buffer.getvalue()


def rules_from_csv(
    text: str, catalogue: Mapping[str, WorkloadClass], source: str = "rules.csv"
) -> list[UserRule]:
    """Rules read back from `rules_to_csv` text (or a spreadsheet's CSV of it), checked."""
    rows = parse_rows(text.removeprefix("\ufeff"), UserRule, CSV_COLUMNS, source, N_("rule"))
    rules = [rule for _, rule in rows]
    check_user_rules(rules, catalogue)
    return rules


def _attribute(attributes: Mapping[str, str], key: str) -> str:
    if not attributes:
        return ""
    for name, value in attributes.items():
        if name.casefold() == key:
            return value
    return ""
