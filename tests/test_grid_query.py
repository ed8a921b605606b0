"""The classify grid's server-side table: filter, sort and slice (hand-made rows, the sample)."""

from __future__ import annotations

from typing import Any

from storepredict.pages.grid_query import GridQuery, query_of
from storepredict.pages.vm_grid_data import COLUMNS, GridTable, build_table
from storepredict.pipeline.classify.catalogue import load_catalogue
from storepredict.pipeline.session.open import open_files
from storepredict.pipeline.settings import SizingSettings
from storepredict.pipeline.sizing.run import size_session

from .pages.helpers import sample_bytes

# vm_id, name, class, reason, os, cluster, power, capacity, drr, ignored, scope
ROWS = [
    ("a", "web01", "Web servers", "rule w", "Ubuntu", "Prod", "Powered on", 10.0, 2.0, False),
    ("b", "SQL01", "SQL Server", "rule s", "Windows", "Prod", "Powered on", 500.0, 3.0, False),
    ("c", "sql02", "SQL Server", "rule s", "Windows", "Test", "Powered off", 250.5, 3.0, True),
    ("d", "Web02", "Web servers", "manual override", "", "Test", "Powered on", None, 2.5, False),
    ("e", "backup", "Backup", "rule b", "Linux", "", "Template", 0.0, 1.0, False),
    ("f", "dc01", "DCs", "rule d", "Windows", "Prod", "Powered on", 75.25, 5.0, False),
]  # fmt: skip


def table() -> GridTable:
    columns: dict[str, list[Any]] = {name: [] for name in COLUMNS}
    for vm_id, name, klass, reason, os, cluster, power, capacity, drr, ignored in ROWS:
        row = {
            "vm_id": vm_id,
            "name": name,
            "class": klass,
            "reason": reason,
            "os": os,
            "cluster": cluster,
            "power": power,
            "capacity": capacity,
            "drr": drr,
            "drr_set": False,
            "class_set": reason == "manual override",
            "ignored": ignored,
            "scope": "Excluded" if ignored else "In scope",
        }
        for column in COLUMNS:
            columns[column].append(row[column])
    return GridTable(columns)


def ids(query: GridQuery) -> list[str]:
    return table().matching_ids(query)


def text(column: str, kind: str, value: str | None = None) -> GridQuery:
    return query_of([], {column: {"filterType": "text", "type": kind, "filter": value}}, "")


def number(
    column: str, kind: str, low: float | None = None, high: float | None = None
) -> GridQuery:
    model = {"filterType": "number", "type": kind, "filter": low, "filterTo": high}
    return query_of([], {column: model}, "")


def by(*sort: tuple[str, str]) -> GridQuery:
    return query_of([{"colId": c, "sort": s} for c, s in sort], {}, "")


def test_no_query_keeps_inventory_order() -> None:
    assert ids(GridQuery()) == ["a", "b", "c", "d", "e", "f"]


def test_sorting_ignores_case_puts_blanks_first_and_chains_keys() -> None:
    assert ids(by(("name", "asc"))) == ["e", "f", "b", "c", "a", "d"]
    assert ids(by(("name", "desc"))) == ["d", "a", "c", "b", "f", "e"]
    assert ids(by(("capacity", "asc"))) == ["d", "e", "a", "f", "c", "b"]  # None first
    assert ids(by(("cluster", "asc"), ("capacity", "desc"))) == ["e", "b", "f", "a", "c", "d"]
    assert ids(by(("drr", "desc"), ("name", "asc"))) == ["f", "b", "c", "d", "a", "e"]
    assert ids(by(("no_such_column", "asc"))) == ["a", "b", "c", "d", "e", "f"]


def test_text_filters_ignore_case() -> None:
    assert ids(text("name", "contains", "SQL")) == ["b", "c"]
    assert ids(text("name", "notContains", "sql")) == ["a", "d", "e", "f"]
    assert ids(text("class", "equals", "web servers")) == ["a", "d"]
    assert ids(text("class", "notEqual", "web servers")) == ["b", "c", "e", "f"]
    assert ids(text("name", "startsWith", "web")) == ["a", "d"]
    assert ids(text("name", "endsWith", "01")) == ["a", "b", "f"]
    assert ids(text("os", "blank")) == ["d"]
    assert ids(text("cluster", "notBlank")) == ["a", "b", "c", "d", "f"]
    assert ids(text("name", "contains", None)) == ["a", "b", "c", "d", "e", "f"]  # not typed yet


def test_number_and_boolean_filters() -> None:
    assert ids(number("capacity", "greaterThan", 75.25)) == ["b", "c"]
    assert ids(number("capacity", "greaterThanOrEqual", 75.25)) == ["b", "c", "f"]
    assert ids(number("capacity", "lessThan", 10)) == ["e"]  # blank is not a number
    assert ids(number("capacity", "lessThanOrEqual", 10)) == ["a", "e"]
    assert ids(number("capacity", "equals", 0)) == ["e"]
    assert ids(number("capacity", "notEqual", 0)) == ["a", "b", "c", "f"]
    assert ids(number("capacity", "inRange", 10, 250.5)) == ["f"]  # bounds excluded
    assert ids(number("capacity", "blank")) == ["d"]
    ignored = {"ignored": {"filterType": "text", "type": "true"}}
    assert ids(query_of([], ignored, "")) == ["c"]
    included = {"ignored": {"filterType": "text", "type": "false"}}
    assert ids(query_of([], included, "")) == ["a", "b", "d", "e", "f"]


def test_two_conditions_and_two_columns() -> None:
    either = {
        "filterType": "text",
        "operator": "OR",
        "conditions": [
            {"filterType": "text", "type": "startsWith", "filter": "web"},
            {"filterType": "text", "type": "equals", "filter": "backup"},
        ],
    }
    assert ids(query_of([], {"name": either}, "")) == ["a", "d", "e"]
    both = {**either, "operator": "AND"}
    assert ids(query_of([], {"name": both}, "")) == []
    prod_windows = {
        "cluster": {"filterType": "text", "type": "equals", "filter": "prod"},
        "os": {"filterType": "text", "type": "equals", "filter": "windows"},
    }
    assert ids(query_of([{"colId": "name", "sort": "desc"}], prod_windows, "")) == ["b", "f"]


def test_quick_filter_needs_every_word_in_any_readable_column() -> None:
    assert ids(query_of([], {}, "windows")) == ["b", "c", "f"]
    assert ids(query_of([], {}, "  WINDOWS   prod ")) == ["b", "f"]
    assert ids(query_of([], {}, "override")) == ["d"]  # the reason column
    assert ids(query_of([], {}, "template")) == ["e"]  # the power column
    assert ids(query_of([], {}, "500")) == []  # numbers are not searched
    quick_and_sort = query_of([{"colId": "capacity", "sort": "desc"}], {}, "rule sql")
    assert ids(quick_and_sort) == ["b", "c"]


def test_a_block_is_a_slice_of_the_filtered_sorted_rows_with_the_match_count() -> None:
    grid = table()
    query = query_of([{"colId": "name", "sort": "asc"}], {}, "")
    rows, matched = grid.block(query, 2, 4)
    assert matched == 6
    assert [r["vm_id"] for r in rows] == ["b", "c"]
    assert rows[0] == {
        "vm_id": "b",
        "name": "SQL01",
        "class": "SQL Server",
        "reason": "rule s",
        "os": "Windows",
        "cluster": "Prod",
        "power": "Powered on",
        "capacity": 500.0,
        "drr": 3.0,
        "drr_set": False,
        "class_set": False,
        "ignored": False,
        "scope": "In scope",
    }
    assert [r["vm_id"] for r in grid.block(query, 4, 100)[0]] == ["a", "d"]
    assert grid.block(query, 100, 200) == ([], 6)
    sql = text("name", "contains", "sql")
    assert [r["vm_id"] for r in grid.block(sql, 0, 100)[0]] == ["b", "c"]
    assert grid.block(sql, 0, 100)[1] == 2


def test_query_of_drops_malformed_parts_and_equal_queries_share_a_result() -> None:
    query = query_of([{"sort": "asc"}, "name", {"colId": "name", "sort": "desc"}], {"x": 1}, " a ")
    assert query == GridQuery(sort=(("name", True),), filters=(), quick="a")
    grid = table()
    first = grid.matching(by(("name", "asc")))
    assert grid.matching(by(("name", "asc"))) is first  # scrolling one view re-sorts nothing


def test_the_sample_table_has_a_row_per_sized_vm_with_its_overrides() -> None:
    state, _, _ = open_files([("sample-rvtools.xlsx", sample_bytes())])
    storage = size_session(state).storage
    first, second, third = (vm.vm_id for vm in storage.vms[:3])
    settings = SizingSettings.model_validate(
        {
            "vm_drr_overrides": {first: 6.0},
            "vm_class_overrides": {second: ["db_sql_server"]},
            "scope": {"ignored_vm_ids": [third]},
        }
    )
    assert state.inventory is not None
    names = {c.id: c.name for c in load_catalogue().values()}
    grid = build_table(state.inventory, storage, settings, names, "en")
    assert len(grid) == 298
    rows = grid.rows()
    assert [r["vm_id"] for r in rows] == [vm.vm_id for vm in storage.vms]
    assert [r["vm_id"] for r in rows if r["drr_set"]] == [first]
    assert [r["vm_id"] for r in rows if r["class_set"]] == [second]
    assert [r["vm_id"] for r in rows if r["ignored"]] == [third]
    vm = storage.vms[0]
    assert rows[0]["capacity"] == round(vm.basis_mib / 1024, 3)
    assert rows[0]["class"] == " + ".join(names[c] for c in vm.classes)
    assert sum(r["scope"] == "In scope" for r in rows) == sum(v.in_scope for v in storage.vms)
