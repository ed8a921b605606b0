"""Sizing settings: one frozen `SizingSettings`, its sections, and loading it from user JSON.

The sections live one per module (scope, layout, compute, rules); `fields` reads each setting's
range and label from the model, `load` turns user JSON into settings or a `SettingsError`.
"""

from .base import Drr, FrozenModel, check_drr, shown
from .compute import ComputeSettings, CustomHost, Scenario
from .fields import DRR_BOUNDS, Bounds, NumericField, field_bounds, numeric_fields, setting_display
from .layout import LayoutSettings, Strategy
from .load import Refusal, check_settings, describe_validation_error, load_settings
from .model import CapacityBasis, DrrProfile, SizingSettings
from .rules import ATTRIBUTE_FIELD_PREFIX, RULE_FIELDS, UserRule, UserRuleKind
from .scope import ReclaimSettings, ScopeSettings

__all__ = [
    "ATTRIBUTE_FIELD_PREFIX",
    "DRR_BOUNDS",
    "RULE_FIELDS",
    "Bounds",
    "CapacityBasis",
    "ComputeSettings",
    "CustomHost",
    "Drr",
    "DrrProfile",
    "FrozenModel",
    "LayoutSettings",
    "NumericField",
    "ReclaimSettings",
    "Refusal",
    "Scenario",
    "ScopeSettings",
    "SizingSettings",
    "Strategy",
    "UserRule",
    "UserRuleKind",
    "check_drr",
    "check_settings",
    "describe_validation_error",
    "field_bounds",
    "load_settings",
    "numeric_fields",
    "setting_display",
    "shown",
]
