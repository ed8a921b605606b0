"""The upload page under a simulated user: every input kind, errors, sample, save and restore."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from nicegui.testing import User

from storepredict.pipeline.errors import StorePredictError
from storepredict.pipeline.limits import DEFAULT_LIMITS
from storepredict.pipeline.session.archive import restore_session_zip
from storepredict.pipeline.session.open import open_files

from .helpers import (
    WAIT,
    expected_counts,
    liveoptics_csv,
    sample_bytes,
    summary_counts,
    text_of,
    tib,
    upload,
    visit,
    zipped,
)

RV_233 = "rvtools-4.7.1-233vms.xlsx"
RV_19 = "rvtools-4.7.1-19vms.xlsx"
LO_6 = "liveoptics-2022-6vms.xlsx"


async def test_empty_page_offers_upload_and_sample(user: User) -> None:
    await visit(user, "/")
    await user.should_see("Load an inventory")
    await user.should_see("Try the sample")
    await user.should_see("No data loaded")
    await user.should_not_see("Inventory loaded")
    await user.should_not_see("Download session")


async def test_rvtools_export_shows_its_summary(user: User, samples_dir: Path) -> None:
    content = (samples_dir / RV_233).read_bytes()
    state, _, _ = open_files([(RV_233, content)])
    inventory = state.inventory
    assert inventory is not None
    await visit(user, "/")
    await upload(user, (RV_233, content))
    await user.should_see("Inventory loaded", retries=WAIT)
    assert summary_counts(user) == expected_counts(inventory)
    assert summary_counts(user)[0] == "233"
    source = inventory.sources[0]
    assert source.export_version is not None
    await user.should_see(f"RVTools · version {source.export_version}", retries=WAIT)
    totals = inventory.totals()
    await user.should_see(tib(totals["provisioned_mib"]))
    await user.should_see(tib(totals["in_use_mib"]))
    await user.should_see(f"{int(totals['vcpu']):,} vCPU")
    assert inventory.findings, "the real 233-VM export has data-quality findings"
    for finding in inventory.findings:
        await user.should_see(finding.message)
    await user.should_see("Download session")
    await user.should_see("Continue to classification")


async def test_liveoptics_workbook(user: User, samples_dir: Path) -> None:
    content = (samples_dir / LO_6).read_bytes()
    state, _, _ = open_files([(LO_6, content)])
    assert state.inventory is not None
    await visit(user, "/")
    await upload(user, (LO_6, content))
    await user.should_see("Inventory loaded", retries=WAIT)
    assert summary_counts(user) == expected_counts(state.inventory)
    assert summary_counts(user)[:2] == ("6", "5")
    await user.should_see("LiveOptics")


async def test_liveoptics_csv(user: User, samples_dir: Path) -> None:
    content = liveoptics_csv(samples_dir / LO_6)
    state, _, _ = open_files([("vms.csv", content)])
    assert state.inventory is not None
    await visit(user, "/")
    await upload(user, ("vms.csv", content))
    await user.should_see("Inventory loaded", retries=WAIT)
    assert summary_counts(user) == expected_counts(state.inventory)
    assert text_of(user, "vm-count") == "6"
    await user.should_see("vms.csv")


async def test_zip_holding_a_liveoptics_workbook(user: User, samples_dir: Path) -> None:
    content = zipped({"export/lo.xlsx": (samples_dir / LO_6).read_bytes(), "readme.txt": b"x"})
    state, _, _ = open_files([("portal.zip", content)])
    assert state.inventory is not None
    await visit(user, "/")
    await upload(user, ("portal.zip", content))
    await user.should_see("Inventory loaded", retries=WAIT)
    assert summary_counts(user) == expected_counts(state.inventory)
    await user.should_see("portal.zip/export/lo.xlsx")


async def test_rvtools_and_liveoptics_together(user: User, samples_dir: Path) -> None:
    files = [(RV_19, (samples_dir / RV_19).read_bytes()), (LO_6, (samples_dir / LO_6).read_bytes())]
    state, _, _ = open_files(files)
    assert state.inventory is not None
    assert state.inventory.format == "dual"
    await visit(user, "/")
    await upload(user, *files)
    await user.should_see("Inventory loaded", retries=WAIT)
    await user.should_see("RVTools + LiveOptics")
    assert summary_counts(user) == expected_counts(state.inventory)
    await user.should_see(RV_19)
    await user.should_see(LO_6)


async def test_bad_file_after_good_keeps_the_session(user: User, samples_dir: Path) -> None:
    good = (samples_dir / LO_6).read_bytes()
    bad = b"Name,Size\nnot,an export\n"
    with pytest.raises(StorePredictError) as raised:
        open_files([("bad.csv", bad)])
    await visit(user, "/")
    await upload(user, (LO_6, good))
    await user.should_see("Inventory loaded", retries=WAIT)
    before = summary_counts(user)
    await upload(user, ("bad.csv", bad))
    await user.should_see(raised.value.message, retries=WAIT)
    await user.should_see("Not loaded: your current session is unchanged")
    assert summary_counts(user) == before
    assert before[:2] == ("6", "5")
    await visit(user, "/")  # a reload shows the same, untouched session
    await user.should_see("Inventory loaded")
    assert summary_counts(user) == before


async def test_three_files_are_refused(user: User, samples_dir: Path) -> None:
    content = (samples_dir / LO_6).read_bytes()
    await visit(user, "/")
    await upload(user, ("a.xlsx", content), ("b.xlsx", content), ("c.xlsx", content))
    await user.should_see(
        "3 files were selected. Upload one export, the RVTools and LiveOptics exports of one "
        "estate together, or one saved session."
    )
    await user.should_not_see("Inventory loaded")


async def test_file_over_the_upload_limit_is_refused_on_the_server(
    user: User, samples_dir: Path
) -> None:
    limit = DEFAULT_LIMITS.max_upload_bytes
    await visit(user, "/")
    await upload(user, ("huge.csv", b"x" * (limit + 1)))
    await user.should_see(
        f"huge.csv is {(limit + 1) / 1_000_000:,.1f} MB, over the upload limit of 200 MB: upload a "
        "smaller export (RVTools can leave out unused tabs) or zip it."
    )
    del samples_dir


async def test_try_the_sample(user: User) -> None:
    state, _, _ = open_files([("sample-rvtools.xlsx", sample_bytes())])
    assert state.inventory is not None
    await visit(user, "/")
    user.find("Try the sample").click()
    await user.should_see("Inventory loaded", retries=WAIT)
    assert summary_counts(user) == expected_counts(state.inventory)
    assert text_of(user, "vm-count") == "298"
    await user.should_see("sample-rvtools.xlsx")


async def test_project_name_is_kept_and_names_the_session_file(user: User) -> None:
    await visit(user, "/")
    user.find(marker="project-input").clear().type("Acme DC1")
    assert text_of(user, "project-name") == "Acme DC1"  # the header follows as you type
    user.find("Try the sample").click()
    await user.should_see("Inventory loaded", retries=WAIT)
    assert text_of(user, "project-name") == "Acme DC1"
    user.find("Download session").click()
    response = await user.download.next(timeout=10)
    restored, originals = restore_session_zip(response.content, DEFAULT_LIMITS)
    assert restored.project_name == "Acme DC1"
    assert [name for name, _ in originals] == ["sample-rvtools.xlsx"]


async def test_session_download_restores_in_a_fresh_tab(
    user: User, create_user, samples_dir: Path
) -> None:
    content = (samples_dir / RV_233).read_bytes()
    await visit(user, "/")
    user.find(marker="project-input").clear().type("Restore check")
    await upload(user, (RV_233, content))
    await user.should_see("Inventory loaded", retries=WAIT)
    counts = summary_counts(user)
    user.find("Download session").click()
    response = await user.download.next(timeout=10)
    archive = response.content
    assert "session.json" in zipfile.ZipFile(io.BytesIO(archive)).namelist()

    other: User = create_user()
    await visit(other, "/")
    await other.should_see("No data loaded")
    await upload(other, ("saved.storepredict.zip", archive))
    # the session was saved on the upload page, so the restore lands there
    await other.should_see("Inventory loaded", retries=WAIT)
    assert summary_counts(other) == counts
    assert text_of(other, "project-name") == "Restore check"
