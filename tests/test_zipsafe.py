"""Safety checks on untrusted zip archives: names, counts, sizes, ratios and capped reads."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storepredict.pipeline.errors import CorruptWorkbookError, InputError, UnsafeZipError
from storepredict.pipeline.limits import Limits
from storepredict.pipeline.readers.ingest import load_inventory
from storepredict.pipeline.readers.zipsafe import (
    describe_size,
    list_entries,
    open_zip,
    peek_entry,
    read_entry,
    unsafe_name_reason,
)

MIB = 1024 * 1024


def make_zip(entries: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip holding the given entries (names ending in / are folders)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_lists_file_entries_and_skips_folders() -> None:
    content = make_zip({"exports/": b"", "exports/a.csv": b"x,y\n", "b.txt": b"hello"})
    assert [i.filename for i in list_entries(content, Limits())] == ["exports/a.csv", "b.txt"]


def test_damaged_zip_is_refused() -> None:
    with pytest.raises(CorruptWorkbookError) as error:
        list_entries(b"PK\x03\x04" + b"\x00" * 40, Limits(), "upload.zip")
    assert str(error.value) == (
        "upload.zip is a damaged or truncated zip archive (.zip or .xlsx): download or export it "
        "again, then re-upload it."
    )


def test_truncated_zip_is_refused() -> None:
    content = make_zip({"a.txt": b"a" * 5000})
    with pytest.raises(CorruptWorkbookError, match=r"^big.zip is a damaged or truncated zip"):
        list_entries(content[: len(content) // 2], Limits(), "big.zip")


def test_too_many_entries() -> None:
    content = make_zip({f"f{i}.txt": b"x" for i in range(4)})
    with pytest.raises(UnsafeZipError) as error:
        list_entries(content, Limits(max_zip_entries=3), "many.zip")
    assert str(error.value) == (
        "many.zip holds 4 entries, more than the limit of 3: upload the export itself, or a zip "
        "holding only it."
    )


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("../evil.xlsx", "climbs out of the archive with '..'"),
        ("exports/../../evil.xlsx", "climbs out of the archive with '..'"),
        ("/etc/cron.d/evil", "is an absolute path"),
        ("C:/Windows/evil.dll", "starts with a drive letter"),
        ("exports\\evil.xlsx", "contains a backslash"),
    ],
)
def test_unsafe_entry_names_are_refused(name: str, reason: str) -> None:
    info = zipfile.ZipInfo("placeholder")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("ok.txt", b"fine")
        info.filename = name  # ZipInfo would normalise some names; set the raw one
        archive.writestr(info, b"payload")
    with pytest.raises(UnsafeZipError) as error:
        list_entries(buffer.getvalue(), Limits(), "upload.zip")
    assert str(error.value) == (
        f"upload.zip was refused: the entry name '{name}' {reason}. Upload the export itself, "
        "or re-create the zip from its folder."
    )


def test_total_unpacked_size_limit() -> None:
    content = make_zip({"a.bin": bytes(range(256)) * 8}, zipfile.ZIP_STORED)
    with pytest.raises(UnsafeZipError) as error:
        list_entries(content, Limits(max_zip_uncompressed_bytes=1000), "big.zip")
    assert str(error.value) == (
        "big.zip would unpack to 2,048 bytes, more than the limit of 1,000 bytes: upload the "
        "export itself."
    )


def test_zip_bomb_entry_is_refused_by_ratio() -> None:
    content = make_zip({"bomb.csv": bytes(2 * MIB)})
    info = zipfile.ZipFile(io.BytesIO(content)).getinfo("bomb.csv")
    ratio = info.file_size / info.compress_size
    assert ratio > 200
    with pytest.raises(UnsafeZipError) as error:
        list_entries(content, Limits(), "bomb.zip")
    assert str(error.value) == (
        f"bomb.zip was refused: the entry 'bomb.csv' is compressed {ratio:.0f} to 1, more than "
        "the limit of 200 to 1 (a zip bomb?). Upload the export itself."
    )


def test_many_small_compressible_entries_are_refused_by_total_ratio() -> None:
    content = make_zip({f"part{i}.csv": bytes(512 * 1024) for i in range(4)})
    infos = zipfile.ZipFile(io.BytesIO(content)).infolist()
    ratio = sum(i.file_size for i in infos) / sum(i.compress_size for i in infos)
    with pytest.raises(UnsafeZipError) as error:
        list_entries(content, Limits(), "parts.zip")
    assert str(error.value) == (
        f"parts.zip was refused: it is compressed {ratio:.0f} to 1 overall, more than the limit "
        "of 200 to 1 (a zip bomb?). Upload the export itself."
    )


def test_small_highly_compressible_entries_are_fine() -> None:
    content = make_zip({"notes.txt": bytes(200 * 1024), "export.csv": b"a,b\n1,2\n"})
    assert len(list_entries(content, Limits())) == 2


def test_read_entry_refuses_past_the_cap() -> None:
    archive = open_zip(make_zip({"a.bin": bytes(5000)}), "a.zip")
    info = archive.getinfo("a.bin")
    assert read_entry(archive, info, Limits()) == bytes(5000)
    with pytest.raises(UnsafeZipError) as error:
        read_entry(archive, info, Limits(max_zip_uncompressed_bytes=1000))
    assert str(error.value) == (
        "The zip entry 'a.bin' unpacks to more than 1,000 bytes, the limit: upload the export "
        "itself."
    )
    assert peek_entry(archive, info, 10) == bytes(10)


def test_lying_header_size_does_not_inflate_more() -> None:
    content = bytearray(make_zip({"a.bin": bytes(MIB)}))
    central = content.index(b"PK\x01\x02")
    content[central + 24 : central + 28] = struct.pack("<I", 100)  # declared uncompressed size
    archive = open_zip(bytes(content), "lie.zip")
    info = archive.getinfo("a.bin")
    assert info.file_size == 100
    with pytest.raises(CorruptWorkbookError) as error:
        read_entry(archive, info, Limits())
    assert str(error.value) == (
        "The zip entry 'a.bin' is damaged (or uses an unsupported compression method): create the "
        "zip again, or upload the export itself."
    )


def test_password_protected_entry() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("secret.xlsx", b"data")
    content = bytearray(buffer.getvalue())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = content.index(signature) + offset
        content[at] |= 0x1  # the "encrypted" general-purpose flag bit
    archive = open_zip(bytes(content), "s.zip")
    with pytest.raises(InputError) as error:
        read_entry(archive, archive.getinfo("secret.xlsx"), Limits())
    assert str(error.value) == (
        "The zip entry 'secret.xlsx' is password-protected: unzip it with its password and upload "
        "the export itself."
    )


@pytest.mark.parametrize(
    ("limits", "entries", "message"),
    [
        (
            Limits(max_zip_entries=2),
            {"a.txt": b"a", "b.txt": b"b", "c.txt": b"c"},
            "up.zip holds 3 entries, more than the limit of 2: upload the export itself, or a zip "
            "holding only it.",
        ),
        (
            Limits(),
            {"../up.xlsx": b"x"},
            "up.zip was refused: the entry name '../up.xlsx' climbs out of the archive with '..'. "
            "Upload the export itself, or re-create the zip from its folder.",
        ),
    ],
)
def test_load_inventory_reports_unsafe_zips(limits: Limits, entries: dict, message: str) -> None:
    with pytest.raises(UnsafeZipError) as error:
        load_inventory([("up.zip", make_zip(entries))], limits)
    assert str(error.value) == message


def test_load_inventory_refuses_a_bomb_nested_in_a_zip() -> None:
    inner = make_zip({"bomb.csv": bytes(4 * MIB)})
    with pytest.raises(
        UnsafeZipError, match=r"^up.zip/inner.zip was refused: the entry 'bomb.csv'"
    ):
        load_inventory([("up.zip", make_zip({"inner.zip": inner}, zipfile.ZIP_STORED))])


def test_describe_size() -> None:
    assert (describe_size(999_999), describe_size(1_500_000)) == ("999,999 bytes", "1.5 MB")


SEGMENT = st.text(alphabet="abcXYZ019_-. ", min_size=1, max_size=8).filter(
    lambda s: s not in {".", ".."}
)


@settings(max_examples=60, deadline=None)
@given(st.lists(SEGMENT, min_size=1, max_size=4), st.integers(min_value=0, max_value=4))
def test_names_are_unsafe_exactly_when_a_segment_climbs(parts: list[str], at: int) -> None:
    assert unsafe_name_reason("/".join(parts)) is None
    climbing = [*parts[:at], "..", *parts[at:]]
    assert unsafe_name_reason("/".join(climbing)) == "climbs out of the archive with '..'"
