"""The XLSX and PDF reports hold exactly the pipeline's figures, and hostile names stay inert."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from storepredict.pipeline.health import run_checks
from storepredict.pipeline.session import compare_scenarios
from storepredict.pipeline.session.open import open_files
from storepredict.pipeline.sizing import classification_coverage
from storepredict.pipeline.sizing.run import size_session
from storepredict.pipeline.units import format_capacity
from storepredict.reports import build_pdf, build_xlsx, report_file_name
from tests.factory import write_workbook
from tests.report_checks import ACK_NOTE, VM_ID, flat, leaks, scenario_state

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
HEADER = ["VM", "Powerstate", "Template", "CPUs", "Memory", "Provisioned MiB", "In Use MiB",
          "Cluster", "OS according to the configuration file"]  # fmt: skip
HOSTILE = [
    ["=HYPERLINK(\"http://x\",\"click\")", "poweredOn", "False", 2, 4096, 204800, 102400, "C1",
     "Win"],
    ["東京-SQL01", "poweredOn", "False", 8, 32768, 4194304, 3145728, "C1", "Microsoft Windows"],
    ["Serveur-Café-Grüße", "poweredOn", "False", 4, 8192, 409600, 307200, "C1", "Linux"],
    ["@SUM(A1)", "poweredOn", "False", 1, 2048, 102400, 51200, "C1", "Linux"],
    ["-2+3", "poweredOff", "False", 1, 2048, 102400, 51200, "C1", "Linux"],
]  # fmt: skip


@pytest.fixture(scope="module")
def hostile_session():
    content = write_workbook({"vInfo": [HEADER, *HOSTILE]})
    state, _, _ = open_files([("hostile.xlsx", content)])
    state = state.model_copy(update={"project_name": "Acme / Paris"})
    return state, size_session(state)


@pytest.fixture(scope="module")
def sample_session():
    path = Path(__file__).resolve().parents[1] / "storepredict" / "data" / "sample-rvtools.xlsx"
    state, _, _ = open_files([(path.name, path.read_bytes())])
    return state, size_session(state)


def test_workbook_sheets_and_figures_equal_the_pipeline(sample_session) -> None:
    state, result = sample_session
    book = load_workbook(io.BytesIO(build_xlsx(state, result)))
    assert book.sheetnames == [
        "Summary", "Assumptions", "Workloads", "Datastores", "VMs", "Overrides", "Compute",
        "Findings", "Health", "Health evidence",
    ]  # fmt: skip
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(min_row=2, values_only=True)}
    total = result.storage.total
    assert summary["VMs in scope"] == total.vm_count == 279
    assert summary["Required capacity"] == pytest.approx(total.required_mib / 2**20)
    assert summary["Effective DRR"] == pytest.approx(total.effective_drr)
    assert summary["ESXi hosts"] == result.compute.hosts
    assert summary["Datastores (Consolidation)"] == result.layout.strategies["consolidation"].count
    workloads = list(book["Workloads"].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in workloads[:-1]] == [row.name for row in result.storage.by_class]
    assert workloads[-1][0] == "Total"
    assert workloads[-1][7] == pytest.approx(total.required_mib / 2**20)
    vms = book["VMs"]
    assert vms.max_row == len(state.inventory.vms) + 1 == 299
    assert vms.freeze_panes == "A2"
    assert vms.auto_filter.ref == "A1:V299"
    required_cell = book["Workloads"].cell(row=2, column=8)
    assert required_cell.data_type == "n"
    assert required_cell.number_format == "#,##0.00"


def test_report_in_decimal_terabytes(sample_session) -> None:
    state, result = sample_session
    book = load_workbook(io.BytesIO(build_xlsx(state, result, unit="TB")))
    summary = {row[0]: row for row in book["Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["Required capacity"][1] == pytest.approx(
        result.storage.total.required_mib * 2**20 / 1e12
    )
    assert summary["Required capacity"][2] == "TB"


def test_formula_like_names_stay_inert_text(hostile_session) -> None:
    state, result = hostile_session
    book = load_workbook(io.BytesIO(build_xlsx(state, result)))
    cells = {row[0].value: row[0] for row in book["VMs"].iter_rows(min_row=2)}
    for name in ['=HYPERLINK("http://x","click")', "@SUM(A1)", "-2+3"]:
        assert cells[name].data_type == "s", name
        assert cells[name].quotePrefix is True, name
    assert cells["東京-SQL01"].quotePrefix is False


def test_pdf_headline_figures_and_non_ascii_names(hostile_session) -> None:
    state, result = hostile_session
    pdf = build_pdf(state, result)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 12  # with the waterfall and the health chapter
    assert "Acme / Paris" in reader.pages[0].extract_text()
    summary = reader.pages[2].extract_text()
    total = result.storage.total
    assert format_capacity(total.required_mib, "TiB") in summary
    assert f"{total.effective_drr:.2f}:1" in summary
    everything = "\n".join(page.extract_text() for page in reader.pages)
    assert "東京-SQL01" in everything
    assert "Serveur-Café-Grüße" in everything
    fonts = {
        str(font["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any(name.endswith("+DroidSansFallback") for name in fonts)  # embedded subset


def test_pdf_page_one_renders_to_png(sample_session) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm (Debian poppler-utils) is required; .ci/run installs it")
    state, result = sample_session
    ARTIFACTS.mkdir(exist_ok=True)
    pdf_path = ARTIFACTS / "report.pdf"
    pdf_path.write_bytes(build_pdf(state, result))
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(pdf_path),
         str(ARTIFACTS / "report-page-1")],
        check=True,
    )  # fmt: skip
    assert (ARTIFACTS / "report-page-1.png").stat().st_size > 20_000


def test_report_file_names(hostile_session) -> None:
    state, _ = hostile_session
    assert report_file_name(state, "pdf", date(2026, 11, 21)) == "Acme-Paris-all-20261121.pdf"
    scoped = state.model_copy(
        update={
            "settings": state.settings.model_copy(
                update={"scope": state.settings.scope.model_copy(update={"clusters": ["C1"]})}
            )
        }
    )
    assert report_file_name(scoped, "xlsx", date(2026, 11, 21)) == "Acme-Paris-C1-20261121.xlsx"


def test_workbook_reads_in_words_for_a_customer(sample_session) -> None:
    state, result = sample_session
    vm_id = result.storage.vms[0].vm_id
    settings = state.settings.model_copy(
        update={"vm_class_overrides": {vm_id: ["db_oracle"]}, "vm_drr_overrides": {vm_id: 2.0}}
    )
    state = state.model_copy(
        update={"settings": settings, "customer": "Acme", "prepared_by": "Jo", "reference": "R-7"}
    )
    result = size_session(state)
    book = load_workbook(io.BytesIO(build_xlsx(state, result)))
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(min_row=2, values_only=True)}
    assert (summary["Customer"], summary["Prepared by"], summary["Reference"]) == (
        "Acme",
        "Jo",
        "R-7",
    )
    assert summary["Key assumption"].startswith(("Data reduction:", "Growth:", "Maximum fill:"))
    assumptions = {
        row[0]: row[1] for row in book["Assumptions"].iter_rows(min_row=2, values_only=True)
    }
    assert assumptions["Snapshots"] == "15 % of the reduced capacity is reserved for snapshots."
    overrides = list(book["Overrides"].iter_rows(min_row=2, values_only=True))
    assert overrides == [
        (result.storage.vms[0].name, "Oracle Database", "Engineer (class and DRR)", 2.0)
    ]
    vm_rows = list(book["VMs"].iter_rows(min_row=2, values_only=True))
    assert vm_rows[0][1:7] == (
        "Oracle Database", "Databases", "Manual override", "Engineer", 2.0, "Engineer"
    )  # fmt: skip
    every_text = " ".join(
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if isinstance(value, str)
    )
    assert "db_oracle" not in every_text and "general_vm" not in every_text
    assert "no_guest_partitions" not in every_text and not VM_ID.search(every_text)


@pytest.fixture(scope="module")
def scenario_session():
    state = scenario_state()
    return state, size_session(state), compare_scenarios(state)


def test_workbook_health_scenarios_and_coverage(scenario_session) -> None:
    state, result, figures = scenario_session
    book = load_workbook(io.BytesIO(build_xlsx(state, result)))
    assert book.sheetnames[-4:] == ["Scenarios", "Findings", "Health", "Health evidence"]
    report = run_checks(state.inventory, state.settings)
    health = list(book["Health"].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in health] == [r.title for r in report.results]
    assert len(health) == 57
    by_title = {row[0]: row for row in health}
    esxi = by_title["ESXi releases past end of general support"]
    assert esxi[1:5] == ("Platform", "Critical", "Acknowledged", 2)
    assert esxi[8] == ACK_NOTE
    assert by_title["Powered-off VMs"][5] == pytest.approx(5_610_424 / 2**20)
    assert by_title["Snapshots older than 3 days"][3] == "OK"
    evidence = list(book["Health evidence"].iter_rows(min_row=2, values_only=True))
    assert len(evidence) == sum(r.count for r in report.results)
    scenarios = list(book["Scenarios"].iter_rows(min_row=2, values_only=True))
    assert len(figures) == 2
    for row, expected in zip(scenarios, figures, strict=True):
        assert row[0] == expected.name and row[1] == ("yes" if expected.active else "no")
        assert row[2] == pytest.approx(expected.required_mib / 2**20)
        assert row[3] == pytest.approx(expected.effective_drr)
        by_strategy = [expected.datastores_by_strategy[k] for k in ("consolidation",
                       "performance", "uniform")]  # fmt: skip
        assert list(row[4:]) == [expected.datastores, *by_strategy, expected.hosts,
                                 expected.licence_cores]  # fmt: skip
    summary = {row[0]: row[1] for row in book["Summary"].iter_rows(min_row=2, values_only=True)}
    coverage = classification_coverage(result.storage, state.settings)
    assert summary["VMs of unknown workload"] == coverage.unknown_vm_count == 109
    assert summary["Unknown workload share"] == pytest.approx(coverage.unknown_share)
    assert summary["DRR assumed for unknown workload"] == coverage.unknown_drr
    assert summary["Licence cores today"] == result.compute.licensing.current_cores
    assert summary["Licence cores proposed"] == result.compute.licensing.proposed_cores
    assert summary["Physical cores proposed"] == result.compute.hosts * result.compute.host.cores
    assert summary["Health checks flagged"] == report.status_counts()["flagged"] == 22
    assert summary["Reclaimable in total"] == pytest.approx(report.reclaimable_mib / 2**20)


def test_pdf_compares_scenarios_and_shows_acknowledged_checks(scenario_session) -> None:
    state, result, figures = scenario_session
    ARTIFACTS.mkdir(exist_ok=True)
    pdf_path = ARTIFACTS / "report-scenarios.pdf"
    pdf_path.write_bytes(build_pdf(state, result, unit="TB"))
    pages = [page.extract_text() for page in PdfReader(pdf_path).pages]
    text = flat("\n".join(pages))
    section = text[text.index("Scenarios compared This") : text.index("Health checks StorePredict")]
    for row in figures:
        name = row.name + (" (active)" if row.active else "")
        assert (
            f"{name} {format_capacity(row.required_mib, 'TB')} {row.effective_drr:.2f}:1 "
            f"{row.datastores} {row.hosts} {row.licence_cores}" in section
        )
        counts = " ".join(str(row.datastores_by_strategy[k]) for k in ("consolidation",
                          "performance", "uniform"))  # fmt: skip
        assert f"{name} {counts}" in section
    assert "22 flagged (1 of them acknowledged by the engineer)" in text
    assert f"Acknowledged by the engineer: {ACK_NOTE}" in text
    health_codes = {r.code for r in run_checks(state.inventory, state.settings).results}
    assert leaks(text, {code for code in health_codes if "_" in code}) == []
    chapters = [n for n, page in enumerate(pages, 1) if "Scenarios compared" in page[:120]
                or "Health checks" in page[:120] or "From data to" in page[:120]]  # fmt: skip
    assert len(chapters) == 4  # waterfall, scenarios, health, health in detail
    for page in chapters:
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile",
             str(pdf_path), str(ARTIFACTS / f"report-scenarios-page{page}")],
            check=True,
        )  # fmt: skip
