"""Turn one or two uploaded files into one Inventory, recognising every export by its content.

File names and extensions are never trusted: a zip or .xlsx is known by its magic bytes and its
entries or sheets, a CSV by its header line. A zip that is not a workbook is searched (folders and
nested zips included) for exports; anything else inside is ignored. Session archives are the
caller's business (it checks for `session.json` first).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import (
    CorruptWorkbookError,
    EmptyFileError,
    EmptyZipError,
    FileTooLargeError,
    InputError,
    LegacyExcelError,
    UnknownFormatError,
    UnsafeZipError,
)
from ..inventory import Inventory
from ..limits import DEFAULT_LIMITS, Limits
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

# Bump when the readers turn the same bytes into a different inventory: a restore then re-reads the
# originals and carries the decisions over instead of refusing the mismatch (ADR-070).
READER_VERSION = 2  # 2: host CPU/memory detail, unnamed rows, provenance, extra sheets


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


def load_inventory(
    files: Sequence[tuple[str, bytes]], limits: Limits = DEFAULT_LIMITS
) -> Inventory:
    """One inventory from one export, or from one RVTools and one LiveOptics export (merged)."""
    if not 1 <= len(files) <= 2:
        raise InputError(
            f"{len(files)} files were given: upload one export, or two (one RVTools and one "
            "LiveOptics export of the same estate)."
        )
    exports: list[_Export] = []
    for name, content in files:
        kind = detect_format(content, name, limits)
        if kind == ZIP:
            exports += _exports_in_zip(content, name, limits, depth=1)
        else:
            exports.append(_Export(kind, name, content))
    return _combine(exports)


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


def _combine(exports: list[_Export]) -> Inventory:
    """Read a single export, or merge one RVTools with one LiveOptics export."""
    rvtools = [e for e in exports if e.kind == RVTOOLS]
    liveoptics = [e for e in exports if e.kind != RVTOOLS]
    if len(exports) == 1:
        return _read(exports[0])
    if len(rvtools) == 1 and len(liveoptics) == 1:
        return merge_inventories(_read(rvtools[0]), _read(liveoptics[0]))
    same, label = (rvtools, "RVTools") if len(rvtools) > 1 else (liveoptics, "LiveOptics")
    raise InputError(
        f"Found {len(same)} {label} exports ({_listing([e.name for e in same])}): StorePredict "
        "reads one export, or one RVTools and one LiveOptics export of the same estate. "
        "Upload them one at a time."
    )


def _read(export: _Export) -> Inventory:
    return _READERS[export.kind](export.content, export.name)


def _listing(names: Sequence[str]) -> str:
    """Names for a message, quoted and capped in number."""
    shown = ", ".join(f"'{shown_name(n)}'" for n in names[:_LISTED])
    extra = len(names) - _LISTED
    return shown + (f" and {extra} more" if extra > 0 else "")
