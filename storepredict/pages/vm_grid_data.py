"""The classify grid's rows as a compact server-side table, built once per sizing, read in blocks.

The table keeps one list per column (not one dict per VM); a block request filters and sorts the
row numbers and turns only the requested slice into row dicts. The last query's row order is kept,
so scrolling through one filtered, sorted view costs a slice per block.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from ..i18n import _, use_language
from ..pipeline import Inventory, SizingSettings
from ..pipeline.classify import reason_text
from ..pipeline.sizing import StorageResult
from ..vocabulary import power_label
from .grid_query import GridQuery, predicate, sort_key

GIB_MIB = 1024
COLUMNS = (
    "vm_id",
    "name",
    "class",
    "reason",
    "os",
    "cluster",
    "power",
    "capacity",
    "drr",
    "drr_set",
    "class_set",
    "ignored",
    "scope",
)
QUICK_COLUMNS = ("name", "class", "reason", "os", "cluster", "power", "scope")
"""The columns the quick filter searches (the texts a person reads in the grid)."""


class GridTable:
    """Every VM's grid row, column by column; answers filtered, sorted slices."""

    def __init__(self, columns: Mapping[str, Sequence[Any]]) -> None:
        self._columns = {name: list(columns[name]) for name in COLUMNS}
        self._index = {vm_id: i for i, vm_id in enumerate(self._columns["vm_id"])}
        texts = zip(*(self._columns[c] for c in QUICK_COLUMNS), strict=True)
        self._haystack = ["\n".join(row).lower() for row in texts]  # what the quick filter searches
        self._last: tuple[GridQuery, list[int]] | None = None

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, vm_id: object) -> bool:
        return vm_id in self._index

    def row(self, vm_id: str) -> dict[str, Any]:
        """One VM's row, as the grid receives it."""
        return self._row(self._index[vm_id])

    def rows(self) -> list[dict[str, Any]]:
        """Every row in inventory order (for checks; the grid only ever gets blocks)."""
        return [self._row(i) for i in range(len(self))]

    def has_result(self, query: GridQuery) -> bool:
        """Whether `matching(query)` is already computed (and costs nothing)."""
        return self._last is not None and self._last[0] == query

    def matching(self, query: GridQuery) -> list[int]:
        """Row numbers passing the query's filters, in its sort order."""
        if self._last is not None and self._last[0] == query:
            return self._last[1]
        rows = self._filtered(query)
        for column, descending in reversed(query.sort):  # stable sorts, last key first
            if column in self._columns:
                values = self._columns[column]
                rows.sort(key=lambda i: sort_key(values[i]), reverse=descending)
        self._last = (query, rows)
        return rows

    def block(self, query: GridQuery, start: int, end: int) -> tuple[list[dict[str, Any]], int]:
        """Rows `start` to `end` (exclusive) of the query's result, and how many match in all."""
        rows = self.matching(query)
        return [self._row(i) for i in rows[max(start, 0) : max(end, 0)]], len(rows)

    def matching_ids(self, query: GridQuery) -> list[str]:
        """The VM ids of every row the query lets through, in its order."""
        ids = self._columns["vm_id"]
        return [ids[i] for i in self.matching(query)]

    def _row(self, i: int) -> dict[str, Any]:
        return {name: values[i] for name, values in self._columns.items()}

    def _filtered(self, query: GridQuery) -> list[int]:
        rows = list(range(len(self)))
        words = query.quick_words
        if words:
            haystack = self._haystack
            rows = [i for i in rows if all(word in haystack[i] for word in words)]
        for column, model in query.filters:
            values = self._columns.get(column)
            if values is not None:
                test = predicate(json.loads(model))
                rows = [i for i in rows if test(values[i])]
        return rows


def build_table(
    inventory: Inventory,
    storage: StorageResult,
    settings: SizingSettings,
    class_names: Mapping[str, str],
    language: str,
) -> GridTable:
    """The grid table of one sizing: a row per sized VM, overrides flagged, GiB capacities.

    Runs on a worker thread, which does not inherit the page's language: it is passed in.
    """
    with use_language(language):
        return _table(inventory, storage, settings, class_names)


def _table(
    inventory: Inventory,
    storage: StorageResult,
    settings: SizingSettings,
    class_names: Mapping[str, str],
) -> GridTable:
    by_id = {vm.vm_id: vm for vm in inventory.vms}
    sized = storage.vms
    vms = [by_id[s.vm_id] for s in sized]
    ids = [s.vm_id for s in sized]
    ignored = set(settings.scope.ignored_vm_ids)
    drr_set = settings.vm_drr_overrides
    class_set = settings.vm_class_overrides
    labels: dict[tuple[str, ...], str] = {}  # few distinct class lists: word each once
    class_column = []
    in_scope = _("In scope")
    for s in sized:
        key = tuple(s.classes)
        label = labels.get(key)
        if label is None:
            label = labels[key] = " + ".join(class_names.get(c, c) for c in key)
        class_column.append(label)
    columns: dict[str, list[Any]] = {
        "vm_id": ids,
        "name": [s.name for s in sized],
        "class": class_column,
        "reason": [reason_text(s.reason) for s in sized],
        "os": [vm.os or "" for vm in vms],
        "cluster": [vm.cluster or "" for vm in vms],
        "power": [_("Template") if vm.is_template else power_label(vm.power_state) for vm in vms],
        "capacity": [round(s.basis_mib / GIB_MIB, 3) for s in sized],  # per-VM sizes read in GiB
        "drr": [s.drr for s in sized],
        "drr_set": [i in drr_set for i in ids],
        "class_set": [i in class_set for i in ids],
        "ignored": [i in ignored for i in ids],
        "scope": [
            in_scope if s.in_scope else reason_text(s.exclusion_reason or "excluded") for s in sized
        ],
    }
    return GridTable(columns)
