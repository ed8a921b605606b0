"""Check that a speed-up changed no result: digests of this checkout and a git ref, side by side.

    .venv/bin/python bench/same_results.py [--ref main] [--layout 1000:1 10000:1 30000:2]
                                           [--estate 10000] [--xlsx 5000]

Each side runs in its own process on its own code (the ref extracted with `git archive` into
bench/out/same-<ref>/), with the cyclic GC off as the CLI runs. Compared:

- layout: `plan_layouts` on bench/layout.py's synthetic VMs (n:seed), the whole LayoutResult;
- estate: `load_inventory` of bench/scale.py's 5-export estate (must exist: run bench/scale.py),
  the whole Inventory, then `size_storage` of it (StorageResult);
- xlsx: `build_xlsx` of bench/reports.py's synthetic VMs, every part but docProps/core.xml.

CPU seconds are printed beside each digest; they are one run each, so compare them loosely.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))

from bench.scale import extracted  # noqa: E402

_DIGESTS = r"""
import gc, hashlib, io, json, sys, time, zipfile
from pathlib import Path
gc.disable()
sys.path.insert(0, sys.argv[1])
jobs, figures = json.loads(sys.argv[2]), {}
def digest(text):
    return hashlib.sha256(text.encode() if isinstance(text, str) else text).hexdigest()[:16]
def timed(name, work, dump):
    start = time.process_time()
    result = work()
    figures[name] = [digest(dump(result)), round(time.process_time() - start, 2)]
    return result
if jobs["layout"]:
    from bench.layout import make_items
    from storepredict.pipeline.layout.plan import plan_layouts
    from storepredict.pipeline.settings import SizingSettings
    for spec in jobs["layout"]:
        n, seed = map(int, spec.split(":"))
        items = make_items(n, seed)
        timed(f"layout {spec}", lambda: plan_layouts(items, SizingSettings()),
              lambda r: r.model_dump_json())
if jobs["estate"]:
    from storepredict.pipeline.limits import Limits
    from storepredict.pipeline.readers.ingest import load_inventory
    from storepredict.pipeline.session.open import new_session
    from storepredict.pipeline.sizing.storage import size_storage
    folder = Path(jobs["root"]) / "bench" / "out" / "scale" / f"v2-{jobs['estate']}"
    files = [(p.name, p.read_bytes()) for p in sorted(folder.glob("vc*.xlsx"))]
    limits = Limits(max_upload_bytes=2**40, max_session_json_bytes=2**40)
    inventory = timed(f"inventory {jobs['estate']}", lambda: load_inventory(files, limits),
                      lambda r: r.model_dump_json())
    state = new_session(inventory, files)
    timed(f"storage {jobs['estate']}",
          lambda: size_storage(inventory, state.classifications, state.settings),
          lambda r: r.model_dump_json())
if jobs["xlsx"]:
    from bench.classify import synthetic_vms
    from storepredict.pipeline.inventory import Inventory, SourceInfo
    from storepredict.pipeline.session.open import new_session
    from storepredict.pipeline.sizing.run import size_session
    from storepredict.reports import build_xlsx
    count = jobs["xlsx"]
    source = SourceInfo(file_name="bench.xlsx", format="rvtools", vm_count=count)
    inventory = Inventory(format="rvtools", sources=[source], vms=synthetic_vms(count))
    state = new_session(inventory, [("bench.xlsx", b"")])
    result = size_session(state)
    def parts(data):
        book = zipfile.ZipFile(io.BytesIO(data))
        names = sorted(n for n in book.namelist() if n != "docProps/core.xml")
        return b"".join(n.encode() + book.read(n) for n in names)
    timed(f"xlsx {count}", lambda: build_xlsx(state, result), parts)
print(json.dumps(figures))
"""


def ref_code(ref: str) -> Path:
    """This repository at `ref` (storepredict and bench), extracted once into bench/out/."""
    commit = subprocess.run(
        ["git", "rev-parse", "--short", ref], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    return extracted(commit, OUT / f"same-{commit}", ["storepredict", "bench"])


def digests(code: Path, jobs: dict[str, object]) -> dict[str, list[object]]:
    """Digest and CPU seconds of each job, computed with the code at `code`."""
    result = subprocess.run(
        [sys.executable, "-c", _DIGESTS, str(code), json.dumps(jobs)],
        env={**os.environ, "PYTHONPATH": str(code)},
        check=False,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"{code} failed:\n{result.stderr[-2000:]}")
    figures: dict[str, list[object]] = json.loads(result.stdout)
    return figures


def main() -> None:
    """Print each job's digest and CPU seconds for the ref and this checkout."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ref", default="main")
    parser.add_argument("--layout", nargs="*", default=["1000:1", "10000:1", "30000:2"])
    parser.add_argument("--estate", type=int, default=10_000, help="0 to skip")
    parser.add_argument("--xlsx", type=int, default=5_000, help="0 to skip")
    args = parser.parse_args()
    jobs = {"layout": args.layout, "estate": args.estate, "xlsx": args.xlsx, "root": str(ROOT)}
    theirs, ours = digests(ref_code(args.ref), jobs), digests(ROOT, jobs)
    print(f"{'job':<18}{args.ref + ' digest':>20}{'cpu s':>7}{'ours digest':>20}{'cpu s':>7}")
    for name, (digest, cpu) in ours.items():
        other, other_cpu = theirs[name]
        same = "same" if digest == other else "DIFFERENT"
        print(f"{name:<18}{other:>20}{other_cpu:>7}{digest:>20}{cpu:>7}  {same}")


if __name__ == "__main__":
    main()
