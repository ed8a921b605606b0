"""XML attacks inside a workbook: entity expansion and external entities are refused or inert.

Workbooks are read by calamine (Rust, quick-xml), which does not process DTDs: an entity
reference is either left unexpanded or makes the part unreadable (a CorruptWorkbookError).
Either is safe; what must never happen is an expansion (memory), a file read or a network fetch.
"""

from __future__ import annotations

import io
import json
import socket
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from storepredict.commands import inventory_document
from storepredict.pipeline.errors import StorePredictError
from storepredict.pipeline.session.open import open_files

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RELS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)
PASSWD = Path("/etc/passwd")


def _content_types(shared: bool) -> str:
    parts = (
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    )
    if shared:
        parts += (
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
        'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
        f'"application/xml"/>{parts}</Types>'
    )


def workbook(sheet: str, shared_strings: str | None = None, doctype: str = "") -> bytes:
    """A minimal .xlsx with one sheet named vInfo; `doctype` goes into workbook.xml."""
    relations = (
        f'<Relationship Id="rId1" Type="{RELS_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
    )
    if shared_strings is not None:
        relations += (
            f'<Relationship Id="rId2" Type="{RELS_NS}/sharedStrings" Target="sharedStrings.xml"/>'
        )
    parts = {
        "[Content_Types].xml": _content_types(shared_strings is not None),
        "_rels/.rels": f'<Relationships xmlns="{PKG_RELS}"><Relationship Id="rId1" '
        f'Type="{RELS_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0"?>{doctype}<workbook {NS} xmlns:r="{RELS_NS}">'
        '<sheets><sheet name="vInfo" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{PKG_RELS}">{relations}'
        "</Relationships>",
        "xl/worksheets/sheet1.xml": sheet,
    }
    if shared_strings is not None:
        parts["xl/sharedStrings.xml"] = shared_strings
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, text.encode())
    return buffer.getvalue()


def shared_sheet(doctype: str = "") -> str:
    """vInfo: header VM | Provisioned MiB from shared strings 0 and 1; one VM named string 2."""
    return (
        f'<?xml version="1.0"?>{doctype}<worksheet {NS}><sheetData>'
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>100</v></c></row>'
        "</sheetData></worksheet>"
    )


def shared_strings(doctype: str, payload: str) -> str:
    """The shared strings VM, Provisioned MiB and `payload` (raw XML text)."""
    return (
        f'<?xml version="1.0"?>{doctype}<sst {NS} count="3" uniqueCount="3">'
        f"<si><t>VM</t></si><si><t>Provisioned MiB</t></si><si><t>{payload}</t></si></sst>"
    )


def inline_sheet(doctype: str, payload: str) -> str:
    """vInfo with inline strings; the VM name is `payload` (raw XML text)."""
    return (
        f'<?xml version="1.0"?>{doctype}<worksheet {NS}><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>VM</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Provisioned MiB</t></is></c></row>'
        f'<row r="2"><c r="A2" t="inlineStr"><is><t>{payload}</t></is></c>'
        '<c r="B2"><v>100</v></c></row></sheetData></worksheet>'
    )


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A TCP port on localhost that records whether anything connected to it."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    server.setblocking(False)
    yield server
    server.close()


def _nobody_connected(server: socket.socket) -> bool:
    try:
        connection, _ = server.accept()
    except BlockingIOError:
        return True
    connection.close()
    return False


def _loaded_text(content: bytes) -> str | None:
    """Everything the inventory holds, as JSON text; None when the workbook was refused."""
    try:
        state, _, _ = open_files([("attack.xlsx", content)])
    except StorePredictError:
        return None
    return json.dumps(inventory_document(state), ensure_ascii=False)


def _passwd_markers() -> list[str]:
    lines = PASSWD.read_text().splitlines() if PASSWD.exists() else []
    return [line for line in lines if line.strip()][:3] or ["root:x:0:0"]


def test_the_builder_makes_a_workbook_storepredict_reads() -> None:
    plain = workbook(shared_sheet(), shared_strings("", "app01"))
    state, _, _ = open_files([("plain.xlsx", plain)])
    assert [(vm.name, vm.provisioned_mib) for vm in state.inventory.vms] == [("app01", 100.0)]
    inline = workbook(inline_sheet("", "app02"))
    state, _, _ = open_files([("inline.xlsx", inline)])
    assert [(vm.name, vm.provisioned_mib) for vm in state.inventory.vms] == [("app02", 100.0)]


UNREADABLE_BOOK = (
    "attack.xlsx could not be read as an Excel workbook (it may be truncated or damaged): export "
    "it again, or open and re-save it in Excel."
)
UNREADABLE_SHEET = "Sheet 'vInfo' of attack.xlsx could not be read: export the file again."
XXE = f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file://{PASSWD}">]>'


def _outcome(content: bytes) -> tuple[str, object]:
    """("refused", message) or ("loaded", [(VM name, provisioned MiB)])."""
    try:
        state, _, _ = open_files([("attack.xlsx", content)])
    except StorePredictError as exc:
        return "refused", exc.message
    return "loaded", [(vm.name, vm.provisioned_mib) for vm in state.inventory.vms]


@pytest.mark.parametrize(
    ("content", "outcome"),
    [
        (
            workbook(shared_sheet(), shared_strings(LAUGHS, "&lol9;")),
            ("refused", UNREADABLE_BOOK),
        ),
        (workbook(inline_sheet(LAUGHS, "&lol9;")), ("refused", UNREADABLE_SHEET)),
        (
            workbook(shared_sheet(LAUGHS), shared_strings(LAUGHS, "&lol9;"), doctype=LAUGHS),
            ("refused", UNREADABLE_BOOK),
        ),
        (workbook(inline_sheet(LAUGHS, "app01"), doctype=LAUGHS), ("loaded", [("app01", 100.0)])),
    ],
    ids=["shared-strings", "sheet", "every-part", "declared-but-unused"],
)
def test_billion_laughs_is_never_expanded(content: bytes, outcome: tuple) -> None:
    assert _outcome(content) == outcome


@pytest.mark.parametrize(
    ("content", "outcome"),
    [
        (workbook(shared_sheet(), shared_strings(XXE, "&xxe;")), ("refused", UNREADABLE_BOOK)),
        (workbook(inline_sheet(XXE, "&xxe;")), ("refused", UNREADABLE_SHEET)),
        (workbook(inline_sheet("", "app01"), doctype=XXE), ("loaded", [("app01", 100.0)])),
    ],
    ids=["shared-strings", "sheet", "declared-in-workbook"],
)
def test_external_file_entity_is_never_read(content: bytes, outcome: tuple) -> None:
    assert _outcome(content) == outcome
    text = _loaded_text(content)
    assert text is None or not any(marker in text for marker in _passwd_markers())


def test_external_entities_and_dtds_are_never_fetched(listener: socket.socket) -> None:
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    doctype = (
        f'<!DOCTYPE x SYSTEM "{url}/evil.dtd" [<!ENTITY % remote SYSTEM "{url}/p.dtd"> %remote;'
        f'<!ENTITY xxe SYSTEM "{url}/secret">]>'
    )
    for content in (
        workbook(shared_sheet(doctype), shared_strings(doctype, "&xxe;"), doctype=doctype),
        workbook(inline_sheet(doctype, "&xxe;"), doctype=doctype),
    ):
        _loaded_text(content)
    assert _nobody_connected(listener)


def test_the_listener_would_notice_a_fetch(listener: socket.socket) -> None:
    with socket.create_connection(listener.getsockname(), timeout=5):
        pass
    assert not _nobody_connected(listener)
