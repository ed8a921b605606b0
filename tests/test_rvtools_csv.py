"""RVTools exports saved as CSV (one file per tab) read exactly like the .xlsx of the same export.

The CSV exports are made here from the real sample workbooks, sheet by sheet, as RVTools' "Export
all to csv" writes them (`RVTools_tab<sheet>.csv` in an `RVTools_export_all_<date>` folder).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest

from storepredict.pipeline.errors import InputError
from storepredict.pipeline.inventory import Inventory
from storepredict.pipeline.readers.ingest import detect_format, load_inventory
from storepredict.pipeline.session.archive import save_session_zip
from storepredict.pipeline.session.open import open_files
from tests.real_inputs import zip_of

SAMPLE = "rvtools-4.7.1-233vms.xlsx"
SMALL = "rvtools-4.7.1-19vms.xlsx"
FOLDER = "RVTools_export_all_2025-05-30_15.43.03"


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def sheets_as_csv(
    path: Path, delimiter: str = ",", encoding: str = "utf-8", only: tuple[str, ...] = ()
) -> dict[str, bytes]:
    """Every sheet (or those in `only`) as `RVTools_tab<sheet>.csv` bytes."""
    workbook = openpyxl.load_workbook(path, read_only=True)
    files = {}
    for sheet in workbook.worksheets:
        if only and sheet.title not in only:
            continue
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
        for row in sheet.iter_rows(values_only=True):
            writer.writerow([_text(value) for value in row])
        files[f"RVTools_tab{sheet.title}.csv"] = buffer.getvalue().encode(encoding)
    workbook.close()
    return files


def comparable(inventory: Inventory, without: frozenset[str] = frozenset()) -> dict[str, object]:
    """The inventory without what names the file it came from (nor the VM fields `without`)."""
    return {
        "vms": [vm.model_dump(exclude={"source", *without}) for vm in inventory.vms],
        "hosts": inventory.hosts,
        "totals": inventory.totals(),
        "findings": [f for f in inventory.findings if f.code != "csv_export"],
        "sources": [s.model_dump(exclude={"file_name"}) for s in inventory.sources],
        "format": inventory.format,
    }


@pytest.fixture(scope="module")
def sample_csv(samples_dir: Path) -> dict[str, bytes]:
    return sheets_as_csv(samples_dir / SAMPLE)


@pytest.fixture(scope="module")
def from_xlsx(samples_dir: Path) -> Inventory:
    return load_inventory([(SAMPLE, (samples_dir / SAMPLE).read_bytes())])


def test_a_zip_of_the_csv_folder_reads_like_the_xlsx(
    sample_csv: dict[str, bytes], from_xlsx: Inventory
) -> None:
    upload = zip_of(*((f"{FOLDER}/{name}", data) for name, data in sample_csv.items()))
    inventory = load_inventory([("export.zip", upload)])
    assert len(sample_csv) == 27
    assert len(inventory.vms) == 233
    assert comparable(inventory) == comparable(from_xlsx)
    assert inventory.sources[0].file_name == f"export.zip/{FOLDER}"
    assert {vm.source for vm in inventory.vms} == {f"export.zip/{FOLDER}"}
    (finding,) = [f for f in inventory.findings if f.code == "csv_export"]
    assert finding.severity == "info"
    assert finding.message.startswith(
        f"export.zip/{FOLDER} is an RVTools export saved as CSV files, written by RVTools "
        "4.7.1.4 on 2025-05-30 15:43:03. Tabs read: vInfo (UTF-8, comma-separated), vCPU (UTF-8, "
        "comma-separated), "
    )
    assert finding.message.endswith("vMetaData (UTF-8, comma-separated).")


def test_csv_files_at_the_zip_root(samples_dir: Path, from_xlsx: Inventory) -> None:
    files = sheets_as_csv(samples_dir / SAMPLE, only=("vInfo", "vPartition", "vHost", "vMetaData"))
    inventory = load_inventory([("vcexport.zip", zip_of(*files.items()))])
    assert inventory.sources[0].file_name == "vcexport.zip"
    no_vdisk = frozenset({"disk_capacities_mib"})  # the per-disk capacities come from vDisk
    assert comparable(inventory, no_vdisk) == comparable(from_xlsx, no_vdisk)
    assert {vm.disk_capacities_mib is None for vm in inventory.vms} == {True}


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1252"])
def test_delimiters_and_encodings(samples_dir: Path, delimiter: str, encoding: str) -> None:
    files = sheets_as_csv(samples_dir / SMALL, delimiter, encoding, only=("vInfo", "vMetaData"))
    expected = load_inventory(
        [
            (
                "x.zip",
                zip_of(*sheets_as_csv(samples_dir / SMALL, only=("vInfo", "vMetaData")).items()),
            )
        ]
    )
    inventory = load_inventory([("x.zip", zip_of(*files.items()))])
    assert comparable(inventory) == comparable(expected)
    assert len(inventory.vms) == 19
    described = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 with BOM", "utf-16": "UTF-16"}
    (finding,) = [f for f in inventory.findings if f.code == "csv_export"]
    separated = {",": "comma", ";": "semicolon", "\t": "tab"}[delimiter]
    assert f"vInfo ({described.get(encoding, 'UTF-8')}, {separated}-separated)" in finding.message


def test_windows_1252_text_and_decimal_commas() -> None:
    header = "VM;Powerstate;CPUs;Memory;Provisioned MiB;In Use MiB;Annotation\r\n"
    row = "caf\u00e9-01;poweredOn;2;4096;1024,5;512,25;Gr\u00fc\u00dfe, 1,5 TB\r\n"
    content = (header + row).encode("cp1252")
    assert detect_format(content, "RVTools_tabvInfo.csv") == "rvtools_csv"
    (vm,) = load_inventory([("RVTools_tabvInfo.csv", content)]).vms
    assert (vm.name, vm.provisioned_mib, vm.in_use_mib) == ("caf\u00e9-01", 1024.5, 512.25)
    assert vm.annotation == "Gr\u00fc\u00dfe, 1,5 TB"


def test_a_lone_vinfo_csv(samples_dir: Path, from_xlsx: Inventory) -> None:
    (content,) = sheets_as_csv(samples_dir / SAMPLE, only=("vInfo",)).values()
    inventory = load_inventory([("RVTools_tabvInfo.csv", codecs.BOM_UTF8 + content)])
    assert len(inventory.vms) == 233
    # Without vPartition, guest usage is unknown; everything vInfo gives matches.
    assert inventory.totals() == {**from_xlsx.totals(), "guest_used_mib": 0}
    (finding,) = [f for f in inventory.findings if f.code == "csv_export"]
    assert finding.message == (
        "RVTools_tabvInfo.csv is an RVTools export saved as CSV files, which does not say which "
        "tool wrote it. Tabs read: vInfo (UTF-8 with BOM, comma-separated)."
    )
    assert [f.code for f in inventory.findings if f.code == "vpartition_missing"]


def test_another_writer_and_its_filters_are_named() -> None:
    vinfo = b"VM,Powerstate,Provisioned MiB,VI SDK Server\r\napp01,poweredOn,1000,vc1\r\n"
    meta = (
        b"Tool,Tool version,Export date,Include cluster\r\n"
        b"vmware-collector,2.1,2025-06-01 08:00,PROD*\r\n"
    )
    upload = zip_of(("RVTools_tabvInfo.csv", vinfo), ("RVTools_tabvMetaData.csv", meta))
    inventory = load_inventory([("vcexport.zip", upload)])
    (finding,) = [f for f in inventory.findings if f.code == "csv_export"]
    assert finding.message == (
        "vcexport.zip is an RVTools export saved as CSV files, written by vmware-collector, 2.1, "
        "with the filters Include cluster: PROD*. Tabs read: vInfo (UTF-8, comma-separated), "
        "vMetaData (UTF-8, comma-separated)."
    )


def test_a_ragged_csv_is_refused() -> None:
    content = b"VM,Provisioned MiB\r\napp01,1000,extra\r\n"
    with pytest.raises(InputError) as error:
        load_inventory([("RVTools_tabvInfo.csv", content)])
    assert str(error.value) == (
        "RVTools_tabvInfo.csv of RVTools_tabvInfo.csv could not be read as CSV (rows have a "
        "different number of fields than the header): export it again from RVTools."
    )


def test_the_session_sentinel_is_checked_first(samples_dir: Path) -> None:
    files = sheets_as_csv(samples_dir / SMALL, only=("vInfo",))
    upload = ("export.zip", zip_of(*((f"{FOLDER}/{n}", d) for n, d in files.items())))
    state, originals, _ = open_files([upload])
    assert state.sources[0].format == "rvtools"
    archive = save_session_zip(state, originals)
    reopened = open_files([("saved.zip", archive)])
    assert reopened.restored
    assert reopened.state == state and reopened.originals == [upload]


def test_dates_in_the_metadata_tab_are_text() -> None:
    taken = dt.datetime(2025, 5, 30, 15, 43, 3)
    vinfo = b"VM,Provisioned MiB\r\na,1\r\n"
    meta = f"RVTools version,xlsx creation datetime,Server\r\n4.7.1.4,{taken},vc1\r\n".encode()
    upload = zip_of(("RVTools_tabvInfo.csv", vinfo), ("RVTools_tabvMetaData.csv", meta))
    (source,) = load_inventory([("e.zip", upload)]).sources
    assert (source.export_version, source.export_date) == ("4.7.1.4", "2025-05-30 15:43:03")
