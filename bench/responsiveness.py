"""Does one heavy tab slow the others? Socket.IO round trips of an idle tab while another works.

Run from the repository root: .venv/bin/python -m bench.responsiveness [VM count] [--same-priority].
A real server process (auto-save on, in a temporary data folder) and two real Chromium browsers:
tab A uploads and parses a generated RVTools export (then auto-saves it), downloads the session
archive and opens the classify grid, while tab B sends a Socket.IO probe every 50 ms. Prints, for
each phase, p50/p95/max of B's round trips and of the server's event-loop lag (bench/lag_server.py:
how late a 10 ms timer on the server's loop fired). Target: p95 under 100 ms.

Tab A's browser runs at a lower CPU priority (nice 10): on a user's machine the other user's
browser is not on the server, and on this 2-core machine its rendering of a 10,000-row grid
would otherwise take the CPU from tab B's browser and from the server alike. `--same-priority`
runs both browsers at the same priority, to see what that rendering costs tab B.
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


def start_server(data_dir: Path, log: Path, lags: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`storepredict serve` (with the loop-lag recorder) on a free loopback port; returns the
    process and its URL."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NICEGUI_", "PYTEST_"))}
    env["STOREPREDICT_DATA_DIR"] = str(data_dir)
    env["LAG_FILE"] = str(lags)
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.lag_server", "serve", "--port", str(port)],
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


def measure(probe: Page, lags: Path, name: str, work: Callable[[], None]) -> None:
    """Run `work` in tab A while tab B probes; print the round-trip and loop-lag figures."""
    probe.evaluate(START_PROBE, PROBE_INTERVAL_MS)
    started, since = time.perf_counter(), time.time()
    work()
    seconds, until = time.perf_counter() - started, time.time()
    samples = probe.evaluate(STOP_PROBE)
    time.sleep(0.1)  # the recorder's last lines
    print(f"{name:<28} {seconds:6.1f} s  {_figures(samples, 'round trips')}", flush=True)
    print(f"{'':<28} {'':>8}  {_figures(loop_lags(lags, since, until), 'loop lag')}", flush=True)


def _figures(samples: Sequence[float], what: str) -> str:
    if not samples:
        return f"{what}: no samples"
    p50, p95 = percentile(samples, 0.5), percentile(samples, 0.95)
    return (
        f"{what:<11} {len(samples):4d}  p50 {p50:5.0f} ms  p95 {p95:5.0f} ms"
        f"  max {max(samples):5.0f} ms"
    )


def loop_lags(path: Path, since: float, until: float) -> list[float]:
    """The server's loop lags (ms) recorded between two Unix times."""
    lags = []
    for line in path.read_text(encoding="utf-8").splitlines():
        stamp, lag = line.split()
        if since <= float(stamp) <= until:
            lags.append(float(lag))
    return lags


def niced_chromium(folder: Path) -> str:
    """An executable that starts Chromium at nice 10 (its renderers inherit the priority)."""
    script = folder / "chromium-nice"
    script.write_text(f'#!/bin/sh\nexec nice -n 10 {CHROMIUM} "$@"\n', encoding="utf-8")
    script.chmod(0o755)
    return str(script)


def main(vms: int = 10_000, niced: bool = True) -> None:
    """Generate the export, start the server, run the phases and print the figures."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        export = work / f"rvtools-{vms}.xlsx"
        generate(vms, export)
        lags = work / "lags.txt"
        process, url = start_server(work / "data", work / "server.log", lags)
        try:
            with sync_playwright() as playwright:
                flags = ["--no-sandbox", "--disable-gpu"]
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=flags)
                heavy_chromium = niced_chromium(work) if niced else CHROMIUM
                other = playwright.chromium.launch(executable_path=heavy_chromium, args=flags)
                heavy = other.new_context(accept_downloads=True).new_page()
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

                measure(probe, lags, "upload + parse + auto-save", parse)
                measure(probe, lags, "download session", download)
                measure(probe, lags, "open classify grid", classify)
                other.close()
                browser.close()
        finally:
            process.terminate()
            process.wait(timeout=30)


if __name__ == "__main__":
    numbers = [int(arg) for arg in sys.argv[1:] if arg.isdigit()]
    main(numbers[0] if numbers else 10_000, niced="--same-priority" not in sys.argv)
