"""What a restore refuses to trust: oversized text and lists, and an inventory its originals deny.

Every string in a session state has a length limit and every list a count limit; the inventory
copy in session.json is only checked against the one re-read from the stored originals.
"""

from __future__ import annotations

from typing import Any

from ..errors import SessionArchiveError
from ..inventory import VM, Inventory

PROJECT_NAME_CHARS = 120
NAME_CHARS = 256
TEXT_CHARS = 4096
LIST_ITEMS = 250_000
NAME_KEYS = frozenset(
    {"name", "file_name", "scenario_name", "customer", "prepared_by", "reference", "vm", "pattern"}
)
HINT = "Restore an unmodified copy of the archive, or start again from the original exports."


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
                f"session.json holds {path} of {len(value):,} characters, over the limit of "
                f"{limit:,}: StorePredict never writes that, so the archive was edited. {HINT}"
            )
    elif isinstance(value, list | dict):
        if len(value) > LIST_ITEMS:
            raise SessionArchiveError(
                f"session.json holds {path} with {len(value):,} entries, over the limit of "
                f"{LIST_ITEMS:,}. {HINT}"
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
        return f"it lists {len(stored.vms):,} VMs, the export holds {len(derived.vms):,}"
    for mine, theirs in zip(stored.vms, derived.vms, strict=True):
        if mine != theirs:
            field = next(f for f in VM.model_fields if getattr(mine, f) != getattr(theirs, f))
            return (
                f"the VM the export names {theirs.name!r} differs in its {field.replace('_', ' ')}"
            )
    for part in ("hosts", "sources", "findings", "format"):
        if getattr(stored, part) != getattr(derived, part):
            return f"its {part} differ from the export's"
    return "its inventory differs from the export's"
