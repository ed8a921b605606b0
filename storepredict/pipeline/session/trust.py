"""What a restore refuses to trust: oversized text and lists, and an inventory its originals deny.

Every string in a session state has a length limit and every list a count limit; the inventory
copy in session.json is only checked against the one re-read from the stored originals.
"""

from __future__ import annotations

from typing import Any

from ...i18n import N_, gettext
from ..errors import SessionArchiveError
from ..inventory import VM, Inventory
from ..numbers import fixed

PROJECT_NAME_CHARS = 120
NAME_CHARS = 256
TEXT_CHARS = 4096
LIST_ITEMS = 250_000
NAME_KEYS = frozenset(
    {"name", "file_name", "scenario_name", "customer", "prepared_by", "reference", "vm", "pattern"}
)
HINT = N_("Restore an unmodified copy of the archive, or start again from the original exports.")


def check_state_limits(state: Any) -> None:
    """Refuse a state (plain JSON) holding a string or list over its limit; the inventory is
    re-derived from the originals, so its copy is compared rather than walked."""
    if not isinstance(state, dict):
        return
    for key, value in state.items():
        # A quick pass first: naming the offending path costs 5x more, so only on a failure.
        if key != "inventory" and not _within(value, key):
            _walk(value, f"state.{key}", key)


def _within(value: Any, key: str) -> bool:
    """True when no string or list under `value` is over its limit."""
    kind = type(value)
    if kind is str:
        return len(value) <= _limit(key)
    if kind is list:
        return len(value) <= LIST_ITEMS and all(_within(item, key) for item in value)
    if kind is dict:
        return len(value) <= LIST_ITEMS and all(
            len(name) <= NAME_CHARS and _within(item, name) for name, item in value.items()
        )
    return True


def _walk(value: Any, path: str, key: str) -> None:
    if isinstance(value, str):
        limit = _limit(key)
        if len(value) > limit:
            raise SessionArchiveError(
                gettext(
                    "session.json holds {path} of {value:,} characters, over the limit of "
                    "{limit:,}: StorePredict never writes that, so the archive was edited. {HINT}",
                    path=path,
                    value=len(value),
                    limit=limit,
                    HINT=gettext(HINT),
                )
            )
    elif isinstance(value, list | dict):
        if len(value) > LIST_ITEMS:
            raise SessionArchiveError(
                gettext(
                    "session.json holds {path} with {value:,} entries, over the limit of "
                    "{LIST_ITEMS:,}. {HINT}",
                    path=path,
                    value=len(value),
                    LIST_ITEMS=LIST_ITEMS,
                    HINT=gettext(HINT),
                )
            )
        if isinstance(value, list):
            for index, item in enumerate(value):
                _walk(item, f"{path}[{index}]", key)
            return
        for name, item in value.items():
            _walk(name, f"{path} (a key)", "name")
            _walk(item, f"{path}.{name}"[:200], str(name))


def _limit(key: str) -> int:
    if key == "project_name":
        return PROJECT_NAME_CHARS
    return NAME_CHARS if key in NAME_KEYS else TEXT_CHARS


def inventory_mismatch(stored: Inventory, derived: Inventory) -> str | None:
    """None when the archive's inventory equals the re-read one, else the first difference."""
    if stored == derived:
        return None
    if len(stored.vms) != len(derived.vms):
        return gettext(
            "it lists {stored} VMs, the export holds {derived}",
            stored=fixed(len(stored.vms)),
            derived=fixed(len(derived.vms)),
        )
    for mine, theirs in zip(stored.vms, derived.vms, strict=True):
        if mine != theirs:
            field = next(f for f in VM.model_fields if getattr(mine, f) != getattr(theirs, f))
            return gettext(
                "the VM the export names {name!r} differs in its {field}",
                name=theirs.name,
                field=field.replace("_", " "),
            )
    for part in ("hosts", "sources", "format"):
        if getattr(stored, part) != getattr(derived, part):
            return gettext("its {part} differ from the export's", part=part)
    if _finding_keys(stored) != _finding_keys(derived):
        return gettext("its {part} differ from the export's", part="findings")
    if stored.model_copy(update={"findings": derived.findings}) == derived:
        return None  # only the findings' wording differs: written in another language
    return gettext("its inventory differs from the export's")


def _finding_keys(inventory: Inventory) -> list[tuple[str, str, list[str]]]:
    """The findings without their wording, which follows the language of the upload."""
    return [(f.code, f.severity, f.rows) for f in inventory.findings]
