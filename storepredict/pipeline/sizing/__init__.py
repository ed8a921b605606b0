"""Sizing: the storage capacity model, ESXi host sizing, and one run over a session."""

from .compute import ComputeResult
from .coverage import Coverage, classification_coverage, sizing_families
from .hosts import CUSTOM_HOST_ID, HostSpec, host_spec, load_presets
from .run import SizingResult, size_inventory, size_session
from .sites import Binding, Sizing
from .storage import BASIS_LABELS, StorageResult, VmSizing

__all__ = [
    "BASIS_LABELS",
    "CUSTOM_HOST_ID",
    "Binding",
    "ComputeResult",
    "Coverage",
    "HostSpec",
    "Sizing",
    "SizingResult",
    "StorageResult",
    "VmSizing",
    "classification_coverage",
    "host_spec",
    "load_presets",
    "size_inventory",
    "size_session",
    "sizing_families",
]
