"""Server-side paging of the layout page's datastore table: filter, sort and slice by hand."""

from __future__ import annotations

from typing import Any

import pytest

from storepredict.pages.datastore_paging import (
    Page,
    PageRequest,
    matching,
    ordered,
    page_of,
    pagination,
    request_of,
    search_text,
)
from storepredict.pipeline.layout import Datastore
from storepredict.pipeline.units import TIB_MIB


def datastore(name: str, used_tib: float, vm_count: int = 1, iops: float = 100.0) -> Datastore:
    """A 4 TiB datastore holding `used_tib`."""
    return Datastore(
        name=name,
        size_mib=4 * TIB_MIB,
        used_mib=used_tib * TIB_MIB,
        free_mib=(4 - used_tib) * TIB_MIB,
        fill_pct=used_tib / 4 * 100,
        vm_count=vm_count,
        iops=iops,
        categories=["general_vm"],
        vm_ids=[f"{name}-vm{k}" for k in range(vm_count)],
    )


# plan order: a, B, c, d; fills 50, 25, 75, 25 %; VMs 3, 1, 2, 4; IOPS 300, 900, 100, 500
PLAN = [
    datastore("ds-a", 2.0, 3, 300),
    datastore("DS-B", 1.0, 1, 900),
    datastore("ds-c", 3.0, 2, 100),
    datastore("ds-d", 1.0, 4, 500),
]


@pytest.mark.parametrize(
    ("sort_by", "descending", "names"),
    [
        (None, False, ["ds-a", "DS-B", "ds-c", "ds-d"]),  # the plan's order
        ("name", False, ["ds-a", "DS-B", "ds-c", "ds-d"]),  # case ignored
        ("name", True, ["ds-d", "ds-c", "DS-B", "ds-a"]),
        ("fill", False, ["DS-B", "ds-d", "ds-a", "ds-c"]),  # B and d tie: plan order
        ("fill", True, ["ds-c", "ds-a", "DS-B", "ds-d"]),  # the tie keeps plan order too
        ("used", True, ["ds-c", "ds-a", "DS-B", "ds-d"]),
        ("free", False, ["ds-c", "ds-a", "DS-B", "ds-d"]),
        ("size", True, ["ds-a", "DS-B", "ds-c", "ds-d"]),  # all 4 TiB: plan order
        ("vm_count", False, ["DS-B", "ds-c", "ds-a", "ds-d"]),
        ("iops", True, ["DS-B", "ds-d", "ds-a", "ds-c"]),
        ("categories", True, ["ds-a", "DS-B", "ds-c", "ds-d"]),  # not sortable: plan order
    ],
)
def test_ordered_sorts_by_the_column_figure(
    sort_by: str | None, descending: bool, names: list[str]
) -> None:
    indices = ordered(PLAN, [0, 1, 2, 3], sort_by, descending)
    assert [PLAN[i].name for i in indices] == names


def test_ordered_sorts_only_the_given_indices() -> None:
    assert ordered(PLAN, [0, 2, 3], "iops", False) == [2, 0, 3]
    assert ordered(PLAN, [], "fill", True) == []


TEXTS = [
    search_text("DS-CONS-001", "Databases", "isolated", ["sql-01", "SQL-02"]),
    search_text("DS-CONS-002", "General VMs", "", ["web-01", "app-13"]),
    search_text("DS-CONS-003", "General VMs, Web", "hot (estimated IOPS)", ["app-1"]),
]


def test_search_text_is_one_lower_case_text_per_datastore() -> None:
    assert TEXTS[0] == "ds-cons-001\ndatabases\nisolated\nsql-01\nsql-02"


@pytest.mark.parametrize(
    ("filter_text", "expected"),
    [
        ("", [0, 1, 2]),
        ("   ", [0, 1, 2]),
        ("sql-02", [0]),  # a VM name, case ignored
        ("DS-CONS-00", [0, 1, 2]),
        ("cons-002", [1]),
        ("general", [1, 2]),  # workloads
        ("hot", [2]),  # notes
        ("app-1", [1, 2]),  # app-13 holds app-1 too
        ("app-1 hot", [2]),  # every word must be found
        ("app-1 web", [1, 2]),  # web-01 and Web are words of both
        ("general isolated", []),
        ("nothing", []),
    ],
)
def test_matching_needs_every_word(filter_text: str, expected: list[int]) -> None:
    assert matching(TEXTS, filter_text) == expected


@pytest.mark.parametrize(
    ("page", "rows", "indices", "shown"),
    [
        (1, 15, list(range(40)), list(range(15))),
        (2, 15, list(range(40)), list(range(15, 30))),
        (3, 15, list(range(40)), list(range(30, 40))),  # the last page holds the 10 left
        (4, 15, list(range(40)), list(range(30, 40))),  # past the end: the last page
        (2, 30, list(range(40)), list(range(30, 40))),
        (1, 50, list(range(40)), list(range(40))),
        (3, 15, [], []),  # nothing matches: page 1, empty
    ],
)
def test_page_of_slices_the_requested_page(
    page: int, rows: int, indices: list[int], shown: list[int]
) -> None:
    result = page_of(indices, PageRequest(page=page, rows_per_page=rows))
    last = max(1, -(-len(indices) // rows))
    assert result == Page(indices=shown, page=min(page, last), matched=len(indices))


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({}, PageRequest(1, 100, None, False)),  # rows per page missing: the largest choice
        (None, PageRequest(1, 100, None, False)),
        (
            {"page": 3, "rowsPerPage": 30, "sortBy": "fill", "descending": True},
            PageRequest(3, 30, "fill", True),
        ),
        ({"page": 2, "rowsPerPage": 15, "sortBy": None}, PageRequest(2, 15, None, False)),
        ({"page": 0, "rowsPerPage": 0}, PageRequest(1, 100, None, False)),  # Quasar's 'all'
        ({"page": "2", "rowsPerPage": 7}, PageRequest(1, 100, None, False)),
        ({"page": True, "rowsPerPage": 50}, PageRequest(1, 50, None, False)),
        ({"rowsPerPage": 15, "sortBy": "vms", "descending": "yes"}, PageRequest(1, 15)),
        ({"rowsPerPage": 15, "sortBy": "flags"}, PageRequest(1, 15)),  # not sortable
    ],
)
def test_request_of_reads_a_quasar_pagination(given: Any, expected: PageRequest) -> None:
    assert request_of(given) == expected


def test_pagination_reports_the_match_count_as_rows_number() -> None:
    request = PageRequest(page=9, rows_per_page=15, sort_by="iops", descending=True)
    page = page_of(list(range(4812)), request)
    assert page.indices == list(range(120, 135))
    assert pagination(request, page) == {
        "sortBy": "iops",
        "descending": True,
        "page": 9,
        "rowsPerPage": 15,
        "rowsNumber": 4812,
    }


def test_pagination_of_a_page_past_the_end_names_the_last_page() -> None:
    request = PageRequest(page=5, rows_per_page=30)
    assert pagination(request, page_of(list(range(70)), request))["page"] == 3
