"""Restore a session archive trusting nothing: the originals are the source of truth (ADR-070).

The inventory is re-read from the stored originals. When it equals the archive's copy the state is
used as saved; when it differs although the same readers wrote it, the archive was edited and is
refused; when newer readers read the originals differently, the decisions are carried onto the
re-read inventory with the update machinery and `last_update` says what changed.
"""

from __future__ import annotations

import hashlib
from typing import Any

from pydantic import ValidationError

from ...i18n import gettext
from ..errors import InputError, SessionArchiveError
from ..inventory import Inventory
from ..limits import DEFAULT_LIMITS, Limits
from ..readers.ingest import READER_VERSION, load_inventory
from .archive import read_archive
from .carry import carry_decisions
from .state import SessionState
from .trust import HINT, inventory_mismatch

Originals = list[tuple[str, bytes]]


def restore_session(
    content: bytes, limits: Limits = DEFAULT_LIMITS
) -> tuple[SessionState, Originals]:
    """The state and originals of a session archive, its inventory re-derived from the originals.

    Raises SessionArchiveError, and nothing else, on any problem.
    """
    stored, stored_inventory, originals = read_archive(content, limits, defer_inventory=True)
    state = stored.state
    if not stored.sources:
        raise SessionArchiveError(
            gettext(
                "session.json lists no original export, so the session cannot be checked against "
                "the data it came from. {HINT}",
                HINT=gettext(HINT),
            )
        )
    if sorted(s.sha256 for s in stored.sources) != sorted(s.sha256 for s in state.sources):
        raise SessionArchiveError(
            gettext(
                "session.json's state names other original exports than the archive holds. {HINT}",
                HINT=gettext(HINT),
            )
        )
    if not isinstance(stored_inventory, dict):
        raise SessionArchiveError(
            gettext("session.json holds no inventory. {HINT}", HINT=gettext(HINT))
        )
    # The readers saw the names as uploaded; the archive may store them made file-safe.
    given = {source.sha256: source.file_name for source in state.sources}
    uploaded = [(given[hashlib.sha256(data).hexdigest()], data) for _, data in originals]
    try:
        derived = load_inventory(uploaded, limits)
    except InputError as error:
        raise SessionArchiveError(
            gettext(
                "The original export stored in the archive can no longer be read: {message_}",
                message_=error.message,
            )
        ) from None
    if stored_inventory == derived.model_dump(mode="json"):
        return state.model_copy(update={"inventory": derived}), originals
    copy = _validated_inventory(stored_inventory)
    mismatch = inventory_mismatch(copy, derived) if copy else gettext("its inventory is not valid")
    if mismatch is None:  # equal as models, written differently (e.g. 5 for 5.0)
        return state.model_copy(update={"inventory": derived}), originals
    if stored.reader_version >= READER_VERSION or copy is None:
        raise SessionArchiveError(
            gettext(
                "session.json does not match its original export: {mismatch}. {HINT}",
                mismatch=mismatch,
                HINT=gettext(HINT),
            )
        )
    previous = state.model_copy(update={"inventory": copy})
    carried = carry_decisions(previous, derived, uploaded, allow_no_match=True, reason="reader")
    return carried, originals


def _validated_inventory(document: dict[str, Any]) -> Inventory | None:
    try:
        return Inventory.model_validate(document)
    except ValidationError:
        return None
