"""The pure-Python sizing pipeline (no NiceGUI): the shared models, settings, units and errors.

Sub-packages read as the flow: readers -> classify -> sizing / layout -> session.
"""

from .errors import (
    CorruptWorkbookError,
    EmptyFileError,
    EmptyZipError,
    FileTooLargeError,
    InputError,
    LegacyExcelError,
    LogoError,
    MissingColumnsError,
    NoMatchError,
    SessionArchiveError,
    SettingsError,
    StorePredictError,
    UnknownFormatError,
    UnsafeZipError,
)
from .findings import FINDINGS, FindingKind
from .inventory import VM, Finding, Host, Inventory, SourceFormat, SourceInfo
from .limits import DEFAULT_LIMITS, Limits
from .settings import (
    CapacityBasis,
    ComputeSettings,
    CustomHost,
    DrrProfile,
    LayoutSettings,
    Scenario,
    ScopeSettings,
    SizingSettings,
    Strategy,
    load_settings,
)
from .units import MIB, TIB_MIB, CapacityUnit, format_capacity, mib_per_unit

__all__ = [
    "DEFAULT_LIMITS",
    "FINDINGS",
    "MIB",
    "TIB_MIB",
    "VM",
    "CapacityBasis",
    "CapacityUnit",
    "ComputeSettings",
    "CorruptWorkbookError",
    "CustomHost",
    "DrrProfile",
    "EmptyFileError",
    "EmptyZipError",
    "FileTooLargeError",
    "Finding",
    "FindingKind",
    "Host",
    "InputError",
    "Inventory",
    "LayoutSettings",
    "LegacyExcelError",
    "Limits",
    "LogoError",
    "MissingColumnsError",
    "NoMatchError",
    "Scenario",
    "ScopeSettings",
    "SessionArchiveError",
    "SettingsError",
    "SizingSettings",
    "SourceFormat",
    "SourceInfo",
    "StorePredictError",
    "Strategy",
    "UnknownFormatError",
    "UnsafeZipError",
    "format_capacity",
    "load_settings",
    "mib_per_unit",
]
