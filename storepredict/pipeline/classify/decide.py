"""The classes each VM is sized with: per-VM override, else the engineer's rules, else the rules."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

from ..inventory import VM
from ..settings import SizingSettings
from .classification import Classification, Confidence
from .engine import MANUAL_OVERRIDE_REASON
from .user_rules import first_user_rule, rule_reason


class Decision(NamedTuple):
    """The classes a VM is sized with, the reason shown for them and how sure that is."""

    class_ids: list[str]
    reason: str
    confidence: Confidence


def decide_classes(
    vms: Sequence[VM],
    classifications: Mapping[str, Classification],
    settings: SizingSettings,
) -> list[Decision]:
    """One decision per VM (same order); every VM must have a classification.

    VMs decided alike share one Decision: treat its class list as read-only.
    """
    winners = first_user_rule(vms, settings.rules).tolist() if settings.rules else None
    by_rule = [
        Decision([rule.class_id], rule_reason(number, rule), "rule")
        for number, rule in enumerate(settings.rules, start=1)
    ]
    by_classification: dict[int, Decision] = {}  # rule-set decisions are shared objects too
    overrides = settings.vm_class_overrides
    decisions: list[Decision] = []
    for index, vm in enumerate(vms):
        override = overrides.get(vm.vm_id) if overrides else None
        if override:
            decisions.append(Decision(list(override), MANUAL_OVERRIDE_REASON, "rule"))
        elif winners is not None and winners[index] >= 0:
            decisions.append(by_rule[winners[index]])
        else:
            found = classifications[vm.vm_id]
            decision = by_classification.get(id(found))
            if decision is None:
                decision = Decision(list(found.class_ids), found.reason, found.confidence)
                by_classification[id(found)] = decision
            decisions.append(decision)
    return decisions
