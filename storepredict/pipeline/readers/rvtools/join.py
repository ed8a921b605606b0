"""Per-VM sums from vDisk and vPartition, tied to the vInfo rows.

Per-VM sheets are tied to vInfo rows by the most precise identifier both sheets carry: `VM UUID`,
else `VM ID` (the vCenter object id, present in 3.x exports that lack UUIDs), else the VM name;
`VI SDK Server` is added to the key when both sheets carry it (several vCenters in one export).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..excel import non_negative
from .sheets import clean_text, text_list, to_floats

JOIN_LEVELS = ("uuid", "moref", "name")


@dataclass
class PerVmSums:
    """Sums of a per-VM sheet's numeric columns, aligned with the vInfo rows (NaN: no rows)."""

    sums: dict[str, pd.Series]
    joined_on: str
    unmatched_rows: int = 0
    ambiguous_names: list[str] = field(default_factory=list)


def _carried(frame: pd.DataFrame, key: str) -> bool:
    return key in frame.columns and bool(clean_text(frame[key]).notna().any())


def _join_key(frame: pd.DataFrame, levels: list[str], with_vcenter: bool) -> pd.Series:
    """One key per row: the first non-blank identifier among `levels`, tagged with its level."""
    key = pd.Series(pd.NA, index=frame.index, dtype="string")
    for level in levels:
        key = key.fillna(level + ":" + clean_text(frame[level]))
    if with_vcenter:
        key = clean_text(frame["vcenter"]).fillna("") + "\x1f" + key
    return key


def sum_per_vm(vinfo: pd.DataFrame, rows: pd.DataFrame, value_keys: list[str]) -> PerVmSums | None:
    """Sum `value_keys` of a per-VM sheet for each vInfo row; None when nothing can join them."""
    levels = [k for k in JOIN_LEVELS if _carried(vinfo, k) and _carried(rows, k)]
    if not levels:
        return None
    with_vcenter = _carried(vinfo, "vcenter") and _carried(rows, "vcenter")
    vinfo_key = _join_key(vinfo, levels, with_vcenter)
    rows_key = _join_key(rows, levels, with_vcenter)
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
