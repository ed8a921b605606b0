"""Shared steps of the page tests: simulated uploads, figures read off the page, derived exports."""

from __future__ import annotations

import csv
import io
import zipfile
from importlib.resources import files as package_files
from pathlib import Path

import openpyxl
from nicegui import ElementFilter, ui
from nicegui.testing import User

from storepredict.pipeline.inventory import Inventory
from storepredict.pipeline.units import format_capacity

WAIT = 300  # should_see retries (0.1 s each): reading a workbook in the process pool is slow


def sample_bytes() -> bytes:
    """The bundled 'Try the sample' RVTools export."""
    return (package_files("storepredict") / "data" / "sample-rvtools.xlsx").read_bytes()


async def visit(user: User, path: str) -> None:
    """Open a page and wait until it is drawn (page builders wait for the client handshake)."""
    await user.open(path)
    await user.should_see("StorePredict", retries=WAIT)


async def upload(user: User, *files: tuple[str, bytes]) -> None:
    """Drop files on the page's uploader, as one browser selection."""
    await user.should_see(kind=ui.upload, retries=WAIT)  # the page builds after the handshake
    uploader = next(iter(user.find(ui.upload).elements))
    await uploader.handle_uploads(
        [ui.upload.SmallFileUpload(name, "application/octet-stream", data) for name, data in files]
    )


def by_testid(user: User, key: str) -> ui.element:
    """The one element of the current page marked `key`, or else whose `data-testid` is `key`."""
    assert user.client is not None
    with user:
        found = list(ElementFilter(marker=key, local_scope=False))
    if not found:
        found = [e for e in user.client.elements.values() if e.props.get("data-testid") == key]
    assert len(found) == 1, f"{len(found)} elements marked {key!r}"
    return found[0]


def text_of(user: User, key: str) -> str:
    """The text of the one label (or badge) marked `key` (see `by_testid`)."""
    element = by_testid(user, key)
    assert isinstance(element, ui.label | ui.badge)
    return element.text


def summary_counts(user: User) -> tuple[str, str, str]:
    """VM, host and cluster counts as shown on the upload summary card."""
    return text_of(user, "vm-count"), text_of(user, "host-count"), text_of(user, "cluster-count")


def expected_counts(inventory: Inventory) -> tuple[str, str, str]:
    """The same three counts computed from an inventory."""
    clusters = {vm.cluster for vm in inventory.vms if vm.cluster}
    clusters |= {host.cluster for host in inventory.hosts if host.cluster}
    return f"{len(inventory.vms):,}", f"{len(inventory.hosts):,}", f"{len(clusters):,}"


def tib(mib: float) -> str:
    """A capacity as the pages show it in the default unit."""
    return format_capacity(mib, "TiB")


def liveoptics_csv(path: Path) -> bytes:
    """The `VMs` sheet of a LiveOptics workbook saved as a UTF-8 CSV (LiveOptics' CSV form)."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in book["VMs"].iter_rows(values_only=True):
        writer.writerow(["" if value is None else value for value in row])
    book.close()
    return buffer.getvalue().encode("utf-8")


def zipped(entries: dict[str, bytes]) -> bytes:
    """A zip archive holding the given entries."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()
