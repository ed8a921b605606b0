"""Readers: detect an upload's format, read RVTools and LiveOptics exports, merge them."""

from .ingest import check_file_count, check_upload_size, detect_format, load_inventory
from .merge import merge_inventories

__all__ = [
    "check_file_count",
    "check_upload_size",
    "detect_format",
    "load_inventory",
    "merge_inventories",
]
