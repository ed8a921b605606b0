"""Turn uploaded files into one Inventory: check the upload, read every export, combine them.

Exports are recognised by their content (`detect`). Several exports of one tool are combined into
one estate (`estate`), then RVTools and LiveOptics are merged (`merge`).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from ...i18n import gettext
from ..errors import FileTooLargeError, InputError, StorePredictError
from ..inventory import Inventory
from ..limits import DEFAULT_LIMITS, Limits
from ..memory import release_free_memory
from ..progress import ProgressCallback, StageReport, no_progress
from .detect import LIVEOPTICS, LIVEOPTICS_CSV, RVTOOLS, RVTOOLS_CSV, Export, exports_in
from .detect import detect_format as detect_format
from .estate import combine_exports, stamp_export_date
from .liveoptics.csvfile import read_liveoptics_csv
from .liveoptics.workbook import read_liveoptics
from .merge import merge_inventories
from .rvtools.csvreader import read_rvtools_csv
from .rvtools.workbook import read_rvtools
from .zipsafe import describe_size, shown_name

# Bump when the readers turn the same bytes into a different inventory: a restore then re-reads the
# originals and carries the decisions over instead of refusing the mismatch (ADR-070).
READER_VERSION = 4  # 2: host CPU/memory detail, unnamed rows, provenance, extra sheets; 3: disk
# capacities per VM (vDisk), LiveOptics average read/write IOPS and IO classification; 4: findings
# keep the fields of their message (ADR-081)


def check_upload_size(name: str, size: int, limits: Limits) -> None:
    """Refuse a file of `size` bytes over the upload limit (before it is read, when possible)."""
    if size > limits.max_upload_bytes:
        raise FileTooLargeError(
            gettext(
                "{name} is {size}, over the upload limit of {value}: upload a smaller export "
                "(RVTools can leave out unused tabs) or zip it.",
                name=name,
                size=describe_size(size),
                value=limits.describe_upload_limit(),
            )
        )


def check_file_count(count: int, limits: Limits) -> None:
    """Refuse an upload of no file, or of more files than the limit, before any file is read."""
    if count == 0:
        raise InputError(gettext("No file was given: upload at least one export."))
    if count > limits.max_files:
        raise InputError(
            gettext(
                "{count_} files were given, more than the limit of {max_files} per upload: upload "
                "at most {max_files} exports at once.",
                count_=count,
                max_files=limits.max_files,
            )
        )


def check_duplicates(files: Sequence[tuple[str, bytes]]) -> None:
    """Refuse two byte-identical files (digests are taken only where sizes are equal)."""
    sizes = Counter(len(content) for _, content in files)
    seen: dict[bytes, str] = {}
    for name, content in files:
        if sizes[len(content)] < 2:
            continue
        digest = hashlib.sha256(content).digest()
        if digest in seen:
            raise InputError(
                gettext(
                    "{name} is the same file as {value} (byte-identical): upload each export once.",
                    name=shown_name(name),
                    value=shown_name(seen[digest]),
                )
            )
        seen[digest] = name


def load_inventory(
    files: Sequence[tuple[str, bytes]],
    limits: Limits = DEFAULT_LIMITS,
    progress: ProgressCallback = no_progress,
) -> Inventory:
    """One inventory from any number of exports (several RVTools and/or LiveOptics exports).

    Exports of one tool are combined, each VM counted once (`estate`); RVTools and LiveOptics
    are then merged (`merge`). Any file that cannot be read refuses the whole upload.
    """
    check_file_count(len(files), limits)
    check_duplicates(files)

    def read_file(number: int, file: tuple[str, bytes]) -> list[tuple[str, Inventory]]:
        name, content = file
        progress(StageReport("read", number, len(files), shown_name(name)))
        with _naming(name, len(files)):
            exports = exports_in(name, content, limits)
            return [(_tool(export), _read_one(export)) for export in exports]

    read: dict[str, list[Inventory]] = {RVTOOLS: [], LIVEOPTICS: []}
    # One file at a time: reading two at once (parsing releases the GIL) gained no wall time on
    # the 2-core machine at 100,000 VMs (18.0 s both ways) and cost 115 MB of peak memory.
    per_file = [read_file(number, file) for number, file in enumerate(files, start=1)]
    for tool, one in (pair for pairs in per_file for pair in pairs):
        read[tool].append(one)
    if any(len(inventories) > 1 for inventories in read.values()):
        progress(StageReport("combine"))
    rvtools = combine_exports(read[RVTOOLS], "RVTools") if read[RVTOOLS] else None
    liveoptics = combine_exports(read[LIVEOPTICS], "LiveOptics") if read[LIVEOPTICS] else None
    if rvtools is not None and liveoptics is not None:
        progress(StageReport("merge"))
        return merge_inventories(rvtools, liveoptics)
    combined = rvtools or liveoptics
    assert combined is not None  # every file holds at least one export, or raised
    return combined


@contextmanager
def _naming(name: str, count: int) -> Iterator[None]:
    """With several files, a refusal also names the file and says that nothing was loaded."""
    try:
        yield
    except StorePredictError as exc:
        if count < 2:
            raise
        raise type(exc)(
            gettext(
                "{problem} Nothing was loaded: fix or leave out {name}, then upload the files "
                "again.",
                problem=exc.message,
                name=shown_name(name),
            )
        ) from None


def _tool(export: Export) -> str:
    return RVTOOLS if export.kind in (RVTOOLS, RVTOOLS_CSV) else LIVEOPTICS


def _read_one(export: Export) -> Inventory:
    """One export's inventory, provenance stamped, its parsing garbage handed back."""
    inventory = stamp_export_date(_read(export))
    release_free_memory()  # other allocators reuse none of the freed pages otherwise
    return inventory


def _read(export: Export) -> Inventory:
    """The inventory of one export, by its kind."""
    if export.kind == RVTOOLS_CSV:
        return read_rvtools_csv(export.sheets, export.name)
    if export.kind == LIVEOPTICS_CSV:
        return read_liveoptics_csv(export.content, export.name)
    if export.kind == LIVEOPTICS:
        return read_liveoptics(export.content, export.name)
    return read_rvtools(export.content, export.name)
