"""The slide deck read back by python-pptx: figures equal `size --json`, native charts, no ids."""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation

from storepredict.cli import main
from storepredict.pipeline.session import compare_scenarios
from storepredict.pipeline.sizing import size_session
from storepredict.pipeline.units import format_capacity
from storepredict.reports import build_pptx
from tests.report_checks import (
    ACK_NOTE,
    DETAILS,
    EXPORT,
    finding_codes,
    headline_strings,
    leaks,
    scenario_state,
    size_json,
)

TITLES = [
    "Executive summary", "Capacity by workload", "Datastore layout: Consolidation",
    "Compute: today and proposed", "Health of the estate", "Assumptions", "Next steps",
]  # fmt: skip


@pytest.fixture(scope="module")
def deck(tmp_path_factory) -> Presentation:
    folder = tmp_path_factory.mktemp("pptx")
    logo = folder / "logo.png"
    Image.new("RGB", (300, 100), (15, 76, 129)).save(logo)
    out = folder / "deck.pptx"
    status = main(["report", str(EXPORT), *DETAILS, "--logo", str(logo), "--pptx", str(out)])
    assert status == 0
    return Presentation(io.BytesIO(out.read_bytes()))


def slide_texts(deck: Presentation) -> list[str]:
    """All text of each slide: text boxes, table cells and chart categories and series names."""
    texts = []
    for slide in deck.slides:
        parts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts += [cell.text for row in shape.table.rows for cell in row.cells]
            if shape.has_chart:
                plot = shape.chart.plots[0]
                parts += [str(c) for c in plot.categories] + [s.name for s in plot.series]
        texts.append("\n".join(parts))
    return texts


def chart_on(deck: Presentation, title: str):
    """The chart of the slide with this title."""
    texts = slide_texts(deck)
    slide = next(s for s, text in zip(deck.slides, texts, strict=True) if text.startswith(title))
    return next(shape for shape in slide.shapes if shape.has_chart).chart


def test_slides_in_order_with_title_and_logo(capsys, deck) -> None:
    texts = slide_texts(deck)
    titles = list(TITLES)
    if size_json(capsys, str(EXPORT))["storage"].get("waterfall"):  # the single capacity model
        titles.insert(1, "From data to required capacity")
    assert [text.splitlines()[0] for text in texts[1:]] == titles
    title = texts[0]
    for expected in ("Acme Industries", "Jo Lee", "OPP-2026-042", "Storage and compute sizing"):
        assert expected in title
    assert [shape.shape_type for shape in deck.slides[0].shapes].count(13) == 1  # the logo picture


def test_headline_figures_equal_size_json(capsys, deck) -> None:
    summary = slide_texts(deck)[1]
    for figure in headline_strings(size_json(capsys, str(EXPORT))):
        assert figure in summary, figure


def test_charts_are_native_and_hold_the_pipeline_figures(capsys, deck) -> None:
    document = size_json(capsys, str(EXPORT))
    chart = chart_on(deck, "Capacity by workload")
    biggest = max(document["storage"]["by_class"], key=lambda row: row["logical_mib"])
    assert chart.plots[0].categories[0] == biggest["name"]
    logical = next(iter(chart.plots[0].series)).values[0]
    assert logical == pytest.approx(biggest["logical_mib"] / 2**20)
    fill = chart_on(deck, "Datastore layout")
    stores = document["layout"]["strategies"][document["layout"]["chosen"]]["datastores"]
    assert list(next(iter(fill.plots[0].series)).values) == pytest.approx(
        [store["fill_pct"] for store in stores]
    )


def test_no_vm_id_class_id_finding_code_or_literal(capsys, deck) -> None:
    assert main(["inspect", str(EXPORT), "--json"]) == 0
    inventory_codes = {f["code"] for f in json.loads(capsys.readouterr().out)["findings"]}
    codes = finding_codes(size_json(capsys, str(EXPORT)), inventory_codes)
    assert leaks("\n".join(slide_texts(deck)), codes) == []


def test_report_writes_all_three_documents(tmp_path: Path) -> None:
    outs = [tmp_path / name for name in ("r.xlsx", "r.pdf", "r.pptx")]
    args = ["--xlsx", str(outs[0]), "--pdf", str(outs[1]), "--pptx", str(outs[2])]
    assert main(["report", str(EXPORT), *args]) == 0
    assert [out.read_bytes()[:4] for out in outs] == [b"PK\x03\x04", b"%PDF", b"PK\x03\x04"]


def slide_titled(deck: Presentation, title: str):
    """The slide whose first text line is `title`."""
    texts = slide_texts(deck)
    return next(s for s, text in zip(deck.slides, texts, strict=True) if text.startswith(title))


def test_waterfall_is_a_native_chart_with_each_factor(capsys, deck) -> None:
    document = size_json(capsys, str(EXPORT))
    steps = document["storage"]["waterfall"]
    total = document["storage"]["total"]
    chart = chart_on(deck, "From data to required capacity")
    drr = total["logical_mib"] / total["reduced_mib"]
    factors = ["(logical)", f"(÷ {drr:.2f})", "(× 1.15)", "(× 1.331)", "(× 1.25)"]
    assert list(chart.plots[0].categories) == [
        f"{step['label']} {factor}" for step, factor in zip(steps, factors, strict=True)
    ]
    values = next(iter(chart.plots[0].series)).values
    assert list(values) == pytest.approx([step["mib"] / 2**20 for step in steps])
    assert chart.plots[0].has_data_labels


def test_health_slide_counts_equal_size_json(capsys, deck) -> None:
    document = size_json(capsys, str(EXPORT))
    statuses = Counter(entry["status"] for entry in document["health"])
    slide = slide_titled(deck, "Health of the estate")
    tiles = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
    assert f"{statuses['flagged']}\nChecks flagged" in tiles
    assert f"{statuses['ok']}\nChecks OK" in tiles
    assert f"{statuses['not_assessable']}\nNot assessable" in tiles
    reclaimable = format_capacity(document["reclaimable"]["total_mib"], "TiB")
    assert f"{reclaimable}\nReclaimable (logical)" in tiles
    table = next(shape for shape in slide.shapes if shape.has_table).table
    first = [table.cell(1, col).text for col in range(4)]
    assert first == ["ESXi releases past end of general support", "Critical", "2", "Flagged"]
    assert table.cell(len(table.rows) - 1, 0).text == "… and 16 more checks"  # 22 flagged
    steps = slide_texts(deck)[-1]
    flagged = statuses["flagged"]
    assert f"Go through the {flagged} flagged health checks not yet acknowledged" in steps


def test_scenarios_slide_equals_compare_scenarios() -> None:
    state = scenario_state()
    figures = compare_scenarios(state)
    deck = Presentation(io.BytesIO(build_pptx(state, size_session(state))))
    texts = slide_texts(deck)
    assert [text.splitlines()[0] for text in texts].count("Scenarios compared") == 1
    table = next(s for s in slide_titled(deck, "Scenarios compared").shapes if s.has_table).table
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0][:4] == ["Scenario", "Required", "Effective DRR", "Datastores (chosen)"]
    for row, expected in zip(rows[1:], figures, strict=True):
        counts = [str(expected.datastores_by_strategy[k]) for k in ("consolidation",
                  "performance", "uniform")]  # fmt: skip
        assert row == [
            expected.name + (" (active)" if expected.active else ""),
            format_capacity(expected.required_mib, "TiB"),
            f"{expected.effective_drr:.2f}:1",
            str(expected.datastores),
            *counts,
            str(expected.hosts),
            f"{expected.licence_cores:,}",
        ]
    slide = slide_titled(deck, "Health of the estate")
    table = next(shape for shape in slide.shapes if shape.has_table).table
    assert table.cell(1, 3).text == "Acknowledged"  # the acknowledged critical check
    note = f"Acknowledged by the engineer: ESXi releases past end of general support: {ACK_NOTE}"
    assert note in "\n".join(
        shape.text_frame.text for shape in slide.shapes if shape.has_text_frame
    )
    assert leaks("\n".join(texts), {"esxi_end_of_support"}) == []
