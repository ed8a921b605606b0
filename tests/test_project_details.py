"""Project details: the logo check, the archive round trip (logo as its own entry), CLI flags."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from PIL import Image

from storepredict.cli import main
from storepredict.pipeline.errors import LogoError, SessionArchiveError
from storepredict.pipeline.session.archive import restore_session_zip, save_session_zip
from storepredict.pipeline.session.logo import read_logo
from storepredict.pipeline.session.state import SessionState

SAMPLE = Path(__file__).resolve().parents[1] / "storepredict" / "data" / "sample-rvtools.xlsx"
ARCHIVES = Path(__file__).resolve().parents[2] / "shared" / "archives"


def image_bytes(kind: str, size: tuple[int, int] = (120, 40)) -> bytes:
    """A real image written by Pillow."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (15, 76, 129)).save(buffer, format=kind)
    return buffer.getvalue()


def test_png_and_jpeg_logos_are_read_with_their_size() -> None:
    png = read_logo("acme.png", image_bytes("PNG"))
    assert (png.media_type, png.width, png.height) == ("image/png", 120, 40)
    jpeg = read_logo("acme.jpg", image_bytes("JPEG"))
    assert (jpeg.media_type, jpeg.size) == ("image/jpeg", len(image_bytes("JPEG")))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The logo x.png is empty. Choose a PNG or JPEG image."),
        (b"GIF89a....", "The logo x.png is not a PNG or JPEG image. Choose a .png or .jpg file."),
        (
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,
            "The logo x.png is a damaged or unreadable image. Re-save it as PNG or JPEG.",
        ),
    ],
)
def test_bad_logos_are_refused_with_a_message(content: bytes, message: str) -> None:
    with pytest.raises(LogoError) as caught:
        read_logo("x.png", content)
    assert caught.value.message == message


def test_a_jpeg_named_png_with_png_magic_but_jpeg_body_is_refused() -> None:
    with pytest.raises(LogoError, match="damaged or unreadable"):
        read_logo("x.png", b"\x89PNG\r\n\x1a\n" + image_bytes("JPEG"))


def test_oversized_logo_is_refused() -> None:
    with pytest.raises(LogoError) as caught:
        read_logo("big.png", image_bytes("PNG"), max_bytes=100)
    assert caught.value.message.startswith("The logo big.png is 0 KiB; a logo may be at most 0 KiB")


def test_logo_round_trips_as_its_own_archive_entry() -> None:
    logo = read_logo("acme.png", image_bytes("PNG"))
    state = SessionState(customer="Acme SA", prepared_by="Jo Lee", reference="OPP-42", logo=logo)
    archive = save_session_zip(state, [])
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        assert sorted(opened.namelist()) == ["session-logo.png", "session.json"]
        assert opened.read("session-logo.png") == logo.content
        saved = json.loads(opened.read("session.json"))["state"]
    assert saved["logo"] == {
        "media_type": "image/png",
        "size": logo.size,
        "sha256": logo.sha256,
        "width": 120,
        "height": 40,
    }
    restored, _ = restore_session_zip(archive)
    assert restored == state
    assert restored.logo is not None and restored.logo.content == logo.content


def test_a_tampered_logo_is_refused_on_restore() -> None:
    logo = read_logo("acme.png", image_bytes("PNG"))
    archive = save_session_zip(SessionState(logo=logo), [])
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as src, zipfile.ZipFile(buffer, "w") as out:
        out.writestr("session.json", src.read("session.json"))
        out.writestr("session-logo.png", image_bytes("PNG", (10, 10)))
    with pytest.raises(SessionArchiveError, match="does not match the SHA-256"):
        restore_session_zip(buffer.getvalue())


@pytest.mark.parametrize("archive", sorted(ARCHIVES.glob("*.zip")), ids=lambda p: p.name)
def test_schema_1_archives_restore_with_empty_details(archive: Path) -> None:
    state, _ = restore_session_zip(archive.read_bytes())
    assert (state.customer, state.prepared_by, state.reference, state.logo) == ("", "", "", None)


def test_cli_details_override_a_restored_session(capsys, tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(image_bytes("PNG"))
    archive = tmp_path / "s.zip"
    args = ["size", str(SAMPLE), "--customer", "Acme", "--prepared-by", "Jo", "--reference", "R1"]
    assert main([*args, "--logo", str(logo), "--save-session", str(archive)]) == 0
    capsys.readouterr()
    assert main(["size", str(archive), "--json", "--customer", "Globex"]) == 0
    project = json.loads(capsys.readouterr().out)["project"]
    assert project == {
        "customer": "Globex",
        "prepared_by": "Jo",
        "reference": "R1",
        "has_logo": True,
    }


def test_cli_refuses_a_logo_that_is_not_an_image(capsys, tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_text("not an image")
    assert main(["size", str(SAMPLE), "--logo", str(logo)]) == 2
    expected = "error: The logo logo.png is not a PNG or JPEG image. Choose a .png or .jpg file.\n"
    assert capsys.readouterr().err == expected
