"""Zip entries of a session archive: plain root names on save, guarded reads on restore.

Nothing here trusts a zip header: declared sizes allow an early refusal, and every read is
capped by the limits whatever the headers say (zip bombs, ADR-066). Entry-name rules and the
ratio floor are shared with the export reader (zipsafe); the messages here speak of sessions.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from collections.abc import Collection, Sequence
from pathlib import PurePosixPath

from ...i18n import N_, gettext
from ..errors import SessionArchiveError
from ..limits import Limits
from ..readers.zipsafe import RATIO_FLOOR_BYTES, unsafe_name_reason
from ..units import MIB
from .state import SourceFile

RESTORE_HINT = N_(
    "Restore an unmodified copy of the archive, or start again from the original exports."
)
NOT_OURS_HINT = N_("Choose the .zip that StorePredict saved, unchanged.")
_UNSAFE_CHARS = re.compile(r"[^\w.\-+,() ]")
_WINDOWS_DEVICE = re.compile(r"(con|prn|aux|nul|com\d|lpt\d)(\.|$)", re.IGNORECASE)
_MAX_NAME = 150


def safe_base_name(name: str) -> str:
    """The last path part of `name`, with unsafe characters replaced: a plain root entry name."""
    base = _UNSAFE_CHARS.sub("_", re.split(r"[\\/]", name)[-1]).strip(" .")
    if _WINDOWS_DEVICE.match(base):
        base = f"_{base}"
    if len(base) > _MAX_NAME:
        suffix = PurePosixPath(base).suffix[:20]
        base = base[: _MAX_NAME - len(suffix)].rstrip(" .") + suffix
    return base or "original"


def archive_names(names: Sequence[str], reserved: Collection[str] = ()) -> list[str]:
    """Safe base names, unique ignoring case and never one of `reserved`: "a.csv", "a (2).csv"."""
    taken = {name.casefold() for name in reserved}
    stored = []
    for name in names:
        candidate = base = safe_base_name(name)
        stem = base.removesuffix(PurePosixPath(base).suffix)
        number = 2
        while candidate.casefold() in taken:
            candidate = f"{stem} ({number}){base[len(stem) :]}"
            number += 1
        taken.add(candidate.casefold())
        stored.append(candidate)
    return stored


def is_plain_name(name: str) -> bool:
    """True for a name `archive_names` could have produced: no path part, no unsafe character."""
    return (
        0 < len(name) <= 255
        and not _UNSAFE_CHARS.search(name)
        and name == name.strip(" .")
        and not _WINDOWS_DEVICE.match(name)
    )


def open_archive(content: bytes) -> zipfile.ZipFile:
    """The zip over `content` (its central directory is read, no member is)."""
    try:
        return zipfile.ZipFile(io.BytesIO(content))
    except Exception:  # zipfile raises many types for a damaged directory; all mean the same
        raise SessionArchiveError(
            gettext(
                "This file is not a readable zip archive (it is damaged, truncated or not a zip). "
                "{NOT_OURS_HINT}",
                NOT_OURS_HINT=gettext(NOT_OURS_HINT),
            )
        ) from None


def checked_entries(archive: zipfile.ZipFile, limits: Limits) -> dict[str, zipfile.ZipInfo]:
    """Entries by name, after the entry count, name, encryption and declared size checks."""
    infos = archive.infolist()
    if len(infos) > limits.max_zip_entries:
        raise SessionArchiveError(
            gettext(
                "The archive holds {infos:,} entries, more than the {max_zip_entries:,} allowed. "
                "{NOT_OURS_HINT}",
                infos=len(infos),
                max_zip_entries=limits.max_zip_entries,
                NOT_OURS_HINT=gettext(NOT_OURS_HINT),
            )
        )
    entries: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        reason = unsafe_name_reason(info.orig_filename) or unsafe_name_reason(info.filename)
        if reason:
            raise SessionArchiveError(
                gettext(
                    "The archive holds an unsafe entry name {orig_filename!r}: it {reason}. "
                    "{NOT_OURS_HINT}",
                    orig_filename=info.orig_filename,
                    reason=reason,
                    NOT_OURS_HINT=gettext(NOT_OURS_HINT),
                )
            )
        if info.filename in entries:
            raise SessionArchiveError(
                gettext(
                    "The archive holds two entries named {filename!r}. {RESTORE_HINT}",
                    filename=info.filename,
                    RESTORE_HINT=gettext(RESTORE_HINT),
                )
            )
        if info.flag_bits & 0x1:
            raise SessionArchiveError(
                gettext(
                    "The archive entry {filename!r} is password-protected; StorePredict never "
                    "encrypts session archives. {NOT_OURS_HINT}",
                    filename=info.filename,
                    NOT_OURS_HINT=gettext(NOT_OURS_HINT),
                )
            )
        if info.file_size > _ratio_cap(info, limits):
            raise _ratio_error(info, limits)
        entries[info.filename] = info
    if sum(info.file_size for info in infos) > limits.max_zip_uncompressed_bytes:
        raise _total_size_error(limits)
    return entries


class EntryReader:
    """Reads entries with a hard cap on the bytes produced, whatever their headers declare."""

    def __init__(self, archive: zipfile.ZipFile, limits: Limits) -> None:
        self.archive = archive
        self.limits = limits
        self.budget = limits.max_zip_uncompressed_bytes

    def read(self, info: zipfile.ZipInfo, json_limit: bool = False) -> bytes:
        """The entry's bytes; SessionArchiveError as soon as a limit would be crossed.

        Limits: the archive's total uncompressed budget, the compression ratio and, with
        `json_limit`, the session.json size limit.
        """
        caps = [
            (self.budget, _total_size_error(self.limits)),
            (_ratio_cap(info, self.limits), _ratio_error(info, self.limits)),
        ]
        if json_limit:
            caps.append((self.limits.max_session_json_bytes, _json_size_error(self.limits)))
        cap, error = min(caps, key=lambda item: item[0])
        if info.file_size > cap:
            raise error
        try:
            with self.archive.open(info) as stream:
                data = stream.read(cap + 1)
        except Exception as exc:  # zipfile raises many types for damaged data; all mean the same
            raise SessionArchiveError(
                gettext(
                    "The archive entry {filename!r} is damaged and cannot be read ({exc}). "
                    "{RESTORE_HINT}",
                    filename=info.filename,
                    exc=exc,
                    RESTORE_HINT=gettext(RESTORE_HINT),
                )
            ) from None
        if len(data) > cap:
            raise error
        self.budget -= len(data)
        return data

    def read_original(self, entries: dict[str, zipfile.ZipInfo], source: SourceFile) -> bytes:
        """The bytes of one listed original, after its presence, size and SHA-256 checks."""
        name = source.file_name
        info = entries.get(name)
        if info is None:
            raise SessionArchiveError(
                gettext(
                    "The archive has no original export {name!r}, which session.json lists. "
                    "{RESTORE_HINT}",
                    name=name,
                    RESTORE_HINT=gettext(RESTORE_HINT),
                )
            )
        data = self.read(info) if info.file_size == source.size else b""
        if info.file_size != source.size or len(data) != source.size:
            raise SessionArchiveError(
                gettext(
                    "The original export {name!r} holds {file_size:,} bytes but session.json "
                    "records {size:,}: the archive was damaged or edited. {RESTORE_HINT}",
                    name=name,
                    file_size=info.file_size,
                    size=source.size,
                    RESTORE_HINT=gettext(RESTORE_HINT),
                )
            )
        if hashlib.sha256(data).hexdigest() != source.sha256:
            raise SessionArchiveError(
                gettext(
                    "The original export {name!r} does not match the SHA-256 recorded in "
                    "session.json: the archive was damaged or edited. {RESTORE_HINT}",
                    name=name,
                    RESTORE_HINT=gettext(RESTORE_HINT),
                )
            )
        return data


def _ratio_cap(info: zipfile.ZipInfo, limits: Limits) -> int:
    """Most bytes the entry may expand to; below the floor no ratio can exhaust memory."""
    return max(int(info.compress_size * limits.max_zip_ratio), RATIO_FLOOR_BYTES)


def _size(count: int) -> str:
    return f"{count / MIB:g} MiB" if count >= MIB else f"{count:,} bytes"


def _ratio_error(info: zipfile.ZipInfo, limits: Limits) -> SessionArchiveError:
    return SessionArchiveError(
        gettext(
            "The archive entry {filename!r} expands more than {max_zip_ratio:g} times its "
            "compressed size, as zip bombs do. {NOT_OURS_HINT}",
            filename=info.filename,
            max_zip_ratio=limits.max_zip_ratio,
            NOT_OURS_HINT=gettext(NOT_OURS_HINT),
        )
    )


def _total_size_error(limits: Limits) -> SessionArchiveError:
    return SessionArchiveError(
        gettext(
            "The archive expands to more than {max_zip_uncompressed_bytes}, the limit for a "
            "session archive, so it was not opened. Choose the .zip that StorePredict saved, or "
            "ask an administrator to raise STOREPREDICT_MAX_ZIP_MIB.",
            max_zip_uncompressed_bytes=_size(limits.max_zip_uncompressed_bytes),
        )
    )


def _json_size_error(limits: Limits) -> SessionArchiveError:
    return SessionArchiveError(
        gettext(
            "session.json is larger than {max_session_json_bytes}, the limit for a session "
            "archive, so it was not opened. Choose the .zip that StorePredict saved, or ask an "
            "administrator to raise STOREPREDICT_MAX_SESSION_JSON_MIB.",
            max_session_json_bytes=_size(limits.max_session_json_bytes),
        )
    )
