"""The customer PDF as text: headline figures equal `size --json`, no internals, a real cover."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from storepredict.cli import main
from tests.report_checks import DETAILS, EXPORT, finding_codes, headline_strings, leaks, size_json

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"


@pytest.fixture(scope="module")
def pdf_pages(tmp_path_factory) -> list[str]:
    out = tmp_path_factory.mktemp("pdf") / "report.pdf"
    assert main(["report", str(EXPORT), *DETAILS, "--pdf", str(out)]) == 0
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(out, ARTIFACTS / "customer-report.pdf")
    return [page.extract_text() for page in PdfReader(io.BytesIO(out.read_bytes())).pages]


def test_headline_figures_equal_size_json_on_the_executive_summary(capsys, pdf_pages) -> None:
    document = size_json(capsys, str(EXPORT))
    summary = pdf_pages[2]
    assert "Executive summary" in summary
    for figure in headline_strings(document):
        assert figure in summary, figure
    assert "The assumptions that matter most" in summary
    assert "Snapshots" in "\n".join(pdf_pages)


def test_cover_names_customer_author_and_reference(pdf_pages) -> None:
    cover = pdf_pages[0]
    for expected in ("Acme Industries", "Jo Lee", "OPP-2026-042", "rvtools-4.7.1-233vms.xlsx"):
        assert expected in cover
    assert "exported 2025-05-30" in cover
    assert "Page" not in cover  # the cover carries no footer


def test_contents_and_page_numbers(pdf_pages) -> None:
    contents = pdf_pages[1]
    for section in ("Executive summary", "Capacity by workload", "Datastore layout", "Compute",
                    "Data quality", "Assumptions", "Appendix: method"):  # fmt: skip
        assert section in contents
    assert all(f"Page {n}" in page for n, page in enumerate(pdf_pages[1:], start=2))


def test_no_vm_id_class_id_finding_code_or_literal(capsys, pdf_pages) -> None:
    inspected = json.loads(_inspect(capsys))
    codes = finding_codes(
        size_json(capsys, str(EXPORT)), {f["code"] for f in inspected["findings"]}
    )
    assert codes >= {"no_guest_partitions"}
    assert leaks("\n".join(pdf_pages), codes) == []


def test_unknown_share_warning_when_unknown_vms_hold_over_a_quarter(pdf_pages) -> None:
    assert "VMs of unknown workload hold 57 % of the in-scope capacity" in "\n".join(pdf_pages)


def test_page_one_and_the_executive_summary_render_to_png(pdf_pages) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm (Debian poppler-utils) is required")
    pdf = ARTIFACTS / "customer-report.pdf"
    for page in (1, 3):
        prefix = ARTIFACTS / f"customer-report-page{page}"
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile",
             str(pdf), str(prefix)],
            check=True,
        )  # fmt: skip
        assert prefix.with_suffix(".png").stat().st_size > 10_000


def _inspect(capsys) -> str:
    assert main(["inspect", str(EXPORT), "--json"]) == 0
    return capsys.readouterr().out


def test_waterfall_and_licences_show_when_the_pipeline_gives_them(capsys, pdf_pages) -> None:
    document = size_json(capsys, str(EXPORT))
    text = "\n".join(pdf_pages)
    steps = document["storage"].get("waterfall")
    assert ("From data to required capacity" in text) == bool(steps)
    for step in steps or []:
        assert step["label"] in text
    licensing = document["compute"].get("licensing")
    assert ("Licence cores" in text) == bool(licensing)
