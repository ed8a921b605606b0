"""Does one heavy tab slow the others? Socket.IO round trips of an idle tab while another works.

Run from the repository root: .venv/bin/python -m bench.responsiveness [VM count].
A real server process (auto-save on, in a temporary data folder) and two real Chromium contexts:
tab A uploads and parses a generated RVTools export (then auto-saves it), downloads the session
archive and opens the classify grid, while tab B sends a Socket.IO probe every 50 ms. Prints
p50/p95/max of B's round trips for each phase. Target: p95 under 100 ms.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

from bench.ingest import generate

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
SLOW_MS = 300_000
PROBE_INTERVAL_MS = 50
START_PROBE = """interval => {
    window.lagProbe = {samples: []};
    window.lagProbe.timer = setInterval(() => {
        const sent = performance.now();
        window.socket.emit("handshake", {client_id: "lag-probe"}, () => {
            window.lagProbe.samples.push(performance.now() - sent);
        });
    }, interval);
}"""
STOP_PROBE = "() => { clearInterval(window.lagProbe.timer); return window.lagProbe.samples; }"


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)]


def start_server(data_dir: Path, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`storepredict serve` on a free loopback port; returns the process and its URL."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NICEGUI_", "PYTEST_"))}
    env["STOREPREDICT_DATA_DIR"] = str(data_dir)
    process = subprocess.Popen(
        [sys.executable, "-m", "storepredict", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            with urllib.request.urlopen(url + "/", timeout=5):
                return process, url
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"the server did not start; see {log}")


def measure(probe: Page, name: str, work: Callable[[], None]) -> None:
    """Run `work` in tab A while tab B probes; print the round-trip figures."""
    probe.evaluate(START_PROBE, PROBE_INTERVAL_MS)
    started = time.perf_counter()
    work()
    seconds = time.perf_counter() - started
    samples = probe.evaluate(STOP_PROBE)
    p50, p95 = percentile(samples, 0.5), percentile(samples, 0.95)
    print(
        f"{name:<28} {seconds:6.1f} s  {len(samples):4d} probes  p50 {p50:5.0f} ms"
        f"  p95 {p95:5.0f} ms  max {max(samples):5.0f} ms",
        flush=True,
    )


def main(vms: int = 10_000) -> None:
    """Generate the export, start the server, run the phases and print the figures."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        export = work / f"rvtools-{vms}.xlsx"
        generate(vms, export)
        process, url = start_server(work / "data", work / "server.log")
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
                )
                heavy = browser.new_context(accept_downloads=True).new_page()
                probe = browser.new_context().new_page()
                for page in (heavy, probe):
                    page.goto(url + "/")
                    expect(page.get_by_text("Try the sample")).to_be_visible(timeout=SLOW_MS)
                print(f"Round trips of an idle tab while another works on {vms:,} VMs:")

                def parse() -> None:
                    heavy.set_input_files("input[type=file]", str(export))
                    expect(heavy.get_by_test_id("vm-count")).to_have_text(
                        f"{vms:,}", timeout=SLOW_MS
                    )
                    heavy.wait_for_timeout(1500)  # includes the auto-save that follows

                def download() -> None:
                    with heavy.expect_download(timeout=SLOW_MS):
                        heavy.get_by_role("button", name="Download session").first.click()

                def classify() -> None:
                    heavy.goto(url + "/classify")
                    expect(heavy.locator(".ag-row").first).to_be_visible(timeout=SLOW_MS)

                measure(probe, "upload + parse + auto-save", parse)
                measure(probe, "download session", download)
                measure(probe, "open classify grid", classify)
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=30)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
