"""Sizing: the storage capacity model, ESXi host sizing, and one run over a session."""

from .compute import ComputeResult
from .hosts import CUSTOM_HOST_ID, HostSpec, host_spec, load_presets
from .run import SizingResult, size_inventory, size_session
from .sites import Binding, Sizing
from .storage import BASIS_LABELS, StorageResult, VmSizing

__all__ = [
    "BASIS_LABELS",
    "CUSTOM_HOST_ID",
    "Binding",
    "ComputeResult",
    "HostSpec",
    "Sizing",
    "SizingResult",
    "StorageResult",
    "VmSizing",
    "host_spec",
    "load_presets",
    "size_inventory",
    "size_session",
]
