"""Save a whole session as a self-contained zip and restore it, trusting nothing (ADR-066..068).

The zip holds `session.json` at its root (the sentinel, ADR-067) and every original export,
byte for byte, under its base name (ADR-068). `session.json` is pretty-printed with sorted keys
so a human can read and diff it; its `state` is `SessionState.model_dump(mode="json")`.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from .. import __version__
from .errors import SessionArchiveError
from .limits import DEFAULT_LIMITS, MIB, Limits
from .session_migrations import SCHEMA_VERSION, migrate_document
from .settings import describe_validation_error
from .state import SessionState, SourceFile

__all__ = [
    "SCHEMA_VERSION",
    "SESSION_ZIP_SENTINEL",
    "archive_names",
    "is_session_zip",
    "restore_session_zip",
    "safe_base_name",
    "save_session_zip",
]

SESSION_ZIP_SENTINEL = "session.json"
_UNSAFE_CHARS = re.compile(r"[^\w.\-+,() ]")
_WINDOWS_DEVICE = re.compile(r"(con|prn|aux|nul|com\d|lpt\d)(\.|$)", re.IGNORECASE)
_MAX_NAME = 150
# Entries deflating better than this are stored instead, so our own archives never trip the
# restore-side ratio limit (which defaults to 200).
_SAVE_MAX_RATIO = 100
_RESTORE = "Restore an unmodified copy of the archive, or start again from the original exports."
_NOT_OURS = "Choose the .zip that StorePredict saved, unchanged."


class _SessionDocument(BaseModel):
    """The parts of session.json that restore relies on; informational keys are ignored."""

    model_config = ConfigDict(extra="ignore")

    sources: list[SourceFile]
    state: SessionState


def is_session_zip(content: bytes) -> bool:
    """True when `content` is a zip with `session.json` at its root; reads only the directory."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return any(info.filename == SESSION_ZIP_SENTINEL for info in archive.infolist())
    except Exception:
        return False


def safe_base_name(name: str) -> str:
    """The last path part of `name`, with unsafe characters replaced: a plain root entry name."""
    base = _UNSAFE_CHARS.sub("_", re.split(r"[\\/]", name)[-1]).strip(" .")
    if _WINDOWS_DEVICE.match(base):
        base = f"_{base}"
    if len(base) > _MAX_NAME:
        suffix = PurePosixPath(base).suffix[:20]
        base = base[: _MAX_NAME - len(suffix)].rstrip(" .") + suffix
    return base or "original"


def archive_names(names: Sequence[str]) -> list[str]:
    """Stored names for the originals: safe, unique ignoring case, never the sentinel."""
    taken = {SESSION_ZIP_SENTINEL}
    stored = []
    for name in names:
        candidate = base = safe_base_name(name)
        suffix = PurePosixPath(base).suffix
        number = 2
        while candidate.casefold() in taken:
            candidate = f"{base[: len(base) - len(suffix)]} ({number}){suffix}"
            number += 1
        taken.add(candidate.casefold())
        stored.append(candidate)
    return stored


def save_session_zip(state: SessionState, originals: Sequence[tuple[str, bytes]]) -> bytes:
    """A deflated zip with `session.json` and every original export, byte for byte."""
    names = archive_names([name for name, _ in originals])
    sources = [
        _describe_original(state, given, stored, content)
        for (given, content), stored in zip(originals, names, strict=True)
    ]
    document = {
        "app_version": __version__,
        "project_name": state.project_name,
        "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "schema_version": SCHEMA_VERSION,
        "sources": sources,
        "state": state.model_dump(mode="json"),
    }
    text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    try:
        payload = text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: escape it, json.loads restores it exactly
        payload = json.dumps(document, indent=2, sort_keys=True).encode("ascii") + b"\n"
    entries = [(SESSION_ZIP_SENTINEL, payload), *zip(names, (c for _, c in originals), strict=True)]
    return _write_zip(entries)


def _describe_original(state: SessionState, given: str, stored: str, content: bytes) -> dict:
    """The `sources` record of one original; its format comes from the matching state source."""
    digest = hashlib.sha256(content).hexdigest()
    formats = [s.format for s in state.sources if s.sha256 == digest]
    formats += [s.format for s in state.sources if s.file_name in (given, stored)]
    fmt = formats[0] if formats else "unknown"
    return {"file_name": stored, "format": fmt, "sha256": digest, "size": len(content)}


def _write_zip(entries: Sequence[tuple[str, bytes]], stored: frozenset[str] = frozenset()) -> bytes:
    """The zip bytes; entries compressing better than _SAVE_MAX_RATIO are rewritten uncompressed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries:
            mode = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            archive.writestr(name, content, compress_type=mode)
        too_good = frozenset(
            i.filename for i in archive.infolist() if i.file_size > i.compress_size * _SAVE_MAX_RATIO
        )
    return _write_zip(entries, too_good) if too_good - stored else buffer.getvalue()


def restore_session_zip(
    content: bytes, limits: Limits = DEFAULT_LIMITS
) -> tuple[SessionState, list[tuple[str, bytes]]]:
    """The state and the (stored name, bytes) originals of a session archive, all validated.

    Raises SessionArchiveError, and nothing else, on any problem.
    """
    try:
        with _open_zip(content) as archive:
            reader = _EntryReader(archive, limits)
            entries = _checked_entries(archive, limits)
            if SESSION_ZIP_SENTINEL not in entries:
                raise _missing_sentinel(entries)
            raw = reader.read(entries[SESSION_ZIP_SENTINEL], limits.max_session_json_bytes)
            document = _validated(migrate_document(_parse_document(raw)))
            originals = [(s.file_name, _checked_original(reader, entries, s)) for s in document.sources]
    except SessionArchiveError:
        raise
    except Exception as exc:  # the contract: every failure is a SessionArchiveError
        raise SessionArchiveError(
            f"The session archive could not be read ({type(exc).__name__}: {exc}). {_RESTORE}"
        ) from exc
    return document.state, originals


def _open_zip(content: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(content))
    except Exception:
        raise SessionArchiveError(
            f"This file is not a readable zip archive (it is damaged, truncated or not a zip). "
            f"{_NOT_OURS}"
        ) from None


def _unsafe_reason(name: str) -> str | None:
    if "\x00" in name:
        return "it contains a NUL character"
    if "\\" in name:
        return "it contains a backslash"
    if re.match(r"[A-Za-z]:", name):
        return "it starts with a drive letter"
    if name.startswith("/"):
        return "it is an absolute path"
    if ".." in name.split("/"):
        return "it climbs out of the archive with '..'"
    return None


def _checked_entries(archive: zipfile.ZipFile, limits: Limits) -> dict[str, zipfile.ZipInfo]:
    """Entries by name, after the name, count, encryption and declared size checks."""
    infos = archive.infolist()
    if len(infos) > limits.max_zip_entries:
        raise SessionArchiveError(
            f"The archive holds {len(infos):,} entries, more than the {limits.max_zip_entries:,} "
            f"allowed. {_NOT_OURS}"
        )
    entries: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        reason = _unsafe_reason(info.orig_filename) or _unsafe_reason(info.filename)
        if reason:
            raise SessionArchiveError(
                f"The archive holds an unsafe entry name {info.orig_filename!r}: {reason}. "
                f"{_NOT_OURS}"
            )
        if info.filename in entries:
            raise SessionArchiveError(f"The archive holds two entries named {info.filename!r}. {_RESTORE}")
        if info.flag_bits & 0x1:
            raise SessionArchiveError(
                f"The archive entry {info.filename!r} is password-protected; StorePredict never "
                f"encrypts session archives. {_NOT_OURS}"
            )
        if info.file_size > info.compress_size * limits.max_zip_ratio:
            raise _ratio_error(info.filename, limits)
        entries[info.filename] = info
    if sum(info.file_size for info in infos) > limits.max_zip_uncompressed_bytes:
        raise _total_size_error(limits)
    return entries


def _size(count: int) -> str:
    return f"{count / MIB:g} MiB" if count >= MIB else f"{count:,} bytes"


def _ratio_error(name: str, limits: Limits) -> SessionArchiveError:
    return SessionArchiveError(
        f"The archive entry {name!r} expands more than {limits.max_zip_ratio:g} times its "
        f"compressed size, as zip bombs do. {_NOT_OURS}"
    )


def _total_size_error(limits: Limits) -> SessionArchiveError:
    return SessionArchiveError(
        f"The archive expands to more than {_size(limits.max_zip_uncompressed_bytes)}, the limit "
        "for a session archive, so it was not opened. Choose the .zip that StorePredict saved, or "
        "ask an administrator to raise STOREPREDICT_MAX_ZIP_MIB."
    )


def _json_size_error(limits: Limits) -> SessionArchiveError:
    return SessionArchiveError(
        f"session.json is larger than {_size(limits.max_session_json_bytes)}, the limit for a "
        "session archive, so it was not opened. Choose the .zip that StorePredict saved, or ask "
        "an administrator to raise STOREPREDICT_MAX_SESSION_JSON_MIB."
    )


class _EntryReader:
    """Reads entries with a hard cap on the bytes produced, whatever their headers declare."""

    def __init__(self, archive: zipfile.ZipFile, limits: Limits) -> None:
        self.archive = archive
        self.limits = limits
        self.budget = limits.max_zip_uncompressed_bytes

    def read(self, info: zipfile.ZipInfo, size_limit: int | None = None) -> bytes:
        """The entry's bytes; SessionArchiveError as soon as a limit would be crossed."""
        caps = [
            (self.budget, _total_size_error),
            (int(info.compress_size * self.limits.max_zip_ratio), _ratio_error_for(info)),
        ]
        if size_limit is not None:
            caps.append((size_limit, _json_size_error))
        cap, error = min(caps, key=lambda item: item[0])
        if info.file_size > cap:
            raise error(self.limits)
        try:
            with self.archive.open(info) as stream:
                data = stream.read(cap + 1)
        except Exception as exc:
            raise SessionArchiveError(
                f"The archive entry {info.filename!r} is damaged and cannot be read ({exc}). "
                f"{_RESTORE}"
            ) from None
        if len(data) > cap:
            raise error(self.limits)
        self.budget -= len(data)
        return data


def _ratio_error_for(info: zipfile.ZipInfo):
    return lambda limits: _ratio_error(info.filename, limits)


def _missing_sentinel(entries: dict[str, zipfile.ZipInfo]) -> SessionArchiveError:
    nested = [name for name in entries if PurePosixPath(name).name == SESSION_ZIP_SENTINEL]
    if nested:
        return SessionArchiveError(
            f"The archive has session.json only inside a folder ({nested[0]!r}), not at its root. "
            "Upload the .zip exactly as StorePredict saved it, without unpacking and re-zipping it."
        )
    return SessionArchiveError(
        "The archive has no session.json at its root, so it is not a StorePredict session. "
        "Upload it as an export instead, or choose the .zip that StorePredict saved."
    )


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def _parse_document(raw: bytes) -> dict[str, Any]:
    """The session.json object, with an integer schema_version not newer than ours."""
    try:
        document = json.loads(raw.decode("utf-8-sig"), parse_constant=_reject_constant)
    except UnicodeDecodeError as exc:
        raise SessionArchiveError(
            f"session.json is not UTF-8 text (invalid byte at offset {exc.start}). If you edited "
            f"it, save it as UTF-8. {_RESTORE}"
        ) from None
    except json.JSONDecodeError as exc:
        raise SessionArchiveError(
            f"session.json is not valid JSON ({exc.msg} at line {exc.lineno}, column "
            f"{exc.colno}). {_RESTORE}"
        ) from None
    except (ValueError, RecursionError) as exc:
        raise SessionArchiveError(f"session.json is not valid JSON ({exc}). {_RESTORE}") from None
    if not isinstance(document, dict):
        raise SessionArchiveError(
            f"session.json must hold a JSON object with 'schema_version' and 'state', not a "
            f"{type(document).__name__}. {_RESTORE}"
        )
    version = document.get("schema_version")
    if type(version) is not int:
        raise SessionArchiveError(
            f"session.json has no integer 'schema_version' (found {version!r}). {_RESTORE}"
        )
    if version > SCHEMA_VERSION:
        raise SessionArchiveError(
            f"This archive was made by a newer StorePredict (schema {version}); this version "
            f"reads up to {SCHEMA_VERSION}. Update StorePredict to open it."
        )
    return document


def _validated(document: dict[str, Any]) -> _SessionDocument:
    try:
        parsed = _SessionDocument.model_validate(document)
    except ValidationError as exc:
        detail = describe_validation_error(exc, "session field")
        raise SessionArchiveError(f"session.json is not a valid session. {detail} {_RESTORE}") from None
    seen: set[str] = set()
    for source in parsed.sources:
        name = source.file_name
        if name != safe_base_name(name) and _unsafe_chars_or_path(name):
            raise SessionArchiveError(
                f"session.json lists an original export named {name!r}, which is not a plain "
                f"file name at the archive root. {_RESTORE}"
            )
        if name.casefold() in seen or name == SESSION_ZIP_SENTINEL:
            raise SessionArchiveError(
                f"session.json lists the original export {name!r} twice. {_RESTORE}"
            )
        seen.add(name.casefold())
    return parsed


def _unsafe_chars_or_path(name: str) -> bool:
    return bool(_UNSAFE_CHARS.search(name)) or name != name.strip(" .") or len(name) > 255


def _checked_original(
    reader: _EntryReader, entries: dict[str, zipfile.ZipInfo], source: SourceFile
) -> bytes:
    """The bytes of one original, after its presence, size and SHA-256 checks."""
    name = source.file_name
    info = entries.get(name)
    if info is None:
        raise SessionArchiveError(
            f"The archive has no original export {name!r}, which session.json lists. {_RESTORE}"
        )
    data = b"" if info.file_size != source.size else reader.read(info)
    if info.file_size != source.size or len(data) != source.size:
        raise SessionArchiveError(
            f"The original export {name!r} holds {info.file_size:,} bytes but session.json "
            f"records {source.size:,}: the archive was damaged or edited. {_RESTORE}"
        )
    if hashlib.sha256(data).hexdigest() != source.sha256:
        raise SessionArchiveError(
            f"The original export {name!r} does not match the SHA-256 recorded in session.json: "
            f"the archive was damaged or edited. {_RESTORE}"
        )
    return data
