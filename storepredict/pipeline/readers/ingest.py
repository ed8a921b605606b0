"""Turn uploaded files into one Inventory, recognising every export by its content.

File names and extensions are never trusted: a zip or .xlsx is known by its magic bytes and its
entries or sheets, a CSV by its header line. A zip that is not a workbook is searched (folders and
nested zips included) for exports; anything else inside is ignored. Session archives are the
caller's business (it checks for `session.json` first).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from ..errors import (
    CorruptWorkbookError,
    EmptyFileError,
    EmptyZipError,
    FileTooLargeError,
    InputError,
    LegacyExcelError,
    StorePredictError,
    UnknownFormatError,
    UnsafeZipError,
)
from ..inventory import Inventory
from ..limits import DEFAULT_LIMITS, Limits
from .estate import combine_exports, stamp_export_date
from .excel import open_workbook
from .liveoptics.csvfile import looks_like_liveoptics_csv, read_liveoptics_csv
from .liveoptics.workbook import is_liveoptics, read_liveoptics
from .merge import merge_inventories
from .rvtools.workbook import is_rvtools, read_rvtools
from .zipsafe import (
    describe_size,
    is_encrypted,
    list_entries,
    open_zip,
    peek_entry,
    read_entry,
    shown_name,
)

RVTOOLS = "rvtools"
LIVEOPTICS = "liveoptics"
LIVEOPTICS_CSV = "liveoptics_csv"
ZIP = "zip"
_READERS = {RVTOOLS: read_rvtools, LIVEOPTICS: read_liveoptics, LIVEOPTICS_CSV: read_liveoptics_csv}
_PEEK_BYTES = 64 * 1024
_LISTED = 10
# Entries an inner file may fail with and simply be ignored (it is not an export we read).
_NOT_AN_EXPORT = (UnknownFormatError, EmptyFileError, LegacyExcelError, CorruptWorkbookError)


@dataclass(frozen=True)
class _Export:
    kind: str
    name: str
    content: bytes


def detect_format(content: bytes, file_name: str, limits: Limits = DEFAULT_LIMITS) -> str:
    """`rvtools`, `liveoptics` (.xlsx), `liveoptics_csv` or `zip`, from the content alone."""
    if not content:
        raise EmptyFileError(f"{file_name} is empty (0 bytes): export it again and re-upload.")
    if content.startswith(b"PK"):
        entries = list_entries(content, limits, file_name)
        names = {info.filename for info in entries}
        if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
            return ZIP
        sheets = open_workbook(content, file_name).sheet_names
        if is_rvtools(sheets):
            return RVTOOLS
        if is_liveoptics(sheets):
            return LIVEOPTICS
        raise UnknownFormatError(
            f"{file_name} is an Excel workbook but not an RVTools or LiveOptics export: its sheets "
            f"are {_listing(sheets)}. Expected a 'vInfo' sheet (RVTools) or a 'VMs' sheet "
            "(LiveOptics VMware)."
        )
    if looks_like_liveoptics_csv(content):
        return LIVEOPTICS_CSV
    open_workbook(content, file_name)  # raises the fitting error: legacy .xls, unknown content
    raise UnknownFormatError(f"{file_name} is not an export StorePredict recognises.")


def check_upload_size(name: str, size: int, limits: Limits) -> None:
    """Refuse a file of `size` bytes over the upload limit (before it is read, when possible)."""
    if size > limits.max_upload_bytes:
        raise FileTooLargeError(
            f"{name} is {describe_size(size)}, over the upload limit of "
            f"{limits.describe_upload_limit()}: upload a smaller export (RVTools can leave "
            "out unused tabs) or zip it."
        )


def check_file_count(count: int, limits: Limits) -> None:
    """Refuse an upload of no file, or of more files than the limit, before any file is read."""
    if count == 0:
        raise InputError("No file was given: upload at least one export.")
    if count > limits.max_files:
        raise InputError(
            f"{count} files were given, more than the limit of {limits.max_files} per upload: "
            f"upload at most {limits.max_files} exports at once."
        )


def check_duplicates(files: Sequence[tuple[str, bytes]]) -> None:
    """Refuse two byte-identical files (digests are taken only where sizes are equal)."""
    sizes = Counter(len(content) for _, content in files)
    seen: dict[bytes, str] = {}
    for name, content in files:
        if sizes[len(content)] < 2:
            continue
        digest = hashlib.sha256(content).digest()
        if digest in seen:
            raise InputError(
                f"{shown_name(name)} is the same file as {shown_name(seen[digest])} "
                "(byte-identical): upload each export once."
            )
        seen[digest] = name


def load_inventory(
    files: Sequence[tuple[str, bytes]], limits: Limits = DEFAULT_LIMITS
) -> Inventory:
    """One inventory from any number of exports (several RVTools and/or LiveOptics exports).

    Exports of one tool are combined, each VM counted once (`estate`); RVTools and LiveOptics
    are then merged (`merge`). Any file that cannot be read refuses the whole upload.
    """
    check_file_count(len(files), limits)
    check_duplicates(files)
    read: dict[str, list[Inventory]] = {RVTOOLS: [], LIVEOPTICS: []}
    for name, content in files:
        with _naming(name, len(files)):
            for export in _exports_in(name, content, limits):
                kind = RVTOOLS if export.kind == RVTOOLS else LIVEOPTICS
                read[kind].append(stamp_export_date(_read(export)))
    rvtools = combine_exports(read[RVTOOLS], "RVTools") if read[RVTOOLS] else None
    liveoptics = combine_exports(read[LIVEOPTICS], "LiveOptics") if read[LIVEOPTICS] else None
    if rvtools is not None and liveoptics is not None:
        return merge_inventories(rvtools, liveoptics)
    inventory = rvtools or liveoptics
    assert inventory is not None  # every file holds at least one export, or raised
    return inventory


@contextmanager
def _naming(name: str, count: int) -> Iterator[None]:
    """With several files, a refusal also names the file and says that nothing was loaded."""
    try:
        yield
    except StorePredictError as exc:
        if count < 2:
            raise
        raise type(exc)(
            f"{exc.message} Nothing was loaded: fix or leave out {shown_name(name)}, then "
            "upload the files again."
        ) from None


def _exports_in(name: str, content: bytes, limits: Limits) -> list[_Export]:
    """The exports one uploaded file holds: itself, or those inside a zip."""
    kind = detect_format(content, name, limits)
    if kind == ZIP:
        return _exports_in_zip(content, name, limits, depth=1)
    return [_Export(kind, name, content)]


def _exports_in_zip(content: bytes, name: str, limits: Limits, depth: int) -> list[_Export]:
    """The exports inside a zip (nested zips searched up to the depth limit)."""
    entries = list_entries(content, limits, name)
    archive = open_zip(content, name)
    found: list[_Export] = []
    seen: list[str] = []
    budget = limits.max_zip_uncompressed_bytes
    for info in entries:
        if _is_os_clutter(info.filename):
            continue
        seen.append(shown_name(info.filename) + (" (password-protected)" * is_encrypted(info)))
        if is_encrypted(info):
            continue
        head = peek_entry(archive, info, _PEEK_BYTES)
        if not head.startswith(b"PK") and not looks_like_liveoptics_csv(head):
            continue
        data = read_entry(archive, info, limits, cap=budget)
        budget -= len(data)
        inner = f"{name}/{shown_name(info.filename)}"
        try:
            kind = detect_format(data, inner, limits)
        except _NOT_AN_EXPORT:
            continue
        if kind != ZIP:
            found.append(_Export(kind, inner, data))
        elif depth >= limits.max_zip_depth:
            raise UnsafeZipError(
                f"{name} nests zip archives more than {limits.max_zip_depth} levels deep "
                f"('{shown_name(info.filename)}'): unzip it and upload the export itself."
            )
        else:
            try:
                found += _exports_in_zip(data, inner, limits, depth + 1)
            except EmptyZipError:
                continue
    if not found:
        raise EmptyZipError(
            f"{name} holds no RVTools or LiveOptics export"
            + (f"; it contains {_listing(seen)}." if seen else " (the archive is empty).")
            + " Upload the .xlsx export itself, or a zip that contains it."
        )
    return found


def _is_os_clutter(path: str) -> bool:
    """macOS resource forks and Finder/Explorer metadata that zip tools add."""
    base = path.rsplit("/", 1)[-1]
    return path.startswith("__MACOSX/") or base.startswith("._") or base in {".DS_Store"}


def _read(export: _Export) -> Inventory:
    return _READERS[export.kind](export.content, export.name)


def _listing(names: Sequence[str]) -> str:
    """Names for a message, quoted and capped in number."""
    shown = ", ".join(f"'{shown_name(n)}'" for n in names[:_LISTED])
    extra = len(names) - _LISTED
    return shown + (f" and {extra} more" if extra > 0 else "")
