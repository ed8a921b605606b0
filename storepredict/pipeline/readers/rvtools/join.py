"""Per-VM sums from vDisk and vPartition, and each VM's list of disks, tied to the vInfo rows.

Per-VM sheets are tied to vInfo rows by the most precise identifier both sheets carry: `VM UUID`,
else `VM ID` (the vCenter object id, present in 3.x exports that lack UUIDs), else the VM name;
`VI SDK Server` is added to the key when both sheets carry it (several vCenters in one export).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..excel import non_negative
from .sheets import clean_text, has_text, text_list, to_floats

JOIN_LEVELS = ("uuid", "moref", "name")


@dataclass
class PerVmSums:
    """Sums of a per-VM sheet's numeric columns, aligned with the vInfo rows (NaN: no rows)."""

    sums: dict[str, pd.Series]
    joined_on: str
    unmatched_rows: int = 0
    ambiguous_names: list[str] = field(default_factory=list)


def _carried(frame: pd.DataFrame, key: str) -> bool:
    return key in frame.columns and bool(has_text(frame[key]).any())


def _join_key(frame: pd.DataFrame, levels: list[str], with_vcenter: bool) -> pd.Series:
    """One key per row: the first non-blank identifier among `levels`, tagged with its level."""
    key = pd.Series(pd.NA, index=frame.index, dtype="string")
    for level in levels:
        key = key.fillna(level + ":" + clean_text(frame[level]))
    if with_vcenter:
        key = clean_text(frame["vcenter"]).fillna("") + "\x1f" + key
    return key


def _keys(vinfo: pd.DataFrame, rows: pd.DataFrame) -> tuple[list[str], pd.Series, pd.Series] | None:
    """The join levels, each vInfo row's lookup key and each sheet row's key (None: no join)."""
    levels = [k for k in JOIN_LEVELS if _carried(vinfo, k) and _carried(rows, k)]
    if not levels:
        return None
    with_vcenter = _carried(vinfo, "vcenter") and _carried(rows, "vcenter")
    return levels, _join_key(vinfo, levels, with_vcenter), _join_key(rows, levels, with_vcenter)


def sum_per_vm(vinfo: pd.DataFrame, rows: pd.DataFrame, value_keys: list[str]) -> PerVmSums | None:
    """Sum `value_keys` of a per-VM sheet for each vInfo row; None when nothing can join them."""
    keys = _keys(vinfo, rows)
    if keys is None:
        return None
    levels, vinfo_key, rows_key = keys
    duplicated = vinfo_key.duplicated(keep=False) & vinfo_key.notna()
    # Two VMs sharing a key cannot be told apart: neither gets the rows.
    lookup_key = vinfo_key.mask(duplicated)
    sums = {}
    for key in value_keys:
        if key in rows.columns:
            per_key = non_negative(to_floats(rows[key])).groupby(rows_key).sum(min_count=1)
            sums[key] = lookup_key.map(per_key).astype("float64")
    known = set(vinfo_key.dropna().tolist())
    unmatched = sum(key not in known for key in rows_key.tolist())
    ambiguous = sorted({name for name in text_list(vinfo.loc[duplicated, "name"]) if name})
    return PerVmSums(sums, levels[0], unmatched, ambiguous)


def disk_lists(vinfo: pd.DataFrame, rows: pd.DataFrame) -> list[list[float] | None] | None:
    """Each vInfo row's virtual disk capacities (MiB) in disk order (`Hard disk 1`, 2, ... 10);
    None for a VM without vDisk rows or sharing its key, and None when nothing can join them.

    Disks whose capacity is blank, unreadable or negative are left out of the list.
    """
    keys = _keys(vinfo, rows)
    if keys is None or "capacity" not in rows.columns:
        return None
    _, vinfo_key, rows_key = keys
    codes, uniques = pd.factorize(rows_key)
    capacity = non_negative(to_floats(rows["capacity"])).to_numpy()
    numbers = _disk_numbers(rows["disk"]) if "disk" in rows.columns else np.zeros(len(rows))
    kept = np.flatnonzero((codes >= 0) & ~np.isnan(capacity))
    kept = kept[np.lexsort((numbers[kept], codes[kept]))]
    grouped = codes[kept]
    starts = np.flatnonzero(np.r_[True, grouped[1:] != grouped[:-1]]).tolist() if kept.size else []
    values, owners = capacity[kept].tolist(), grouped.tolist()
    lists: list[list[float] | None] = [None] * len(uniques)
    ends = [*starts[1:], len(values)] if starts else []  # no disk with a readable capacity
    for start, end in zip(starts, ends, strict=True):
        lists[owners[start]] = values[start:end]
    duplicated = vinfo_key.duplicated(keep=False) & vinfo_key.notna()
    positions = pd.Index(uniques).get_indexer(vinfo_key.mask(duplicated))
    return [lists[p] if p >= 0 else None for p in positions.tolist()]


def _disk_numbers(disks: pd.Series) -> np.ndarray:
    """The number ending each disk's name (`Hard disk 10` -> 10; inf when there is none), so
    disks sort by number, not as text."""
    text = pa.array(disks, type=pa.large_string(), from_pandas=True)
    found = pc.extract_regex(text, r"(?P<n>\d+)\s*$").field("n")
    numbers: np.ndarray = pc.cast(found, pa.float64()).to_numpy(zero_copy_only=False)
    return np.where(np.isnan(numbers), np.inf, numbers)
