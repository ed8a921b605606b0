"""Fuzzing with a bounded budget: hostile bytes never escape the StorePredictError contract.

Mutations work at two levels: the raw bytes of an upload (overwrites, truncations), and the parts
inside the zip that the readers parse (a value, or every number of a row, swapped for an awkward
token; a part cut short, dropped or replaced), which reach the sheet parsers instead of stopping
at a CRC check. Examples are derandomised so the suite is reproducible; `bench/fuzz.py` runs the
same mutations with random seeds and a long budget.
"""

from __future__ import annotations

import functools
import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from storepredict.commands import inventory_document, sizing_document
from storepredict.pipeline.errors import SessionArchiveError, StorePredictError
from storepredict.pipeline.session.archive import (
    is_session_zip,
    restore_session_zip,
    save_session_zip,
)
from storepredict.pipeline.session.open import open_files
from storepredict.pipeline.session.state import SessionState
from storepredict.pipeline.sizing.run import size_session

RVTOOLS = "rvtools-4.7.1-19vms.xlsx"
LIVEOPTICS = "liveoptics-2022-6vms.xlsx"
TOKENS = (
    b"",
    b"-1",
    b"-0",
    b"1e309",
    b"inf",
    b"-inf",
    b"NaN",
    b"1e308",
    b"99999999999999999999999999",
    b"0x10",
    b"1,5",
    b"#N/A",
    b"&#0;",
    b"&#xFFFE;",
    b"&amp;&lt;",
    b"]]>",
    b"<!--",
    b"\xff\xfe",
    b"\x00",
    b'"',
    b"\n\r\t",
    "é😀\u202e".encode(),
    b"=1+1",
    b"poweredOn",
    b"True",
    b'<c t="e"><v>#DIV/0!</v></c>',
    b'<c t="s"><v>99999999</v></c>',
    b'<c t="b"><v>7</v></c>',
    b'<c r="XFD1048576"><v>1</v></c>',
    b'<row r="0">',
    b'<sheet name="vInfo" sheetId="99" r:id="rId999"/>',
    b"<!DOCTYPE x [<!ENTITY a 'aaaa'>]>",
)
# Sheets the readers open (RVTools and LiveOptics); entry edits aim at them and the shared parts.
READ_SHEETS = (
    "vInfo",
    "vPartition",
    "vDisk",
    "vHost",
    "vMetaData",
    "VMs",
    "VM Performance",
    "VM Disks",
    "ESX Hosts",
    "Custom Attributes",
    "Details",
)
_VALUE = re.compile(rb"<((?:\w+:)?[vt])(?: [^>]*)?>([^<]*)</\1>")
_ROW = re.compile(rb"<((?:\w+:)?row)\b[^>]*>(.*?)</\1>", re.DOTALL)
_CELL = re.compile(rb"<((?:\w+:)?)c ([^>]*?)(?:/>|>.*?</\1c>)", re.DOTALL)
_REFERENCE = re.compile(rb'\br="([A-Z]+[0-9]+)"')
_TEXT_TYPE = re.compile(rb'\bt="(?!n")[^"]*"')
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
derandomised = settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# --- mutations (bench/fuzz.py uses them too) ------------------------------------------------------


@dataclass(frozen=True)
class ByteEdit:
    """Overwrite bytes at a fraction of the length, or cut the content there."""

    at: float
    data: bytes
    truncate: bool = False


@dataclass(frozen=True)
class EntryEdit:
    """Change one zip entry.

    Kinds: `value` (the n-th <v>/<t> text becomes `data`), `numbers` (every number cell of the
    n-th data row holds `data`), `texts` (every cell of the n-th data row becomes the inline
    string `data`), `insert`, `flip`, `truncate`, `drop`, `noise` (the entry becomes `data`).
    """

    entry: str
    kind: str
    at: float
    data: bytes


def apply_byte_edits(content: bytes, edits: list[ByteEdit]) -> bytes:
    """The content with each edit applied in turn."""
    data = bytearray(content)
    for edit in edits:
        at = min(int(edit.at * len(data)), max(len(data) - 1, 0))
        if edit.truncate:
            del data[at:]
        else:
            data[at : at + len(edit.data)] = edit.data
    return bytes(data)


def apply_entry_edits(content: bytes, edits: list[EntryEdit]) -> bytes:
    """The zip rebuilt with its entries edited (names and order kept, dropped ones left out)."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        entries: dict[str, bytes | None] = {i.filename: archive.read(i) for i in archive.infolist()}
    for edit in edits:
        if edit.entry in entries:
            entries[edit.entry] = _edit_entry(entries[edit.entry], edit)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            if data is not None:
                archive.writestr(name, data)
    return buffer.getvalue()


def _edit_entry(data: bytes | None, edit: EntryEdit) -> bytes | None:
    if data is None or edit.kind == "drop":
        return None
    if edit.kind in ("value", "numbers", "texts"):
        matches = list((_VALUE if edit.kind == "value" else _ROW).finditer(data))
        matches = matches if edit.kind == "value" else matches[1:]  # keep the header row
        if not matches:
            return data
        match = matches[int(edit.at * len(matches)) % len(matches)]
        if edit.kind == "value":
            return data[: match.start(2)] + edit.data + data[match.end(2) :]
        cells = _CELL.sub(lambda cell: _edited_cell(cell, edit), match.group(2))
        return data[: match.start(2)] + cells + data[match.end(2) :]
    at = int(edit.at * len(data))
    if edit.kind == "insert":
        return data[:at] + edit.data + data[at:]
    if edit.kind == "flip":
        flipped = bytes(a ^ (b or 1) for a, b in zip(data[at:], edit.data, strict=False))
        return data[:at] + flipped + data[at + len(flipped) :]
    if edit.kind == "truncate":
        return data[:at]
    return edit.data  # noise


def _edited_cell(cell: re.Match[bytes], edit: EntryEdit) -> bytes:
    """A number cell holding `data` (`numbers`), or an inline-string cell of it (`texts`)."""
    prefix, attributes = cell.group(1), cell.group(2)
    reference = _REFERENCE.search(attributes)
    where = b' r="' + reference.group(1) + b'"' if reference else b""
    if edit.kind == "texts":
        text = b"<%bis><%bt>%b</%bt></%bis>" % (prefix, prefix, edit.data, prefix, prefix)
        return b'<%bc%b t="inlineStr">%b</%bc>' % (prefix, where, text, prefix)
    if _TEXT_TYPE.search(attributes):
        return cell.group(0)
    return b"<%bc%b><%bv>%b</%bv></%bc>" % (prefix, where, prefix, edit.data, prefix, prefix)


def byte_edits() -> st.SearchStrategy[list[ByteEdit]]:
    """One to four raw edits."""
    edit = st.builds(ByteEdit, st.floats(0, 1), st.binary(min_size=1, max_size=8), st.booleans())
    return st.lists(edit, min_size=1, max_size=4)


def entry_edits(names: list[str]) -> st.SearchStrategy[list[EntryEdit]]:
    """One to four entry edits, most of them value or row edits with an awkward token."""
    data = st.sampled_from(TOKENS) | st.binary(max_size=16)
    kinds = st.sampled_from(["value", "numbers", "numbers", "texts", "insert", "flip", "truncate"])
    kinds = kinds | st.sampled_from(["drop", "noise"])
    edit = st.builds(EntryEdit, st.sampled_from(names), kinds, st.floats(0, 1), data)
    return st.lists(edit, min_size=1, max_size=4)


def sheet_parts(content: bytes) -> dict[str, str]:
    """Sheet name -> zip part, for the sheets of a pristine .xlsx that the readers open."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target", "") for rel in relations}
    parts = {}
    for sheet in workbook.iter():
        if sheet.tag.endswith("}sheet") and sheet.get("name") in READ_SHEETS:
            target = targets[sheet.get(f"{{{_RELATIONSHIPS}}}id")]
            parts[sheet.get("name")] = target[1:] if target.startswith("/") else f"xl/{target}"
    return parts


def read_parts(content: bytes) -> list[str]:
    """The parts of a pristine .xlsx the readers parse: content types, workbook, relations,
    shared strings and the sheets they open."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
    parts = ["[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"]
    parts += [name for name in names if name.endswith("sharedStrings.xml")]
    parts += sheet_parts(content).values()
    return [part for part in parts if part in names]


def check_upload(name: str, content: bytes) -> str:
    """Open an upload as `storepredict inspect --json` does; only StorePredictError may escape.

    Whatever loads must also print as strict JSON (no NaN or infinity), as the CLI writes it.
    Returns the outcome: `loaded`, or `refused: <error class>`.
    """
    try:
        state, _, _ = open_files([(name, content)])
    except StorePredictError as exc:
        assert exc.message and isinstance(exc.message, str)
        return f"refused: {type(exc).__name__}"
    json.dumps(inventory_document(state), allow_nan=False)
    return "loaded"


@functools.cache
def real_session(path: Path) -> tuple[bytes, SessionState, list[tuple[str, bytes]]]:
    """A saved session of a real export, with its state and originals."""
    state, originals, _ = open_files([(path.name, path.read_bytes())])
    return save_session_zip(state, originals), state, originals


@functools.cache
def sample(path: Path) -> tuple[bytes, list[str]]:
    """A real export and the parts of it the readers parse."""
    content = path.read_bytes()
    return content, read_parts(content)


# --- session archives -----------------------------------------------------------------------------


@settings(derandomised, max_examples=150)
@given(st.binary(max_size=4096))
def test_is_session_zip_never_raises_on_arbitrary_bytes(content: bytes) -> None:
    assert is_session_zip(content) is False


@settings(derandomised, max_examples=100)
@given(byte_edits())
def test_is_session_zip_never_raises_on_mutated_real_archives(samples_dir: Path, edits) -> None:
    content, _, _ = real_session(samples_dir / LIVEOPTICS)
    assert is_session_zip(apply_byte_edits(content, edits)) in (True, False)


@settings(derandomised, max_examples=100)
@given(st.data())
def test_restore_raises_only_session_archive_error_on_edited_entries(
    samples_dir: Path, data: st.DataObject
) -> None:
    content, _, originals = real_session(samples_dir / RVTOOLS)
    mutated = apply_entry_edits(content, data.draw(entry_edits(["session.json", RVTOOLS])))
    assert is_session_zip(mutated) in (True, False)
    try:
        restored_state, restored_originals = restore_session_zip(mutated)
    except SessionArchiveError as exc:
        assert exc.message
        event("refused")
    else:  # the edit kept session.json valid (a value swapped for a same-typed one) and the
        # original intact
        assert isinstance(restored_state, SessionState)
        assert restored_originals == originals
        event("restored")


def _json_values() -> st.SearchStrategy:
    scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
        ),
        max_leaves=8,
    )


def _paths(document: object, prefix: tuple = ()) -> list[tuple]:
    """Every key path of a JSON document (the first three items of lists), the root included."""
    paths = [prefix]
    if isinstance(document, dict):
        for key, value in document.items():
            paths += _paths(value, (*prefix, key))
    elif isinstance(document, list):
        for index, value in enumerate(document[:3]):
            paths += _paths(value, (*prefix, index))
    return paths


def _replaced(document: object, path: tuple, value: object) -> object:
    if not path:
        return value
    copy = dict(document) if isinstance(document, dict) else list(document)  # type: ignore[call-overload]
    copy[path[0]] = _replaced(copy[path[0]], path[1:], value)
    return copy


@settings(derandomised, max_examples=100)
@given(st.data())
def test_restore_raises_only_session_archive_error_on_edited_session_json(
    samples_dir: Path, data: st.DataObject
) -> None:
    content, _, _ = real_session(samples_dir / LIVEOPTICS)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        document = json.loads(archive.read("session.json"))
    path = data.draw(st.sampled_from(_paths(document)))
    edited = _replaced(document, path, data.draw(_json_values()))
    if isinstance(edited, dict) and data.draw(st.booleans()):
        edited["schema_version"] = data.draw(st.sampled_from([0, 1, -1, 2**70]))
    raw = json.dumps(edited).encode()
    mutated = apply_entry_edits(content, [EntryEdit("session.json", "noise", 0, raw)])
    try:
        restore_session_zip(mutated)
        event("restored")
    except SessionArchiveError as exc:
        assert exc.message
        event("refused")


# --- exports --------------------------------------------------------------------------------------


@settings(derandomised, max_examples=40)
@given(st.sampled_from([RVTOOLS, LIVEOPTICS]), byte_edits())
def test_exports_with_raw_byte_edits(samples_dir: Path, name: str, edits: list) -> None:
    content, _ = sample(samples_dir / name)
    event(check_upload(name, apply_byte_edits(content, edits)))


@settings(derandomised, max_examples=70)
@given(st.data())
def test_rvtools_with_edited_parts(samples_dir: Path, data: st.DataObject) -> None:
    content, parts = sample(samples_dir / RVTOOLS)
    event(check_upload(RVTOOLS, apply_entry_edits(content, data.draw(entry_edits(parts)))))


@settings(derandomised, max_examples=50)
@given(st.data())
def test_liveoptics_with_edited_parts(samples_dir: Path, data: st.DataObject) -> None:
    content, parts = sample(samples_dir / LIVEOPTICS)
    event(check_upload(LIVEOPTICS, apply_entry_edits(content, data.draw(entry_edits(parts)))))


@settings(derandomised, max_examples=30)
@given(st.data())
def test_zipped_export_with_edited_parts(samples_dir: Path, data: st.DataObject) -> None:
    content, parts = sample(samples_dir / LIVEOPTICS)
    workbook = apply_entry_edits(content, data.draw(entry_edits(parts)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("LiveOptics_1/LiveOptics_1_VMWARE_01_02_2024.xlsx", workbook)
        archive.writestr("LiveOptics_1/session.json", b'{"schema_version": 1}')
    upload = apply_byte_edits(buffer.getvalue(), data.draw(st.lists(st.nothing()) | byte_edits()))
    event(check_upload("LiveOptics_1.zip", upload))


# --- awkward numbers in every sheet the readers open ----------------------------------------------

SWEEP_TOKENS = (b"inf", b"-1", b"1e308")


def _sweep() -> list:
    """(sample, sheet, token) for every sheet a reader opens in the two samples."""
    from tests.conftest import SAMPLES

    cases: list = []
    if not SAMPLES.is_dir():  # the samples_dir fixture reports it
        return cases
    for name in (RVTOOLS, LIVEOPTICS):
        for sheet in sheet_parts((SAMPLES / name).read_bytes()):
            for token in SWEEP_TOKENS:
                ident = f"{name.split('-')[0]}-{sheet}-{token.decode()}"
                cases.append(pytest.param(name, sheet, token, id=ident))
    return cases


@pytest.mark.parametrize(("name", "sheet", "token"), _sweep())
def test_awkward_numbers_load_and_size(
    samples_dir: Path, name: str, sheet: str, token: bytes
) -> None:
    """Every number cell of the sheet's data rows holds the token: the export is refused, or it
    loads with no negative, infinite or absurd figure, prints as strict JSON and sizes."""
    content = (samples_dir / name).read_bytes()
    part = sheet_parts(content)[sheet]
    edits = [EntryEdit(part, "numbers", row / 100, token) for row in range(100)]
    mutated = apply_entry_edits(content, edits)
    if check_upload(name, mutated) == "loaded":
        state, _, _ = open_files([(name, mutated)])
        records = [m.model_dump() for m in [*state.inventory.vms, *state.inventory.hosts]]
        figures = [v for r in records for v in r.values() if type(v) in (int, float)]
        assert all(0 <= v < 1e15 for v in figures)
        json.dumps(sizing_document(state, size_session(state)), allow_nan=False)
