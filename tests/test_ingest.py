"""The ingest dispatcher: detection by content, zips searched for exports, one or two files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from storepredict.pipeline.errors import (
    EmptyFileError,
    EmptyZipError,
    FileTooLargeError,
    InputError,
    LegacyExcelError,
    UnknownFormatError,
    UnsafeZipError,
)
from storepredict.pipeline.limits import Limits
from storepredict.pipeline.readers.ingest import check_upload_size, detect_format, load_inventory
from storepredict.pipeline.session.open import open_files
from tests.factory import write_workbook

LO = "liveoptics-2022-6vms.xlsx"
RV = "rvtools-4.7.1-19vms.xlsx"
LO_CSV = (
    b"\xef\xbb\xbfMOB ID,VM Name,Power State,Virtual Disk Size (MB),Virtual Disk Used (MB)\r\n"
    b"vm-1,app01,poweredOn,1024,512\r\n"
)


def make_zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def lo(samples_dir: Path) -> bytes:
    return (samples_dir / LO).read_bytes()


@pytest.fixture(scope="module")
def rv(samples_dir: Path) -> bytes:
    return (samples_dir / RV).read_bytes()


def test_detection_ignores_names(lo: bytes, rv: bytes) -> None:
    assert detect_format(rv, "export.csv") == "rvtools"
    assert detect_format(lo, "archive.zip") == "liveoptics"
    assert detect_format(LO_CSV, "book.xlsx") == "liveoptics_csv"
    assert detect_format(make_zip({"a.txt": b"a"}), "book.xlsx") == "zip"
    inventory = load_inventory([("export.csv", rv)])
    assert (inventory.format, len(inventory.vms)) == ("rvtools", 19)


def test_unknown_workbook_names_its_sheets_and_the_expected_ones() -> None:
    content = write_workbook({"Summary": [["a"]], "Servers": [["b"]]})
    with pytest.raises(UnknownFormatError) as error:
        load_inventory([("inventory.xlsx", content)])
    assert str(error.value) == (
        "inventory.xlsx is an Excel workbook but not an RVTools or LiveOptics export: its sheets "
        "are 'Summary', 'Servers'. Expected a 'vInfo' sheet (RVTools) or a 'VMs' sheet "
        "(LiveOptics VMware)."
    )


def test_sheet_listing_is_capped() -> None:
    content = write_workbook({f"S{i}": [["a"]] for i in range(13)})
    with pytest.raises(UnknownFormatError, match=r"'S8', 'S9' and 3 more\. Expected"):
        detect_format(content, "wide.xlsx")


def test_empty_file() -> None:
    with pytest.raises(EmptyFileError) as error:
        load_inventory([("rv.xlsx", b"")])
    assert str(error.value) == "rv.xlsx is empty (0 bytes): export it again and re-upload."


def test_random_bytes() -> None:
    with pytest.raises(UnknownFormatError) as error:
        load_inventory([("rv.xlsx", bytes(range(7, 256)) * 4)])
    assert str(error.value) == (
        "rv.xlsx is not an Excel workbook, CSV or zip we recognise: upload an RVTools or "
        "LiveOptics export (.xlsx, .csv or .zip)."
    )


def test_legacy_xls() -> None:
    with pytest.raises(LegacyExcelError, match=r"^old.xlsx is a legacy Excel 97-2003"):
        load_inventory([("old.xlsx", bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504))])


def test_upload_size_limit_is_checked_before_parsing(lo: bytes) -> None:
    limits = Limits(max_upload_bytes=50_000)
    with pytest.raises(FileTooLargeError) as error:
        open_files([("lo.xlsx", lo)], limits)
    assert str(error.value) == (
        f"lo.xlsx is {len(lo):,} bytes, over the upload limit of 0.05 MB: upload a smaller "
        "export (RVTools can leave out unused tabs) or zip it."
    )


def test_check_upload_size_allows_the_limit_and_refuses_one_byte_more() -> None:
    limits = Limits(max_upload_bytes=2_000_000)
    assert check_upload_size("rv.xlsx", 2_000_000, limits) is None
    with pytest.raises(FileTooLargeError) as error:
        check_upload_size("rv.xlsx", 2_000_001, limits)
    assert str(error.value) == (
        "rv.xlsx is 2.0 MB, over the upload limit of 2 MB: upload a smaller export (RVTools "
        "can leave out unused tabs) or zip it."
    )


def test_no_file() -> None:
    with pytest.raises(InputError) as error:
        load_inventory([])
    assert str(error.value) == "No file was given: upload at least one export."


def test_more_files_than_the_limit_are_refused_before_parsing() -> None:
    # Not even detection runs: these bytes would otherwise be refused as unknown content.
    files = [(f"f{i}.xlsx", b"junk %d" % i) for i in range(4)]
    with pytest.raises(InputError) as error:
        load_inventory(files, Limits(max_files=3))
    assert str(error.value) == (
        "4 files were given, more than the limit of 3 per upload: upload at most 3 exports at once."
    )


def test_byte_identical_files_are_refused_as_duplicates(rv: bytes) -> None:
    with pytest.raises(InputError) as error:
        load_inventory([("a.xlsx", rv), ("b.xlsx", rv)])
    assert str(error.value) == (
        "b.xlsx is the same file as a.xlsx (byte-identical): upload each export once."
    )


def test_rvtools_and_liveoptics_files_are_merged(lo: bytes, rv: bytes) -> None:
    inventory = load_inventory([("lo.xlsx", lo), ("rv.xlsx", rv)])
    assert inventory.format == "dual"
    assert [s.file_name for s in inventory.sources] == ["rv.xlsx", "lo.xlsx"]
    assert len(inventory.vms) == 19


@pytest.mark.parametrize("path", ["lo.xlsx", "LiveOptics/2022/VMware/lo.xlsx"])
def test_zip_holding_the_workbook_beside_junk(lo: bytes, path: str) -> None:
    content = make_zip(
        {
            "readme.txt": b"Live Optics project 1234567",
            "__MACOSX/._lo.xlsx": b"\x00\x05\x16\x07",
            "report.pdf": b"%PDF-1.7\n" + bytes(range(256)) * 10,
            "other/servers.xlsx": write_workbook({"Servers": [["Name"], ["s1"]]}),
            "broken.xlsx": b"PK\x03\x04 not really",
            path: lo,
        }
    )
    inventory = load_inventory([("project.zip", content)])
    assert (inventory.format, len(inventory.vms)) == ("liveoptics", 6)
    assert inventory.sources[0].file_name == f"project.zip/{path}"
    assert {vm.source for vm in inventory.vms} == {f"project.zip/{path}"}


def test_zip_holding_a_liveoptics_csv() -> None:
    inventory = load_inventory([("p.zip", make_zip({"exports/VMs.csv": LO_CSV}))])
    assert [(vm.name, vm.in_use_mib) for vm in inventory.vms] == [("app01", 512.0)]


def test_zip_holding_both_exports_is_merged(lo: bytes, rv: bytes) -> None:
    inventory = load_inventory([("both.zip", make_zip({"rv/rv.xlsx": rv, "lo/lo.xlsx": lo}))])
    assert inventory.format == "dual"
    assert [s.file_name for s in inventory.sources] == [
        "both.zip/rv/rv.xlsx",
        "both.zip/lo/lo.xlsx",
    ]


def test_zip_holding_the_same_liveoptics_workbook_twice_counts_each_vm_once(lo: bytes) -> None:
    inventory = load_inventory([("two.zip", make_zip({"a.xlsx": lo, "b.xlsx": lo}))])
    assert (inventory.format, len(inventory.vms)) == ("liveoptics", 6)
    assert [s.file_name for s in inventory.sources] == ["two.zip/a.xlsx", "two.zip/b.xlsx"]
    assert {tuple(vm.other_sources) for vm in inventory.vms} == {("two.zip/b.xlsx",)}
    (repeats,) = [f for f in inventory.findings if f.code == "duplicate_vms_across_exports"]
    assert repeats.message == (
        "6 VM(s) appear in more than one LiveOptics export (same vCenter and instance UUID, e.g. "
        "linked-mode vCenters or an export taken twice) and are counted once, with the values "
        "of the first export; repeats were found in 'two.zip/b.xlsx'."
    )


def test_zip_in_zip_within_the_depth_limit(lo: bytes) -> None:
    inner = make_zip({"vmware/lo.xlsx": lo})
    inventory = load_inventory([("outer.zip", make_zip({"download.zip": inner}))])
    assert inventory.sources[0].file_name == "outer.zip/download.zip/vmware/lo.xlsx"


def test_zip_nested_too_deep(lo: bytes) -> None:
    nested = make_zip({"c.zip": make_zip({"lo.xlsx": lo})})
    with pytest.raises(UnsafeZipError) as error:
        load_inventory([("a.zip", make_zip({"b.zip": nested}))])
    assert str(error.value) == (
        "a.zip/b.zip nests zip archives more than 2 levels deep ('c.zip'): unzip it and upload "
        "the export itself."
    )


def test_zip_with_nothing_usable_lists_its_entries() -> None:
    entries = {f"notes/{i:02d}.txt": b"text" for i in range(12)}
    entries["servers.xlsx"] = write_workbook({"Servers": [["Name"]]})
    with pytest.raises(EmptyZipError) as error:
        load_inventory([("stuff.zip", make_zip(entries))])
    listed = ", ".join(f"'notes/{i:02d}.txt'" for i in range(10))
    assert str(error.value) == (
        f"stuff.zip holds no RVTools or LiveOptics export; it contains {listed} and 3 more. "
        "Upload the .xlsx export itself, or a zip that contains it."
    )


def test_empty_zip() -> None:
    with pytest.raises(EmptyZipError) as error:
        load_inventory([("empty.zip", make_zip({}))])
    assert str(error.value) == (
        "empty.zip holds no RVTools or LiveOptics export (the archive is empty). Upload the .xlsx "
        "export itself, or a zip that contains it."
    )
