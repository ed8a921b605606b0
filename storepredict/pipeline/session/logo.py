"""The project logo: a small PNG or JPEG, checked by its magic bytes and decoded once by Pillow.

The bytes never go into session.json: the archive keeps them as their own entry
(`session-logo.png` or `session-logo.jpg`), and session.json records type, size and SHA-256
(ADR-072).
"""

from __future__ import annotations

import hashlib
import io
import warnings

from ...i18n import gettext
from ..errors import LogoError
from .state import Logo

LOGO_MAX_BYTES = 1024 * 1024
LOGO_MAX_PIXELS = 4096 * 4096
MAGIC = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
LOGO_ENTRIES = {"image/png": "session-logo.png", "image/jpeg": "session-logo.jpg"}
_PILLOW_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}


def read_logo(name: str, content: bytes, max_bytes: int = LOGO_MAX_BYTES) -> Logo:
    """A validated logo from uploaded bytes; LogoError names the file and says what to do."""
    if not content:
        raise LogoError(gettext("The logo {name} is empty. Choose a PNG or JPEG image.", name=name))
    if len(content) > max_bytes:
        raise LogoError(
            gettext(
                "The logo {name} is {value:,.0f} KiB; a logo may be at most {value2:,} KiB. Save "
                "it smaller (for example 600 pixels wide).",
                name=name,
                value=len(content) / 1024,
                value2=max_bytes // 1024,
            )
        )
    media_type = next((kind for magic, kind in MAGIC.items() if content.startswith(magic)), None)
    if media_type is None:
        raise LogoError(
            gettext(
                "The logo {name} is not a PNG or JPEG image. Choose a .png or .jpg file.", name=name
            )
        )
    width, height = _decoded_size(name, content, media_type)
    return Logo(
        media_type=media_type,  # type: ignore[arg-type]  # one of the two MAGIC values
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        width=width,
        height=height,
        content=content,
    )


def logo_entry_name(logo: Logo) -> str:
    """The archive entry that holds the logo's bytes."""
    return LOGO_ENTRIES[logo.media_type]


def _decoded_size(name: str, content: bytes, media_type: str) -> tuple[int, int]:
    """(width, height) after Pillow decoded the image; (0, 0) when Pillow is not installed."""
    try:
        from PIL import Image
    except ImportError:  # Pillow comes with reportlab; without it the magic bytes must do
        return 0, 0
    damaged = LogoError(
        gettext(
            "The logo {name} is a damaged or unreadable image. Re-save it as PNG or JPEG.",
            name=name,
        )
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                size, kind = image.size, _PILLOW_FORMATS.get(image.format or "")
                if size[0] * size[1] > LOGO_MAX_PIXELS:
                    raise LogoError(
                        gettext(
                            "The logo {name} is {size} x {size2} pixels; a logo may have at most "
                            "{LOGO_MAX_PIXELS:,} pixels. Save it smaller.",
                            name=name,
                            size=size[0],
                            size2=size[1],
                            LOGO_MAX_PIXELS=LOGO_MAX_PIXELS,
                        )
                    )
                image.load()
    except LogoError:
        raise
    except Exception:  # Pillow raises many types for bad images; all mean the same here
        raise damaged from None
    if kind != media_type:
        raise damaged
    return size[0], size[1]
