"""Nothing from a VM name, annotation, file name or Details sheet is ever written to a log.

Every field of the exports below carries a distinctive marker. They go through the CLI (inspect,
size, report, session save and restore) and through open_files, successful and refused, with
every logger at DEBUG and warnings recorded; no record and no warning may hold a marker.
"""

from __future__ import annotations

import io
import logging
import warnings
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from storepredict.cli import main
from storepredict.pipeline.errors import StorePredictError
from storepredict.pipeline.session.open import open_files
from tests.factory import write_workbook

MARK = "QZXMARK"
FILE_NAME = f"{MARK}-file.xlsx"


def marked(field: str) -> str:
    """A value that names its field and carries the marker."""
    return f"{MARK}-{field}"


def rvtools_export() -> bytes:
    """An RVTools export whose every text cell (and one custom attribute) is marked."""
    header = ["VM", "Powerstate", "CPUs", "Memory", "Provisioned MiB", "In Use MiB", "Annotation"]
    header += ["Folder", "Datacenter", "Cluster", "Host", "OS according to the VMware Tools"]
    header += ["VM UUID", "VI SDK Server", f"{MARK}-attribute-name"]
    rows = [
        [marked("vm"), "poweredOn", 2, 4096, 1000, 500, marked("annotation"), marked("folder")],
        [marked("vm"), "weird", "n/a", 1, "x", "lots", "<script>", "=1+1"],  # findings
    ]
    rows[0] += [marked(f) for f in ("dc", "cluster", "host", "os", "uuid", "vcenter", "attribute")]
    return write_workbook(
        {
            "vInfo": [header, *rows],
            "vPartition": [["VM", "Capacity MiB", "Consumed MiB"], [marked("vm"), 10, "x"]],
            "vHost": [["Host", "Cluster", "# CPU", "CPU Model"], [marked("host"), "c", 2, "m"]],
            "vMetaData": [["RVTools version", "Server"], [marked("version"), marked("server")]],
        }
    )


def liveoptics_export() -> bytes:
    """A LiveOptics export with a marked Details sheet (the owner's name and e-mail)."""
    vms = ["MOB ID", "VM Name", "Power State", "Virtual Disk Size (MiB)", "Virtual Disk Used (MiB)"]
    return write_workbook(
        {
            "Details": [
                ["Project Owner", marked("owner")],
                ["Owner Email", f"{MARK}@example.com"],
                ["Collector Build Version", marked("build")],
                ["Date", marked("date")],
            ],
            "VMs": [[*vms, "VM OS"], [marked("mob"), marked("lo-vm"), "on", 1, 1, marked("os")]],
            "ESX Hosts": [["Host Name", "CPU Sockets"], [marked("esx"), "two"]],
            "Custom Attributes": [
                ["VM Name", "Custom Attribute", "Custom Content"],
                [marked("lo-vm"), marked("key"), marked("value")],
            ],
        }
    )


class _Collector(logging.Handler):
    """Keeps every record it is handed."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def all_logs(caplog: pytest.LogCaptureFixture) -> Iterator[tuple[list, list]]:
    """Every log record at DEBUG (from loggers that do not propagate too) and every warning."""
    caplog.set_level(logging.DEBUG)
    collector = _Collector()
    loggers = [logging.getLogger()] + [
        logger
        for logger in logging.root.manager.loggerDict.values()
        if isinstance(logger, logging.Logger) and not logger.propagate
    ]
    levels = {name: logging.getLogger(name).level for name in logging.root.manager.loggerDict}
    for name in levels:
        logging.getLogger(name).setLevel(logging.DEBUG)
    for logger in loggers:
        logger.addHandler(collector)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield collector.records, caught
    for logger in loggers:
        logger.removeHandler(collector)
    for name, level in levels.items():
        logging.getLogger(name).setLevel(level)


def _leaks(logs: tuple[list, list]) -> list[str]:
    """The texts of the records and warnings that hold the marker."""
    records, caught = logs
    texts = []
    for record in records:
        texts += [record.getMessage(), str(record.args), record.exc_text or "", record.name]
    texts += [str(warning.message) for warning in caught]
    return [text for text in texts if MARK in text]


def test_the_capture_sees_debug_records_of_any_logger(all_logs: tuple) -> None:
    logging.getLogger("some.library").debug("probe %s", marked("probe"))
    warnings.warn(marked("warning"), UserWarning, stacklevel=1)
    assert _leaks(all_logs) == [
        f"probe {marked('probe')}",
        f"('{marked('probe')}',)",
        marked("warning"),
    ]


def test_cli_inspect_size_report_and_session_round_trip_log_nothing(
    all_logs: tuple, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    export = tmp_path / FILE_NAME
    export.write_bytes(rvtools_export())
    session = tmp_path / f"{MARK}-session.zip"
    runs = [
        ["inspect", str(export)],
        ["inspect", "--json", str(export)],
        ["size", "--json", str(export), "--save-session", str(session)],
        ["inspect", str(session)],
        [
            "report",
            str(session),
            "--xlsx",
            str(tmp_path / "r.xlsx"),
            "--pdf",
            str(tmp_path / "r.pdf"),
        ],
    ]
    for argv in runs:
        assert main(argv) == 0
    out, err = capsys.readouterr()
    assert MARK in out and err == ""  # the data reached the output, and nothing else
    assert _leaks(all_logs) == []


def test_liveoptics_details_are_never_logged(all_logs: tuple) -> None:
    state, _, _ = open_files([(f"{MARK}-lo.xlsx", liveoptics_export())])
    assert [vm.name for vm in state.inventory.vms] == [marked("lo-vm")]
    assert state.inventory.sources[0].export_version == marked("build")
    assert _leaks(all_logs) == []


def test_both_exports_together_log_nothing(all_logs: tuple) -> None:
    files = [(FILE_NAME, rvtools_export()), (f"{MARK}-lo.xlsx", liveoptics_export())]
    state, _, _ = open_files(files)
    assert state.inventory.format == "dual"
    assert _leaks(all_logs) == []


@pytest.mark.parametrize(
    "content",
    [
        b"",
        write_workbook({marked("sheet"): [[marked("cell")]]}),
        write_workbook({"vInfo": [[marked("header")], [marked("value")]]}),
        write_workbook({"vInfo": [["VM", "Provisioned MiB"]]}),
        b"PK\x03\x04" + MARK.encode() * 10,
        MARK.encode() * 10,
    ],
    ids=["empty", "foreign-workbook", "missing-columns", "no-rows", "damaged-zip", "noise"],
)
def test_refused_uploads_log_nothing(
    content: bytes, all_logs: tuple, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    with pytest.raises(StorePredictError):
        open_files([(FILE_NAME, content)])
    path = tmp_path / FILE_NAME
    path.write_bytes(content)
    assert main(["inspect", str(path)]) == 2
    assert capsys.readouterr().err.startswith("error: ")  # the user's own message, not a log
    assert _leaks(all_logs) == []


def test_calamine_warnings_name_the_xml_element_not_the_cells(all_logs: tuple) -> None:
    """calamine logs through Python logging; for a sheet part that is not a worksheet it names the
    part's root element (chosen by whoever wrote the file), never the cells inside."""
    sheet = f'<row r="2"><c r="A2" t="inlineStr"><is><t>{marked("cell")}</t></is></c></row>'
    content = write_workbook({"vInfo": [["VM", "Provisioned MiB"], ["a", 1]]})
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    with pytest.raises(StorePredictError):
        open_files([(FILE_NAME, buffer.getvalue())])
    records, _ = all_logs
    warned = [
        (r.name, r.levelname, r.getMessage()) for r in records if r.name.startswith("calamine")
    ]
    assert warned and set(warned) == {("calamine.xlsx", "WARNING", "'row' not a valid worksheet")}
    assert _leaks(all_logs) == []
