"""Classification and exclusion reasons in the active language, for people to read.

The pipeline keeps every reason in English: reasons are stable data (the JSON outputs, saved
sessions, the 'manual override' test). `reason_text` says one in the language in force, piece by
piece: the fixed words are translated, the rule ids, quoted names and patterns stay as they are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from ...i18n import N_, format_number, gettext
from .rules import FIELD_LABELS as RULE_FIELDS
from .user_rules import FIELD_LABELS as USER_FIELDS
from .user_rules import KIND_VERBS

# Every fixed reason (scope.py, engine.py), marked for the catalogs.
FIXED_REASONS = (
    N_("vCLS system VM"),
    N_("SRM placeholder"),
    N_("template"),
    N_("powered off"),
    N_("suspended"),
    N_("datacenter not selected"),
    N_("cluster not selected"),
    N_("vCenter not selected"),
    N_("ignored"),
    N_("powered off for the whole export"),
    N_("no rule matched"),
    N_("manual override"),
)
# The words inside rule reasons (rules.FIELD_LABELS, user_rules.FIELD_LABELS and KIND_VERBS).
REASON_WORDS = (
    N_("name"),
    N_("OS"),
    N_("annotation"),
    N_("folder or resource pool"),
    N_("custom attributes"),
    N_("folder"),
    N_("cluster"),
    N_("resource pool"),
    N_("starts with"),
    N_("contains"),
    N_("matches"),
    N_("is"),
)
_LIVEOPTICS = r"(?P<lo>; LiveOptics IO classification (?P<io>.+))?"
# The weaker signals' reasons (signals.py, disk_layout.py), each with its words in the catalogs.
_SIGNALS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"signal (?P<id>\S+): performance profile of small (?P<kib>[\d,]+) KiB IOs, "
            r"(?P<writes>\d+)% writes, peak (?P<iops>[\d,]+) IOPS \(database-like"
            + _LIVEOPTICS
            + r"\)"
        ),
        N_(
            "signal {id}: performance profile of small {kib} KiB IOs, {writes}% writes, peak "
            "{iops} IOPS (database-like{lo})"
        ),
    ),
    (
        re.compile(
            r"signal (?P<id>\S+): performance profile of large (?P<kib>[\d,]+) KiB IOs, "
            r"(?P<writes>\d+)% writes, (?P<mibs>[\d,]+\.\d) MiB/s on average \(backup-like"
            + _LIVEOPTICS
            + r"\)"
        ),
        N_(
            "signal {id}: performance profile of large {kib} KiB IOs, {writes}% writes, {mibs} "
            "MiB/s on average (backup-like{lo})"
        ),
    ),
    (
        re.compile(
            r"signal (?P<id>\S+): disk layout of (?P<disks>\d+) data disks with a log-sized "
            r"disk, (?P<log>[\d,]+) GiB beside (?P<largest>[\d,]+) GiB \(database-like\)"
        ),
        N_(
            "signal {id}: disk layout of {disks} data disks with a log-sized disk, {log} GiB "
            "beside {largest} GiB (database-like)"
        ),
    ),
    (
        re.compile(
            r"signal (?P<id>\S+): disk layout of (?P<disks>\d+) data disks, (?P<equal>\d+) of "
            r"them equal at (?P<largest>[\d,]+) GiB \(backup or file store\)"
        ),
        N_(
            "signal {id}: disk layout of {disks} data disks, {equal} of them equal at {largest} "
            "GiB (backup or file store)"
        ),
    ),
)
_NUMBERS = {"kib": 0, "iops": 0, "mibs": 1, "log": 0, "largest": 0}


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    rule = re.compile(
        rf"rule (?P<id>\S+): (?P<label>{_alternatives(RULE_FIELDS.values())}) contains "
        r"(?P<shown>.*)",
        re.DOTALL,
    )
    user = re.compile(
        rf"your rule (?P<number>\d+): (?:custom attribute (?P<attribute>.+?)|"
        rf"(?P<label>{_alternatives(USER_FIELDS.values())})) "
        rf"(?P<verb>{_alternatives(KIND_VERBS.values())}) (?P<pattern>.*)",
        re.DOTALL,
    )
    return rule, user


def reason_text(reason: str) -> str:
    """An English reason (classification or scope exclusion) in the active language."""
    if not reason:
        return reason
    rule, user = _patterns()
    if found := rule.fullmatch(reason):
        return gettext(
            "rule {id}: {label} contains {shown}",
            id=found["id"],
            label=gettext(found["label"]),
            shown=found["shown"],
        )
    if found := user.fullmatch(reason):
        label = (
            gettext("custom attribute {name}", name=found["attribute"])
            if found["attribute"] is not None
            else gettext(found["label"])
        )
        return gettext(
            "your rule {number}: {label} {verb} {pattern}",
            number=found["number"],
            label=label,
            verb=gettext(found["verb"]),
            pattern=found["pattern"],
        )
    for pattern, message in _SIGNALS:
        if found := pattern.fullmatch(reason):
            return _signal_text(found, message)
    return gettext(reason)


def _signal_text(found: re.Match[str], message: str) -> str:
    """A signal's reason with its numbers as the locale writes them."""
    fields = {
        name: format_number(float(value.replace(",", "")), _NUMBERS[name])
        if name in _NUMBERS
        else value
        for name, value in found.groupdict().items()
        if name not in ("lo", "io") and value is not None
    }
    lo = ""
    if found.groupdict().get("io") is not None:
        lo = gettext("; LiveOptics IO classification {name}", name=found["io"])
    return gettext(message, lo=lo, **fields)
