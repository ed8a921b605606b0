"""CSV bytes as exporters write them: encoding and delimiter detected, never assumed.

Encodings: UTF-8 with or without byte-order mark, UTF-16 (LE or BE, with its byte-order mark, or
without one when every other byte of the header is NUL), else Windows-1252 (what Excel writes
on Western-European Windows). Delimiters: comma, semicolon or tab, whichever splits the header
line most (comma on a tie).
"""

from __future__ import annotations

import codecs
import csv
from typing import NamedTuple

DELIMITERS = (",", ";", "\t")
_SNIFF_BYTES = 64 * 1024


class CsvText(NamedTuple):
    """A CSV re-encoded as UTF-8 (no byte-order mark) and the encoding it was written in."""

    data: bytes
    encoding: str


def utf16_order(content: bytes) -> str | None:
    """`utf-16-le`/`utf-16-be` for UTF-16 text (byte-order mark, or NULs in every other byte)."""
    if content.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le"
    if content.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be"
    head = content[:200]
    if len(head) >= 8 and head[1::2].count(0) == len(head[1::2]) and 0 not in head[::2]:
        return "utf-16-le"
    if len(head) >= 8 and head[::2].count(0) == len(head[::2]) and 0 not in head[1::2]:
        return "utf-16-be"
    return None


def to_utf8(content: bytes) -> CsvText:
    """The content as UTF-8 bytes without a byte-order mark, and its detected encoding."""
    if content.startswith(codecs.BOM_UTF8):
        body = content[len(codecs.BOM_UTF8) :]
        return CsvText(body.decode("utf-8", errors="replace").encode(), "UTF-8 with BOM")
    order = utf16_order(content)
    if order is not None:
        bom = codecs.BOM_UTF16_LE if order == "utf-16-le" else codecs.BOM_UTF16_BE
        body = content[len(bom) :] if content.startswith(bom) else content
        return CsvText(body.decode(order, errors="replace").encode(), "UTF-16")
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return CsvText(content.decode("cp1252", errors="replace").encode(), "Windows-1252")
    return CsvText(content, "UTF-8")


def header_line(text: str) -> str:
    """The first non-blank line of the text."""
    for line in text.splitlines():
        if line.strip():
            return line
    return ""


def delimiter_of(header: str) -> str:
    """The delimiter that splits the header line the most (comma on a tie)."""
    return max(DELIMITERS, key=header.count)


def header_cells(content: bytes) -> tuple[list[str], str]:
    """The header cells of a CSV (any supported encoding) and its delimiter."""
    head = to_utf8(content[:_SNIFF_BYTES]).data.decode("utf-8", errors="replace")
    line = header_line(head)
    delimiter = delimiter_of(line)
    return next(csv.reader([line], delimiter=delimiter), []), delimiter
