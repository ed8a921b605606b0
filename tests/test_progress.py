"""Stage-by-stage progress of an upload: the pipeline's reports and their way out of the pool."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from storepredict.pipeline import StageReport
from storepredict.pipeline.session import open_files, save_session_zip, update_session
from storepredict.server.progress_file import ProgressFile, progress_file

RVTOOLS_A = "rvtools-4.7.1-19vms.xlsx"
RVTOOLS_B = "rvtools-4.4.3-124vms.xlsx"
LIVEOPTICS = "liveoptics-2022-6vms.xlsx"


def read(samples: Path, *names: str) -> list[tuple[str, bytes]]:
    return [(name, (samples / name).read_bytes()) for name in names]


def test_exports_report_each_file_then_combine_merge_and_classify(samples_dir: Path) -> None:
    reports: list[StageReport] = []
    opened = open_files(
        read(samples_dir, RVTOOLS_A, RVTOOLS_B, LIVEOPTICS), progress=reports.append
    )
    assert len(opened.state.inventory.vms) == 19 + 124
    assert reports == [
        StageReport("read", 1, 3, RVTOOLS_A),
        StageReport("read", 2, 3, RVTOOLS_B),
        StageReport("read", 3, 3, LIVEOPTICS),
        StageReport("combine"),
        StageReport("merge"),
        StageReport("classify"),
    ]


def test_one_export_has_no_combine_or_merge_stage(samples_dir: Path) -> None:
    reports: list[StageReport] = []
    open_files(read(samples_dir, RVTOOLS_A), progress=reports.append)
    assert reports == [StageReport("read", 1, 1, RVTOOLS_A), StageReport("classify")]


def test_restore_and_update_report_their_stage(samples_dir: Path) -> None:
    opened = open_files(read(samples_dir, RVTOOLS_A))
    archive = save_session_zip(opened.state, opened.originals)
    reports: list[StageReport] = []
    open_files([("saved.zip", archive)], progress=reports.append)
    assert reports == [StageReport("restore", 1, 1, "saved.zip")]
    reports.clear()
    update_session(opened.state, read(samples_dir, RVTOOLS_A), progress=reports.append)
    assert reports == [StageReport("read", 1, 1, RVTOOLS_A), StageReport("update")]


def _open_in_worker(files: list[tuple[str, bytes]], progress: ProgressFile) -> int:
    return len(open_files(files, progress=progress).state.inventory.vms)


def test_a_worker_process_reports_through_the_file(samples_dir: Path) -> None:
    with progress_file() as progress:
        assert progress.latest() is None
        with ProcessPoolExecutor(1) as pool:
            count = pool.submit(_open_in_worker, read(samples_dir, RVTOOLS_A), progress).result()
        assert count == 19
        assert progress.latest() == StageReport("classify")
        folder = progress.path.parent
    assert not folder.exists()


def test_a_damaged_progress_file_reads_as_no_report(tmp_path: Path) -> None:
    progress = ProgressFile(tmp_path / "stage.json")
    progress.path.write_text('{"stage": "launch"}')
    assert progress.latest() is None
    progress.path.write_text("not json")
    assert progress.latest() is None
    progress(StageReport("read", 2, 5, "vc2.xlsx"))
    assert progress.latest() == StageReport("read", 2, 5, "vc2.xlsx")
