"""The engineer's own rules: precedence, reasons, fields and kinds, refusals, CSV and archive."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storepredict.cli import main
from storepredict.pipeline.classify.catalogue import load_catalogue
from storepredict.pipeline.classify.decide import decide_classes
from storepredict.pipeline.classify.engine import classify_vms
from storepredict.pipeline.classify.user_rules import (
    check_user_rules,
    rules_from_csv,
    rules_to_csv,
)
from storepredict.pipeline.errors import SettingsError
from storepredict.pipeline.inventory import VM
from storepredict.pipeline.session.archive import restore_session_zip, save_session_zip
from storepredict.pipeline.session.open import open_files
from storepredict.pipeline.settings import SizingSettings, UserRule, load_settings
from storepredict.pipeline.sizing.run import size_session

CATALOGUE = load_catalogue()


def rule(field: str, kind: str, pattern: str, class_id: str) -> UserRule:
    return UserRule.model_validate(
        {"field": field, "kind": kind, "pattern": pattern, "class": class_id}
    )


def vm(name: str, **fields: object) -> VM:
    return VM(vm_id=f"id-{name}", name=name, source="test", **fields)


def decide(vms: list[VM], *rules: UserRule, **settings: object) -> list[tuple]:
    chosen = SizingSettings.model_validate({**settings, "rules": list(rules)})
    return [tuple(d) for d in decide_classes(vms, classify_vms(vms), chosen)]


def test_a_user_rule_beats_the_built_in_rules_and_names_itself() -> None:
    vms = [vm("PRD-SQL01"), vm("PHCLU86")]
    rules = (
        rule("name", "prefix", "PHCMA", "general_vm"),
        rule("name", "prefix", "phclu", "db_oracle"),
    )
    assert decide(vms, *rules) == [
        (["db_sql_server"], "rule db-sql-01: name contains SQL", "rule"),
        (["db_oracle"], "your rule 2: name starts with phclu", "rule"),
    ]
    sql_rule = rule("name", "contains", "sql", "db_postgresql")
    assert decide(vms[:1], sql_rule)[0] == (
        ["db_postgresql"],
        "your rule 1: name contains sql",
        "rule",
    )


def test_a_per_vm_override_beats_the_user_rules_and_the_first_rule_wins() -> None:
    vms = [vm("PHCLU86"), vm("PHCLU87")]
    rules = (
        rule("name", "prefix", "PHCLU", "db_oracle"),
        rule("name", "regex", r"\d+$", "general_vm"),
    )
    decided = decide(vms, *rules, vm_class_overrides={"id-PHCLU87": ["sap_hana"]})
    assert decided == [
        (["db_oracle"], "your rule 1: name starts with PHCLU", "rule"),
        (["sap_hana"], "manual override", "rule"),
    ]


@pytest.mark.parametrize(
    ("user_rule", "matching", "reason"),
    [
        (rule("name", "equals", "phclu86", "general_vm"), "PHCLU86", "name is phclu86"),
        (
            rule("name", "regex", r"^phc[lm]u\d+$", "general_vm"),
            "PHCLU86",
            r"name matches ^phc[lm]u\d+$",
        ),
        (rule("os", "contains", "photon", "general_vm"), "a", "OS contains photon"),
        (rule("folder", "prefix", "/prod", "general_vm"), "a", "folder starts with /prod"),
        (rule("annotation", "contains", "ERP", "general_vm"), "a", "annotation contains ERP"),
        (rule("cluster", "equals", "ZCOLO_08", "general_vm"), "a", "cluster is ZCOLO_08"),
        (
            rule("resource_pool", "contains", "plesk", "general_vm"),
            "a",
            "resource pool contains plesk",
        ),
        (
            rule("custom_attributes.role", "equals", "erp", "general_vm"),
            "a",
            "custom attribute role is erp",
        ),
    ],
)
def test_every_field_and_kind_matches_case_insensitively(
    user_rule: UserRule, matching: str, reason: str
) -> None:
    hit = vm(
        matching,
        os="VMware Photon OS (64-bit)",
        folder="/Production/ERP",
        annotation="erp backend",
        cluster="zColo_08",
        custom_attributes={"Role": "ERP"},
        resource_pool="/dc/Cluster1/Resources/Plesks-ISPCONFIG",
    )
    miss = vm("PHCLU860x", os="Ubuntu", folder="/Test", annotation="", cluster="zColo_06")
    decided = decide([hit, miss], user_rule)
    assert decided[0] == (["general_vm"], f"your rule 1: {reason}", "rule")
    assert decided[1][1] == "no rule matched"


def test_settings_accept_rules_and_dump_them_with_the_class_key() -> None:
    data = {
        "rules": [{"field": "name", "kind": "prefix", "pattern": "PHCLU", "class": "db_oracle"}]
    }
    settings = load_settings(data)
    assert settings.rules == [rule("name", "prefix", "PHCLU", "db_oracle")]
    assert settings.model_dump(mode="json")["rules"] == data["rules"]
    assert settings.unknown_warning_share == 0.25
    assert load_settings(settings.model_dump()) == settings


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            {"field": "owner", "kind": "prefix", "pattern": "x", "class": "general_vm"},
            "Invalid setting 'rules.0.field': a rule looks at name, os, folder, annotation, "
            "cluster, resource_pool or custom_attributes.<key>, got 'owner'.",
        ),
        (
            {"field": "name", "kind": "glob", "pattern": "x", "class": "general_vm"},
            "Invalid setting 'rules.0.kind': must be one of: prefix, contains, regex, equals.",
        ),
        (
            {"field": "name", "kind": "prefix", "pattern": " ", "class": "general_vm"},
            "Invalid setting 'rules.0.pattern': a rule needs a pattern to look for.",
        ),
    ],
)
def test_malformed_rules_are_refused_naming_the_key(entry: dict, message: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({"rules": [entry]})
    assert caught.value.message == message


def test_an_unknown_class_or_invalid_regex_is_refused_naming_the_rule() -> None:
    good = rule("name", "prefix", "PHCMA", "general_vm")
    with pytest.raises(SettingsError) as caught:
        check_user_rules([good, rule("name", "prefix", "PHCLU", "oracle")], CATALOGUE)
    assert caught.value.message == (
        "Your rule 2 (name starts with PHCLU) names the unknown workload class 'oracle': "
        "pick a class id from the catalogue, such as general_vm."
    )
    with pytest.raises(SettingsError) as caught:
        check_user_rules([good, good, rule("os", "regex", "(win", "general_vm")], CATALOGUE)
    assert caught.value.message == (
        "Your rule 3 (OS matches (win) has an invalid regular expression: use RE2 syntax, "
        "without look-around or back-references."
    )
    with pytest.raises(SettingsError) as caught:
        check_user_rules([rule("name", "regex", "(?=a)b", "general_vm")], CATALOGUE)
    assert caught.value.message.startswith("Your rule 1 (name matches (?=a)b) has an invalid")


def test_rules_round_trip_through_csv_and_bad_csv_is_refused_naming_the_line() -> None:
    rules = [
        rule("name", "prefix", "PHCLU", "db_oracle"),
        rule("custom_attributes.Role", "regex", r"^(erp|sap), app$", "sap_application"),
        rule("annotation", "contains", 'says "hi"', "general_vm"),
    ]
    text = rules_to_csv(rules)
    assert text.splitlines()[:2] == ["field,kind,pattern,class", "name,prefix,PHCLU,db_oracle"]
    assert rules_from_csv(text, CATALOGUE) == rules
    assert rules_from_csv("\ufeff" + text, CATALOGUE) == rules  # a spreadsheet's UTF-8 BOM
    with pytest.raises(SettingsError) as caught:
        rules_from_csv(text + "name,like,x,general_vm\r\n", CATALOGUE)
    assert caught.value.message == (
        "rules.csv line 5: Invalid rule column 'kind': must be one of: prefix, contains, regex, "
        "equals."
    )
    with pytest.raises(SettingsError) as caught:
        rules_from_csv("field,kind,pattern\r\nname,prefix,x\r\n", CATALOGUE)
    assert caught.value.message == (
        "rules.csv lacks the column(s) class: its header must be field,kind,pattern,class."
    )
    with pytest.raises(SettingsError) as caught:
        rules_from_csv(text + "name,prefix,X,hana\r\n", CATALOGUE)
    assert caught.value.message.startswith("Your rule 4 (name starts with X) names the unknown")


def test_rules_survive_the_session_archive_and_size_a_real_export(samples_dir: Path) -> None:
    path = samples_dir / "liveoptics-2022-595vms.xlsx"
    state, originals, _ = open_files([(path.name, path.read_bytes())])
    rules = [
        rule("name", "prefix", "PHCLU", "db_oracle"),
        rule("name", "prefix", "PHCMA", "general_vm"),
    ]
    state = state.model_copy(
        update={"settings": state.settings.model_copy(update={"rules": rules})}
    )
    restored, _ = restore_session_zip(save_session_zip(state, originals))
    assert restored == state
    assert restored.settings.rules == rules
    rows = [row for row in size_session(restored).storage.vms if row.in_scope]
    by_rule = [row for row in rows if row.reason.startswith("your rule")]
    assert sum(row.reason == "your rule 1: name starts with PHCLU" for row in rows) == 84
    assert sum(row.reason == "your rule 2: name starts with PHCMA" for row in rows) == 193
    assert {row.class_id for row in by_rule} == {"db_oracle", "general_vm"}


def test_cli_size_applies_settings_rules_and_refuses_a_bad_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, samples_dir: Path
) -> None:
    export = samples_dir / "rvtools-4.7.1-233vms.xlsx"
    settings = tmp_path / "settings.json"
    entry = {"field": "name", "kind": "contains", "pattern": "kub", "class": "vdi_full_clone"}
    settings.write_text(json.dumps({"rules": [entry]}))
    assert main(["size", str(export), "--json", "--settings", str(settings)]) == 0
    document = json.loads(capsys.readouterr().out)
    kub = [row for row in document["vms"] if row["reason"] == "your rule 1: name contains kub"]
    assert len(kub) == 11
    assert kub == [row for row in document["vms"] if "kub" in row["name"].lower()]
    assert {row["class"] for row in kub} == {"vdi_full_clone"}
    assert document["settings"]["rules"] == [entry]
    settings.write_text(json.dumps({"rules": [entry, {**entry, "kind": "regex", "pattern": "("}]}))
    assert main(["size", str(export), "--settings", str(settings)]) == 2
    assert capsys.readouterr().err == (
        "error: Your rule 2 (name matches () has an invalid regular expression: use RE2 syntax, "
        "without look-around or back-references.\n"
    )


def test_rules_carry_over_to_the_next_export_loaded_into_a_session(samples_dir: Path) -> None:
    first = samples_dir / "rvtools-3x-131vms.xlsx"
    state = open_files([(first.name, first.read_bytes())]).state
    rules = [rule("name", "prefix", "nxtAP", "general_vm")]
    state = state.model_copy(
        update={"settings": state.settings.model_copy(update={"rules": rules})}
    )
    second = samples_dir / "rvtools-4.7.1-19vms.xlsx"
    following = open_files([(second.name, second.read_bytes())], keep_from=state).state
    assert following.settings.rules == rules
