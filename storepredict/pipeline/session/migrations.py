"""Upgrade an older session.json document, one schema version at a time, to the current schema.

Each migration takes the parsed document of schema N and returns the document of schema N + 1;
`migrate_document` chains them. Migrations work on plain JSON data (dicts and lists), never on
models, so they keep working after the models move on. They never mutate their input.

Known layouts:

- Schema 0 (pre-release prototype archives): the envelope listed the originals under `files`,
  each as `{"name", "size", "sha256", "format"}`, and the state held the classification map
  under `classification` (singular).
- Schema 1: originals under `sources` as `{"file_name", "size", "sha256", "format"}`, the state
  is `SessionState.model_dump(mode="json")`.
- Schema 2 (ADR-069/070): `reader_version` names the readers that built the inventory
  (schema 1 archives were read by reader version 1); the state may hold scenarios, a history of
  replaced exports and the last change report (all optional).
- Schema 3 (current, ADR-081): a finding may hold the `fields` of its message and the
  `source_file` it is about, so it reads in any language; schema 2 findings have neither and
  keep their message as written. The step only raises the version: older StorePredicts then
  refuse these archives as newer instead of failing on the unknown keys.
  Schema-1 documents written before the single capacity model held layout `snapshot_reserve`
  and `growth_margin` and a fill limit default of 100 %: `drop_layout_reserves` tidies them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from ...i18n import N_, gettext
from ..errors import SessionArchiveError

SCHEMA_VERSION = 3
Document = dict[str, Any]


@dataclass(frozen=True)
class Migration:
    """One step of the chain: turns a document of `from_version` into one of `from_version + 1`."""

    from_version: int
    summary: str
    apply: Callable[[Document], Document]


def _schema_0_to_1(document: Document) -> Document:
    """Rename `files` to `sources` (`name` to `file_name`) and `state.classification`."""
    upgraded = {key: value for key, value in document.items() if key != "files"}
    upgraded["sources"] = [
        {("file_name" if key == "name" else key): value for key, value in entry.items()}
        for entry in document.get("files", [])
    ]
    state = {key: value for key, value in document["state"].items() if key != "classification"}
    if "classification" in document["state"]:
        state["classifications"] = document["state"]["classification"]
    upgraded["state"] = state
    upgraded["schema_version"] = 1
    return upgraded


def _schema_1_to_2(document: Document) -> Document:
    """Record that the inventory was read by reader version 1."""
    if not isinstance(document["state"], dict):
        raise TypeError(gettext("'state' is not an object"))
    return {**document, "reader_version": 1, "schema_version": 2}


def _schema_2_to_3(document: Document) -> Document:
    """Nothing to convert: schema 2 findings simply have no fields (see the module docstring)."""
    return {**document, "schema_version": 3}


RETIRED_LAYOUT_KEYS = ("snapshot_reserve", "growth_margin")
OLD_FILL_LIMIT_DEFAULT = 1.0
FILL_LIMIT_DEFAULT = 0.80


def drop_layout_reserves(document: Document) -> Document:
    """Schema 1 before the single capacity model: drop the layout's own reserve and margin.

    The layout now reserves the storage snapshot reserve and growth. Such a document's fill limit
    of 100 % was the old default, never a choice the page offered apart: it becomes the VMFS 80 %.
    A document without the retired keys is returned as it is (ADR-071).
    """
    state = document.get("state")
    settings = state.get("settings") if isinstance(state, dict) else None
    layout = settings.get("layout") if isinstance(settings, dict) else None
    if not isinstance(layout, dict) or not any(k in layout for k in RETIRED_LAYOUT_KEYS):
        return document
    tidy = {k: v for k, v in layout.items() if k not in RETIRED_LAYOUT_KEYS}
    if tidy.get("fill_limit") == OLD_FILL_LIMIT_DEFAULT:
        tidy["fill_limit"] = FILL_LIMIT_DEFAULT
    assert isinstance(state, dict) and isinstance(settings, dict)
    return {**document, "state": {**state, "settings": {**settings, "layout": tidy}}}


def _within_schema(document: Document, version: int) -> Document:
    """Tidy-ups of documents an older writer of the same schema version produced."""
    return drop_layout_reserves(document) if version == 1 else document


MIGRATIONS: Mapping[int, Migration] = MappingProxyType(
    {
        0: Migration(0, N_("prototype layout: files/name, state.classification"), _schema_0_to_1),
        1: Migration(1, N_("reader version recorded"), _schema_1_to_2),
        2: Migration(2, N_("findings keep the fields of their message"), _schema_2_to_3),
    }
)


def oldest_known_version(
    migrations: Mapping[int, Migration] = MIGRATIONS, target: int = SCHEMA_VERSION
) -> int:
    """The oldest schema version the chain can start from (`target` itself if it is empty)."""
    return min([target, *migrations])


def migrate_document(
    document: Document,
    target: int = SCHEMA_VERSION,
    migrations: Mapping[int, Migration] = MIGRATIONS,
) -> Document:
    """The document upgraded step by step from its `schema_version` to `target`.

    Raises SessionArchiveError when a step is missing or a step fails on a malformed document.
    """
    version = document["schema_version"]
    document = _within_schema(document, version)
    while version < target:
        step = migrations.get(version)
        if step is None:
            oldest = oldest_known_version(migrations, target)
            raise SessionArchiveError(
                gettext(
                    "This archive uses session schema {version}, which this StorePredict cannot "
                    "upgrade (it reads schemas {oldest} to {target}). Open it with the "
                    "StorePredict version that saved it and save it again.",
                    version=version,
                    oldest=oldest,
                    target=target,
                )
            )
        try:
            document = step.apply(document)
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            detail = (
                gettext("missing key {key!r}", key=exc.args[0])
                if isinstance(exc, KeyError)
                else str(exc)
            )
            raise SessionArchiveError(
                gettext(
                    "This schema {version} session could not be upgraded ({summary}): {detail}. "
                    "Its session.json is incomplete or was edited; restore an unmodified copy of "
                    "the archive.",
                    version=version,
                    summary=gettext(step.summary),
                    detail=detail,
                )
            ) from None
        if document.get("schema_version") != version + 1:
            raise SessionArchiveError(
                gettext(
                    "The schema {version} migration did not produce schema {value}; this is a "
                    "StorePredict bug, please report it.",
                    version=version,
                    value=version + 1,
                )
            )
        version += 1
        document = _within_schema(document, version)
    return document
