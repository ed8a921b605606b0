"""Read the `VMs` sheet of a LiveOptics VMware export saved as CSV.

Accepted: UTF-8 with or without byte-order mark, UTF-16 with byte-order mark, Windows-1252 as a
last resort; comma, semicolon or tab delimiter (taken from the header line); decimal commas where
the delimiter is not a comma. A CSV has no `VM Disks` sheet, so guest columns count as real guest
data only where they differ from the virtual disk columns (LiveOptics copies those otherwise).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import warnings

import pandas as pd

from ....i18n import gettext
from ...errors import EmptyFileError, InputError
from ...inventory import Inventory, SourceInfo
from ..csvtext import delimiter_of, header_cells, header_line, to_utf8
from ..excel import locate_columns
from .vms import VM_COLUMNS, build_vms, guest_backfilled, vcenters_of
from .workbook import REQUIRED_VM_COLUMNS, canonical_header, require_columns

_SNIFF_BYTES = 64 * 1024
_DECIMAL_COMMA = re.compile(r"^-?\d+,\d+$")
# Columns whose values show whether a semicolon/tab file uses decimal commas.
_NUMERIC_KEYS = ("memory", "provisioned", "in_use", "guest_capacity", "guest_used", "vcpu")


def looks_like_liveoptics_csv(content: bytes) -> bool:
    """True when the first line is a LiveOptics `VMs` header (VM name and virtual disk columns)."""
    if b"\x00" in content[:_SNIFF_BYTES] and not content.startswith(
        (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    ):
        return False
    cells = [canonical_header(c) for c in header_cells(content)[0]]
    wanted = {key: VM_COLUMNS[key] for key in REQUIRED_VM_COLUMNS}
    return len(locate_columns(cells, wanted)) == len(wanted)


def read_liveoptics_csv(content: bytes, file_name: str) -> Inventory:
    """Parse a LiveOptics `VMs` CSV (format "liveoptics"; no hosts, no performance)."""
    if not content.strip():
        raise EmptyFileError(
            gettext(
                "{file_name} is empty: export the VMs sheet again and re-upload.",
                file_name=file_name,
            )
        )
    text = to_utf8(content).data.decode("utf-8")
    delimiter = delimiter_of(header_line(text))
    try:
        with warnings.catch_warnings():
            # Rows longer than the header would otherwise be silently cut short.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            raw = pd.read_csv(
                io.StringIO(text),
                sep=delimiter,
                dtype=str,
                index_col=False,
                keep_default_na=False,
                skip_blank_lines=True,
                on_bad_lines="error",
            )
    except (
        pd.errors.ParserError,
        pd.errors.ParserWarning,
        pd.errors.EmptyDataError,
        csv.Error,
        ValueError,
    ):
        raise InputError(
            gettext(
                "{file_name} could not be read as CSV (rows have a different number of fields than "
                "the header): save the LiveOptics VMs sheet again as CSV and re-upload it.",
                file_name=file_name,
            )
        ) from None
    located = locate_columns([canonical_header(c) for c in raw.columns], VM_COLUMNS)
    frame = pd.DataFrame({key: raw.iloc[:, index] for key, index in located.items()})
    require_columns(frame, "VMs", file_name)
    decimal_comma = delimiter != "," and _uses_decimal_comma(frame)
    vms, findings = build_vms(
        frame,
        file_name,
        guest_known=~guest_backfilled(frame, decimal_comma),
        perf=None,
        attributes={},
        decimal_comma=decimal_comma,
    )
    source = SourceInfo(
        file_name=file_name,
        format="liveoptics",
        vcenters=vcenters_of(vms),
        vm_count=len(vms),
    )
    return Inventory(format="liveoptics", sources=[source], vms=vms, findings=findings)


def _uses_decimal_comma(frame: pd.DataFrame) -> bool:
    """True when a numeric column holds a value such as `12,5`."""
    for key in _NUMERIC_KEYS:
        if key in frame.columns and frame[key].str.strip().str.match(_DECIMAL_COMMA).any():
            return True
    return False
