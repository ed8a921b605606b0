"""Classification: the workload-class catalogue, the rules, the engine and the sizing scope."""

from .catalogue import (
    CATEGORIES,
    UNKNOWN_CLASS,
    WorkloadClass,
    check_class_settings,
    load_catalogue,
)
from .catalogue_words import class_description, class_name
from .classification import Classification
from .engine import classify_vms, effective_classes
from .families import NameFamily
from .reasons import reason_text
from .scope import ScopeResult, apply_scope
from .user_rules import check_user_rules, first_user_rule, rules_from_csv, rules_to_csv

__all__ = [
    "CATEGORIES",
    "UNKNOWN_CLASS",
    "Classification",
    "NameFamily",
    "ScopeResult",
    "WorkloadClass",
    "apply_scope",
    "check_class_settings",
    "check_user_rules",
    "class_description",
    "class_name",
    "classify_vms",
    "effective_classes",
    "first_user_rule",
    "load_catalogue",
    "reason_text",
    "rules_from_csv",
    "rules_to_csv",
]
