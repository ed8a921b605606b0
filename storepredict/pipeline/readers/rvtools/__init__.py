"""The RVTools `.xlsx` reader."""

from .workbook import is_rvtools, read_rvtools

__all__ = ["is_rvtools", "read_rvtools"]
