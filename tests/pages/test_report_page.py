"""The report page: the storage requirement step by step, by class, summaries and the download."""

from __future__ import annotations

import io

import openpyxl
import pytest
from nicegui import ui
from nicegui.testing import User
from pptx import Presentation
from pypdf import PdfReader

from storepredict.pages import store
from storepredict.pages.report import requirement_steps
from storepredict.pipeline.limits import DEFAULT_LIMITS
from storepredict.pipeline.session.open import open_files
from storepredict.pipeline.session.state import SessionState
from storepredict.pipeline.settings import SizingSettings
from storepredict.pipeline.sizing.run import SizingResult, size_session
from storepredict.pipeline.sizing.storage import StorageResult, TotalRow
from storepredict.pipeline.units import format_capacity

from .helpers import WAIT, sample_bytes, text_of


@pytest.fixture(scope="module")
def sample() -> tuple[SessionState, list[tuple[str, bytes]], SizingResult]:
    """The bundled sample as a fresh session, with its sizing under the default settings."""
    state, originals, _ = open_files([("sample-rvtools.xlsx", sample_bytes())], DEFAULT_LIMITS)
    return state, originals, size_session(state)


async def open_report(user: User, state: SessionState, originals) -> None:
    """Put `state` into the simulated tab and open the report until it shows the requirement."""
    await user.open("/")
    with user:
        store.set_session(state, originals)
    await user.open("/report")
    await user.should_see(marker="required", retries=WAIT)


def element(user: User, marker: str):
    """The one element carrying `marker`."""
    elements = user.find(marker=marker).elements
    assert len(elements) == 1
    return next(iter(elements))


def test_requirement_steps_add_up_by_hand() -> None:
    # logical 1000, DRR 2.5 -> reduced 400; +15% snapshots -> 460; x 1.1^3 -> 612.26;
    # / 0.8 max fill -> 765.325 MiB.
    storage = StorageResult.model_construct(
        total=_total(logical=1000.0, reduced=400.0, required=400 * 1.15 * 1.331 / 0.8),
        growth_factor=1.1**3,
    )
    steps = requirement_steps(storage, SizingSettings())
    assert [name for name, _ in steps] == [
        "Logical",
        "Data reduction",
        "Reduced",
        "Snapshot reserve",
        "Growth",
        "Free-space reserve",
        "Required",
    ]
    assert [round(amount, 6) for _, amount in steps] == [
        1000.0,
        -600.0,
        400.0,
        60.0,
        152.26,
        153.065,
        765.325,
    ]


def _total(logical: float, reduced: float, required: float):

    return TotalRow(
        vm_count=1,
        logical_mib=logical,
        reduced_mib=reduced,
        effective_drr=logical / reduced,
        required_mib=required,
    )


async def test_shows_the_required_capacity_with_its_unit(user: User, sample) -> None:
    state, originals, expected = sample
    await open_report(user, state, originals)

    total = expected.storage.total
    assert text_of(user, "required") == format_capacity(total.required_mib, "TiB")
    assert text_of(user, "required").endswith(" TiB")
    await user.should_see(format_capacity(total.logical_mib, "TiB"))
    await user.should_see(format_capacity(total.reduced_mib, "TiB"))
    await user.should_see(f"{total.effective_drr:.2f}:1")
    await user.should_see(f"{total.vm_count:,} VMs in scope")


async def test_waterfall_goes_from_logical_to_required(user: User, sample) -> None:
    state, originals, expected = sample
    await open_report(user, state, originals)

    chart = element(user, "waterfall")
    assert chart.options["xAxis"]["data"][0] == "Logical"
    assert chart.options["xAxis"]["data"][-1] == "Required"
    bases, bars = chart.options["series"][0]["data"], chart.options["series"][1]["data"]
    heights = [bar["value"] for bar in bars]
    tib = 2**20
    total = expected.storage.total
    assert heights[0] == round(total.logical_mib / tib, 3)
    assert heights[2] == round(total.reduced_mib / tib, 3)
    assert heights[-1] == round(total.required_mib / tib, 3)
    assert bases[1] == heights[2]  # the reduction floats from reduced up to logical
    assert bars[-1]["label"]["formatter"] == f"{total.required_mib / tib:,.2f} TiB"
    assert bars[1]["label"]["formatter"].startswith("−")


async def test_by_class_table_lists_every_class_and_the_total(user: User, sample) -> None:
    state, originals, expected = sample
    await open_report(user, state, originals)

    table = element(user, "by-class")
    storage = expected.storage
    assert [row["name"] for row in table.rows] == [row.name for row in storage.by_class] + ["Total"]
    assert [row["vms"] for row in table.rows] == [row.vm_count for row in storage.by_class] + [
        storage.total.vm_count
    ]
    assert table.rows[-1]["required"] == round(storage.total.required_mib / 2**20, 2)
    assert [c["label"] for c in table.columns][3] == "Logical (TiB)"


async def test_summarises_layout_and_compute(user: User, sample) -> None:
    state, originals, expected = sample
    await open_report(user, state, originals)

    plan = expected.layout.strategies[expected.layout.chosen]
    await user.should_see("Consolidation strategy")
    await user.should_see(f"{plan.count} datastores")
    await user.should_see(format_capacity(plan.total_capacity_mib, "TiB"))
    compute = expected.compute
    assert compute.ha_spares == 1  # N+1 by default
    await user.should_see(f"{compute.hosts} hosts")
    await user.should_see(
        f"{compute.hosts_cpu} hosts for CPU, {compute.hosts_memory} for memory, "
        f"1 HA spare; per-cluster sum {compute.by_cluster_total} hosts"
    )


async def test_tb_switch_changes_the_figures(user: User, sample) -> None:
    state, originals, expected = sample
    await open_report(user, state, originals)
    required = expected.storage.total.required_mib
    assert text_of(user, "required") == format_capacity(required, "TiB")

    next(e for e in user.find(ui.toggle).elements if e.value == "TiB").set_value("TB")
    await user.should_see(format_capacity(required, "TB"), retries=WAIT)
    assert text_of(user, "required") == format_capacity(required, "TB")
    assert format_capacity(required, "TB") != format_capacity(required, "TiB")
    assert [c["label"] for c in element(user, "by-class").columns][3] == "Logical (TB)"


async def test_download_session_restores_the_same_sizing(user: User, sample) -> None:
    state, originals, expected = sample
    await open_report(user, state, originals)

    user.find(marker="report-download").click()
    response = await user.download.next()
    restored, files, _ = open_files([("saved.storepredict.zip", response.content)], DEFAULT_LIMITS)
    assert files == originals
    assert restored.settings == state.settings
    again = size_session(restored)
    assert again.storage.total == expected.storage.total
    assert again.compute.hosts == expected.compute.hosts


async def test_without_data_points_to_upload(user: User) -> None:
    await user.open("/report")
    await user.should_see("No inventory loaded yet.", retries=WAIT)
    await user.should_not_see(marker="report-download")


async def test_report_downloads_xlsx_and_pdf_with_the_shown_figures(user: User, sample) -> None:
    """The report buttons send the workbook and the PDF with the figures on the page."""
    state, originals, result = sample
    await open_report(user, state, originals)
    user.find(marker="report-xlsx").click()
    workbook = await user.download.next(timeout=60)
    book = openpyxl.load_workbook(io.BytesIO(workbook.content))
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["Required capacity"] == pytest.approx(result.storage.total.required_mib / 2**20)
    user.find(marker="report-pdf").click()
    pdf = await user.download.next(timeout=60)
    assert pdf.content[:5] == b"%PDF-"
    text = PdfReader(io.BytesIO(pdf.content)).pages[2].extract_text()  # the executive summary
    assert format_capacity(result.storage.total.required_mib, "TiB") in text
    user.find(marker="report-pptx").click()
    deck = await user.download.next(timeout=60)
    assert deck.content[:4] == b"PK\x03\x04"
    summary = Presentation(io.BytesIO(deck.content)).slides[1]
    texts = "\n".join(shape.text_frame.text for shape in summary.shapes if shape.has_text_frame)
    assert format_capacity(result.storage.total.required_mib, "TiB") in texts
