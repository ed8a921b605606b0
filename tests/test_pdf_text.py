"""The customer PDF as text: headline figures equal `size --json`, no internals, a real cover."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from pypdf import PdfReader

from storepredict.cli import main
from storepredict.pipeline.session import compare_scenarios, save_session_zip
from storepredict.pipeline.units import format_capacity
from tests.report_checks import (
    ACK_NOTE,
    DETAILS,
    EXPORT,
    finding_codes,
    flat,
    headline_strings,
    leaks,
    scenario_state,
    size_json,
)

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
    assert "VMs of unknown workload hold 55 % of the in-scope capacity" in "\n".join(pdf_pages)


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


def _page(pdf_pages: list[str], title: str) -> str:
    """The page (without its two footer lines) that starts with `title`, flattened."""
    bodies = [flat("\n".join(page.splitlines()[2:])) for page in pdf_pages]
    return next(body for body in bodies if body.startswith(title))


def _chapter(pdf_pages: list[str], first: str, until: str) -> str:
    text = flat("\n".join(pdf_pages))
    start = text.index(first, text.index("Executive summary", text.index("Contents") + 200))
    return text[start : text.index(until, start)]


def test_health_chapter_lists_the_flagged_checks_of_size_json(capsys, pdf_pages) -> None:
    document = size_json(capsys, str(EXPORT))
    health = document["health"]
    statuses = Counter(entry["status"] for entry in health)
    assert (statuses["flagged"], statuses["ok"], statuses["not_assessable"]) == (22, 33, 2)
    chapter = _chapter(pdf_pages, "Health checks StorePredict ran", "Data quality What")
    assert "ran 57 health checks on the export: 22 flagged, 33 OK and 2 not assessable" in chapter
    detail = chapter[chapter.index("Health checks in detail") :]
    flagged = [entry["title"] for entry in health if entry["status"] == "flagged"]
    assert "ESXi releases past end of general support" in flagged
    for title in flagged:
        assert title in detail, title
    for entry in health:
        if entry["status"] == "not_assessable":
            assert f"{entry['title']}:" in detail
    reclaimable = document["reclaimable"]
    assert format_capacity(reclaimable["total_mib"], "TiB") == "5.54 TiB"
    assert "Total (reasons may overlap) 5.54 TiB" in chapter
    for reason, mib in reclaimable["by_reason_mib"].items():
        assert f"{reason} {format_capacity(mib, 'TiB')}" in chapter
    assert "is not subtracted from it" in chapter


def test_waterfall_shows_each_factor_and_physical_vs_logical(capsys, pdf_pages) -> None:
    document = size_json(capsys, str(EXPORT))
    total, settings = document["storage"]["total"], document["settings"]
    page = _page(pdf_pages, "From data to required capacity")
    drr = total["logical_mib"] / total["reduced_mib"]
    factors = ["—", f"÷ {drr:.2f}", "× 1.15", "× 1.331", "× 1.25"]  # 15 %, 1.1^3, 1 / 80 %
    assert (settings["snapshot_reserve"], settings["annual_growth"], settings["years"],
            settings["max_fill"]) == (0.15, 0.1, 3, 0.8)  # fmt: skip
    kinds = ["Logical"] + ["Physical"] * 4
    steps = document["storage"]["waterfall"]
    for step, kind, factor in zip(steps, kinds, factors, strict=True):
        capacity = format_capacity(step["mib"], "TiB")
        assert f"{step['label']} {kind} {factor} {capacity}" in page  # the table row
        assert page.count(capacity) == 2  # the table row and the chart's label
    assert steps[-1]["mib"] == total["required_mib"]
    assert page.count("÷ 3.67") == 2  # table and chart


def test_executive_summary_states_the_unknown_coverage(capsys, pdf_pages) -> None:
    c = size_json(capsys, str(EXPORT))["classification"]
    assert (c["unknown_vm_count"], c["in_scope_vm_count"]) == (109, 206)
    summary = flat(pdf_pages[2])
    assert (
        f"109 of 206 in-scope VMs ({c['unknown_share'] * 100:.0f} % of the in-scope capacity) are "
        f"of unknown workload and sized with the Unknown data reduction ratio of "
        f"{c['unknown_drr']:.2f}:1." in summary
    )
    assert "above the 25 % warning threshold" in summary


def test_compute_today_against_proposed_with_licence_cores(capsys, pdf_pages) -> None:
    document = size_json(capsys, str(EXPORT))
    current, compute = document["current"], document["compute"]
    licensing = compute["licensing"]
    page = _page(pdf_pages, "Compute")
    assert f"ESXi hosts {current['hosts']:,} {compute['hosts']:,}" in page
    assert (
        f"Licence cores (per-core rule) {licensing['current_cores']:,} "
        f"{licensing['proposed_cores']:,}" in page
    )


def test_report_of_an_archive_compares_its_scenarios(tmp_path) -> None:
    state = scenario_state()
    archive = tmp_path / "session.zip"
    archive.write_bytes(save_session_zip(state, [(EXPORT.name, EXPORT.read_bytes())]))
    out = tmp_path / "report.pdf"
    assert main(["report", str(archive), "--pdf", str(out)]) == 0
    text = flat("\n".join(page.extract_text() for page in PdfReader(out).pages))
    rows = compare_scenarios(state)
    assert [row.name for row in rows] == ["Base", "Aggressive DRR"]
    for row in rows:
        assert f"{format_capacity(row.required_mib, 'TiB')} {row.effective_drr:.2f}:1" in text
    assert f"Acknowledged by the engineer: {ACK_NOTE}" in text
