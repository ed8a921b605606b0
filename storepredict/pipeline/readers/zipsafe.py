"""Inspect and read untrusted zip archives (and .xlsx files, which are zips) within safety limits.

The central directory is checked before anything is inflated: entry count, total declared size,
compression ratios and entry names. Declared sizes can lie, so reading streams and stops past the
cap whatever the header says.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

from ...i18n import gettext
from ..errors import CorruptWorkbookError, InputError, UnsafeZipError
from ..limits import Limits

# Entries smaller than this cannot exhaust memory, whatever their ratio (tiny XML parts of an
# ordinary workbook compress well past 100:1), so the per-entry ratio check skips them.
RATIO_FLOOR_BYTES = 1024 * 1024
_CHUNK = 1024 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")
_ENCRYPTED_FLAG = 0x1


def shown_name(name: str) -> str:
    """An entry name safe to show: printable and at most 80 characters."""
    clean = "".join(c if c.isprintable() else "?" for c in name)
    return clean if len(clean) <= 80 else clean[:77] + "..."


def unsafe_name_reason(name: str) -> str | None:
    """Why an entry name could escape the extraction folder, or None when it is safe."""
    if "\\" in name:
        return gettext("contains a backslash")
    if name.startswith("/"):
        return gettext("is an absolute path")
    if _DRIVE.match(name):
        return gettext("starts with a drive letter")
    if ".." in name.split("/"):
        return gettext("climbs out of the archive with '..'")
    if "\x00" in name:
        return gettext("contains a NUL character")
    if not name.strip("/"):
        return gettext("is empty")
    return None


def open_zip(content: bytes, file_name: str) -> zipfile.ZipFile:
    """A ZipFile over the bytes; a damaged archive raises CorruptWorkbookError."""
    try:
        return zipfile.ZipFile(io.BytesIO(content))
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,  # a feature zipfile lacks, e.g. a newer "version needed to extract"
        OSError,
        ValueError,
        EOFError,
    ):
        raise CorruptWorkbookError(
            gettext(
                "{file_name} is a damaged or truncated zip archive (.zip or .xlsx): download or "
                "export it again, then re-upload it.",
                file_name=file_name,
            )
        ) from None


def list_entries(
    content: bytes, limits: Limits, file_name: str | None = None
) -> list[zipfile.ZipInfo]:
    """The file entries (folders left out) of a zip, after checking it against the limits."""
    file_name = file_name or gettext("The zip archive")
    archive = open_zip(content, file_name)
    infos = archive.infolist()
    if len(infos) > limits.max_zip_entries:
        raise UnsafeZipError(
            gettext(
                "{file_name} holds {infos} entries, more than the limit of {max_zip_entries}: "
                "upload the export itself, or a zip holding only it.",
                file_name=file_name,
                infos=len(infos),
                max_zip_entries=limits.max_zip_entries,
            )
        )
    for info in infos:
        reason = unsafe_name_reason(info.filename)
        if reason:
            raise UnsafeZipError(
                gettext(
                    "{file_name} was refused: the entry name '{filename}' {reason}. Upload the "
                    "export itself, or re-create the zip from its folder.",
                    file_name=file_name,
                    filename=shown_name(info.filename),
                    reason=reason,
                )
            )
    total = sum(info.file_size for info in infos)
    if total > limits.max_zip_uncompressed_bytes:
        raise UnsafeZipError(
            gettext(
                "{file_name} would unpack to {total}, more than the limit of "
                "{max_zip_uncompressed_bytes}: upload the export itself.",
                file_name=file_name,
                total=describe_size(total),
                max_zip_uncompressed_bytes=describe_size(limits.max_zip_uncompressed_bytes),
            )
        )
    for info in infos:
        if info.file_size >= RATIO_FLOOR_BYTES and _ratio(info.file_size, info.compress_size) > (
            limits.max_zip_ratio
        ):
            raise UnsafeZipError(
                gettext(
                    "{file_name} was refused: the entry '{filename}' is compressed {file_size:.0f} "
                    "to 1, more than the limit of {max_zip_ratio:g} to 1 (a zip bomb?). Upload the "
                    "export itself.",
                    file_name=file_name,
                    filename=shown_name(info.filename),
                    file_size=_ratio(info.file_size, info.compress_size),
                    max_zip_ratio=limits.max_zip_ratio,
                )
            )
    compressed = sum(info.compress_size for info in infos)
    if total >= RATIO_FLOOR_BYTES and _ratio(total, compressed) > limits.max_zip_ratio:
        raise UnsafeZipError(
            gettext(
                "{file_name} was refused: it is compressed {total:.0f} to 1 overall, more than the "
                "limit of {max_zip_ratio:g} to 1 (a zip bomb?). Upload the export itself.",
                file_name=file_name,
                total=_ratio(total, compressed),
                max_zip_ratio=limits.max_zip_ratio,
            )
        )
    return [info for info in infos if not info.is_dir()]


def is_encrypted(info: zipfile.ZipInfo) -> bool:
    """True for a password-protected entry."""
    return bool(info.flag_bits & _ENCRYPTED_FLAG)


def read_entry(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, cap: int | None = None
) -> bytes:
    """The bytes of one entry, streamed; refused past `cap` (default: the unpacked-size limit)."""
    return _read(zf, info, limits.max_zip_uncompressed_bytes if cap is None else cap, stop=False)


def peek_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo, size: int) -> bytes:
    """The first `size` bytes of one entry (less when it is shorter)."""
    return _read(zf, info, size, stop=True)


def _read(zf: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int, stop: bool) -> bytes:
    """Stream an entry; past `cap` bytes either stop there or refuse the archive."""
    if is_encrypted(info):
        raise InputError(
            gettext(
                "The zip entry '{filename}' is password-protected: unzip it with its password and "
                "upload the export itself.",
                filename=shown_name(info.filename),
            )
        )
    buffer = io.BytesIO()
    try:
        with zf.open(info) as stream:
            while chunk := stream.read(min(_CHUNK, cap + 1 - buffer.tell())):
                buffer.write(chunk)
                if buffer.tell() > cap and stop:
                    return buffer.getvalue()[:cap]
                if buffer.tell() > cap:
                    raise UnsafeZipError(
                        gettext(
                            "The zip entry '{filename}' unpacks to more than {cap}, the limit: "
                            "upload the export itself.",
                            filename=shown_name(info.filename),
                            cap=describe_size(cap),
                        )
                    )
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, RuntimeError):
        raise CorruptWorkbookError(
            gettext(
                "The zip entry '{filename}' is damaged (or uses an unsupported compression "
                "method): create the zip again, or upload the export itself.",
                filename=shown_name(info.filename),
            )
        ) from None
    return buffer.getvalue()


def _ratio(uncompressed: int, compressed: int) -> float:
    return uncompressed / max(compressed, 1)


def describe_size(size: int) -> str:
    """A byte count for messages: `850 bytes`, `12.3 MB`."""
    return f"{size:,} bytes" if size < 1_000_000 else f"{size / 1_000_000:,.1f} MB"
