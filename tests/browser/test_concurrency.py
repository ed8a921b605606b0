"""Many browser tabs at once on one real server: isolation, exact restores, a responsive event loop.

Eleven browser contexts upload different inputs at the same moment (every real sample, the bundled
sample, a LiveOptics CSV and zip derived here, a dual-source pair) and must each show only their
own data. Then a twelfth uploads a generated 10,000-VM RVTools export while a separate tab keeps
sending Socket.IO round trips: it must stay connected and get its answers (the round-trip times are
printed; the figures themselves are measured by bench/responsiveness.py, never asserted in a test,
as a loaded CI machine would make them flaky). Finally every
tab's session is downloaded and restored in a fresh context, all at once, and must come back
exactly: the same figures on the page and the same state and original files in a new download.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import json
import math
import re
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from ..real_inputs import vms_sheet_as_csv, zip_of
from .conftest import ROOT, Server

pytestmark = pytest.mark.browser

BIG_VMS = 10_000
PROBE_INTERVAL_MS = 50
MIN_PROBES = 20
SLOW_MS = 150_000  # twelve parses share two worker processes on a 2-core machine
CSV_ROWS = 40

# Runs in the probe tab: a Socket.IO "handshake" for a client id that does not exist is answered
# at once by the server (False) with no side effect, so its round trip is the event loop's lag.
# A probe is sent every interval whether or not earlier ones were answered, so a stall shows up
# in every probe sent during it (no coordinated omission).
START_PROBE = """interval => {
    window.lagProbe = {samples: []};
    window.lagProbe.timer = setInterval(() => {
        const sent = performance.now();
        window.socket.emit("handshake", {client_id: "lag-probe"}, () => {
            window.lagProbe.samples.push([performance.timeOrigin + sent, performance.now() - sent]);
        });
    }, interval);
}"""
STOP_PROBE = """() => {
    if (!window.lagProbe) return null;  // the page was reloaded
    clearInterval(window.lagProbe.timer);
    return window.lagProbe.samples;
}"""


@dataclass(frozen=True)
class Upload:
    """One tab's input and what its upload page must then show."""

    project: str
    files: list[Path | dict[str, object]] | None  # None: the "Try the sample" button
    sources: tuple[str, ...]
    vms: int
    data_format: str


def payload(name: str, content: bytes, mime: str) -> dict[str, object]:
    """A file for Playwright's set_input_files, built in memory."""
    return {"name": name, "mimeType": mime, "buffer": content}


def liveoptics_csv(samples_dir: Path) -> bytes:
    """The first CSV_ROWS VMs of the real LiveOptics VMs sheet as a portal-style CSV."""
    text = vms_sheet_as_csv(samples_dir / "liveoptics-2022-595vms.xlsx")
    lines = text.split("\r\n")[: CSV_ROWS + 1]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


def uploads(samples_dir: Path, big: Path) -> list[Upload]:
    """Twelve different inputs: the 10,000-VM export first, then the eleven others."""
    real = [
        ("rvtools-4.7.1-233vms.xlsx", 233, "RVTools"),
        ("rvtools-4.7.1-19vms.xlsx", 19, "RVTools"),
        ("rvtools-4.4.3-124vms.xlsx", 124, "RVTools"),
        ("rvtools-4.0.7-1100vms.xlsx", 1100, "RVTools"),
        ("rvtools-3x-131vms.xlsx", 131, "RVTools"),
        ("liveoptics-2022-595vms.xlsx", 595, "Dell LiveOptics"),
        ("liveoptics-2022-6vms.xlsx", 6, "Dell LiveOptics"),
    ]
    lo6 = samples_dir / "liveoptics-2022-6vms.xlsx"
    rv19 = samples_dir / "rvtools-4.7.1-19vms.xlsx"
    zipped = zip_of((f"VMWARE/{lo6.name}", lo6.read_bytes()))
    tabs = [Upload("Tab big", [big], (big.name,), BIG_VMS, "RVTools")]
    tabs += [
        Upload(f"Tab {name[:-5]}", [samples_dir / name], (name,), vms, kind)
        for name, vms, kind in real
    ]
    tabs += [
        Upload("Tab sample", None, ("sample-rvtools.xlsx",), 298, "RVTools"),
        Upload(
            "Tab csv",
            [payload("VMs.csv", liveoptics_csv(samples_dir), "text/csv")],
            ("VMs.csv",),
            CSV_ROWS,
            "Dell LiveOptics",
        ),
        Upload(
            "Tab zip",
            [payload("LiveOptics_download.zip", zipped, "application/zip")],
            (f"LiveOptics_download.zip/VMWARE/{lo6.name}",),
            6,
            "Dell LiveOptics",
        ),
        Upload("Tab dual", [rv19, lo6], (rv19.name, lo6.name), 19, "RVTools + LiveOptics"),
    ]
    return tabs


@pytest.fixture(scope="session")
def big_export() -> Path:
    """A 10,000-VM RVTools workbook from bench/ingest.py's generator, cached across runs."""
    bench = ROOT / "bench" / "ingest.py"
    digest = hashlib.sha256(bench.read_bytes()).hexdigest()[:12]
    cache = Path(tempfile.gettempdir()) / "storepredict-tests"
    path = cache / f"rvtools-{BIG_VMS}vms-{digest}.xlsx"
    if not path.exists():
        spec = importlib.util.spec_from_file_location("bench_ingest", bench)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.generate(BIG_VMS, path)  # writes a temporary file, then renames it
    return path


def summary_card(page: Page) -> Locator:
    """The upload page's 'Inventory loaded' card."""
    return page.locator(".q-card", has=page.get_by_test_id("inventory-stats"))


def expect_own_data(page: Page, tab: Upload) -> None:
    """The tab shows its own project, sources, format and VM count, nothing else."""
    loaded = f"{tab.project}: {' + '.join(tab.sources)} loaded"
    expect(page.get_by_test_id("vm-count"), loaded).to_be_visible(timeout=SLOW_MS)
    expect(page.get_by_test_id("project-name")).to_have_text(tab.project)
    card = summary_card(page)
    for source in tab.sources:
        expect(card.get_by_text(source, exact=True), f"{loaded}: {source} listed").to_be_visible()
    stats = page.get_by_test_id("inventory-stats")
    expect(stats.get_by_text(tab.data_format, exact=True), loaded).to_be_visible()
    expect(page.get_by_test_id("vm-count")).to_have_text(f"{tab.vms:,}")
    badge = re.compile(rf"^[\d,]+ of {tab.vms:,} VMs in scope$")  # grouped as the page writes it
    expect(page.get_by_test_id("scope-badge")).to_have_text(badge)


def start_upload(page: Page, tab: Upload) -> None:
    """Begin the tab's upload and return at once (the browser sends it in the background)."""
    if tab.files is None:
        page.get_by_role("button", name="Try the sample").click()
    else:
        page.set_input_files("input[type=file]", tab.files)


def download_session(page: Page, folder: Path, index: int) -> bytes:
    """Click the header's Download session button and return the archive's bytes."""
    with page.expect_download(timeout=SLOW_MS) as info:
        page.get_by_role("button", name="Download session").first.click()
    path = folder / f"{index:02d}-{info.value.suggested_filename}"
    info.value.save_as(path)
    return path.read_bytes()


def archive_parts(content: bytes) -> tuple[dict, dict[str, bytes]]:
    """(session state, original files) of a session archive."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        state = json.loads(archive.read("session.json"))["state"]
        originals = {
            name: archive.read(name) for name in archive.namelist() if name != "session.json"
        }
    return state, originals


def percentile(values: Sequence[float], share: float) -> float:
    """The nearest-rank percentile of `values` (share in 0..1)."""
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def measure_lag(probe: Page, big_page: Page, big: Upload) -> list[float]:
    """Round trips (ms) of the probes sent from the big upload's start until its figures show."""
    probe.evaluate(START_PROBE, PROBE_INTERVAL_MS)
    started_ms = time.time() * 1000
    start_upload(big_page, big)
    expect(big_page.get_by_test_id("vm-count")).to_have_text(f"{big.vms:,}", timeout=SLOW_MS)
    parsed_ms = time.time() * 1000
    samples = probe.evaluate(STOP_PROBE)
    assert samples is not None, "the probe tab reloaded: the server dropped its connection"
    window = [rtt for sent, rtt in samples if started_ms <= sent <= parsed_ms]
    assert len(window) >= MIN_PROBES, f"only {len(window)} probes were answered"
    print(
        f"Socket.IO round trips while {big.vms:,} VMs were uploaded and parsed "
        f"({(parsed_ms - started_ms) / 1000:.1f} s, {len(window)} probes): median "
        f"{percentile(window, 0.5):.0f} ms, p95 {percentile(window, 0.95):.0f} ms, "
        f"max {max(window):.0f} ms"
    )
    return window


def test_many_tabs_isolated_restorable_and_responsive(
    new_page: Callable[[], Page],
    server: Server,
    samples_dir: Path,
    big_export: Path,
    tmp_path: Path,
) -> None:
    url = server.url
    big, *small = uploads(samples_dir, big_export)
    tabs = [big, *small]
    assert len(small) >= 10 and len({(t.project, t.sources) for t in tabs}) == len(tabs)
    pages = []
    for tab in tabs:
        page = new_page()
        page.goto(url + "/")
        page.get_by_label("Project name").fill(tab.project)
        pages.append(page)
    big_page, *small_pages = pages
    for page, tab in zip(pages, tabs, strict=True):
        expect(page.get_by_test_id("project-name")).to_have_text(tab.project)

    # Eleven different uploads at the same time; each tab sees its own data only.
    for page, tab in zip(small_pages, small, strict=True):
        start_upload(page, tab)
    for page, tab in zip(small_pages, small, strict=True):
        expect_own_data(page, tab)

    # A separate tab stays responsive while the 10,000-VM export is uploaded and parsed.
    probe = new_page()
    probe.goto(url + "/")
    expect(probe.get_by_text("No data loaded")).to_be_visible()
    measure_lag(probe, big_page, big)  # answered probes, connection kept: see its assertions
    expect(probe.get_by_text("No data loaded")).to_be_visible()  # it got nobody's data

    # With every upload done, each tab (reloaded) still holds only its own session.
    for page, tab in zip(pages, tabs, strict=True):
        page.reload()
        expect_own_data(page, tab)
    shown = [summary_card(page).inner_text() for page in pages]

    # Every session downloads, then restores exactly in a fresh context (all at once).
    archives = [download_session(page, tmp_path, i) for i, page in enumerate(pages)]
    for page in [*pages, probe]:
        page.context.close()  # the restores need none of them
    restored = [new_page() for _ in archives]
    for index, (page, archive) in enumerate(zip(restored, archives, strict=True)):
        page.goto(url + "/")
        page.set_input_files(
            "input[type=file]",
            payload(f"session-{index:02d}.storepredict.zip", archive, "application/zip"),
        )
    for index, (page, tab) in enumerate(zip(restored, tabs, strict=True)):
        expect_own_data(page, tab)
        assert summary_card(page).inner_text() == shown[index]
        again = download_session(page, tmp_path, 100 + index)
        assert archive_parts(again) == archive_parts(archives[index])
    assert "Traceback" not in server.log_text(), server.log_tail()
