"""The layout page at scale: the datastore table is paged on the server, the fill chart groups.

The estate: 70 general VMs app-00 .. app-69, VM i with (0.05 + 0.04 i) TiB in use, no snapshot
reserve nor growth, one VM per datastore (4 TiB each). So there are 70 datastores, filled
(1.25 + i) %, largest first: DS-CONS-001 holds app-69, DS-CONS-(70 - i) holds app-i. app-05 is a
SQL Server VM (1,500 IOPS by default, so its datastore DS-CONS-065 is hot).
"""

from __future__ import annotations

from typing import Any

import pytest
from nicegui import ui
from nicegui.testing import User

from storepredict.i18n import use_language
from storepredict.pages.fill_chart import (
    BARS_UP_TO,
    band_label,
    band_options,
    bar_options,
    chart_subtitle,
    fill_bands,
)
from storepredict.pipeline.layout import Datastore
from storepredict.pipeline.session.state import SessionState
from storepredict.pipeline.units import TIB_MIB

from .estates import estate, open_state, set_input, synthetic_vm
from .helpers import WAIT, by_testid

ALL = 70


def paging_estate() -> SessionState:
    """The 70-datastore estate of the module docstring."""
    vms = [
        synthetic_vm(i, provisioned_mib=4 * TIB_MIB, in_use_mib=(0.05 + 0.04 * i) * TIB_MIB)
        for i in range(ALL)
    ]
    return estate(
        vms,
        snapshot_reserve=0,
        annual_growth=0,
        layout={"max_vms_per_datastore": 1},
        vm_class_overrides={"vm-05": ["db_sql_server"]},
    )


def names(first: int, last: int) -> list[str]:
    """DS-CONS-<first> .. DS-CONS-<last>."""
    return [f"DS-CONS-{k:03d}" for k in range(first, last + 1)]


async def open_table(user: User) -> ui.table:
    """Open the layout page of the paging estate; its datastore table once drawn."""
    await open_state(user, paging_estate(), "/layout")
    await user.should_see(marker="datastores", retries=WAIT)
    table = by_testid(user, "datastores")
    assert isinstance(table, ui.table)
    return table


def ask(user: User, **pagination: Any) -> None:
    """What q-table sends on a page, sort or rows-per-page click in server-side mode."""
    asked = {"page": 1, "rowsPerPage": 15, "sortBy": None, "descending": False}
    asked.update(pagination)
    with user:
        user.find(marker="datastores").trigger("request", {"pagination": asked})


def shown(table: ui.table) -> list[str]:
    """The datastore names of the rows the browser has."""
    return [row["name"] for row in table.rows]


async def test_first_page_is_drawn_with_the_page(user: User) -> None:
    table = await open_table(user)
    await user.should_see("Consolidation layout: 70 datastores")
    assert shown(table) == names(1, 15)
    assert table.pagination == {
        "sortBy": None,
        "descending": False,
        "page": 1,
        "rowsPerPage": 15,
        "rowsNumber": ALL,
    }
    assert table.props["rows-per-page-options"] == [15, 30, 50, 100]
    assert table.rows[0]["vms"] == "app-69\tGeneral virtual machines\t2.81 TiB"
    assert (table.rows[0]["used"], table.rows[0]["free"]) == (2.81, 1.19)
    assert "first.toLocaleString('en-US')" in table.props[":pagination-label"]
    assert not by_testid(user, "datastore-matches").visible


async def test_next_page_and_the_last_one(user: User) -> None:
    table = await open_table(user)
    ask(user, page=2)
    assert shown(table) == names(16, 30)
    assert table.pagination["page"] == 2
    ask(user, page=5)
    assert shown(table) == names(61, 70)  # 70 = 4 x 15 + 10
    ask(user, page=9)  # past the end: the last page
    assert shown(table) == names(61, 70)
    assert table.pagination["page"] == 5


@pytest.mark.parametrize(
    ("sort_by", "descending", "first_three"),
    [
        ("fill", False, ["DS-CONS-070", "DS-CONS-069", "DS-CONS-068"]),  # app-00, 01, 02
        ("fill", True, names(1, 3)),
        ("name", True, ["DS-CONS-070", "DS-CONS-069", "DS-CONS-068"]),
        ("iops", True, ["DS-CONS-065", "DS-CONS-001", "DS-CONS-002"]),  # SQL first, then plan
        ("vm_count", False, names(1, 3)),  # one VM each: the plan's order
    ],
)
async def test_sort_runs_on_the_server(
    user: User, sort_by: str, descending: bool, first_three: list[str]
) -> None:
    table = await open_table(user)
    ask(user, page=2)
    ask(user, sortBy=sort_by, descending=descending)
    assert shown(table)[:3] == first_three
    assert len(table.rows) == 15
    assert table.pagination["sortBy"] == sort_by
    assert table.pagination["descending"] is descending
    assert table.pagination["rowsNumber"] == ALL


async def test_filter_by_vm_name_finds_its_datastore(user: User) -> None:
    table = await open_table(user)
    ask(user, page=3, sortBy="fill", descending=False)
    await set_input(user, "datastore-filter", "APP-37")
    assert shown(table) == ["DS-CONS-033"]
    assert table.rows[0]["vms"] == "app-37\tGeneral virtual machines\t1.53 TiB"
    assert table.pagination["page"] == 1
    assert table.pagination["rowsNumber"] == 1
    await user.should_see("1 datastore of 70 matches the filter", marker="datastore-matches")

    await set_input(user, "datastore-filter", "app-3")  # app-30 .. app-39, emptiest first
    assert shown(table) == names(31, 40)[::-1]
    await user.should_see("10 datastores of 70 match the filter")

    ask(user, sortBy="name")  # a sort keeps the filter
    assert shown(table) == names(31, 40)
    assert table.pagination["rowsNumber"] == 10


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("databases", ["DS-CONS-065"]),  # workloads
        ("hot", ["DS-CONS-065"]),  # notes: 'hot (estimated IOPS)'
        ("DS-CONS-00", names(1, 9)),  # datastore names
        ("general app-6", names(1, 10)),  # app-60 .. app-69 (app-06 is not app-6)
        ("no such vm", []),
    ],
)
async def test_filter_reads_names_workloads_and_notes(
    user: User, text: str, expected: list[str]
) -> None:
    table = await open_table(user)
    await set_input(user, "datastore-filter", text)
    assert sorted(shown(table)) == sorted(expected)
    assert table.pagination["rowsNumber"] == len(expected)


async def test_clearing_the_filter_shows_every_datastore(user: User) -> None:
    table = await open_table(user)
    await set_input(user, "datastore-filter", "app-37")
    assert table.pagination["rowsNumber"] == 1
    await set_input(user, "datastore-filter", None)  # the clear button
    assert shown(table) == names(1, 15)
    assert table.pagination["rowsNumber"] == ALL
    assert not by_testid(user, "datastore-matches").visible


async def test_rows_per_page_change(user: User) -> None:
    table = await open_table(user)
    ask(user, rowsPerPage=30)
    assert shown(table) == names(1, 30)
    ask(user, rowsPerPage=30, page=3)
    assert shown(table) == names(61, 70)
    ask(user, rowsPerPage=100)
    assert shown(table) == names(1, 70)
    ask(user, rowsPerPage=0)  # 'all' is not offered: the largest choice
    assert table.pagination["rowsPerPage"] == 100


async def test_many_datastores_are_charted_per_fill_band(user: User) -> None:
    await open_table(user)
    await user.should_see(
        "70 datastores grouped by fill; point at a bar for its used and free space"
    )
    chart = by_testid(user, "fill-chart")
    assert isinstance(chart, ui.echart)
    assert chart.options["xAxis"]["data"] == [f"{k}-{k + 10} %" for k in range(0, 100, 10)]
    # fill (1.25 + i) %: i = 0..8 below 10 %, then ten per band, app-69 alone at 70.25 %
    data = chart.options["series"][0]["data"]
    assert [bar["value"] for bar in data] == [9, 10, 10, 10, 10, 10, 10, 1, 0, 0]
    # used 0.05 x 9 + 0.04 x (0 + .. + 8) = 1.89 TiB of 9 x 4 TiB
    assert data[0]["tip"] == "0-10 %<br>9 datastores<br>Used: 1.89 TiB<br>Free: 34.11 TiB"
    assert data[7]["tip"] == "70-80 %<br>1 datastore<br>Used: 2.81 TiB<br>Free: 1.19 TiB"
    assert data[9]["tip"] == "90-100 %<br>0 datastores<br>Used: 0.00 TiB<br>Free: 0.00 TiB"


def datastore(k: int, fill_pct: float) -> Datastore:
    """Datastore k of 1 TiB filled `fill_pct` %."""
    used = fill_pct / 100 * TIB_MIB
    return Datastore(
        name=f"DS-{k:03d}",
        size_mib=TIB_MIB,
        used_mib=used,
        free_mib=TIB_MIB - used,
        fill_pct=fill_pct,
        vm_count=1,
        iops=10.0,
        categories=["general_vm"],
        vm_ids=[f"vm-{k}"],
    )


def test_up_to_the_threshold_one_bar_per_datastore() -> None:
    datastores = [datastore(k, 50.0) for k in range(BARS_UP_TO)]
    options = bar_options(datastores, "TiB")
    assert BARS_UP_TO == 60
    assert options["xAxis"]["data"] == [f"DS-{k:03d}" for k in range(60)]
    assert options["series"][0]["data"] == [0.5] * 60
    assert options["series"][1]["data"] == [0.5] * 60
    assert chart_subtitle(60) == "Used (footprint with reserves) and free space"
    assert chart_subtitle(61).startswith("61 datastores grouped by fill")


def test_bands_count_by_hand_with_band_edges_and_oversized() -> None:
    fills = [0.0, 9.99, 10.0, 55.0, 59.9, 60.0, 99.5, 100.0, 100.0, 130.0]
    bands = fill_bands([datastore(k, fill) for k, fill in enumerate(fills)])
    # 0-10: 0, 9.99; 10-20: 10; 50-60: 55, 59.9; 60-70: 60; 90-100: 99.5, 100, 100; over: 130
    assert [band.count for band in bands] == [2, 1, 0, 0, 0, 2, 1, 0, 0, 3, 1]
    assert [band_label(band) for band in bands][-2:] == ["90-100 %", "over 100 %"]
    assert bands[-1].used_mib == 1.3 * TIB_MIB
    assert bands[5].free_mib == pytest.approx((0.45 + 0.401) * TIB_MIB)
    options = band_options([datastore(k, 25.0) for k in range(61)], "TiB")
    assert [bar["value"] for bar in options["series"][0]["data"]] == [0, 0, 61] + [0] * 7
    assert len(options["xAxis"]["data"]) == 10  # no 'over 100 %' band when none is over


def test_chart_words_in_french_and_german_group_thousands() -> None:
    bands = fill_bands([datastore(k, fill) for k, fill in enumerate([5.0, 120.0])])
    with use_language("fr"):
        assert chart_subtitle(4812) == (
            "4\u202f812 datastores regroupés par remplissage ; "
            "pointez une barre pour voir son espace utilisé et libre"
        )
        assert band_label(bands[-1]) == "plus de 100 %"
        assert band_options([datastore(0, 5.0)], "TiB")["series"][0]["data"][0]["tip"] == (
            "0 à 10 %<br>1 datastore<br>Utilisé : 0,05 Tio<br>Libre : 0,95 Tio"
        )
        assert band_label(bands[0]) == "0 à 10 %"
    with use_language("de"):
        assert chart_subtitle(4812).startswith("4.812 Datastores nach Füllgrad gruppiert")
        assert band_label(bands[-1]) == "über 100 %"
        assert band_label(bands[0]) == "0–10 %"
