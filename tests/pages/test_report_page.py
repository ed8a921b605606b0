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
from storepredict.pipeline.limits import DEFAULT_LIMITS
from storepredict.pipeline.session.open import open_files
from storepredict.pipeline.session.state import SessionState
from storepredict.pipeline.sizing.run import SizingResult, size_session
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
    steps = expected.storage.waterfall
    assert chart.options["xAxis"]["data"] == [
        "Logical",
        "After data reduction",
        "Snapshot reserve",
        "Growth",
        "Required (physical)",
    ]
    bars = chart.options["series"][0]["data"]
    tib = 2**20
    total = expected.storage.total
    assert bars[0]["value"] == round(total.logical_mib / tib, 3)
    assert bars[-1]["value"] == round(total.required_mib / tib, 3)
    # each step after the first shows its factor: 1 / DRR, 1.15, 1.1^3 and 1 / 0.8
    factors = [bar["label"]["formatter"].split("\n")[0] for bar in bars[1:]]
    assert factors == [f"× {1 / total.effective_drr:.3f}", "× 1.150", "× 1.331", "× 1.250"]
    assert bars[-1]["label"]["formatter"].endswith(f"{total.required_mib / tib:,.2f} TiB")
    assert [bar["name"] for bar in bars] == [step.label for step in steps]
    await user.should_see("Plus snapshot reserve of 15 %: ")


async def test_physical_and_logical_vmfs_are_labelled(user: User, sample) -> None:
    state, originals, expected = sample
    await open_report(user, state, originals)
    assert text_of(user, "required-kind") == "physical, after data reduction"
    plan = expected.layout.strategies[expected.layout.chosen]
    assert text_of(user, "datastore-capacity") == format_capacity(plan.total_capacity_mib, "TiB")
    await user.should_see("logical VMFS")


async def test_current_estate_beside_the_proposal(user: User, sample) -> None:
    state, originals, expected = sample
    await open_report(user, state, originals)
    await user.should_see(marker="estate-table", retries=WAIT)
    table = element(user, "estate-table")
    rows = {row["key"]: (row["current"], row["proposed"]) for row in table.rows}
    # the sample's vHost: 19 hosts, 38 sockets, 1,216 cores, 282 running VMs, 1,133 vCPU;
    # proposed: 12 x Dell R760 (2 sockets, 64 cores, 1,024 GiB each)
    assert expected.compute.hosts == 12
    assert rows["hosts"] == ("19", "12")
    assert rows["sockets"] == ("38", "24")
    assert rows["cores"] == ("1,216", "768")
    assert rows["memory"] == (f"{19922944 / 1024:,.0f} GiB", "12,288 GiB")
    assert rows["vms"][0] == "282"
    assert rows["vcpu_per_core"][0] == f"{1133 / 1216:.2f}:1"
    assert rows["vms_per_host"][0] == f"{282 / 19:.1f}"
    # per-core licences: 38 CPUs x max(16, 32 cores) today; 24 CPUs x 32 proposed
    assert rows["licence_cores"] == ("1,216", "768")
    await user.should_see("Host count sized on: Allocations (vCPU and vRAM of the VMs).")
    clusters = element(user, "current-clusters").rows
    names = [row["cluster"] for row in clusters]
    assert names == ["DMZ-CL01", "PROD-CL01", "PROD-CL02", "VDI-CL01"]
    assert [row["hosts"] for row in clusters] == [3, 6, 6, 4]


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
