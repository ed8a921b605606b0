"""The vInfo sheet of an RVTools export: required columns, VM rows and custom attribute columns."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import pandas as pd

from ....i18n import gettext
from ...errors import EmptyFileError, MissingColumnsError, UnknownFormatError
from ..excel import find_sheet, locate_columns, normalise_header, to_bool
from .columns import CAPACITY_KEYS, STANDARD_VINFO_HEADERS, VINFO_COLUMNS
from .sheets import Workbook, candidate_filter, clean_text, has_text, load_table

CUSTOM_PREFIX = "custom:"
FIRST_DATA_ROW = 2  # the sheet row of the first data row: row 1 is the header


def _vinfo_filter() -> Callable[[str], bool]:
    """Keep the vInfo columns we map, and every possible custom attribute column."""
    wanted = candidate_filter(VINFO_COLUMNS)
    return lambda header: wanted(header) or normalise_header(header) not in STANDARD_VINFO_HEADERS


def custom_attribute_columns(header: list[str]) -> dict[int, str]:
    """Column index -> attribute name for every non-standard (or repeated standard) vInfo header."""
    seen_standard: set[str] = set()
    names: dict[int, str] = {}
    for index, raw in enumerate(header):
        key = normalise_header(raw)
        if not key:
            continue
        if key in STANDARD_VINFO_HEADERS and key not in seen_standard:
            seen_standard.add(key)
            continue
        name = " ".join(raw.split())
        unique, n = name, 1
        while unique in names.values():
            n += 1
            unique = f"{name} ({n})"
        names[index] = unique
    return names


def _missing_columns_error(header: list[str], missing: list[str], file_name: str) -> Exception:
    # Header cells are shown on one line and shortened: the message must stay one readable line.
    found = [_one_line(h) for h in header if h.strip()]
    more = gettext(" and {n} more", n=len(found) - 20) if len(found) > 20 else ""
    shown = ", ".join(found[:20]) + more
    return MissingColumnsError(
        gettext(
            "The vInfo sheet of {file_name} lacks the column(s) {names} (found: {found}). Export "
            "vInfo again from RVTools without removing these columns.",
            file_name=file_name,
            names="; ".join(missing),
            found=shown or gettext("no headers"),
        )
    )


def _one_line(text: str, limit: int = 60) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class VInfo(NamedTuple):
    """The vInfo rows with data, keyed columns, and the names given to rows without a VM name."""

    frame: pd.DataFrame
    custom_names: dict[str, str]
    unnamed_rows: int
    generated_names: tuple[str, ...] = ()


def unnamed_row_name(row: int) -> str:
    """The name a vInfo data row without a VM name is kept under: '(unnamed row 17)'."""
    return f"(unnamed row {row})"


def template_flags(frame: pd.DataFrame) -> pd.Series:
    """Which rows are templates: the Template column, or (exports without one) a `.vmtx` path."""
    if "template" in frame.columns:
        return to_bool(frame["template"])
    if "path" not in frame.columns:
        return pd.Series(False, index=frame.index)
    path = clean_text(frame["path"]).str.strip().str.casefold()
    return path.str.endswith(".vmtx").fillna(False).astype(bool)


def read_vinfo(reader: Workbook, file_name: str) -> VInfo:
    """The vInfo columns we use (standard keys plus `custom:<i>` attribute columns)."""
    sheet = find_sheet(reader, "vInfo")
    if sheet is None:
        raise UnknownFormatError(
            gettext(
                "{file_name} has no vInfo sheet, so it is not an RVTools export (sheets found: "
                "{names}). Upload the RVTools export with its vInfo sheet.",
                file_name=file_name,
                names=", ".join(reader.sheet_names),
            )
        )
    table = load_table(reader, sheet, file_name, _vinfo_filter())
    located = locate_columns(table.header, VINFO_COLUMNS)
    missing = [] if "name" in located else ["VM"]
    if not any(key in located for key in CAPACITY_KEYS):
        missing.append("Provisioned MiB or In Use MiB")
    if missing:
        raise _missing_columns_error(table.header, missing, file_name)
    customs = custom_attribute_columns(table.header)
    frame = table.frame({**located, **{f"{CUSTOM_PREFIX}{i}": i for i in customs}})
    filled = np.zeros(len(frame), dtype=bool)
    for key in frame.columns:
        filled |= has_text(frame[key])
    frame = frame[filled]
    named = has_text(frame["name"])
    if not named.any():
        rows = (
            gettext("{n} row(s) but none with a VM name", n=len(frame))
            if len(frame)
            else gettext("no VM rows")
        )
        raise EmptyFileError(
            gettext(
                "The vInfo sheet of {file_name} has {rows}: export it again from RVTools with the "
                "vCenter connected.",
                file_name=file_name,
                rows=rows,
            )
        )
    # A row with data but no VM name (redacted exports) is still a VM: keep it under its row.
    generated = [unnamed_row_name(int(i) + FIRST_DATA_ROW) for i in frame.index[~named]]
    frame = frame.reset_index(drop=True)
    frame.loc[~named, "name"] = generated
    return VInfo(
        frame,
        {f"{CUSTOM_PREFIX}{i}": name for i, name in customs.items()},
        len(generated),
        tuple(generated),
    )
