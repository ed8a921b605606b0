"""Classification: the workload-class catalogue, the rules, the engine and the sizing scope."""

from .catalogue import (
    CATEGORIES,
    UNKNOWN_CLASS,
    WorkloadClass,
    check_class_settings,
    load_catalogue,
)
from .classification import Classification
from .engine import classify_vms, effective_classes
from .scope import ScopeResult, apply_scope

__all__ = [
    "CATEGORIES",
    "UNKNOWN_CLASS",
    "Classification",
    "ScopeResult",
    "WorkloadClass",
    "apply_scope",
    "check_class_settings",
    "classify_vms",
    "effective_classes",
    "load_catalogue",
]
