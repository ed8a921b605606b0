"""What an RVTools export says besides its VMs: ESXi hosts (vHost) and metadata (vMetaData)."""

from __future__ import annotations

from functools import cache
from typing import Any

from pydantic import TypeAdapter

from ...inventory import Host
from ..excel import find_sheet, non_negative
from .columns import VHOST_COLUMNS, VMETADATA_COLUMNS
from .sheets import (
    Workbook,
    candidate_filter,
    float_list,
    int_list,
    load_table,
    text_list,
    to_floats,
)

_TEXT = ("name", "cluster", "datacenter", "cpu_model", "vcenter")
_INTS = {"sockets": "sockets", "cores": "cores"}
_FLOATS = {"mhz": "mhz", "memory": "memory_mib"}


@cache
def _hosts_adapter() -> TypeAdapter[list[Host]]:
    return TypeAdapter(list[Host])


def read_hosts(reader: Workbook, file_name: str) -> list[Host] | None:
    """ESXi hosts from vHost (rows without a host name are skipped); None when vHost is unusable."""
    sheet = find_sheet(reader, "vHost")
    if sheet is None:
        return None
    frame = load_table(reader, sheet, file_name, candidate_filter(VHOST_COLUMNS)).located(
        VHOST_COLUMNS
    )
    if "name" not in frame.columns:
        return None
    columns: dict[str, list[Any]] = {key: text_list(frame[key]) for key in _TEXT if key in frame}
    for key, target in _INTS.items():
        if key in frame:
            columns[target] = int_list(non_negative(to_floats(frame[key])))
    for key, target in _FLOATS.items():
        if key in frame:
            columns[target] = float_list(non_negative(to_floats(frame[key])))
    keys = list(columns)
    records = [dict(zip(keys, row, strict=True)) for row in zip(*columns.values(), strict=True)]
    return _hosts_adapter().validate_python([r for r in records if r["name"] is not None])


def read_metadata(reader: Workbook, file_name: str) -> dict[str, str | None]:
    """RVTools version, export date and server from vMetaData (4.x); all None when absent."""
    result: dict[str, str | None] = dict.fromkeys(VMETADATA_COLUMNS)
    sheet = find_sheet(reader, "vMetaData")
    if sheet is None:
        return result
    keep = candidate_filter(VMETADATA_COLUMNS)
    frame = load_table(reader, sheet, file_name, keep).located(VMETADATA_COLUMNS)
    for key in frame.columns:
        values = [v for v in text_list(frame[key]) if v is not None]
        result[key] = values[0] if values else None
    return result
