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
_SIGNAL = re.compile(
    r"signal (?P<id>\S+): performance profile of small (?P<kib>[\d,]+) KiB IOs, "
    r"(?P<writes>\d+)% writes, peak (?P<iops>[\d,]+) IOPS \(database-like\)"
)


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
    if found := _SIGNAL.fullmatch(reason):
        return gettext(
            "signal {id}: performance profile of small {kib} KiB IOs, {writes}% writes, peak "
            "{iops} IOPS (database-like)",
            id=found["id"],
            kib=format_number(float(found["kib"].replace(",", ""))),
            writes=found["writes"],
            iops=format_number(float(found["iops"].replace(",", ""))),
        )
    return gettext(reason)
