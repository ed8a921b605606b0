"""Session archive: round trip, stored names, the sentinel and every refusal, word for word."""

from __future__ import annotations

import hashlib
import io
import json
import warnings
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storepredict import __version__
from storepredict.pipeline.classify.classification import Classification
from storepredict.pipeline.errors import SessionArchiveError
from storepredict.pipeline.inventory import VM, Finding, Host, Inventory, SourceInfo
from storepredict.pipeline.limits import Limits
from storepredict.pipeline.readers.ingest import READER_VERSION, load_inventory
from storepredict.pipeline.session import archive as session_archive
from storepredict.pipeline.session.archive import (
    SCHEMA_VERSION,
    SESSION_ZIP_SENTINEL,
    is_session_zip,
    restore_session_zip,
    save_session_zip,
)
from storepredict.pipeline.session.container import archive_names, is_plain_name, safe_base_name
from storepredict.pipeline.session.migrations import (
    Migration,
    migrate_document,
    oldest_known_version,
)
from storepredict.pipeline.session.state import SessionState, SourceFile
from storepredict.pipeline.settings import LayoutSettings, ScopeSettings, SizingSettings
from tests.real_inputs import KINDS, real_files

RESTORE = "Restore an unmodified copy of the archive, or start again from the original exports."
NOT_OURS = "Choose the .zip that StorePredict saved, unchanged."
RVTOOLS = b"PK\x03\x04 pretend rvtools workbook"
LIVEOPTICS = b"VM Name,MOB ID\nweb01,vm-12\n"


def sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def sample_state() -> SessionState:
    """Two VMs, a host, a finding, classifications and overrides of every kind."""
    vms = [
        VM(
            vm_id="vm-a",
            name="sql01",
            power_state="on",
            vcpu=8,
            memory_mib=32768.0,
            provisioned_mib=512000.0,
            in_use_mib=301234.5,
            os="Windows Server 2019",
            custom_attributes={"Owner": "DBA", "Tier": "1"},
            source="rvtools",
            peak_iops=1850.0,
        ),
        VM(
            vm_id="vm-b",
            name="vdi-ütf8 ☃",
            power_state="off",
            is_template=True,
            provisioned_mib=40960.0,
            source="liveoptics",
            annotation="line1\nline2",
        ),
    ]
    inventory = Inventory(
        format="dual",
        sources=[
            SourceInfo(file_name="rv.xlsx", format="rvtools", vcenters=["vc01"], vm_count=2),
            SourceInfo(file_name="lo.csv", format="liveoptics", vm_count=1),
        ],
        vms=vms,
        hosts=[Host(name="esx01", sockets=2, cores=48, mhz=2100.0, memory_mib=786432.0)],
        findings=[Finding(code="no_guest_data", message="1 VM without guest data", rows=["vm-b"])],
    )
    settings = SizingSettings(
        scope=ScopeSettings(clusters=["Prod"], include_templates=True, ignored_vm_ids=["vm-b"]),
        basis="provisioned",
        class_drr_overrides={"database": 2.5},
        vm_drr_overrides={"vm-a": 1.2},
        vm_class_overrides={"vm-b": ["vdi", "file"]},
        layout=LayoutSettings(chosen_strategy="performance", anti_affinity=[("database", "vdi")]),
    )
    return SessionState(
        project_name="Acme DC refresh",
        page="layout",
        sources=[
            SourceFile(
                file_name="rv.xlsx", size=len(RVTOOLS), sha256=sha(RVTOOLS), format="rvtools"
            ),
            SourceFile(
                file_name="lo.csv",
                size=len(LIVEOPTICS),
                sha256=sha(LIVEOPTICS),
                format="liveoptics",
            ),
        ],
        inventory=inventory,
        classifications={
            "vm-a": Classification(
                class_ids=["database"], rule_id="name-sql", reason="name has SQL"
            ),
            "vm-b": Classification(class_ids=["vdi"], rule_id=None, reason="template"),
        },
        settings=settings,
    )


ORIGINALS = [("rv.xlsx", RVTOOLS), ("lo.csv", LIVEOPTICS)]


def make_zip(
    *entries: tuple[str | zipfile.ZipInfo, bytes], compression: int = zipfile.ZIP_DEFLATED
) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are written on purpose
        with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
            for name, content in entries:
                archive.writestr(name, content)
    return buffer.getvalue()


def entries_of(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def saved_document() -> dict:
    return json.loads(entries_of(save_session_zip(sample_state(), ORIGINALS))[SESSION_ZIP_SENTINEL])


def archive_with(edit: Callable[[dict], object], *extra: tuple[str, bytes]) -> bytes:
    """A saved archive whose session.json went through `edit`."""
    document = saved_document()
    edit(document)
    return make_zip((SESSION_ZIP_SENTINEL, json.dumps(document).encode()), *ORIGINALS, *extra)


def refusal(content: object, limits: Limits | None = None) -> str:
    with pytest.raises(SessionArchiveError) as caught:
        if limits is None:
            restore_session_zip(content)  # type: ignore[arg-type]
        else:
            restore_session_zip(content, limits)  # type: ignore[arg-type]
    return caught.value.message


# --- save ------------------------------------------------------------------------------------


def test_round_trip_is_exact() -> None:
    state = sample_state()
    assert restore_session_zip(save_session_zip(state, ORIGINALS)) == (state, ORIGINALS)


def test_round_trip_of_the_default_state_without_originals() -> None:
    assert restore_session_zip(save_session_zip(SessionState(), [])) == (SessionState(), [])


def test_session_json_envelope_is_sorted_pretty_and_describes_each_original() -> None:
    content = save_session_zip(sample_state(), ORIGINALS)
    raw = entries_of(content)[SESSION_ZIP_SENTINEL].decode("utf-8")
    document = json.loads(raw)
    assert raw == json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert "vdi-ütf8 ☃" in raw  # readable, not \u-escaped
    assert list(document) == [
        "app_version",
        "project_name",
        "reader_version",
        "saved_at",
        "schema_version",
        "sources",
        "state",
    ]
    assert document["schema_version"] == 3 == SCHEMA_VERSION
    assert document["reader_version"] == READER_VERSION
    assert document["app_version"] == __version__
    assert document["project_name"] == "Acme DC refresh"
    assert datetime.fromisoformat(document["saved_at"]).utcoffset() == UTC.utcoffset(None)
    assert document["sources"] == [
        {"file_name": "rv.xlsx", "format": "rvtools", "sha256": sha(RVTOOLS), "size": 29},
        {"file_name": "lo.csv", "format": "liveoptics", "sha256": sha(LIVEOPTICS), "size": 27},
    ]
    assert document["state"] == sample_state().model_dump(mode="json")


def test_originals_are_stored_at_the_root_byte_for_byte_and_deflated() -> None:
    content = save_session_zip(sample_state(), ORIGINALS)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.namelist() == ["session.json", "rv.xlsx", "lo.csv"]
        assert {info.compress_type for info in archive.infolist()} == {zipfile.ZIP_DEFLATED}
        assert archive.read("rv.xlsx") == RVTOOLS
        assert archive.read("lo.csv") == LIVEOPTICS


def test_format_comes_from_the_state_source_with_the_same_digest_or_name() -> None:
    state = SessionState(
        sources=[
            SourceFile(file_name="renamed.xlsx", size=29, sha256=sha(RVTOOLS), format="rvtools"),
            SourceFile(file_name="C:\\in\\perf.csv", size=1, sha256="0" * 64, format="liveoptics"),
        ]
    )
    originals = [("x.xlsx", RVTOOLS), ("C:\\in\\perf.csv", b"changed"), ("other.bin", b"?")]
    document = json.loads(entries_of(save_session_zip(state, originals))[SESSION_ZIP_SENTINEL])
    assert [(s["file_name"], s["format"]) for s in document["sources"]] == [
        ("x.xlsx", "rvtools"),
        ("perf.csv", "liveoptics"),
        ("other.bin", "unknown"),
    ]


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("C:\\Users\\me\\RVTools export.xlsx", "RVTools export.xlsx"),
        ("../../etc/passwd", "passwd"),
        ("exports/LiveOptics_123_VMWARE_01_02_2024.xlsx", "LiveOptics_123_VMWARE_01_02_2024.xlsx"),
        ('a:b*c?"d<e>f|g.csv', "a_b_c__d_e_f_g.csv"),
        ("tab\there\x00.csv", "tab_here_.csv"),
        ("  .hidden.csv. ", "hidden.csv"),
        ("..", "original"),
        ("", "original"),
        ("dir/", "original"),
        ("CON.csv", "_CON.csv"),
        ("lpt1", "_lpt1"),
        ("Données été (v2)+final,1.xlsx", "Données été (v2)+final,1.xlsx"),
        ("x" * 200 + ".xlsx", "x" * 145 + ".xlsx"),
    ],
)
def test_safe_base_name_strips_paths_and_replaces_unsafe_characters(
    given: str, stored: str
) -> None:
    assert safe_base_name(given) == stored
    assert is_plain_name(stored)


def test_archive_names_disambiguate_duplicates_ignoring_case_and_the_sentinel() -> None:
    names = ["a.csv", "A.csv", "dir/a.csv", "session.json", "Session.JSON", "noext", "noext"]
    assert archive_names(names, reserved=["session.json"]) == [
        "a.csv",
        "A (2).csv",
        "a (3).csv",
        "session (2).json",
        "Session (3).JSON",
        "noext",
        "noext (2)",
    ]


def test_save_disambiguates_names_and_restore_returns_the_stored_names() -> None:
    originals = [("in/session.json", b"{}"), ("x/rv.xlsx", b"one"), ("y/rv.xlsx", b"two")]
    _, restored = restore_session_zip(save_session_zip(SessionState(), originals))
    assert restored == [("session (2).json", b"{}"), ("rv.xlsx", b"one"), ("rv (2).xlsx", b"two")]


def test_highly_compressible_original_is_stored_so_it_restores_under_the_ratio_limit() -> None:
    zeros = bytes(2_000_000)
    content = save_session_zip(SessionState(), [("zeros.csv", zeros)])
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.getinfo("zeros.csv").compress_type == zipfile.ZIP_STORED
        assert archive.getinfo("session.json").compress_type == zipfile.ZIP_DEFLATED
    assert restore_session_zip(content)[1] == [("zeros.csv", zeros)]


def test_lone_surrogate_survives_through_an_ascii_session_json() -> None:
    state = SessionState(project_name="bad \udc80 byte")
    content = save_session_zip(state, [])
    assert b"bad \\udc80 byte" in entries_of(content)[SESSION_ZIP_SENTINEL]
    assert restore_session_zip(content)[0] == state


# --- is_session_zip ----------------------------------------------------------------------------


def test_is_session_zip_true_for_a_saved_archive() -> None:
    assert is_session_zip(save_session_zip(sample_state(), ORIGINALS)) is True


def test_is_session_zip_false_for_a_liveoptics_zip_with_session_json_in_a_folder() -> None:
    content = make_zip(
        ("exports/LiveOptics_1_VMWARE_01_01_2024.xlsx", b"xlsx"),
        ("exports/session.json", b"{}"),
    )
    assert is_session_zip(content) is False


@pytest.mark.parametrize(
    "content",
    [b"", b"PK\x05\x06", b"not a zip", None, "session.json", 42, bytes(100)],
    ids=["empty", "bare-eocd", "text", "none", "str", "int", "zeros"],
)
def test_is_session_zip_false_and_silent_on_anything_else(content: object) -> None:
    assert is_session_zip(content) is False  # type: ignore[arg-type]


def test_is_session_zip_only_reads_the_central_directory() -> None:
    content = bytearray(make_zip((SESSION_ZIP_SENTINEL, b"{" * 1000)))
    start = content.index(b"session.json") + len(b"session.json")
    content[start : start + 8] = b"\xff" * 8  # corrupt the member data, not the directory
    assert is_session_zip(bytes(content)) is True
    assert refusal(bytes(content)).startswith("The archive entry 'session.json' is damaged")


# --- refusals: the zip itself ----------------------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"not a zip at all", None], ids=["empty", "text", "none"])
def test_not_a_zip(content: object) -> None:
    assert refusal(content) == (
        "This file is not a readable zip archive (it is damaged, truncated or not a zip). "
        f"{NOT_OURS}"
    )


def test_truncated_archive() -> None:
    content = save_session_zip(sample_state(), ORIGINALS)
    assert refusal(content[: len(content) // 2]).startswith("This file is not a readable zip")


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("../evil.csv", "it climbs out of the archive with '..'"),
        ("a/../../evil.csv", "it climbs out of the archive with '..'"),
        ("/etc/passwd", "it is an absolute path"),
        ("C:/Windows/evil.dll", "it starts with a drive letter"),
        ("c:evil.csv", "it starts with a drive letter"),
        ("dir\\evil.csv", "it contains a backslash"),
    ],
)
def test_unsafe_entry_names_are_refused(name: str, reason: str) -> None:
    content = make_zip(*entries_of(save_session_zip(SessionState(), [])).items(), (name, b"x"))
    assert refusal(content) == (
        f"The archive holds an unsafe entry name {name!r}: {reason}. {NOT_OURS}"
    )


def test_too_many_entries() -> None:
    content = save_session_zip(SessionState(), [("a.csv", b"a"), ("b.csv", b"b")])
    assert refusal(content, Limits(max_zip_entries=2)) == (
        f"The archive holds 3 entries, more than the 2 allowed. {NOT_OURS}"
    )


def test_duplicate_entry_names() -> None:
    content = make_zip(
        *entries_of(save_session_zip(SessionState(), [])).items(), ("session.json", b"{}")
    )
    assert refusal(content) == f"The archive holds two entries named 'session.json'. {RESTORE}"


def test_encrypted_entry() -> None:
    content = make_zip(
        *entries_of(save_session_zip(SessionState(), [])).items(), ("secret.csv", b"x")
    )
    content = patch_headers(content, b"secret.csv", (6, 8), (1).to_bytes(2, "little"))
    assert refusal(content) == (
        "The archive entry 'secret.csv' is password-protected; StorePredict never encrypts "
        f"session archives. {NOT_OURS}"
    )


def test_zip_bomb_by_compression_ratio() -> None:
    content = make_zip(
        *entries_of(save_session_zip(SessionState(), [])).items(), ("bomb.csv", bytes(2 * 10**6))
    )
    assert refusal(content) == (
        "The archive entry 'bomb.csv' expands more than 200 times its compressed size, as zip "
        f"bombs do. {NOT_OURS}"
    )


def test_total_uncompressed_size_limit() -> None:
    content = save_session_zip(sample_state(), ORIGINALS)
    assert refusal(content, Limits(max_zip_uncompressed_bytes=4000)) == (
        "The archive expands to more than 4,000 bytes, the limit for a session archive, so it "
        "was not opened. Choose the .zip that StorePredict saved, or ask an administrator to "
        "raise STOREPREDICT_MAX_ZIP_MIB."
    )


def test_total_size_limit_in_mib() -> None:
    content = save_session_zip(SessionState(), [("zeros.csv", bytes(2 * 1024 * 1024))])
    assert refusal(content, Limits(max_zip_uncompressed_bytes=1024 * 1024)).startswith(
        "The archive expands to more than 1 MiB, the limit for a session archive"
    )


def test_session_json_size_limit() -> None:
    assert refusal(save_session_zip(SessionState(), []), Limits(max_session_json_bytes=500)) == (
        "session.json is larger than 500 bytes, the limit for a session archive, so it was not "
        "opened. Choose the .zip that StorePredict saved, or ask an administrator to raise "
        "STOREPREDICT_MAX_SESSION_JSON_MIB."
    )


def patch_headers(content: bytes, name: bytes, offsets: tuple[int, int], value: bytes) -> bytes:
    """The zip with `value` written at the given (local, central) header offsets of `name`."""
    patched = bytearray(content)
    headers = ((b"PK\x03\x04", 30, offsets[0]), (b"PK\x01\x02", 46, offsets[1]))
    for signature, name_at, offset in headers:
        start = 0
        while (start := patched.find(signature, start)) != -1:
            if patched[start + name_at : start + name_at + len(name)] == name:
                patched[start + offset : start + offset + len(value)] = value
            start += 4
    return bytes(patched)


def test_a_header_that_under_declares_the_size_never_yields_more_bytes() -> None:
    content = save_session_zip(sample_state(), ORIGINALS)
    content = patch_headers(content, b"session.json", (22, 24), (50).to_bytes(4, "little"))
    assert refusal(content) == (
        "The archive entry 'session.json' is damaged and cannot be read (Bad CRC-32 for file "
        f"'session.json'). {RESTORE}"
    )


# --- refusals: session.json --------------------------------------------------------------------


def test_missing_session_json() -> None:
    assert refusal(make_zip(("export.xlsx", b"xlsx"))) == (
        "The archive has no session.json at its root, so it is not a StorePredict session. "
        "Upload it as an export instead, or choose the .zip that StorePredict saved."
    )


def test_session_json_only_in_a_folder() -> None:
    content = make_zip(
        *(
            (f"My sizing/{n}", c)
            for n, c in entries_of(save_session_zip(SessionState(), [])).items()
        )
    )
    assert refusal(content) == (
        "The archive has session.json only inside a folder ('My sizing/session.json'), not at "
        "its root. Upload the .zip exactly as StorePredict saved it, without unpacking and "
        "re-zipping it."
    )


def with_session_json(raw: bytes) -> bytes:
    return make_zip((SESSION_ZIP_SENTINEL, raw))


def test_session_json_not_utf8() -> None:
    assert refusal(with_session_json(b'{"a": "caf\xe9"}')) == (
        "session.json is not UTF-8 text (invalid byte at offset 10). If you edited it, save it "
        f"as UTF-8. {RESTORE}"
    )


def test_session_json_with_a_byte_order_mark_is_accepted() -> None:
    raw = entries_of(save_session_zip(SessionState(), []))[SESSION_ZIP_SENTINEL]
    assert restore_session_zip(with_session_json(b"\xef\xbb\xbf" + raw)) == (SessionState(), [])


def test_session_json_not_json() -> None:
    assert refusal(with_session_json(b'{"schema_version": 1,\n  oops}')) == (
        "session.json is not valid JSON (Expecting property name enclosed in double quotes at "
        f"line 2, column 3). {RESTORE}"
    )


def test_session_json_with_nan() -> None:
    assert refusal(with_session_json(b'{"schema_version": NaN}')) == (
        f"session.json is not valid JSON (NaN is not a number JSON allows). {RESTORE}"
    )


def test_session_json_too_deeply_nested() -> None:
    deep = make_zip(
        (SESSION_ZIP_SENTINEL, b"[" * 5000 + b"]" * 5000), compression=zipfile.ZIP_STORED
    )
    assert refusal(deep).startswith(
        "session.json is not valid JSON (maximum recursion depth exceeded"
    )


def test_session_json_not_an_object() -> None:
    assert refusal(with_session_json(b"[1, 2]")) == (
        "session.json must hold a JSON object with 'schema_version' and 'state', not a list. "
        f"{RESTORE}"
    )


@pytest.mark.parametrize(
    ("raw", "found"),
    [
        (b"{}", "None"),
        (b'{"schema_version": "1"}', "'1'"),
        (b'{"schema_version": true}', "True"),
        (b'{"schema_version": 1.0}', "1.0"),
    ],
)
def test_schema_version_missing_or_not_an_integer(raw: bytes, found: str) -> None:
    assert refusal(with_session_json(raw)) == (
        f"session.json has no integer 'schema_version' (found {found}). {RESTORE}"
    )


def test_newer_schema_version() -> None:
    content = archive_with(lambda document: document.update(schema_version=7))
    assert refusal(content) == (
        "This archive was made by a newer StorePredict (schema 7); this version reads up to 3. "
        "Update StorePredict to open it."
    )


def test_unknown_older_schema_version() -> None:
    content = archive_with(lambda document: document.update(schema_version=-1))
    assert refusal(content) == (
        "This archive uses session schema -1, which this StorePredict cannot upgrade (it reads "
        "schemas 0 to 3). Open it with the StorePredict version that saved it and save it again."
    )


def test_invalid_field_is_named_by_its_path() -> None:
    def edit(document: dict) -> None:
        document["state"]["inventory"]["vms"][1]["vcpu"] = "many"

    assert refusal(archive_with(edit)) == (
        "session.json is not a valid session. Invalid session field 'state.inventory.vms.1.vcpu': "
        f"must be a whole number. {RESTORE}"
    )


def test_invalid_drr_override_is_named_by_its_path() -> None:
    def edit(document: dict) -> None:
        document["state"]["settings"]["vm_drr_overrides"]["vm-a"] = 0

    assert refusal(archive_with(edit)) == (
        "session.json is not a valid session. Invalid session field "
        "'state.settings.vm_drr_overrides.vm-a': a DRR must be a number above 0 and at most 100, "
        f"got 0.0. {RESTORE}"
    )


def test_unknown_state_field() -> None:
    content = archive_with(lambda document: document["state"].update(colour="blue"))
    assert refusal(content) == (
        "session.json is not a valid session. Unknown session field 'state.colour': remove it or "
        f"check its spelling. {RESTORE}"
    )


def test_missing_state() -> None:
    content = archive_with(lambda document: document.pop("state"))
    assert refusal(content) == (
        f"session.json is not a valid session. Missing session field 'state': add it. {RESTORE}"
    )


def test_unknown_envelope_keys_are_ignored() -> None:
    content = archive_with(lambda document: document.update(comment="reviewed by Ann"))
    assert restore_session_zip(content) == (sample_state(), ORIGINALS)


# --- refusals: the originals -----------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["../rv.xlsx", "dir/rv.xlsx", "C:rv.xlsx", " rv.xlsx", "rv.xlsx.", "", "NUL.csv"]
)
def test_listed_original_with_an_unsafe_name(name: str) -> None:
    content = archive_with(lambda document: document["sources"][0].update(file_name=name))
    assert refusal(content) == (
        f"session.json lists an original export named {name!r}, which is not a plain file name "
        f"at the archive root. {RESTORE}"
    )


def test_listed_original_named_like_the_sentinel() -> None:
    content = archive_with(lambda document: document["sources"][0].update(file_name="Session.json"))
    assert refusal(content) == (
        "session.json lists an original export named 'Session.json', which is not a plain file "
        f"name at the archive root. {RESTORE}"
    )


def test_listed_original_twice() -> None:
    def edit(document: dict) -> None:
        document["sources"].append(dict(document["sources"][0], file_name="RV.xlsx"))

    assert refusal(archive_with(edit)) == (
        f"session.json lists the original export 'RV.xlsx' twice. {RESTORE}"
    )


def test_missing_original() -> None:
    state_only = entries_of(save_session_zip(sample_state(), ORIGINALS))[SESSION_ZIP_SENTINEL]
    content = make_zip((SESSION_ZIP_SENTINEL, state_only), ORIGINALS[0])
    assert refusal(content) == (
        f"The archive has no original export 'lo.csv', which session.json lists. {RESTORE}"
    )


def test_original_with_another_size() -> None:
    content = archive_with(lambda document: document["sources"][1].update(size=28))
    assert refusal(content) == (
        "The original export 'lo.csv' holds 27 bytes but session.json records 28: the archive "
        f"was damaged or edited. {RESTORE}"
    )


def test_empty_original_recorded_with_a_size() -> None:
    document = saved_document()
    document["sources"][1]["size"] = 0
    content = make_zip((SESSION_ZIP_SENTINEL, json.dumps(document).encode()), *ORIGINALS)
    assert refusal(content).startswith("The original export 'lo.csv' holds 27 bytes but")


def test_original_with_another_digest() -> None:
    state_only = entries_of(save_session_zip(sample_state(), ORIGINALS))[SESSION_ZIP_SENTINEL]
    tampered = LIVEOPTICS.replace(b"web01", b"web02")
    content = make_zip((SESSION_ZIP_SENTINEL, state_only), ORIGINALS[0], ("lo.csv", tampered))
    assert refusal(content) == (
        "The original export 'lo.csv' does not match the SHA-256 recorded in session.json: the "
        f"archive was damaged or edited. {RESTORE}"
    )


def test_extra_entries_are_ignored() -> None:
    content = archive_with(lambda _: None, ("notes/readme.txt", b"hi"), ("exports/", b""))
    assert restore_session_zip(content) == (sample_state(), ORIGINALS)


def test_unexpected_errors_become_session_archive_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(document: dict) -> dict:
        raise RuntimeError("boom")

    monkeypatch.setattr(session_archive, "migrate_document", explode)
    content = save_session_zip(SessionState(), [])
    assert (
        refusal(content) == f"The session archive could not be read (RuntimeError: boom). {RESTORE}"
    )


# --- migrations ------------------------------------------------------------------------------


def schema_0_document() -> dict:
    """The sample session as a prototype (schema 0) archive laid it out."""
    state = sample_state().model_dump(mode="json")
    state["classification"] = state.pop("classifications")
    return {
        "app_version": "0.0.1",
        "files": [
            {"name": "rv.xlsx", "size": 29, "sha256": sha(RVTOOLS), "format": "rvtools"},
            {"name": "lo.csv", "size": 27, "sha256": sha(LIVEOPTICS), "format": "liveoptics"},
        ],
        "project_name": "Acme DC refresh",
        "saved_at": "2024-05-01T10:00:00+00:00",
        "schema_version": 0,
        "state": state,
    }


def test_schema_0_archive_is_upgraded_and_restored() -> None:
    content = make_zip((SESSION_ZIP_SENTINEL, json.dumps(schema_0_document()).encode()), *ORIGINALS)
    assert restore_session_zip(content) == (sample_state(), ORIGINALS)


def test_schema_0_migration_output_and_input_left_untouched() -> None:
    document = schema_0_document()
    before = json.loads(json.dumps(document))
    upgraded = migrate_document(document)
    assert document == before
    assert upgraded["schema_version"] == 3
    assert upgraded["reader_version"] == 1
    assert "files" not in upgraded
    assert upgraded["sources"][1] == {
        "file_name": "lo.csv",
        "size": 27,
        "sha256": sha(LIVEOPTICS),
        "format": "liveoptics",
    }
    assert upgraded["state"]["classifications"]["vm-a"]["rule_id"] == "name-sql"
    assert "classification" not in upgraded["state"]


def test_current_schema_document_passes_through_unchanged() -> None:
    document = {"schema_version": 3, "reader_version": 1, "state": {}}
    assert migrate_document(document) is document


def test_schema_1_gains_reader_version_1() -> None:
    document = {"schema_version": 1, "state": {"project_name": "x"}}
    assert migrate_document(document) == {
        "schema_version": 3,
        "reader_version": 1,
        "state": {"project_name": "x"},
    }


def test_schema_2_only_raises_the_version() -> None:
    finding = {"code": "vhost_missing", "message": "No vHost sheet.", "rows": []}
    document = {"schema_version": 2, "reader_version": 3, "state": {"findings": [finding]}}
    assert migrate_document(document) == {**document, "schema_version": 3}


def test_schema_0_archive_without_state() -> None:
    document = schema_0_document()
    del document["state"]
    content = make_zip((SESSION_ZIP_SENTINEL, json.dumps(document).encode()), *ORIGINALS)
    assert refusal(content) == (
        "This schema 0 session could not be upgraded (prototype layout: files/name, "
        "state.classification): missing key 'state'. Its session.json is incomplete or was "
        "edited; restore an unmodified copy of the archive."
    )


def test_schema_0_archive_with_a_malformed_file_entry() -> None:
    document = schema_0_document()
    document["files"][0] = "rv.xlsx"
    content = make_zip((SESSION_ZIP_SENTINEL, json.dumps(document).encode()), *ORIGINALS)
    assert refusal(content) == (
        "This schema 0 session could not be upgraded (prototype layout: files/name, "
        "state.classification): 'str' object has no attribute 'items'. Its session.json is "
        "incomplete or was edited; restore an unmodified copy of the archive."
    )


def test_chain_runs_every_step_in_order() -> None:
    def step(number: int) -> Migration:
        def apply(document: dict) -> dict:
            return {**document, "trail": [*document["trail"], number], "schema_version": number + 1}

        return Migration(number, f"step {number}", apply)

    chain = {0: step(0), 1: step(1), 2: step(2)}
    assert migrate_document({"schema_version": 0, "trail": []}, 3, chain) == {
        "schema_version": 3,
        "trail": [0, 1, 2],
    }
    assert oldest_known_version(chain, 3) == 0
    assert oldest_known_version({}, 3) == 3


def test_chain_with_a_gap() -> None:
    chain = {2: Migration(2, "two", lambda document: {**document, "schema_version": 3})}
    with pytest.raises(SessionArchiveError) as caught:
        migrate_document({"schema_version": 1}, 3, chain)
    assert caught.value.message == (
        "This archive uses session schema 1, which this StorePredict cannot upgrade (it reads "
        "schemas 2 to 3). Open it with the StorePredict version that saved it and save it again."
    )


def test_step_that_forgets_to_bump_the_version_is_reported_as_a_bug() -> None:
    chain = {0: Migration(0, "lazy", dict)}
    with pytest.raises(SessionArchiveError) as caught:
        migrate_document({"schema_version": 0}, 1, chain)
    assert caught.value.message == (
        "The schema 0 migration did not produce schema 1; this is a StorePredict bug, please "
        "report it."
    )


def test_small_entries_are_exempt_from_the_ratio_limit() -> None:
    content = archive_with(lambda _: None, ("padding.txt", bytes(500_000)))
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        info = archive.getinfo("padding.txt")
        assert info.file_size > 200 * info.compress_size
    assert restore_session_zip(content) == (sample_state(), ORIGINALS)


# --- real exports --------------------------------------------------------------------------------


def state_from(files: list[tuple[str, bytes]]) -> SessionState:
    """The state the app keeps after an upload, with classifications and overrides on real VMs."""
    inventory = load_inventory(files)
    ids = [vm.vm_id for vm in inventory.vms]
    stored = archive_names([name for name, _ in files], reserved=[SESSION_ZIP_SENTINEL])
    return SessionState(
        project_name="Real export",
        page="report",
        sources=[
            SourceFile(file_name=name, size=len(content), sha256=sha(content), format=source.format)
            for (_, content), name, source in zip(files, stored, inventory.sources, strict=False)
        ],
        inventory=inventory,
        classifications={
            vm_id: Classification(class_ids=["general"], rule_id="default", reason="no rule")
            for vm_id in ids
        },
        settings=SizingSettings(
            vm_drr_overrides={ids[0]: 3.5},
            vm_class_overrides={ids[-1]: ["database"]},
            class_drr_overrides={"vdi": 6.0},
            scope=ScopeSettings(ignored_vm_ids=ids[1:3], include_powered_off=True),
        ),
    )


@pytest.mark.parametrize("kind", KINDS)
def test_real_exports_round_trip_exactly(samples_dir: Path, kind: str) -> None:
    files = real_files(samples_dir, kind)
    state = state_from(files)
    content = save_session_zip(state, files)
    assert is_session_zip(content)
    restored_state, restored_files = restore_session_zip(content)
    assert restored_state == state
    assert restored_state.inventory.totals() == state.inventory.totals()
    assert [content for _, content in restored_files] == [content for _, content in files]
    assert [name for name, _ in restored_files] == [s.file_name for s in state.sources][
        : len(files)
    ]
    # The originals rebuild the same inventory; only the file names may have been made plain.
    names_left_out = {"sources": {"__all__": {"file_name"}}, "vms": {"__all__": {"source"}}}
    assert load_inventory(restored_files).model_dump(exclude=names_left_out) == (
        state.inventory.model_dump(exclude=names_left_out)
    )


def test_real_archive_is_not_mistaken_for_an_export_zip_and_vice_versa(samples_dir: Path) -> None:
    liveoptics_zip = real_files(samples_dir, "liveoptics-zip")[0][1]
    assert is_session_zip(liveoptics_zip) is False
    assert refusal(liveoptics_zip) == (
        "The archive has no session.json at its root, so it is not a StorePredict session. "
        "Upload it as an export instead, or choose the .zip that StorePredict saved."
    )
