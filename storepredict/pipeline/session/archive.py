"""Save a whole session as a self-contained zip and restore it, trusting nothing (ADR-066..068).

The zip holds `session.json` at its root (the sentinel, ADR-067) and every original export,
byte for byte, under its base name (ADR-068). `session.json` is pretty-printed with sorted keys
so a human can read and diff it; its `state` is `SessionState.model_dump(mode="json")`.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import Any

import orjson
from pydantic import BaseModel, ConfigDict, ValidationError

from ... import __version__
from ...i18n import gettext
from ..errors import LogoError, SessionArchiveError
from ..limits import DEFAULT_LIMITS, Limits
from ..readers.ingest import READER_VERSION
from ..settings import describe_validation_error
from .container import (
    RESTORE_HINT,
    EntryReader,
    archive_names,
    checked_entries,
    is_plain_name,
    open_archive,
)
from .logo import LOGO_ENTRIES, logo_entry_name, read_logo
from .migrations import SCHEMA_VERSION, migrate_document
from .state import SessionState, SourceFile
from .trust import check_state_limits

SESSION_ZIP_SENTINEL = "session.json"
# Entries deflating better than this are stored instead, so our own archives never trip the
# restore-side ratio limit (which defaults to 200).
_SAVE_MAX_RATIO = 100


class StoredSession(BaseModel):
    """The parts of session.json that restore relies on; informational keys are ignored."""

    model_config = ConfigDict(extra="ignore")

    reader_version: int
    sources: list[SourceFile]
    state: SessionState


def is_session_zip(content: bytes) -> bool:
    """True when `content` is a zip with `session.json` at its root; reads only the directory."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return any(info.filename == SESSION_ZIP_SENTINEL for info in archive.infolist())
    except Exception:  # never raises: anything unreadable is simply not a session archive
        return False


def save_session_zip(state: SessionState, originals: Sequence[tuple[str, bytes]]) -> bytes:
    """A deflated zip with `session.json` and every original export, byte for byte."""
    reserved = [SESSION_ZIP_SENTINEL, *LOGO_ENTRIES.values()]
    names = archive_names([name for name, _ in originals], reserved=reserved)
    sources = [
        _describe_original(state, given, stored, content)
        for (given, content), stored in zip(originals, names, strict=True)
    ]
    document = {
        "app_version": __version__,
        "project_name": state.project_name,
        "reader_version": READER_VERSION,
        "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "schema_version": SCHEMA_VERSION,
        "sources": sources,
        "state": state.model_dump(mode="json"),
    }
    contents = [content for _, content in originals]
    entries = [(SESSION_ZIP_SENTINEL, _pretty_json(document)), *zip(names, contents, strict=True)]
    if state.logo is not None and state.logo.content:
        entries.append((logo_entry_name(state.logo), state.logo.content))
    return _write_zip(entries)


def _pretty_json(document: dict[str, Any]) -> bytes:
    """The text json.dumps(indent=2, sort_keys=True, ensure_ascii=False) writes, ~7x faster.

    Non-finite floats (never valid inventory values) are written as null.
    """
    try:
        return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS) + b"\n"
    except orjson.JSONEncodeError:  # a lone surrogate, which UTF-8 cannot hold
        return json.dumps(document, indent=2, sort_keys=True).encode("ascii") + b"\n"


def _describe_original(
    state: SessionState, given: str, stored: str, content: bytes
) -> dict[str, Any]:
    """The `sources` record of one original; its format comes from the matching state source."""
    digest = hashlib.sha256(content).hexdigest()
    formats = [s.format for s in state.sources if s.sha256 == digest]
    formats += [s.format for s in state.sources if s.file_name in (given, stored)]
    return {
        "file_name": stored,
        "format": formats[0] if formats else "unknown",
        "sha256": digest,
        "size": len(content),
    }


def _write_zip(entries: Sequence[tuple[str, bytes]], stored: frozenset[str] = frozenset()) -> bytes:
    """The zip bytes; entries compressing better than _SAVE_MAX_RATIO are rewritten uncompressed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries:
            mode = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            archive.writestr(name, content, compress_type=mode)
        overcompressed = frozenset(
            info.filename
            for info in archive.infolist()
            if info.file_size > info.compress_size * _SAVE_MAX_RATIO
        )
    return (
        _write_zip(entries, stored | overcompressed)
        if overcompressed - stored
        else buffer.getvalue()
    )


def restore_session_zip(
    content: bytes, limits: Limits = DEFAULT_LIMITS
) -> tuple[SessionState, list[tuple[str, bytes]]]:
    """The state and the (stored name, bytes) originals of a session archive, all validated.

    This is the container-level read; `restore_session` also re-derives the inventory from the
    originals. Raises SessionArchiveError, and nothing else, on any problem.
    """
    stored, _, originals = read_archive(content, limits)
    return stored.state, originals


def read_archive(
    content: bytes, limits: Limits = DEFAULT_LIMITS, *, defer_inventory: bool = False
) -> tuple[StoredSession, Any, list[tuple[str, bytes]]]:
    """The validated session document, and its (stored name, bytes) originals.

    With `defer_inventory`, the state's inventory is left out of validation and returned as
    plain JSON (the middle value), for a caller that re-derives it from the originals anyway.
    """
    deferred = None
    try:
        with open_archive(content) as archive:
            entries = checked_entries(archive, limits)
            if SESSION_ZIP_SENTINEL not in entries:
                raise _missing_sentinel(entries)
            reader = EntryReader(archive, limits)
            raw = reader.read(entries[SESSION_ZIP_SENTINEL], json_limit=True)
            migrated = migrate_document(_parse_document(raw))
            state = migrated.get("state")
            check_state_limits(state)
            if defer_inventory and isinstance(state, dict):
                deferred = state.pop("inventory", None)
            document = _validated(migrated)
            originals = [
                (source.file_name, reader.read_original(entries, source))
                for source in document.sources
            ]
            logo_state = _with_logo(document.state, entries, reader)
            document = document.model_copy(update={"state": logo_state})
    except SessionArchiveError:
        raise
    except Exception as exc:  # the contract: every failure is a SessionArchiveError
        raise SessionArchiveError(
            gettext(
                "The session archive could not be read ({name}: {exc}). {RESTORE_HINT}",
                name=type(exc).__name__,
                exc=exc,
                RESTORE_HINT=gettext(RESTORE_HINT),
            )
        ) from exc
    return document, deferred, originals


def _with_logo(
    state: SessionState, entries: dict[str, zipfile.ZipInfo], reader: EntryReader
) -> SessionState:
    """The state with its logo's bytes read from their own entry and checked again."""
    if state.logo is None:
        return state
    name = logo_entry_name(state.logo)
    if name not in entries:
        raise SessionArchiveError(
            gettext(
                "The archive has no {name}, the project logo session.json lists. {RESTORE_HINT}",
                name=name,
                RESTORE_HINT=gettext(RESTORE_HINT),
            )
        )
    content = reader.read(entries[name])
    if hashlib.sha256(content).hexdigest() != state.logo.sha256:
        raise SessionArchiveError(
            gettext(
                "The project logo {name} does not match the SHA-256 recorded in session.json: the "
                "archive was damaged or edited. {RESTORE_HINT}",
                name=name,
                RESTORE_HINT=gettext(RESTORE_HINT),
            )
        )
    try:
        logo = read_logo(name, content)
    except LogoError as exc:
        raise SessionArchiveError(
            gettext(
                "{message_} {RESTORE_HINT}",
                message_=exc.message,
                RESTORE_HINT=gettext(RESTORE_HINT),
            )
        ) from None
    return state.model_copy(update={"logo": logo})


def _missing_sentinel(entries: dict[str, zipfile.ZipInfo]) -> SessionArchiveError:
    nested = [name for name in entries if PurePosixPath(name).name == SESSION_ZIP_SENTINEL]
    if nested:
        return SessionArchiveError(
            gettext(
                "The archive has session.json only inside a folder ({nested!r}), not at its root. "
                "Upload the .zip exactly as StorePredict saved it, without unpacking and "
                "re-zipping it.",
                nested=nested[0],
            )
        )
    return SessionArchiveError(
        gettext(
            "The archive has no session.json at its root, so it is not a StorePredict session. "
            "Upload it as an export instead, or choose the .zip that StorePredict saved."
        )
    )


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON allows")


def _parse_document(raw: bytes) -> dict[str, Any]:
    """The session.json object, with an integer schema_version not newer than ours."""
    try:
        # orjson takes a third of json's time and memory; json words the errors and takes what
        # orjson refuses but json allows (a byte-order mark, lone surrogates, huge integers).
        document = orjson.loads(raw)
    except orjson.JSONDecodeError:
        document = _parse_with_json(raw)
    return _checked_version(document)


def _parse_with_json(raw: bytes) -> Any:
    """The JSON value of `raw` by the standard library, every failure a SessionArchiveError."""
    try:
        return json.loads(raw.decode("utf-8-sig"), parse_constant=_reject_constant)
    except UnicodeDecodeError as exc:
        raise SessionArchiveError(
            gettext(
                "session.json is not UTF-8 text (invalid byte at offset {start}). If you edited "
                "it, save it as UTF-8. {RESTORE_HINT}",
                start=exc.start,
                RESTORE_HINT=gettext(RESTORE_HINT),
            )
        ) from None
    except json.JSONDecodeError as exc:
        raise SessionArchiveError(
            gettext(
                "session.json is not valid JSON ({msg} at line {lineno}, column {colno}). "
                "{RESTORE_HINT}",
                msg=exc.msg,
                lineno=exc.lineno,
                colno=exc.colno,
                RESTORE_HINT=gettext(RESTORE_HINT),
            )
        ) from None
    except (ValueError, RecursionError) as exc:
        raise SessionArchiveError(
            gettext(
                "session.json is not valid JSON ({exc}). {RESTORE_HINT}",
                exc=exc,
                RESTORE_HINT=gettext(RESTORE_HINT),
            )
        ) from None


def _checked_version(document: Any) -> dict[str, Any]:
    """The document, when it is an object with an integer schema_version not newer than ours."""
    if not isinstance(document, dict):
        raise SessionArchiveError(
            gettext(
                "session.json must hold a JSON object with 'schema_version' and 'state', not a "
                "{name}. {RESTORE_HINT}",
                name=type(document).__name__,
                RESTORE_HINT=gettext(RESTORE_HINT),
            )
        )
    version = document.get("schema_version")
    if type(version) is not int:
        raise SessionArchiveError(
            gettext(
                "session.json has no integer 'schema_version' (found {version!r}). {RESTORE_HINT}",
                version=version,
                RESTORE_HINT=gettext(RESTORE_HINT),
            )
        )
    if version > SCHEMA_VERSION:
        raise SessionArchiveError(
            gettext(
                "This archive was made by a newer StorePredict (schema {version}); this version "
                "reads up to {SCHEMA_VERSION}. Update StorePredict to open it.",
                version=version,
                SCHEMA_VERSION=SCHEMA_VERSION,
            )
        )
    return document


def _validated(document: dict[str, Any]) -> StoredSession:
    """The session document as models, its listed originals plain and unique root names."""
    try:
        parsed = StoredSession.model_validate(document)
    except ValidationError as exc:
        detail = describe_validation_error(exc, "session field")
        raise SessionArchiveError(
            gettext(
                "session.json is not a valid session. {detail} {RESTORE_HINT}",
                detail=detail,
                RESTORE_HINT=gettext(RESTORE_HINT),
            )
        ) from None
    seen: set[str] = set()
    for source in parsed.sources:
        name = source.file_name
        if name.casefold() == SESSION_ZIP_SENTINEL or not is_plain_name(name):
            raise SessionArchiveError(
                gettext(
                    "session.json lists an original export named {name!r}, which is not a plain "
                    "file name at the archive root. {RESTORE_HINT}",
                    name=name,
                    RESTORE_HINT=gettext(RESTORE_HINT),
                )
            )
        if name.casefold() in seen:
            raise SessionArchiveError(
                gettext(
                    "session.json lists the original export {name!r} twice. {RESTORE_HINT}",
                    name=name,
                    RESTORE_HINT=gettext(RESTORE_HINT),
                )
            )
        seen.add(name.casefold())
    return parsed
