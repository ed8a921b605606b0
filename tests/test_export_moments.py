"""Exports of one vCenter taken on different days: size the older moment, update with the newer."""

from __future__ import annotations

import datetime as dt

import pytest

from storepredict.pipeline.inventory import SourceInfo
from storepredict.pipeline.session import (
    DateSplit,
    open_files,
    size_then_update,
    split_by_export_date,
)
from tests.test_many_exports import MAY, rvtools

JUNE = dt.datetime(2025, 6, 2, 9, 0)
VC_A = rvtools("vc-a", MAY, ("a1", "uuid-1", 1000), ("a2", "uuid-2", 2000))
VC_B = rvtools("vc-b", MAY, ("b1", "uuid-4", 4000), ("b2", "uuid-5", 5000))
# A month on, vc-b lost b2 and gained b3.
VC_B_JUNE = rvtools("vc-b", JUNE, ("b1", "uuid-4", 4000), ("b3", "uuid-6", 6000))
FILES = [("vc-a.xlsx", VC_A), ("vc-b.xlsx", VC_B), ("vc-b-june.xlsx", VC_B_JUNE)]


def source(name: str, date: str | None, *vcenters: str) -> SourceInfo:
    return SourceInfo(
        file_name=name, format="rvtools", export_date=date, vcenters=list(vcenters), vm_count=1
    )


@pytest.mark.parametrize(
    ("sources", "expected"),
    [
        pytest.param(
            [source("a", "2025-05-30T10:00:00", "vc-a"), source("b", "2025-05-30", "vc-b")],
            None,
            id="one day per vCenter",
        ),
        pytest.param(
            [source("a", "2025-05-30T10:00", "vc-a"), source("a2", "2025-05-30T18:00", "vc-a")],
            None,
            id="same day, other hour",
        ),
        pytest.param(
            [
                source("a", "2025-05-30", "vc-a"),
                source("b", "2025-05-30", "vc-b"),
                source("b2", "2025-06-02", "vc-b"),
            ],
            DateSplit(older=["a", "b"], newer=["a", "b2"]),
            id="vc-b exported twice",
        ),
        pytest.param(
            [
                source("b3", "2025-07-01", "vc-b"),
                source("b1", "2025-05-30", "vc-b"),
                source("b2", "2025-06-02", "vc-b"),
                source("x", None, "vc-b"),
            ],
            DateSplit(older=["b1", "x"], newer=["b3", "x"]),
            id="three days, one undated",
        ),
        pytest.param(
            [source("ab", "2025-05-30", "vc-a", "vc-b"), source("b", "2025-06-02", "vc-b")],
            DateSplit(older=["ab"], newer=["b"]),
            id="linked-mode export",
        ),
    ],
)
def test_the_two_moments(sources: list[SourceInfo], expected: DateSplit | None) -> None:
    assert split_by_export_date(sources) == expected


def test_the_older_moment_is_sized_then_updated_with_the_newer() -> None:
    mixed, _originals, _restored = open_files(FILES)
    assert mixed.inventory is not None
    assert [f.code for f in mixed.inventory.findings].count("export_dates_differ") == 1
    split = split_by_export_date(mixed.inventory.sources)
    assert split == DateSplit(
        older=["vc-a.xlsx", "vc-b.xlsx"], newer=["vc-a.xlsx", "vc-b-june.xlsx"]
    )

    keep = mixed.model_copy(update={"project_name": "Acme"})
    state, originals = size_then_update(split, FILES, keep_from=keep)
    assert state.inventory is not None
    assert state.project_name == "Acme"
    assert sorted(vm.name for vm in state.inventory.vms) == ["a1", "a2", "b1", "b3"]
    assert [name for name, _ in originals] == ["vc-a.xlsx", "vc-b-june.xlsx"]
    report = state.last_update
    assert report is not None
    assert (report.matched, report.added, report.removed) == (3, ["b3"], ["b2"])
    assert "export_dates_differ" not in {f.code for f in state.inventory.findings}
