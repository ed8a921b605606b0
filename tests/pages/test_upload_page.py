"""The upload page under a simulated user: every input kind, errors, sample, save and restore."""

from __future__ import annotations

import asyncio
import io
import zipfile
from pathlib import Path

import pytest
from nicegui import ui
from nicegui.testing import User

from storepredict.pages.upload_progress import UploadProgress
from storepredict.pipeline import StageReport
from storepredict.pipeline.errors import InputError, StorePredictError
from storepredict.pipeline.limits import DEFAULT_LIMITS
from storepredict.pipeline.readers.ingest import check_file_count
from storepredict.pipeline.session.archive import restore_session_zip
from storepredict.pipeline.session.open import open_files
from storepredict.server.progress_file import progress_file
from tests.test_many_exports import EXPORT_A
from tests.test_many_exports import FILES as MANY_FILES

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
RV_1100 = "rvtools-4.0.7-1100vms.xlsx"


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


async def test_three_rvtools_exports_make_one_estate(user: User) -> None:
    # vc-a and vc-b are linked-mode vCenters: two VMs appear in two exports and count once.
    state, _, _ = open_files(list(MANY_FILES))
    assert state.inventory is not None
    assert [vm.name for vm in state.inventory.vms] == ["a1", "a2", "a3", "b1", "b2", "c1"]
    await visit(user, "/")
    await upload(user, *MANY_FILES)
    await user.should_see("Inventory loaded", retries=WAIT)
    assert summary_counts(user) == expected_counts(state.inventory)
    assert summary_counts(user)[0] == "6"
    await user.should_see(tib(21000.0))  # provisioned: each repeated VM counted once
    for name, _ in MANY_FILES:
        await user.should_see(name)
    await user.should_see("2 VM(s) appear in more than one RVTools export", retries=WAIT)


async def test_more_files_than_the_limit_are_refused_before_reading(
    user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    limit = DEFAULT_LIMITS.max_files
    with pytest.raises(InputError) as raised:
        check_file_count(limit + 1, DEFAULT_LIMITS)
    assert raised.value.message == (
        f"{limit + 1} files were given, more than the limit of {limit} per upload: "
        f"upload at most {limit} exports at once."
    )
    reads: list[str] = []
    original = ui.upload.SmallFileUpload.read

    async def read(self: ui.upload.SmallFileUpload) -> bytes:
        reads.append(self.name)
        return await original(self)

    monkeypatch.setattr(ui.upload.SmallFileUpload, "read", read)
    await visit(user, "/")
    uploader = next(iter(user.find(ui.upload).elements))
    assert uploader.props["max-files"] == limit
    exports = [(f"vc-{n}.xlsx", b"x" * n) for n in range(1, limit + 2)]
    await upload(user, *exports)
    await user.should_see(raised.value.message, retries=WAIT)
    await user.should_see("Not loaded: your current session is unchanged")
    await user.should_not_see("Inventory loaded")
    assert reads == []  # refused before any file was read


async def test_upload_shows_progress_and_cancel_keeps_the_session(
    user: User, samples_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = (samples_dir / RV_233).read_bytes()
    await visit(user, "/")
    await upload(user, (RV_233, content))
    await user.should_see("Inventory loaded", retries=WAIT)
    before = summary_counts(user)
    assert before[0] == "233"

    # Cancel is pressed as the files are opened, so the work is already in the process pool: it
    # finishes there and its result must be dropped. (Waiting to see "Opening 2 files…" before
    # clicking raced the worker, which opens these two files in well under a second.)
    original = UploadProgress.show

    def show_and_cancel(self: UploadProgress, message: str) -> None:
        original(self, message)
        if message == "Opening 2 files…":
            self._cancelled.set()  # what a click on the line's Cancel button does

    monkeypatch.setattr(UploadProgress, "show", show_and_cancel)
    big = (samples_dir / RV_1100).read_bytes()
    await upload(user, ("vc-a.xlsx", EXPORT_A), (RV_1100, big))
    await user.should_see("Upload cancelled: your current session is unchanged.", retries=WAIT)
    await user.should_not_see(marker="upload-progress")
    await asyncio.sleep(1)  # the abandoned work has finished meanwhile
    assert summary_counts(user) == before
    await visit(user, "/")  # a reload shows the same, untouched session
    await user.should_see("Inventory loaded")
    assert summary_counts(user) == before


async def test_the_cancel_button_stops_an_upload(user: User) -> None:
    await visit(user, "/")
    await upload(user, *MANY_FILES)
    await user.should_see(marker="upload-cancel", retries=WAIT)
    user.find(marker="upload-cancel").click()  # no await in between: the upload is under way
    await user.should_see("Upload cancelled: your current session is unchanged.", retries=WAIT)
    await asyncio.sleep(1)  # whatever the pool was doing has finished
    await visit(user, "/")
    await user.should_see("Load an inventory")
    await user.should_not_see("Inventory loaded")


async def test_progress_names_each_file_while_reading(
    user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[str] = []
    original = UploadProgress.show

    def show(self: UploadProgress, message: str) -> None:
        shown.append(message)
        original(self, message)

    monkeypatch.setattr(UploadProgress, "show", show)
    await visit(user, "/")
    await upload(user, *MANY_FILES)
    await user.should_see("Inventory loaded", retries=WAIT)
    assert shown[:4] == [
        "Receiving file 1 of 3: vc-a.xlsx…",
        "Receiving file 2 of 3: vc-b.xlsx…",
        "Receiving file 3 of 3: linked.xlsx…",
        "Opening 3 files…",
    ]
    # Then the worker's stages, as far as the page's timer saw them: in order, none repeated.
    stages = [
        "Reading export 1 of 3: vc-a.xlsx…",
        "Reading export 2 of 3: vc-b.xlsx…",
        "Reading export 3 of 3: linked.xlsx…",
        "Combining the exports into one estate…",
        "Classifying the VMs…",
    ]
    assert shown[4:] == [stage for stage in stages if stage in shown[4:]]


async def test_progress_follows_the_stages_the_worker_reports(user: User) -> None:
    await visit(user, "/")
    with progress_file() as channel:
        with user.client:
            UploadProgress(ui.column()).follow(channel)
        await user.should_see("Preparing the upload…")
        channel(StageReport("read", 2, 5, "vc2.xlsx"))
        await user.should_see("Reading export 2 of 5: vc2.xlsx…", retries=WAIT)
        channel(StageReport("merge"))
        await user.should_see("Matching RVTools and LiveOptics VMs…", retries=WAIT)
        channel(StageReport("update"))
        await user.should_see("Carrying your decisions onto the newer export…", retries=WAIT)
        channel(StageReport("restore", 1, 1, "saved.zip"))
        await user.should_see("Restoring the session saved.zip…", retries=WAIT)


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
