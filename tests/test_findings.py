"""One catalogue of finding codes: every emitted code comes from it, and each reads as words."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

from storepredict import vocabulary as vocab
from storepredict.pipeline import findings
from storepredict.pipeline.findings import FINDINGS, make_finding, negative_values_finding

PIPELINE = Path(__file__).resolve().parents[1] / "storepredict" / "pipeline"
CODE_CONSTANTS = {
    name: value
    for name, value in vars(findings).items()
    if name.isupper() and name != "FINDINGS" and isinstance(value, str)
}


def pipeline_trees() -> list[tuple[Path, ast.Module]]:
    """Every pipeline module but the catalogue itself, parsed."""
    paths = sorted(p for p in PIPELINE.rglob("*.py") if p != PIPELINE / "findings.py")
    return [(path, ast.parse(path.read_text(), str(path))) for path in paths]


def test_every_code_constant_is_catalogued_once() -> None:
    assert set(CODE_CONSTANTS.values()) == set(FINDINGS)
    assert len(set(CODE_CONSTANTS.values())) == len(CODE_CONSTANTS)
    assert all(name.lower() == code for name, code in CODE_CONSTANTS.items())


@pytest.mark.parametrize("code", sorted(FINDINGS))
def test_each_code_has_a_title_in_words_and_a_template(code: str) -> None:
    kind = FINDINGS[code]
    assert kind.severity in {"info", "warning"}
    assert "_" not in kind.title and kind.title[0].isupper() and kind.title != code
    assert vocab.finding_title(code) == kind.title
    fields = [name for _, name, _, _ in string.Formatter().parse(kind.message) if name]
    assert all(name.isidentifier() for name in fields)
    assert kind.message.endswith(".")


def test_an_unknown_code_gets_a_generic_title_and_cannot_be_emitted() -> None:
    assert vocab.finding_title("gone_in_a_later_version") == "Data-quality finding"
    with pytest.raises(KeyError):
        make_finding("not_catalogued")


def test_a_finding_takes_severity_and_fills_its_template() -> None:
    made = make_finding(
        findings.NO_PERFORMANCE,
        ["vm1"],
        total=3,
        count=1,
        file="lo.xlsx",
        missing="'VM Performance' data",
    )
    assert (made.code, made.severity, made.rows) == ("no_performance", "warning", ["vm1"])
    assert made.message == (
        "1 of 3 VMs of lo.xlsx have no 'VM Performance' data; their IOPS, throughput and CPU "
        "demand are unknown."
    )
    assert (
        make_finding(
            findings.NO_PERFORMANCE, severity="info", total=1, count=1, file="x", missing="y"
        ).severity
        == "info"
    )
    negative = negative_values_finding(["CPUs", "Memory"], ["a", "b"])
    assert negative.message == (
        "2 VM(s) have negative values in CPUs, Memory; those values are treated as unknown."
    )


def test_no_pipeline_module_builds_a_finding_by_hand() -> None:
    built = [
        f"{path.relative_to(PIPELINE)}:{node.lineno}"
        for path, tree in pipeline_trees()
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Finding"
    ]
    assert built == []


def test_every_code_used_is_a_catalogue_constant() -> None:
    used, free = set(), []
    for path, tree in pipeline_trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and getattr(node.value, "id", None) == "codes":
                used.add(node.attr)
            if isinstance(node, ast.Constant) and node.value in FINDINGS:
                free.append(f"{path.relative_to(PIPELINE)}:{node.lineno} {node.value!r}")
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "make_finding":
                assert not isinstance(node.args[0], ast.Constant), path
    assert free == []
    assert used <= set(CODE_CONSTANTS)
    # Every catalogued code is emitted somewhere (a dead code would be a stale catalogue entry).
    assert used | {"NEGATIVE_NUMBERS"} == set(CODE_CONSTANTS)
