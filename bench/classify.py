"""Benchmark workload classification on 100,000 synthetic VMs with realistic names, OS and notes.

    .venv/bin/python bench/classify.py [--vms 100000] [--repeat 3]

Names mix site and environment prefixes, role tokens and numbering the way real estates do
(PRD-SQL01, ora-db-02, ctx-vda-014, LONSRVWEB02, K8S-WORKER-3...), plus opaque names that match
no rule; VMs carry virtual disk layouts, some of which the disk layout signal reads. Prints the
best wall time of `classify_vms` (the VM objects are built beforehand) and the class mix it
produced, then the time of the whole decision with the engineer's own rules on top
(`--user-rules`, default 50: prefixes, substrings, regexes and exact values on every field, as
`decide_classes` applies them). Target: under 1 s for both.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from storepredict.pipeline.classify.decide import decide_classes
from storepredict.pipeline.classify.engine import classify_vms
from storepredict.pipeline.inventory import VM
from storepredict.pipeline.settings import SizingSettings, UserRule

TARGET_SECONDS = 1.0
SITES = ["", "", "LON", "PAR", "NYC", "DC1-", "FRA-", "grp", "bcn-", "AMS"]
ENVS = ["", "", "PRD-", "prod-", "DEV-", "tst-", "uat-", "SRV", "srv-"]
ROLES = [
    "SQL",
    "ORA",
    "ora-db",
    "DB",
    "PG",
    "MYSQL",
    "MONGO",
    "HANA",
    "SAP-",
    "EXCH",
    "mbx",
    "MAIL",
    "smtp",
    "VDI",
    "ctx-vda",
    "W10-",
    "RDS",
    "TS",
    "FS",
    "FILE",
    "nas",
    "WEB",
    "web-iis",
    "IIS",
    "NGINX",
    "APP",
    "APP",
    "AP",
    "K8S",
    "k8s-worker",
    "TKG-node",
    "VEEAM",
    "veeam-proxy",
    "BKP",
    "SPLUNK",
    "ELK",
    "log",
    "DC",
    "AD",
    "DNS",
    "DHCP",
    "VCSA",
    "vc",
    "NSX",
    "FW",
    "LB",
    "JUMP",
    "MON",
    "ZABBIX",
    "PRINT",
    "CMS",
    "WP",
    "EPIC",
    "PACS",
    "ARCHIVE",
    "GIT",
    "JENKINS",
    "PROFILE",
    "PXE",
]
OPAQUE = ["PHCMA", "nxtAP", "gtapp", "X", "host", "vm", "BIOSTAR", "CREST", "AVAYA", "IZONE"]
OSES = [
    "Microsoft Windows Server 2019 (64-bit)",
    "Microsoft Windows Server 2016 or later (64-bit)",
    "Microsoft Windows Server 2012 (64-bit)",
    "Microsoft Windows 10 (64-bit)",
    "Red Hat Enterprise Linux 8 (64-bit)",
    "Ubuntu Linux (64-bit)",
    "CentOS 7 (64-bit)",
    "VMware Photon OS (64-bit)",
    "Other 3.x or later Linux (64-bit)",
]
NOTES = [
    None,
    None,
    None,
    "Veeam Backup: Time: 29/05/2025 22:10:08, Job name: [Daily-Servers]",
    "Owner: finance team",
    "SQL Server 2019 with TDE",
    "Created by Terraform",
    "vRanger Backup & Replication: Type [Full] Result [Success]",
]
GIB = 1024.0
DISKS = [  # virtual disk layouts in GiB: OS only, OS and data, database-like, equal big disks
    [60.0],
    [80.0, 200.0],
    [80.0, 500.0, 500.0, 50.0, 100.0],
    [100.0, 2048.0, 2048.0, 2048.0],
    [80.0, 200.0, 150.0, 120.0],
    None,
]
CLASSES = ["general_vm", "db_oracle", "web_no_content", "file_general", "vdi_full_clone"]
FOLDERS = [None, "/Production", "/Test", "/Databases", "/VDI/Desktops", "/Infrastructure", "/Web"]


def synthetic_vms(count: int, seed: int = 7) -> list[VM]:
    """`count` VMs with realistic, varied names, OS strings, notes, folders and attributes."""
    rnd = random.Random(seed)
    vms = []
    for i in range(count):
        if rnd.random() < 0.25:
            name = f"{rnd.choice(OPAQUE)}{rnd.randint(1, 9999)}"
        else:
            sep = rnd.choice(["", "-", "_"])
            prefix = rnd.choice(SITES) + rnd.choice(ENVS)
            name = f"{prefix}{rnd.choice(ROLES)}{sep}{rnd.randint(1, 250):02d}"
        attributes = {"Last Backup": "ok"} if rnd.random() < 0.3 else {}
        if rnd.random() < 0.05:
            attributes["Role"] = rnd.choice(["SQL Server", "Web server", "File server", "Other"])
        vms.append(
            VM(
                vm_id=f"vm-{i}",
                name=name,
                source="bench",
                os=rnd.choice(OSES),
                annotation=rnd.choice(NOTES),
                folder=rnd.choice(FOLDERS),
                custom_attributes=attributes,
                disk_capacities_mib=_disks(rnd.choice(DISKS)),
            )
        )
    return vms


def _disks(layout: list[float] | None) -> list[float] | None:
    return None if layout is None else [size * GIB for size in layout]


def user_rules(count: int, seed: int = 11) -> list[UserRule]:
    """`count` rules of every kind over every field, most of them matching a few VMs."""
    rnd = random.Random(seed)
    fields = [
        "name",
        "name",
        "name",
        "os",
        "folder",
        "annotation",
        "cluster",
        "custom_attributes.Role",
    ]
    texts = {
        "name": [f"{site}{env}" for site in SITES if site for env in ENVS if env] + OPAQUE,
        "os": ["photon", "windows 10", "centos", "ubuntu"],
        "folder": [f for f in FOLDERS if f],
        "annotation": ["terraform", "owner", "finance"],
        "cluster": ["cl-01", "cl-02"],
        "custom_attributes.Role": ["web server", "other"],
    }
    rules = []
    for _ in range(count):
        field = rnd.choice(fields)
        kind = rnd.choice(["prefix", "contains", "regex", "equals"])
        text = rnd.choice(texts[field])
        pattern = f"^{text}\\d{{2,}}$" if kind == "regex" else text
        rules.append(
            UserRule.model_validate(
                {"field": field, "kind": kind, "pattern": pattern, "class": rnd.choice(CLASSES)}
            )
        )
    return rules


def time_decisions(vms: list[VM], repeat: int, rules: int) -> None:
    """Time classify_vms plus decide_classes with `rules` user rules, as a sizing runs them."""
    settings = SizingSettings(rules=user_rules(rules))
    timings = []
    cpu = []
    decided = []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        decided = decide_classes(vms, classify_vms(vms), settings)
        timings.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    best = min(timings)
    by_user = sum(d.reason.startswith("your rule") for d in decided)
    print(
        f"classify_vms + decide_classes with {rules} user rules: {best:.3f} s "
        f"(best of {repeat}; CPU time {min(cpu):.3f} s); {by_user:,} VMs decided by a user rule; "
        "target < 1 s"
    )
    if best >= TARGET_SECONDS:
        print(f"SLOWER THAN TARGET ({TARGET_SECONDS} s)")


def main() -> None:
    """Time classify_vms and print the figure and the class mix."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vms", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--user-rules", type=int, default=50)
    args = parser.parse_args()
    vms = synthetic_vms(args.vms)
    classify_vms(vms[:100])  # load the rule set and catalogue outside the timing
    timings = []
    cpu = []
    result = {}
    for _ in range(args.repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = classify_vms(vms)
        timings.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    best = min(timings)
    mix = Counter(c.class_ids[0] for c in result.values())
    print(f"classify_vms: {args.vms:,} VMs in {best:.3f} s (best of {args.repeat}); target < 1 s")
    print(f"  CPU time {min(cpu):.3f} s (wall time grows when other processes share the cores)")
    print(f"  {args.vms / best:,.0f} VMs/s; unknown {mix['unknown'] / args.vms:.1%}")
    for class_id, n in mix.most_common(12):
        print(f"  {class_id:<26} {n:>7,}")
    if best >= TARGET_SECONDS:
        print(f"SLOWER THAN TARGET ({TARGET_SECONDS} s)")
    time_decisions(vms, args.repeat, args.user_rules)


if __name__ == "__main__":
    main()
