"""Recognise exports by their content, and find the exports a zip holds.

File names and extensions are never trusted: a zip or .xlsx is known by its magic bytes and its
entries or sheets, a CSV by its header line. A zip that is not a workbook is searched (folders and
nested zips included) for exports; anything else inside is ignored. The one use of names: the
`RVTools_tab<sheet>.csv` files of an RVTools CSV export say which tab each file holds.
Session archives are the caller's business (it checks for `session.json` first).
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ...i18n import gettext
from ..errors import (
    CorruptWorkbookError,
    EmptyFileError,
    EmptyZipError,
    LegacyExcelError,
    UnknownFormatError,
    UnsafeZipError,
)
from ..limits import DEFAULT_LIMITS, Limits
from .excel import open_workbook
from .liveoptics.csvfile import looks_like_liveoptics_csv
from .liveoptics.workbook import is_liveoptics
from .rvtools.csvexport import VINFO_SHEET, csv_groups, looks_like_vinfo_csv, sheet_of
from .rvtools.workbook import is_rvtools
from .zipsafe import (
    is_encrypted,
    list_entries,
    open_zip,
    peek_entry,
    read_entry,
    shown_name,
)

RVTOOLS = "rvtools"
RVTOOLS_CSV = "rvtools_csv"
LIVEOPTICS = "liveoptics"
LIVEOPTICS_CSV = "liveoptics_csv"
ZIP = "zip"
_PEEK_BYTES = 64 * 1024
_LISTED = 10
# Entries an inner file may fail with and simply be ignored (it is not an export we read).
_NOT_AN_EXPORT = (UnknownFormatError, EmptyFileError, LegacyExcelError, CorruptWorkbookError)


@dataclass(frozen=True)
class Export:
    """One export found in the upload: its kind, shown name and bytes (CSV tabs: by sheet)."""

    kind: str
    name: str
    content: bytes = b""
    sheets: Mapping[str, bytes] = field(default_factory=dict)


def detect_format(content: bytes, file_name: str, limits: Limits = DEFAULT_LIMITS) -> str:
    """`rvtools`, `liveoptics` (.xlsx), `rvtools_csv` (vInfo), `liveoptics_csv` or `zip`."""
    if not content:
        raise EmptyFileError(
            gettext(
                "{file_name} is empty (0 bytes): export it again and re-upload.",
                file_name=file_name,
            )
        )
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
            gettext(
                "{file_name} is an Excel workbook but not an RVTools or LiveOptics export: its "
                "sheets are {sheets}. Expected a 'vInfo' sheet (RVTools) or a 'VMs' sheet "
                "(LiveOptics VMware).",
                file_name=file_name,
                sheets=_listing(sheets),
            )
        )
    if looks_like_liveoptics_csv(content):
        return LIVEOPTICS_CSV
    if looks_like_vinfo_csv(content):
        return RVTOOLS_CSV
    open_workbook(content, file_name)  # raises the fitting error: legacy .xls, unknown content
    raise UnknownFormatError(
        gettext("{file_name} is not an export StorePredict recognises.", file_name=file_name)
    )


def exports_in(name: str, content: bytes, limits: Limits) -> list[Export]:
    """The exports one uploaded file holds: itself, or those inside a zip."""
    kind = detect_format(content, name, limits)
    if kind == ZIP:
        return _exports_in_zip(content, name, limits, depth=1)
    return [_export(kind, name, content)]


def _export(kind: str, name: str, content: bytes) -> Export:
    if kind == RVTOOLS_CSV:  # a lone vInfo CSV
        return Export(kind, name, sheets={VINFO_SHEET: content})
    return Export(kind, name, content)


def _exports_in_zip(content: bytes, name: str, limits: Limits, depth: int) -> list[Export]:
    """The exports inside a zip (nested zips searched up to the depth limit)."""
    entries = [info for info in list_entries(content, limits, name) if not _is_os_clutter(info)]
    archive = open_zip(content, name)
    groups = csv_groups([info.filename for info in entries])
    in_groups = {path for sheets in groups.values() for path in sheets.values()}
    by_path = {info.filename: info for info in entries}
    found: list[Export] = []
    seen: list[str] = []
    budget = [limits.max_zip_uncompressed_bytes]

    def read(info: zipfile.ZipInfo) -> bytes:
        data = read_entry(archive, info, limits, cap=budget[0])
        budget[0] -= len(data)
        return data

    for info in entries:
        seen.append(shown_name(info.filename) + (" (password-protected)" * is_encrypted(info)))
        if is_encrypted(info):
            continue
        if info.filename in in_groups:
            folder = str(PurePosixPath(info.filename).parent)
            if sheet_of(info.filename) == _vinfo_sheet(groups[folder]):
                sheets = {sheet: read(by_path[path]) for sheet, path in groups[folder].items()}
                shown = name if folder == "." else f"{name}/{shown_name(folder)}"
                found.append(Export(RVTOOLS_CSV, shown, sheets=sheets))
            continue
        head = peek_entry(archive, info, _PEEK_BYTES)
        if not (
            head.startswith(b"PK") or looks_like_liveoptics_csv(head) or looks_like_vinfo_csv(head)
        ):
            continue
        data = read(info)
        inner = f"{name}/{shown_name(info.filename)}"
        try:
            kind = detect_format(data, inner, limits)
        except _NOT_AN_EXPORT:
            continue
        if kind != ZIP:
            found.append(_export(kind, inner, data))
        elif depth >= limits.max_zip_depth:
            raise UnsafeZipError(
                gettext(
                    "{name} nests zip archives more than {max_zip_depth} levels deep "
                    "('{filename}'): unzip it and upload the export itself.",
                    name=name,
                    max_zip_depth=limits.max_zip_depth,
                    filename=shown_name(info.filename),
                )
            )
        else:
            try:
                found += _exports_in_zip(data, inner, limits, depth + 1)
            except EmptyZipError:
                continue
    if not found:
        raise EmptyZipError(
            gettext(
                "{name} holds no RVTools or LiveOptics export; it contains {listing}. Upload the "
                ".xlsx export itself, or a zip that contains it.",
                name=name,
                listing=_listing(seen),
            )
            if seen
            else gettext(
                "{name} holds no RVTools or LiveOptics export (the archive is empty). Upload the "
                ".xlsx export itself, or a zip that contains it.",
                name=name,
            )
        )
    return found


def _vinfo_sheet(sheets: Mapping[str, str]) -> str:
    """The vInfo sheet name of a CSV group, as its file name spells it."""
    return next(sheet for sheet in sheets if sheet.casefold() == VINFO_SHEET.casefold())


def _is_os_clutter(info: zipfile.ZipInfo) -> bool:
    """macOS resource forks and Finder/Explorer metadata that zip tools add."""
    path = info.filename
    base = path.rsplit("/", 1)[-1]
    return path.startswith("__MACOSX/") or base.startswith("._") or base in {".DS_Store"}


def _listing(names: Sequence[str]) -> str:
    """Names for a message, quoted and capped in number."""
    shown = ", ".join(f"'{shown_name(n)}'" for n in names[:_LISTED])
    extra = len(names) - _LISTED
    return shown + (gettext(" and {n} more", n=extra) if extra > 0 else "")
