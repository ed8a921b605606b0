"""End-of-general-support dates of ESXi and vCenter releases (storepredict/data/eos_dates.csv)."""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

from ...i18n import N_
from ..datafile import parse_rows, read_data_file

FILE = "eos_dates.csv"
COLUMNS = ("product", "version", "end_of_general_support", "source")
Product = Literal["esxi", "vcenter"]
_RELEASE = re.compile(r"(\d+)\.(\d+)")


class EndOfSupport(BaseModel):
    """One release's end of general support and where the date comes from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    product: Product
    version: str
    end_of_general_support: date
    source: str


@cache
def load_eos_dates() -> dict[tuple[str, str], EndOfSupport]:
    """Every listed release by (product, major.minor)."""
    rows = parse_rows(read_data_file(FILE), EndOfSupport, COLUMNS, FILE, N_("end-of-support"))
    return {(row.product, row.version): row for _, row in rows}


def release_of(text: str | None) -> str | None:
    """The major.minor release in a version text (`VMware ESXi 7.0.3 build-1` gives `7.0`)."""
    match = _RELEASE.search(text or "")
    return f"{match.group(1)}.{match.group(2)}" if match else None


def end_of_support(product: Product, text: str | None) -> EndOfSupport | None:
    """The listed end of support for the release in `text`, or None when it is not listed."""
    release = release_of(text)
    return load_eos_dates().get((product, release)) if release else None
