"""Save and restore a 10,000-VM session archive; print times, sizes and where the time goes.

Run from the repository root: .venv/bin/python -m bench.archive [VM count].
Targets: save and restore under 0.5 s each (container level); a trusted restore, which re-reads
the originals, under 1.5 s; an update of the session with a 10,500-VM newer export under 2 s.
The baseline printed beside them is the container-level restore measured in the same run.
"""

from __future__ import annotations

import io
import json
import random
import sys
import time
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import orjson

from bench.ingest import generate
from storepredict.pipeline.classify.classification import Classification
from storepredict.pipeline.inventory import VM, Host, Inventory, SourceInfo, make_vm_ids
from storepredict.pipeline.session.archive import (
    StoredSession,
    restore_session_zip,
    save_session_zip,
)
from storepredict.pipeline.session.open import open_files
from storepredict.pipeline.session.restore import restore_session
from storepredict.pipeline.session.state import SessionState, SourceFile
from storepredict.pipeline.session.update import update_session
from storepredict.pipeline.settings import SizingSettings
from storepredict.pipeline.sizing.run import size_session

GIB = 1024.0
OSES = [
    "Microsoft Windows Server 2019 (64-bit)",
    "Red Hat Enterprise Linux 8 (64-bit)",
    "Microsoft Windows 10 (64-bit)",
    "Ubuntu Linux (64-bit)",
    "VMware Photon OS (64-bit)",
]
CLASSES = ["general", "database", "vdi", "file", "mail", "web", "backup"]


def make_vm(rng: random.Random, vm_id: str, index: int) -> VM:
    """A VM with the field values an RVTools + LiveOptics estate typically has."""
    provisioned = rng.choice([40, 60, 80, 100, 150, 250, 500, 1024, 2048]) * GIB
    in_use = round(provisioned * rng.uniform(0.2, 1.0), 2)
    powered_on = rng.random() < 0.85
    return VM(
        vm_id=vm_id,
        name=f"{rng.choice(['app', 'sql', 'web', 'vdi', 'fs'])}-{index:05d}",
        power_state="on" if powered_on else "off",
        vcpu=rng.choice([1, 2, 4, 8, 16]),
        memory_mib=rng.choice([2048, 4096, 8192, 16384, 65536]) * 1.0,
        provisioned_mib=provisioned,
        in_use_mib=in_use,
        disk_capacity_mib=provisioned,
        guest_capacity_mib=round(provisioned * 0.98, 2) if powered_on else None,
        guest_used_mib=round(in_use * rng.uniform(0.5, 0.95), 2) if powered_on else None,
        os=rng.choice(OSES),
        os_tools=rng.choice(OSES),
        datacenter=rng.choice(["DC-Paris", "DC-Lyon"]),
        cluster=rng.choice(["Prod-01", "Prod-02", "VDI-01", "Dev"]),
        host=f"esx{rng.randrange(1, 64):02d}.corp.example.com",
        folder=rng.choice(["/Prod/Apps", "/Prod/DB", "/VDI/Pool-A", "/Dev"]),
        annotation=rng.choice([None, "Owner: team-apps", "Backup: daily\nTier: 2"]),
        custom_attributes={"Owner": rng.choice(["apps", "dba", "euc"]), "Backup": "daily"},
        vcenter="vc01.corp.example.com",
        uuid=f"4201{index:04x}-1234-5678-9abc-{rng.getrandbits(48):012x}",
        source="rvtools",
        peak_iops=round(rng.uniform(5, 5000), 1) if powered_on else None,
        avg_iops=round(rng.uniform(1, 800), 1) if powered_on else None,
        peak_mbps=round(rng.uniform(0.1, 400), 2) if powered_on else None,
        peak_latency_ms=round(rng.uniform(0.2, 30), 2) if powered_on else None,
        peak_cpu_ghz=round(rng.uniform(0.1, 20), 2) if powered_on else None,
    )


def make_state(count: int) -> SessionState:
    """A session with `count` VMs, every one classified, and a few hundred overrides."""
    rng = random.Random(42)
    ids = make_vm_ids([("vc01", str(i)) for i in range(count)])
    vms = [make_vm(rng, vm_id, i) for i, vm_id in enumerate(ids)]
    hosts = [
        Host(
            name=f"esx{i:02d}",
            cluster="Prod-01",
            sockets=2,
            cores=64,
            mhz=2600.0,
            memory_mib=1048576.0,
            cpu_model="Intel Xeon Gold 6430",
        )
        for i in range(64)
    ]
    inventory = Inventory(
        format="rvtools",
        sources=[SourceInfo(file_name="rvtools.xlsx", format="rvtools", vm_count=count)],
        vms=vms,
        hosts=hosts,
    )
    classes = {
        vm.vm_id: Classification(class_ids=[rng.choice(CLASSES)], rule_id="name", reason="name")
        for vm in vms
    }
    settings = SizingSettings(
        vm_drr_overrides={vm_id: 2.0 for vm_id in ids[:200]},
        vm_class_overrides={vm_id: ["database"] for vm_id in ids[200:400]},
    )
    source = SourceFile(file_name="rvtools.xlsx", size=0, sha256="0" * 64, format="rvtools")
    return SessionState(
        inventory=inventory, classifications=classes, settings=settings, sources=[source]
    )


def best_of(runs: int, action: Callable[[], object]) -> tuple[float, object]:
    """The fastest wall time of `runs` calls, and the last result."""
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    """Print the figures."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    state = make_state(count)
    original = random.Random(7).randbytes(2_000_000)  # an xlsx barely compresses: random bytes
    save_time, content = best_of(5, lambda: save_session_zip(state, [("rvtools.xlsx", original)]))
    restore_time, restored = best_of(5, lambda: restore_session_zip(content))
    assert restored[0] == state
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        info = archive.getinfo("session.json")
        raw = archive.read(info)
    print(f"{count:,} VMs, one 2 MB original")
    print(f"save    {save_time * 1000:7.0f} ms   (target < 500 ms)")
    print(f"restore {restore_time * 1000:7.0f} ms   (target < 500 ms)")
    print(
        f"archive {len(content) / 1e6:7.2f} MB; session.json {info.file_size / 1e6:.2f} MB "
        f"deflated to {info.compress_size / 1e6:.2f} MB "
        f"(ratio {info.file_size / info.compress_size:.1f})"
    )
    print(
        f"session.json per VM {info.file_size / count:,.0f} bytes: the 256 MiB limit holds "
        f"about {256 * 1024 * 1024 * count / info.file_size:,.0f} VMs"
    )
    print("where save time goes:")
    dump_time, data = best_of(3, lambda: state.model_dump(mode="json"))
    print(f"  model_dump(mode='json')                 {dump_time * 1000:6.0f} ms")
    document = {"state": data}
    options = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS
    text_time, _ = best_of(3, lambda: orjson.dumps(document, option=options))
    print(f"  orjson.dumps(indent 2, sorted keys)     {text_time * 1000:6.0f} ms")
    stdlib_time, _ = best_of(3, lambda: json.dumps(document, indent=2, sort_keys=True))
    print(f"  alt: json.dumps(indent=2, sort_keys)    {stdlib_time * 1000:6.0f} ms (replaced)")
    for level in (6, 1):
        deflate_time, packed = best_of(3, lambda level=level: zlib.compress(raw, level))
        print(
            f"  deflate session.json, level {level}          {deflate_time * 1000:6.0f} ms "
            f"-> {len(packed) / 1e6:.2f} MB"
        )
    print("where restore time goes:")
    load_time, parsed = best_of(3, lambda: json.loads(raw))
    print(f"  json.loads                              {load_time * 1000:6.0f} ms")
    validate_time, _ = best_of(3, lambda: SessionState.model_validate(parsed["state"]))
    print(f"  SessionState.model_validate             {validate_time * 1000:6.0f} ms")
    fast_time, _ = best_of(3, lambda: StoredSession.model_validate_json(raw))
    print(f"  alt: model_validate_json (both above)   {fast_time * 1000:6.0f} ms (not used)")


def trusted(count: int) -> None:
    """Trusted restore and update on real generated workbooks, against the container restore."""
    old_path, new_path = (
        Path(f"bench/out/archive-{count}.xlsx"),
        Path(f"bench/out/newer-{count}.xlsx"),
    )
    if not old_path.exists():
        generate(count, old_path)
    if not new_path.exists():
        generate(count + count // 20, new_path)
    opened = open_files([(old_path.name, old_path.read_bytes())])
    content = save_session_zip(opened.state, opened.originals)
    baseline, _ = best_of(3, lambda: restore_session_zip(content))
    restore_time, _ = best_of(3, lambda: restore_session(content))
    before = size_session(opened.state)
    newer = [(new_path.name, new_path.read_bytes())]
    update_time, (updated, _) = best_of(
        3, lambda: update_session(opened.state, newer, before=before)
    )
    report = updated.last_update
    print(f"{count:,}-VM generated RVTools workbook, {len(content) / 1e6:.1f} MB archive")
    print(f"container restore (baseline)   {baseline * 1000:7.0f} ms")
    print(
        f"trusted restore (re-derived)   {restore_time * 1000:7.0f} ms   (target < 1500 ms, "
        f"{restore_time / baseline:.1f}x the baseline)"
    )
    print(
        f"update with {count + count // 20:,}-VM export  {update_time * 1000:7.0f} ms   "
        f"(target < 2000 ms; {report.matched:,} matched, {len(report.added):,} added)"
    )


if __name__ == "__main__":
    main()
    trusted(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
