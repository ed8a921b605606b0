"""Accuracy of the shipped rules on a labelled set of realistic VMs (tests/data/labelled_vms.csv).

The set mixes names seen in real exports with common naming conventions for every class, and
near-misses (SAPPHIRE, WEBB, FSMO, DBX, CHANAP01, Kubuntu desktops, backup job notes...).
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from storepredict.pipeline.classify.catalogue import load_catalogue
from storepredict.pipeline.classify.engine import classify_vms
from storepredict.pipeline.inventory import VM

LABELLED = Path(__file__).parent / "data" / "labelled_vms.csv"
MIN_ACCURACY = 0.95


def labelled_rows() -> list[dict[str, str]]:
    with LABELLED.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_labelled_set_is_large_and_spans_every_class() -> None:
    rows = labelled_rows()
    assert len(rows) >= 300
    counts = Counter(row["expected"] for row in rows)
    assert set(counts) == set(load_catalogue())
    assert counts["unknown"] >= 30  # plenty of look-alikes that must not match


def test_rules_classify_the_labelled_set_with_at_least_95_percent_accuracy() -> None:
    rows = labelled_rows()
    vms = [
        VM(
            vm_id=f"vm-{i}",
            name=row["name"],
            os=row["os"] or None,
            annotation=row["annotation"] or None,
            folder=row["folder"] or None,
            source="labelled",
        )
        for i, row in enumerate(rows)
    ]
    result = classify_vms(vms)
    wrong = [
        (row["name"], row["expected"], result[f"vm-{i}"].class_ids[0], result[f"vm-{i}"].reason)
        for i, row in enumerate(rows)
        if result[f"vm-{i}"].class_ids[0] != row["expected"]
    ]
    accuracy = 1 - len(wrong) / len(rows)
    confusion = Counter((expected, got) for _, expected, got, _ in wrong)
    report = [f"accuracy {accuracy:.1%} on {len(rows)} labelled VMs; {len(wrong)} wrong"]
    report += [f"  expected {e} -> got {g}: {n}" for (e, g), n in confusion.most_common()]
    report += [f"  {name!r}: expected {e}, got {g} ({why})" for name, e, g, why in wrong]
    print("\n".join(report))
    assert accuracy >= MIN_ACCURACY, "\n".join(report)
