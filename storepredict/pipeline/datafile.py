"""Editable CSV data shipped in storepredict/data: rows validated into pydantic models.

A bad file (missing column, bad value, repeated id) raises a SettingsError naming the file and
line, so whoever edited it knows exactly what to correct.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Container, Iterator, Sequence
from importlib import resources
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from ..i18n import gettext
from .errors import SettingsError
from .settings import describe_validation_error

Row = TypeVar("Row", bound=BaseModel)


def read_data_file(file_name: str) -> str:
    """The text of a data file shipped in storepredict/data."""
    return resources.files("storepredict").joinpath("data", file_name).read_text("utf-8")


def parse_rows(
    text: str,
    model: type[Row],
    columns: Sequence[str],
    source: str,
    what: str,
    hint: str = "",
    rename: dict[str, str] | None = None,
) -> Iterator[tuple[int, Row]]:
    """Yield (line number, validated row) for each CSV row; `what` names a row in messages."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in columns if c not in (reader.fieldnames or [])]
    if missing:
        raise SettingsError(
            gettext(
                "{source} lacks the column(s) {names}: its header must be {names2}.",
                source=source,
                names=", ".join(missing),
                names2=",".join(columns),
            )
        )
    for line, row in enumerate(reader, start=2):
        if None in row:
            raise SettingsError(
                gettext(
                    "{source} line {line} has more values than the header: put double quotes "
                    "around a value that contains a comma.",
                    source=source,
                    line=line,
                )
            )
        values = {(rename or {}).get(c, c): (row[c] or "").strip() for c in columns}
        try:
            yield line, model.model_validate(values)
        except ValidationError as exc:
            column = gettext("{what} column", what=gettext(what))
            message = describe_validation_error(exc, column)
            raise SettingsError(
                gettext(
                    "{source} line {line}: {message_}{hint}",
                    source=source,
                    line=line,
                    message_=message,
                    hint=gettext(hint) if hint else "",
                )
            ) from None


def check_new_id(seen: Container[str], item_id: str, where: str, what: str, noun: str) -> None:
    """Refuse an id already used earlier in the same file."""
    if item_id in seen:
        raise SettingsError(
            gettext(
                "{where}: {what} id '{item_id}' appears twice; give every {noun} its own id.",
                where=where,
                what=gettext(what),
                item_id=item_id,
                noun=gettext(noun),
            )
        )
