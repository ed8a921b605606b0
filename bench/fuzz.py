"""Fuzz the upload paths for a long time budget; print what each target did and any crash.

Run from the repository root:

    .venv/bin/python -m bench.fuzz [--seconds 300] [--engine hypothesis|atheris] [--size]

`hypothesis` (the default) runs the properties of tests/test_fuzz.py with random seeds until the
time is up. `atheris` (coverage-guided libFuzzer, `pip install atheris`) mutates the real samples
and session archives byte-wise and entry-wise, and stops at the first crash, saving its input as
`crash-*` in the current folder; other arguments go to libFuzzer (e.g. `-artifact_prefix=DIR/`;
its `-fork` mode does not work under `python -m`). `--size` also sizes every export that loads.
A crash is any exception other than StorePredictError (SessionArchiveError for restores).
"""

from __future__ import annotations

import argparse
import io
import json
import random
import sys
import tempfile
import time
import traceback
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"
SEEDS = ("rvtools-4.7.1-19vms.xlsx", "liveoptics-2022-6vms.xlsx")


def _deep_check(size: bool) -> Callable[[str, bytes], str]:
    """Open an upload; with `size`, size what loads and print the sizing document as JSON."""
    from storepredict.commands import sizing_document
    from storepredict.pipeline.errors import StorePredictError
    from storepredict.pipeline.session.open import open_files
    from storepredict.pipeline.sizing.run import size_session
    from tests.test_fuzz import check_upload

    def check(name: str, content: bytes) -> str:
        outcome = check_upload(name, content)
        if outcome != "loaded" or not size:
            return outcome
        state, _, _ = open_files([(name, content)])
        try:
            result = size_session(state)
        except StorePredictError:
            return "loaded, sizing refused"
        json.dumps(sizing_document(state, result), allow_nan=False)
        return "loaded and sized"

    return check


def run_hypothesis(seconds: float, size: bool) -> int:
    """Run every property with fresh random examples until `seconds` have passed."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from storepredict.pipeline.errors import SessionArchiveError
    from storepredict.pipeline.session.archive import is_session_zip, restore_session_zip
    from tests import test_fuzz as fuzz

    check = _deep_check(size)
    outcomes: Counter[str] = Counter()
    exports = {name: (SAMPLES / name).read_bytes() for name in SEEDS}
    archives = [fuzz.real_session(SAMPLES / name)[0] for name in SEEDS]
    budget = settings(
        max_examples=200,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )

    @budget
    @given(st.sampled_from(sorted(exports)), st.data())
    def exports_edited(name: str, data: st.DataObject) -> None:
        content = exports[name]
        if data.draw(st.booleans()):
            mutated = fuzz.apply_byte_edits(content, data.draw(fuzz.byte_edits()))
        else:
            edits = data.draw(fuzz.entry_edits(fuzz.read_parts(content)))
            mutated = fuzz.apply_entry_edits(content, edits)
        outcomes[f"export {check(name, mutated)}"] += 1

    @budget
    @given(st.sampled_from(archives), fuzz.byte_edits())
    def archives_edited(content: bytes, edits: list) -> None:
        mutated = fuzz.apply_byte_edits(content, edits)
        assert is_session_zip(mutated) in (True, False)
        try:
            restore_session_zip(mutated)
            outcomes["archive restored"] += 1
        except SessionArchiveError:
            outcomes["archive refused"] += 1

    deadline = time.monotonic() + seconds
    rounds = 0
    while time.monotonic() < deadline:
        rounds += 1
        for target in (exports_edited, archives_edited):
            try:
                target()
            except Exception:  # a falsifying example: hypothesis has printed it
                traceback.print_exc()
                _print_outcomes(outcomes, rounds, seconds)
                return 1
    _print_outcomes(outcomes, rounds, seconds)
    return 0


def run_atheris(seconds: float, size: bool, libfuzzer: list[str]) -> int:
    """Coverage-guided fuzzing of `open_files` seeded with the real samples and their sessions."""
    import atheris

    with atheris.instrument_imports(include=["storepredict"]):
        import storepredict.pipeline.session.open  # noqa: F401

    from tests import test_fuzz as fuzz

    check = _deep_check(size)
    seeds = Path(tempfile.mkdtemp(prefix="storepredict-fuzz-"))
    for name in SEEDS:
        (seeds / name).write_bytes((SAMPLES / name).read_bytes())
        (seeds / f"session-{name}.zip").write_bytes(fuzz.real_session(SAMPLES / name)[0])

    def one_input(data: bytes) -> None:
        check("upload", data)

    def mutate(data: bytes, max_size: int, seed: int) -> bytes:
        """Mutate one part inside the zip three times in four; the raw bytes otherwise."""
        rng = random.Random(seed)
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                entries = {i.filename: archive.read(i) for i in archive.infolist()}
        except Exception:
            return atheris.Mutate(data, max_size)
        if not entries or rng.random() < 0.25:
            return atheris.Mutate(data, max_size)
        name = rng.choice(sorted(entries))
        entries[name] = atheris.Mutate(entries[name], len(entries[name]) + 256)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
            for entry, content in entries.items():
                archive.writestr(entry, content)
        return buffer.getvalue()[:max_size]

    args = [sys.argv[0], str(seeds), f"-max_total_time={int(seconds)}", "-max_len=4000000"]
    args += libfuzzer
    atheris.Setup(args, one_input, custom_mutator=mutate)
    atheris.Fuzz()  # exits the process; libFuzzer prints its own statistics
    return 0


def _print_outcomes(outcomes: Counter[str], rounds: int, seconds: float) -> None:
    total = sum(outcomes.values())
    print(f"{total:,} inputs in {rounds} rounds ({seconds:g} s budget):")
    for outcome, count in outcomes.most_common():
        print(f"  {outcome:<40} {count:>7,}  {count / max(total, 1):6.1%}")


def main() -> int:
    """Parse the options and run the chosen engine."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=300)
    parser.add_argument("--engine", choices=["hypothesis", "atheris"], default="hypothesis")
    parser.add_argument("--size", action="store_true", help="also size what loads")
    args, libfuzzer = parser.parse_known_args()
    if not SAMPLES.is_dir():
        print(f"samples not found at {SAMPLES}", file=sys.stderr)
        return 2
    if args.engine == "atheris":
        return run_atheris(args.seconds, args.size, libfuzzer)
    return run_hypothesis(args.seconds, args.size)


if __name__ == "__main__":
    sys.exit(main())
