"""Peak IOPS of layout items: measured, else the per-category default in data/class_iops.csv.

Also decides which VMs are "hot" for the performance strategy.
"""

from __future__ import annotations

import csv
import functools
import io
import math
from collections.abc import Mapping, Sequence

import numpy as np

from ...i18n import gettext
from ..datafile import read_data_file
from ..errors import SettingsError

IOPS_FILE = "class_iops.csv"
UNKNOWN_CATEGORY = "unknown"
# The "top IOPS decile" rule only makes sense with enough VMs to have a decile.
HOT_DECILE_MIN_VMS = 10


def parse_iops_table(text: str, source: str = IOPS_FILE) -> dict[str, float]:
    """Parse a category,peak_iops CSV into {category: peak IOPS}; errors name the line."""
    reader = csv.DictReader(io.StringIO(text))
    missing = {"category", "peak_iops"} - set(reader.fieldnames or ())
    if missing:
        raise SettingsError(
            gettext("{source} needs the columns category and peak_iops.", source=source)
        )
    table: dict[str, float] = {}
    for line, row in enumerate(reader, start=2):
        category = (row["category"] or "").strip()
        try:
            value = float(row["peak_iops"] or "")
        except ValueError:
            value = math.nan
        if not category or not math.isfinite(value) or value < 0:
            raise SettingsError(
                gettext(
                    "{source} line {line}: give a category and a peak_iops of 0 or more.",
                    source=source,
                    line=line,
                )
            )
        if category in table:
            raise SettingsError(
                gettext(
                    "{source} line {line}: category '{category}' appears twice.",
                    source=source,
                    line=line,
                    category=category,
                )
            )
        table[category] = value
    if UNKNOWN_CATEGORY not in table:
        raise SettingsError(
            gettext(
                "{source} must define the category '{UNKNOWN_CATEGORY}'.",
                source=source,
                UNKNOWN_CATEGORY=UNKNOWN_CATEGORY,
            )
        )
    return table


@functools.cache
def _shipped_table() -> tuple[tuple[str, float], ...]:
    text = read_data_file(IOPS_FILE)
    return tuple(parse_iops_table(text).items())


def default_iops_table() -> dict[str, float]:
    """Default peak IOPS per workload category, from storepredict/data/class_iops.csv."""
    return dict(_shipped_table())


def effective_iops(measured: float | None, category: str, table: Mapping[str, float]) -> float:
    """Measured peak IOPS when known, else the category default (the 'unknown' one if unlisted)."""
    if measured is not None:
        return measured
    return table.get(category, table[UNKNOWN_CATEGORY])


def hot_flags(iops: Sequence[float], hot_vm_iops: float) -> list[bool]:
    """Hot VMs: IOPS above hot_vm_iops, or strictly above the 90th percentile (10+ VMs only).

    Strictly above the percentile, so VMs with equal IOPS (e.g. all on one category default)
    are never split arbitrarily into hot and not hot.
    """
    values = np.asarray(iops, dtype=float)
    hot = values > hot_vm_iops
    if values.size >= HOT_DECILE_MIN_VMS:
        hot |= values > np.quantile(values, 0.9)
    flags: list[bool] = hot.tolist()
    return flags
