"""Capacity units: MiB inside the pipeline, TiB (binary, default) or TB (decimal) when shown.

1 TiB = 2^40 bytes = 1,048,576 MiB; 1 TB = 10^12 bytes = 953,674.3 MiB (1 TiB = 1.0995 TB).
"""

from __future__ import annotations

from typing import Literal

CapacityUnit = Literal["TiB", "TB"]
MIB = 2**20  # bytes in a MiB
TIB_MIB = 2**20  # MiB in a TiB
TB_MIB = 10**12 / MIB


def whole_bytes(mib: float) -> float:
    """A MiB figure rounded to whole bytes: exports count bytes, so less is float noise.

    Without it a capacity of a few denormal MiB divides into zero or loses its precision, and
    an effective DRR (logical / reduced) lands outside the range of the DRRs it averages.
    """
    return round(mib * MIB) / MIB


def mib_per_unit(unit: CapacityUnit) -> float:
    """How many MiB make one TiB or one TB."""
    if unit == "TiB":
        return float(TIB_MIB)
    if unit == "TB":
        return TB_MIB
    raise ValueError(f"unknown capacity unit {unit!r}: use TiB or TB")


def format_capacity(mib: float, unit: CapacityUnit, digits: int = 2) -> str:
    """A MiB figure in TiB or TB with thousands separators, e.g. '1,234.57 TiB'."""
    return f"{mib / mib_per_unit(unit):,.{digits}f} {unit}"
