"""Every case of the bad-input corpus (tests/data/bad): one clear CLI line, the right error.

The corpus is generated once per run (nothing binary is kept in the repository); each test writes
the files it needs into its own tmp_path.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from storepredict.cli import main
from storepredict.config import config_from_env
from storepredict.pipeline.errors import StorePredictError
from storepredict.pipeline.limits import DEFAULT_LIMITS
from storepredict.pipeline.session.open import open_files
from storepredict.pipeline.sizing.run import size_session
from tests.data.bad.make_corpus import (
    BadCase,
    LoadableCase,
    build_corpus,
    build_loadable,
    liveoptics_workbook,
    rvtools_workbook,
    zip_needing_version,
    zip_of,
)

MAKE_CORPUS = Path(__file__).parent / "data" / "bad" / "make_corpus.py"


@dataclass(frozen=True)
class Upload:
    """A corpus case held in memory: its description and the (file name, bytes) it uploads."""

    case: BadCase | LoadableCase
    files: tuple[tuple[str, bytes], ...]

    def write(self, directory: Path) -> list[str]:
        """Write the files into `directory`; their paths as CLI arguments."""
        paths = []
        for name, content in self.files:
            (directory / name).write_bytes(content)
            paths.append(str(directory / name))
        return paths


def _in_memory(cases: list) -> list[Upload]:
    return [Upload(c, tuple((p.name, p.read_bytes()) for p in c.files)) for c in cases]


def _generate() -> tuple[list[Upload], list[Upload]]:
    with tempfile.TemporaryDirectory(prefix="storepredict-bad-") as folder:
        return (
            _in_memory(build_corpus(Path(folder) / "refused")),
            _in_memory(build_loadable(Path(folder) / "loadable")),
        )


REFUSED, LOADABLE = _generate()


def _ids(uploads: list[Upload]) -> list[str]:
    return [upload.case.name for upload in uploads]


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """No STOREPREDICT_* variable from the outside changes the limits."""
    for key in [k for k in os.environ if k.startswith("STOREPREDICT_")]:
        monkeypatch.delenv(key)
    return monkeypatch


@pytest.mark.parametrize("upload", REFUSED, ids=_ids(REFUSED))
def test_inspect_exits_2_with_one_line(
    upload: Upload, tmp_path: Path, capsys: pytest.CaptureFixture, clean_env
) -> None:
    case = upload.case
    assert isinstance(case, BadCase)
    for key, value in case.env.items():
        clean_env.setenv(key, value)
    status = main(["inspect", *upload.write(tmp_path)])
    out, err = capsys.readouterr()
    assert (status, out, err) == (2, "", f"error: {case.message}\n")


@pytest.mark.parametrize("upload", REFUSED, ids=_ids(REFUSED))
def test_open_files_raises_the_exact_error(upload: Upload) -> None:
    case = upload.case
    assert isinstance(case, BadCase)
    with pytest.raises(StorePredictError) as raised:
        open_files(list(upload.files), config_from_env(case.env).limits)
    assert type(raised.value) is case.error
    assert raised.value.message == case.message


@pytest.mark.parametrize(
    "upload", [u for u in REFUSED if u.case.env], ids=_ids([u for u in REFUSED if u.case.env])
)
def test_small_limit_cases_need_their_limit(upload: Upload) -> None:
    """Under the default limits the same files fail otherwise, or load: the limit is what bites."""
    try:
        open_files(list(upload.files), DEFAULT_LIMITS)
    except StorePredictError as exc:
        assert exc.message != upload.case.message


def test_corpus_case_names_are_unique_and_every_case_has_a_file() -> None:
    names = _ids(REFUSED) + _ids(LOADABLE)
    assert (len(REFUSED), len(LOADABLE), len(set(names))) == (46, 8, 54)
    assert all(upload.files for upload in REFUSED + LOADABLE)


@pytest.mark.parametrize("upload", LOADABLE, ids=_ids(LOADABLE))
def test_odd_inputs_load_intact_through_the_cli(
    upload: Upload, tmp_path: Path, capsys: pytest.CaptureFixture, clean_env
) -> None:
    case = upload.case
    assert isinstance(case, LoadableCase)
    status = main(["inspect", "--json", *upload.write(tmp_path)])
    out, err = capsys.readouterr()
    assert (status, err) == (0, "")
    document = json.loads(out)
    assert tuple(vm["name"] for vm in document["vms"]) == case.vm_names
    assert tuple(f["code"] for f in document["findings"]) == case.finding_codes


@pytest.mark.parametrize("upload", LOADABLE, ids=_ids(LOADABLE))
def test_odd_inputs_load_intact_through_open_files(upload: Upload) -> None:
    case = upload.case
    assert isinstance(case, LoadableCase)
    state, originals, _ = open_files(list(upload.files))
    assert state.inventory is not None
    assert tuple(vm.name for vm in state.inventory.vms) == case.vm_names
    assert tuple(f.code for f in state.inventory.findings) == case.finding_codes
    assert originals == list(upload.files)


def test_the_long_name_is_kept_whole() -> None:
    (upload,) = [u for u in LOADABLE if u.case.name == "long-vm-name"]
    state, _, _ = open_files(list(upload.files))
    (vm,) = state.inventory.vms
    assert (len(vm.name), vm.name[-2:]) == (100_000, "L!")


def test_the_liveoptics_zip_with_a_nested_session_json_is_an_export() -> None:
    (upload,) = [u for u in LOADABLE if u.case.name.startswith("liveoptics-zip-with")]
    state, originals, _ = open_files(list(upload.files))
    assert state.inventory.format == "liveoptics"
    assert [s.file_name for s in state.inventory.sources] == [
        "LiveOptics_42.zip/LiveOptics_42/LiveOptics_42_VMWARE_01_02_2024.xlsx"
    ]
    assert originals == list(upload.files)


def test_non_numeric_capacities_are_unknown_with_a_finding() -> None:
    (upload,) = [u for u in LOADABLE if u.case.name == "non-numeric-capacities"]
    state, _, _ = open_files(list(upload.files))
    text_vm, ok_vm = state.inventory.vms
    assert (text_vm.provisioned_mib, text_vm.in_use_mib) == (None, None)
    assert (ok_vm.provisioned_mib, ok_vm.in_use_mib) == (10.0, 5.0)
    findings = {f.code: f for f in state.inventory.findings}
    assert findings["unreadable_numbers"].rows == ["text-vm"]
    assert findings["unreadable_numbers"].message == (
        "1 VM(s) have values that are not numbers in Provisioned, In Use; those values are "
        "treated as unknown."
    )
    assert findings["no_capacity_data"].rows == ["text-vm"]


def _negative_export(reader: str) -> bytes:
    if reader == "rvtools":
        return rvtools_workbook([["neg-vm", "poweredOn", 2, 4096, -1000, -500]])
    return liveoptics_workbook([["vm-1", "neg-vm", "poweredOn", -1000, -500]])


@pytest.mark.parametrize("reader", ["rvtools", "liveoptics"])
def test_negative_capacities_are_unknown_with_a_finding(reader: str) -> None:
    state, _, _ = open_files([("negative.xlsx", _negative_export(reader))])
    (vm,) = state.inventory.vms
    assert (vm.provisioned_mib, vm.in_use_mib) == (None, None)
    findings = {f.code: f for f in state.inventory.findings}
    assert findings["negative_numbers"].rows == ["neg-vm"]
    assert findings["negative_numbers"].message == (
        "1 VM(s) have negative values in Provisioned, In Use; those values are treated as unknown."
    )


@pytest.mark.parametrize("reader", ["rvtools", "liveoptics"])
def test_size_of_negative_capacities_does_not_crash(
    reader: str, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    path = tmp_path / "negative.xlsx"
    path.write_bytes(_negative_export(reader))
    try:
        status = main(["size", str(path)])
    except Exception as exc:  # sizing once failed on negative sizes with a ValidationError
        pytest.fail(f"storepredict size raised {type(exc).__name__}")
    out, err = capsys.readouterr()
    assert (status, err) == (0, "")
    assert out.startswith("in scope: 1 VMs (0 excluded)\n")


def test_sizing_of_hostile_names_works() -> None:
    (upload,) = [u for u in LOADABLE if u.case.name == "hostile-vm-names"]
    state, _, _ = open_files(list(upload.files))
    result = size_session(state)
    assert tuple(row.name for row in result.storage.vms) == upload.case.vm_names


def test_zip_needing_a_newer_zip_version_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    content = zip_needing_version(rvtools_workbook([["app01", "poweredOn", 2, 4, 10, 5]]), 110)
    path = tmp_path / "v11.zip"
    path.write_bytes(content)
    message = (
        "v11.zip is a damaged or truncated zip archive (.zip or .xlsx): download or export it "
        "again, then re-upload it."
    )
    assert (main(["inspect", str(path)]), capsys.readouterr().err) == (2, f"error: {message}\n")


def test_an_entry_name_with_a_line_break_keeps_the_message_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    inner = rvtools_workbook([["on", 1000]], ["Powerstate", "Provisioned MiB"])
    path = tmp_path / "outer.zip"
    path.write_bytes(zip_of([("a\nb.xlsx", inner)]))
    assert main(["inspect", str(path)]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_generator_runs_as_a_script(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(MAKE_CORPUS), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
    )
    assert (result.returncode, result.stderr) == (0, "")
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.*"))
    expected = sorted(
        f"{folder}/{name}"
        for folder, uploads in (("refused", REFUSED), ("loadable", LOADABLE))
        for upload in uploads
        for name, _ in upload.files
    )
    assert written == sorted(set(expected))
    assert len(result.stdout.splitlines()) == len(REFUSED) + len(LOADABLE)
