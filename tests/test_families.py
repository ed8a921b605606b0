"""Naming families: kinds, generic prefixes, the exact-count property on every real sample,
and how much of the unknown capacity the proposed families classify."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from storepredict.pipeline.classify.families import FamilyMember, NameFamily, name_families
from storepredict.pipeline.session.open import open_files
from storepredict.pipeline.session.state import SessionState
from storepredict.pipeline.sizing.coverage import classification_coverage, sizing_families
from storepredict.pipeline.sizing.run import size_session

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"
SAMPLE_NAMES = sorted(path.name for path in SAMPLES.glob("*.xlsx"))


@cache
def opened(name: str) -> SessionState:
    path = SAMPLES / name
    return open_files([(path.name, path.read_bytes())]).state


def unknown(*names: str) -> list[FamilyMember]:
    return [FamilyMember(name, ["unknown"], 10.0) for name in names]


def matches(family: NameFamily, name: str) -> bool:
    """The family's rule on one name, written out independently of the rule engine."""
    text, pattern = name.lower(), family.pattern.lower()
    if family.kind == "prefix":
        return text.startswith(pattern)
    if family.kind == "contains":
        return pattern in text
    return re.search(family.pattern, name, re.IGNORECASE) is not None


def test_prefix_families_cut_where_names_branch_and_skip_generic_prefixes() -> None:
    names = [f"PHCMA{n}" for n in (1, 2, 30, 104)] + [f"phclu{n}" for n in (7, 8, 9)]
    families = name_families(unknown(*names, "PHCLX01", "ZZTOP"))
    assert [(f.kind, f.pattern, f.vm_count) for f in families] == [
        ("prefix", "PHCMA", 4),
        ("prefix", "PHCL", 4),
    ]  # not PHC: it splits into two big families of its own (PHCMA and PHCL...)
    assert families[0].examples == ["PHCMA1", "PHCMA2", "PHCMA30"]
    assert families[0].classes == {"unknown": 4}
    assert families[0].logical_mib == 40.0


def test_role_tokens_after_several_sites_and_numbered_series() -> None:
    names = ["GRPSRVEPO", "DINSRVERM", "SANSRVFAX", "LONKUBA", "LONKUBB", "LONKUBC"]
    series = [f"Vertical{n:02d}-plesk" for n in range(4)]
    families = name_families(unknown(*names, *series))
    assert [(f.kind, f.pattern, f.vm_count) for f in families] == [
        ("regex", r"^vertical\d+-plesk$", 4),
        ("prefix", "LONKUB", 3),
        ("contains", "SRV", 3),
    ]


def test_unknown_vms_are_covered_before_classified_ones() -> None:
    known = [FamilyMember(f"SQLPRD{n}", ["db_sql_server"], 1000.0) for n in range(9)]
    families = name_families([*known, *unknown("APPX1", "APPX2", "APPX3")])
    assert [(f.pattern, f.classes) for f in families] == [
        ("APPX", {"unknown": 3}),
        ("SQLPRD", {"db_sql_server": 9}),
    ]


@pytest.mark.parametrize("sample", SAMPLE_NAMES)
def test_every_family_is_a_rule_matching_exactly_its_vms(sample: str) -> None:
    state = opened(sample)
    storage = size_session(state).storage
    in_scope = [row for row in storage.vms if row.in_scope]
    families = sizing_families(storage)
    assert families or len(in_scope) < 20  # the 19-VM sample has no three alike names
    for number, family in enumerate(families, start=1):
        members = [row for row in in_scope if matches(family, row.name)]
        assert family.vm_count == len(members) >= 2, family
        assert family.logical_mib == pytest.approx(sum(row.basis_mib for row in members))
        assert sum(family.classes.values()) == family.vm_count
        assert set(family.examples) <= {row.name for row in members}
        rules = [family.as_rule("general_vm")]
        settings = state.settings.model_copy(update={"rules": rules})
        ruled = size_session(state.model_copy(update={"settings": settings})).storage
        decided = [r for r in ruled.vms if r.in_scope and r.reason.startswith("your rule 1:")]
        assert len(decided) == family.vm_count, (number, family)


def test_liveoptics_top_ten_families_cover_nearly_all_unknown_vms() -> None:
    state = opened("liveoptics-2022-595vms.xlsx")
    storage = size_session(state).storage
    before = classification_coverage(storage, state.settings)
    # 6 VMs fall to the backup-like and 42 to the database-like performance signal
    assert (before.in_scope_vm_count, before.unknown_vm_count) == (532, 474)
    assert before.unknown_share == pytest.approx(0.9151, abs=1e-4)
    top = sizing_families(storage)[:10]
    assert [f.pattern for f in top] == [
        "PHCMA", "PHCMX", "PHCMU", "PHCLU", "PHCLA", "PHCMW", "PHCMD", "PHCMT", "PHCLX", "PHCMM"
    ]  # fmt: skip
    unknown_names = {r.name for r in storage.vms if r.in_scope and r.class_id == "unknown"}
    covered = {name for name in unknown_names if any(matches(f, name) for f in top)}
    assert len(covered) == 466
    assert len(covered) / len(unknown_names) >= 0.9
    rules = [family.as_rule("general_vm") for family in top]
    settings = state.settings.model_copy(update={"rules": rules})
    after_state = state.model_copy(update={"settings": settings})
    after = classification_coverage(size_session(after_state).storage, settings)
    assert after.unknown_vm_count == 8
    assert after.unknown_share == pytest.approx(0.0057, abs=1e-4)
    assert after.warning is None


@pytest.mark.parametrize(
    ("sample", "in_scope", "unknown_count", "share"),
    [
        ("rvtools-4.7.1-233vms.xlsx", 206, 109, 0.5521),  # 1 VM to the disk layout signal
        ("rvtools-4.4.3-124vms.xlsx", 105, 58, 0.5645),
        ("rvtools-3x-131vms.xlsx", 109, 41, 0.1703),
    ],
)
def test_coverage_of_the_real_rvtools_samples(
    sample: str, in_scope: int, unknown_count: int, share: float
) -> None:
    state = opened(sample)
    coverage = classification_coverage(size_session(state).storage, state.settings)
    assert (coverage.in_scope_vm_count, coverage.unknown_vm_count) == (in_scope, unknown_count)
    assert coverage.unknown_share == pytest.approx(share, abs=1e-4)
    assert (coverage.warning is None) == (share <= 0.25)
