"""Scale bench: 10,000 to 100,000-VM estates split over 5 RVTools exports, end to end.

    .venv/bin/python bench/scale.py [--sizes 10000 50000 100000] [--repeat 3] [--baseline REF]
                                    [--profile SIZE]

Each estate is 5 exports, one per vCenter, with bench/ingest.py's rows (vInfo 90 columns, vDisk,
vPartition, vHost, vMetaData) written as sheet XML and cached in bench/out/scale/. Reported:

- stages, in a fresh process: parse, classify, storage, layout, compute, archive save, archive
  restore, health checks, JSON output (document + write, the health report already made); CPU
  and wall seconds, RSS after each stage (psutil) and the process's peak RSS;
- the whole `storepredict size --json` process: best wall and CPU seconds of `--repeat` runs and
  its peak RSS (from the kernel's rusage of that child), against the targets.

The baseline is the same, measured in the same run, for the code at REF (default: the commit
before issue 20), extracted with `git archive`. It reads at most two files, so it reads the same
estate as one workbook. `--profile SIZE` prints a CPU-time cProfile of `size --json` in-process.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import time
import zipfile
from io import BytesIO
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.ingest import sheet_rows  # noqa: E402

OUT = ROOT / "bench" / "out" / "scale"
EXPORTS = 5
BASELINE_REF = "a2f31ac"  # the pipeline before issue 20 (many exports, CSV, scale)
TARGETS = {10_000: (1.5, 250), 100_000: (10.0, 1500)}  # size --json: seconds, peak RSS MB
JSON_TARGET_100K = 0.5
GENERATOR_VERSION = 2


def write_export(vms: int, first: int, vcenter: str, path: Path) -> None:
    """One RVTools-like workbook, its sheet XML written directly (inline strings).

    XlsxWriter takes about 3.5 s of CPU per 1,000 VMs here, too slow for 100,000-VM estates;
    templated XML is about ten times faster and calamine reads it like Excel's own files.
    """
    sheets = sheet_rows(vms, first, vcenter)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", _content_types(len(sheets)))
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _workbook(list(sheets)))
        archive.writestr("xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets)))
        for n, rows in enumerate(sheets.values(), start=1):
            with archive.open(f"xl/worksheets/sheet{n}.xml", "w") as stream:
                stream.write(_SHEET_HEAD)
                for r, row in enumerate(rows, start=1):
                    stream.write(_row(r, row).encode())
                stream.write(b"</sheetData></worksheet>")
    partial.replace(path)


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_RELS = (
    f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}"><Relationship Id="r1" '
    f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_SHEET_HEAD = (
    f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}"><sheetData>'
).encode()
_COLUMNS = [
    "".join(chr(65 + d) for d in ([i // 26 - 1] if i >= 26 else []) + [i % 26]) for i in range(702)
]


def _content_types(count: int) -> str:
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    sheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{ct}.worksheet+xml"/>'
        for n in range(1, count + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
        f'ContentType="{ct}.sheet.main+xml"/>{sheets}</Types>'
    )


def _workbook(names: list[str]) -> str:
    sheets = "".join(
        f'<sheet name="{name}" sheetId="{n}" r:id="r{n}"/>' for n, name in enumerate(names, 1)
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
        f"<sheets>{sheets}</sheets></workbook>"
    )


def _workbook_rels(count: int) -> str:
    rels = "".join(
        f'<Relationship Id="r{n}" Type="{_REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, count + 1)
    )
    head = f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}">'
    return f"{head}{rels}</Relationships>"


def _row(r: int, row: list[object]) -> str:
    cells = []
    for c, value in enumerate(row):
        if value is None:
            continue
        ref = f"{_COLUMNS[c]}{r}"
        if isinstance(value, bool) or not isinstance(value, int | float):
            text = escape(str(value))
            cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>')
        else:
            cells.append(f'<c r="{ref}"><v>{value}</v></c>')
    return f'<row r="{r}">{"".join(cells)}</row>'


def estate(vms: int) -> tuple[list[Path], Path]:
    """The 5 exports of a `vms`-VM estate and the same estate as one workbook (cached)."""
    per = vms // EXPORTS
    folder = OUT / f"v{GENERATOR_VERSION}-{vms}"
    parts = [folder / f"vc{n + 1}.xlsx" for n in range(EXPORTS)]
    whole = folder / "all.xlsx"
    for n, path in enumerate(parts):
        if not path.exists():
            write_export(per, n * per, f"vc{n + 1}.example.com", path)
    if not whole.exists():
        write_export(per * EXPORTS, 0, "vcenter.example.com", whole)
    return parts, whole


def baseline_code(ref: str) -> Path:
    """The `storepredict` package at `ref`, extracted once into bench/out/scale/."""
    return extracted(ref, OUT / f"baseline-{ref}", ["storepredict"])


def extracted(ref: str, target: Path, paths: list[str]) -> Path:
    """`paths` of this repository at `ref`, extracted into `target` unless already there."""
    if not (target / "storepredict").is_dir():
        archive = subprocess.run(
            ["git", "archive", "--format=tar", ref, *paths],
            cwd=ROOT,
            check=True,
            capture_output=True,
        ).stdout
        target.mkdir(parents=True, exist_ok=True)
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(target, filter="data")
    return target


_STAGES = r"""
import io, json, resource, sys, time
import psutil
from storepredict import commands
from storepredict.pipeline.limits import Limits
from storepredict.pipeline.readers.ingest import load_inventory
from storepredict.pipeline.session.archive import restore_session_zip, save_session_zip
from storepredict.pipeline.session.open import new_session
from storepredict.pipeline.sizing import run
try:  # as the CLI does (the baseline has no such module)
    from storepredict.pipeline.memory import use_system_allocator
    use_system_allocator()
except ImportError:
    pass
import gc
gc.disable()  # as the CLI's one-shot commands do: the stages then add up to the whole process
process = psutil.Process()
figures = {}
def measure(stage, work):
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    figures[stage] = {
        "wall": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
        "rss_mb": process.memory_info().rss / 2**20,
    }
    return result
def timed(stage, function):
    return lambda *a, **k: measure(stage, lambda: function(*a, **k))
files = [(p.rsplit("/", 1)[-1], open(p, "rb").read()) for p in sys.argv[1:]]
# The baseline's 64 MiB session.json limit refuses its own 50,000-VM sessions: lifted for both.
limits = Limits(max_upload_bytes=2**40, max_session_json_bytes=2**40)
inventory = measure("parse", lambda: load_inventory(files, limits))
state = measure("classify", lambda: new_session(inventory, files))
for stage, name in (("storage", "size_storage"), ("layout", "plan_layouts"),
                    ("compute", "size_compute")):
    setattr(run, name, timed(stage, getattr(run, name)))
result = run.size_session(state)
archive = measure("archive save", lambda: save_session_zip(state, files))
measure("archive restore", lambda: restore_session_zip(archive, limits))
sink = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
try:  # the health checks are a stage of their own (the baseline has none)
    from storepredict.pipeline.health import run_checks
    health = measure("health checks", lambda: run_checks(state.inventory, state.settings))
except ImportError:
    health = None
def json_output():
    try:  # the CLI's fast path (the baseline has none)
        document = commands.sizing_document(state, result, rows_as_fragment=True, health=health)
    except TypeError:
        document = commands.sizing_document(state, result)
    (getattr(commands, "dump_json", None) or commands._dump)(document, sink)
measure("JSON output", json_output)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"vms": len(inventory.vms), "stages": figures, "peak_mb": peak}))
"""


def compiled(code: Path) -> Path:
    """`code` with its bytecode written, as an installed package has it: an editable install or an
    extracted tree has none, and under PYTHONDONTWRITEBYTECODE each process would compile it."""
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(code / "storepredict")], check=True
    )
    return code


def _environment(code: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(code), "STOREPREDICT_MAX_UPLOAD_MB": "100000"}


def stages(code: Path, files: list[Path]) -> dict:
    """The per-stage figures of one fresh process."""
    result = subprocess.run(
        [sys.executable, "-c", _STAGES, *map(str, files)],
        env=_environment(code),
        check=False,
        capture_output=True,
        text=True,
        cwd=OUT,
    )
    if result.returncode != 0:
        raise SystemExit(f"the stages of {code} failed:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout)


def whole_process(code: Path, files: list[Path]) -> tuple[float, float, float]:
    """Wall and CPU seconds and peak RSS (MB) of one `storepredict size --json` process."""
    command = [sys.executable, "-m", "storepredict", "size", "--json", *map(str, files)]
    start = time.perf_counter()
    with open(os.devnull, "wb") as devnull:
        child = subprocess.Popen(command, env=_environment(code), stdout=devnull, cwd=OUT)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited with {child.returncode}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def best_of(code: Path, files: list[Path], repeat: int) -> dict:
    """Best wall and CPU time of `repeat` runs, and the highest peak RSS."""
    runs = [whole_process(code, files) for _ in range(repeat)]
    return {
        "wall": min(r[0] for r in runs),
        "cpu": min(r[1] for r in runs),
        "rss_mb": max(r[2] for r in runs),
    }


def _stage_table(ours: dict, base: dict) -> None:
    print(
        f"  {'stage':<16} {'ours cpu s':>10} {'wall s':>7} {'RSS MB':>7}   {'baseline cpu s':>14}"
    )
    for stage, figures in ours["stages"].items():
        other = base["stages"].get(stage)
        theirs = f"{other['cpu']:14.2f}" if other else f"{'n/a':>14}"
        print(
            f"  {stage:<16} {figures['cpu']:10.2f} {figures['wall']:7.2f} "
            f"{figures['rss_mb']:7.0f}   {theirs}"
        )
    print(
        f"  {'peak RSS MB':<16} {ours['peak_mb']:10.0f} {'':>7} {'':>7}   {base['peak_mb']:14.0f}"
    )


def profile(files: list[Path]) -> None:
    """CPU-time cProfile of `size --json` in this process (the code of this checkout)."""
    import cProfile
    import io
    import pstats

    from storepredict import commands
    from storepredict.pipeline.limits import Limits

    loaded = [(path.name, path.read_bytes()) for path in files]
    profiler = cProfile.Profile(time.process_time)
    sink = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    profiler.runcall(
        commands.size, loaded, Limits(max_upload_bytes=2**40), None, as_json=True,
        save_session=None, out=sink,
    )  # fmt: skip
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)


def main() -> None:
    """Generate (or reuse) the estates and print our figures next to the baseline's."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--baseline", default=BASELINE_REF, help="git ref of the baseline code")
    parser.add_argument("--profile", type=int, metavar="SIZE", help="profile this size instead")
    args = parser.parse_args()
    if args.profile:
        profile(estate(args.profile)[0])
        return
    base_code = compiled(baseline_code(args.baseline))
    compiled(ROOT)
    print(
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; baseline {args.baseline}"
    )
    for vms in args.sizes:
        start = time.perf_counter()
        parts, whole = estate(vms)
        print(
            f"\n{vms:,} VMs in {EXPORTS} exports ({time.perf_counter() - start:.0f} s to prepare)"
        )
        ours, base = stages(ROOT, parts), stages(base_code, [whole])
        assert ours["vms"] == base["vms"] == vms, (ours["vms"], base["vms"])
        _stage_table(ours, base)
        mine = best_of(ROOT, parts, args.repeat)
        theirs = best_of(base_code, [whole], args.repeat)
        verdict = ""
        if vms in TARGETS:
            seconds, megabytes = TARGETS[vms]
            met = mine["wall"] < seconds and mine["rss_mb"] < megabytes
            verdict = f"  target < {seconds} s, < {megabytes} MB: {'met' if met else 'MISSED'}"
            if os.getloadavg()[0] > (os.cpu_count() or 1):
                verdict += " (machine busy: wall times are not comparable, compare CPU)"
        print(
            f"  size --json: ours {mine['wall']:.2f} s wall, {mine['cpu']:.2f} s CPU, "
            f"{mine['rss_mb']:.0f} MB; baseline {theirs['wall']:.2f} s wall, "
            f"{theirs['cpu']:.2f} s CPU, {theirs['rss_mb']:.0f} MB{verdict}"
        )
        if vms == 100_000:
            json_out = ours["stages"]["JSON output"]
            print(
                f"  JSON output {json_out['wall']:.2f} s wall, {json_out['cpu']:.2f} s CPU "
                f"(target < {JSON_TARGET_100K} s)"
            )
    print(
        f"\n(best of {args.repeat} whole processes; CPU time sums all threads and is the figure "
        "to trust on a busy machine)"
    )


if __name__ == "__main__":
    main()
