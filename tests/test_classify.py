"""The rule set and classify_vms: boundaries, priorities, reasons, overrides, rule-file errors."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from storepredict.pipeline.classify.catalogue import load_catalogue
from storepredict.pipeline.classify.classification import Classification
from storepredict.pipeline.classify.engine import classify_vms, effective_classes, field_texts
from storepredict.pipeline.classify.rules import Rule, load_rules, parse_rules
from storepredict.pipeline.errors import SettingsError
from storepredict.pipeline.inventory import VM
from storepredict.pipeline.settings import load_settings

W10 = "Microsoft Windows 10 (64-bit)"
WS19 = "Microsoft Windows Server 2019 (64-bit)"
RULES_HEADER = "id,field,kind,pattern,classes,note\n"


def vm(name: str, vm_id: str | None = None, **fields: object) -> VM:
    return VM(vm_id=vm_id or f"id-{name}", name=name, source="test", **fields)


def classify_one(name: str, **fields: object) -> Classification:
    return classify_vms([vm(name, vm_id="only", **fields)])["only"]


def custom_rules(*rows: str) -> tuple[Rule, ...]:
    return parse_rules(RULES_HEADER + "".join(r + "\n" for r in rows), load_catalogue())


def test_shipped_rule_set_is_large_ordered_and_reaches_every_class() -> None:
    rules = load_rules()
    assert len(rules) == 139
    assert rules[0].id == "ca-role-01"
    assert rules[-1].id == "os-vdi-01"
    assert {r.field for r in rules} == {"name", "os", "annotation", "folder", "custom_attributes"}
    assert {r.kind for r in rules} == {"token", "regex"}
    reachable = {c for r in rules for c in r.class_ids}
    assert set(load_catalogue()) - reachable == {"unknown"}
    position = {r.id: i for i, r in enumerate(rules)}
    for engine in ("db-ora-01", "db-pg-01", "db-my-01", "db-mongo-01", "db-db2-01"):
        assert position[engine] < position["db-sql-01"] < position["db-gen-01"]
    assert position["os-vdi-01"] == len(rules) - 1


@pytest.mark.parametrize(
    ("name", "expected", "reason"),
    [
        ("PRD-SQL01", "db_sql_server", "rule db-sql-01: name contains SQL"),
        ("ora-db-02", "db_oracle", "rule db-ora-02: name contains ora"),
        ("ctx-vda-014", "vdi_linked_clone", "rule vdi-lc-03: name contains vda"),
        ("K8S-WORKER-3", "container_kubernetes", "rule con-01: name contains K8S"),
        ("veeam-proxy01", "backup_appliance", "rule bkp-01: name contains veeam"),
        ("exch-mbx-02", "mail_exchange", "rule mail-ex-01: name contains exch"),
        ("fs01", "file_general", "rule file-01: name contains fs01"),
        ("web-iis-03", "web_no_content", "rule web-01: name contains web"),
        ("LAASSRVWEB01 - VLAN253", "web_no_content", "rule web-01: name contains WEB"),
        ("GRPDC05", "infra_domain_controller", "rule dc-01: name contains DC05"),
        ("vCLS-1ab44f56", "infra_vcenter", "rule sys-vcls-01: name contains vCLS"),
        ("cp-parent-0052bc42", "vdi_instant_clone", "rule vdi-ic-01: name contains cp-parent"),
        ("hzn-cs01", "infra_management", "rule mgmt-vdi-01: name contains hzn-cs"),
    ],
)
def test_names_get_the_class_and_a_reason_naming_rule_field_and_text(
    name: str, expected: str, reason: str
) -> None:
    result = classify_one(name)
    assert result.class_ids == [expected]
    assert result.reason == reason
    assert result.rule_id == reason.split(":")[0].removeprefix("rule ")


@pytest.mark.parametrize("name", ["SAP-PRD-01", "sap_qas_01", "ERP-SAP", "SAP01", "x.sap.y"])
def test_sap_token_matches_on_separator_boundaries(name: str) -> None:
    result = classify_one(name)
    assert result.class_ids == ["sap_application"]
    assert result.rule_id == "sap-01"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("SAPPHIRE", "unknown"),  # SAP inside a word
        ("1SAP", "unknown"),  # a digit on the left is not a boundary
        ("SAPPHIRE-WEB01", "web_no_content"),
        ("WEBB-SRV01", "unknown"),  # WEB followed by a letter
        ("FSMO01", "infra_domain_controller"),  # FS followed by a letter: not a file server
        ("DBX-01", "unknown"),
        ("PDBITA", "unknown"),
        ("CHANAP01", "general_vm"),  # HANA inside a word
        ("DC1-APP-01", "general_vm"),  # a site prefix, not a domain controller
        ("EPICOR-APP01", "general_vm"),
        ("LOGIN-PORTAL01", "web_no_content"),
        ("app-db2", "db_generic"),  # database server 2, not IBM Db2
        ("db2-prd-01", "db_db2"),
        ("LONKUB22DADA", "unknown"),  # a Kubuntu desktop, not Kubernetes
    ],
)
def test_near_misses_do_not_take_the_look_alike_class(name: str, expected: str) -> None:
    assert classify_one(name).class_ids == [expected]


def test_specific_database_engines_win_over_generic_sql_and_db() -> None:
    names = ["ora-db-02", "mysql-db01", "pgsql-02", "mongodb-rs0-1", "HANA-DB01", "sql-db01"]
    result = classify_vms([vm(n) for n in names])
    assert [result[f"id-{n}"].class_ids[0] for n in names] == [
        "db_oracle",
        "db_mysql",
        "db_postgresql",
        "db_mongodb",
        "sap_hana",
        "db_sql_server",
    ]


def test_desktop_windows_falls_back_to_vdi_and_server_windows_stays_unknown() -> None:
    desktop = classify_one("LONWSMNT01", os=W10)
    assert desktop.class_ids == ["vdi_full_clone"]
    assert desktop.reason == "rule os-vdi-01: OS contains Windows 10"
    assert classify_one("LEVACCDT", os="Microsoft Windows 7 (64-bit)").class_ids == [
        "vdi_full_clone"
    ]
    assert classify_one("LONWSMNT01", os=WS19).class_ids == ["unknown"]
    # A name rule decides before the OS fallback.
    assert classify_one("SQL-DEV-W10", os=W10).class_ids == ["db_sql_server"]


def test_unmatched_vms_are_unknown_without_a_rule() -> None:
    result = classify_one("PHCMA1085", os=WS19)
    assert result == Classification(class_ids=["unknown"], rule_id=None, reason="no rule matched")


def test_notes_folders_and_attributes_classify_opaque_names() -> None:
    vms = [
        vm("srv-0415", annotation="SQL Server 2017 Standard - finance"),
        vm("lnx-1187", folder="/Databases/Oracle"),
        vm("node-a12", custom_attributes={"Backup Server": "bck01", "Role": "SQL Server 2019"}),
        vm("FIN-SQL01", annotation="SQL Server 2019, TDE enabled"),
    ]
    result = classify_vms(vms)
    assert [(result[v.vm_id].class_ids[0], result[v.vm_id].reason) for v in vms] == [
        ("db_sql_server", "rule an-db-01: annotation contains SQL Server"),
        ("db_oracle", "rule fld-05: folder or resource pool contains Oracle"),
        ("db_sql_server", "rule ca-role-02: custom attributes contains Role=SQL Server"),
        ("db_sql_server_encrypted", "rule db-var-02: annotation contains SQL Server 2019, TDE"),
    ]


def test_backup_job_notes_written_on_every_vm_do_not_make_it_a_backup_server() -> None:
    noted = [
        vm(
            "node-0412", annotation="Veeam Backup: Time: 29/05/2025 22:10:08, Job name: [Daily-SQL]"
        ),
        vm("node-0413", annotation="vRanger Backup & Replication: Type [Full] Result [Success]"),
        vm("node-0414", custom_attributes={"Last EMC vProxy Backup": "Backup Server=grpsrvbck"}),
    ]
    assert {c.class_ids[0] for c in classify_vms(noted).values()} == {"unknown"}


def test_first_matching_rule_wins_across_fields() -> None:
    rules = custom_rules(
        "a-os,os,regex,linux,general_vm,",
        "b-name,name,token,SQL,db_sql_server,",
        "c-name,name,regex,web,web_no_content,",
    )
    vms = [
        vm("web-sql", vm_id="a", os="Ubuntu Linux"),
        vm("web-sql", vm_id="b"),
        vm("sql-web", vm_id="c", os="Windows"),
    ]
    result = classify_vms(vms, rules)
    assert [result[v.vm_id].rule_id for v in vms] == ["a-os", "b-name", "b-name"]


def test_a_rule_may_give_several_classes_and_quote_a_named_group() -> None:
    rules = custom_rules('sp-01,name,regex,"(?P<m>SPFARM)\\d+",file_content_server;db_sql_server,')
    result = classify_vms([vm("SPFARM07")], rules)["id-SPFARM07"]
    assert result.class_ids == ["file_content_server", "db_sql_server"]
    assert result.reason == "rule sp-01: name contains SPFARM"


def test_vms_quoting_the_same_text_share_one_classification() -> None:
    result = classify_vms([vm("sql01", vm_id="a"), vm("sql02", vm_id="b"), vm("SQL03", vm_id="c")])
    assert result["a"] is result["b"]
    assert result["a"] is not result["c"]
    assert classify_vms([]) == {}


def test_effective_classes_prefers_the_manual_override() -> None:
    rule_made = Classification(class_ids=["db_sql_server"], rule_id="db-sql-01", reason="r")
    chosen = load_settings({"vm_class_overrides": {"vm-1": ["sap_hana", "archive_media"]}})
    assert effective_classes("vm-1", rule_made, chosen) == (
        ["sap_hana", "archive_media"],
        "manual override",
    )
    assert effective_classes("vm-2", rule_made, chosen) == (["db_sql_server"], "r")


def test_custom_attributes_read_as_key_value_pairs() -> None:
    machine = vm("x", custom_attributes={"Role": "Web", "Owner": "Ops"}, os=None)
    assert field_texts([machine, vm("y")], "custom_attributes") == ["Role=Web; Owner=Ops", ""]
    assert field_texts([machine], "os") == [""]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            ["r-01,name,token,SQL,db_sqlserver,"],
            "rules.csv line 2: rule r-01 names the unknown workload class 'db_sqlserver'; use "
            "an id from workload_classes.csv.",
        ),
        (
            ["r-01,name,regex,DB\\d{1,3},db_generic,"],
            "rules.csv line 2 has more values than the header: put double quotes around a "
            "value that contains a comma.",
        ),
        (
            ["r-01,hostname,token,SQL,db_sql_server,"],
            "rules.csv line 2: Invalid rule column 'field': must be one of: name, os, "
            "annotation, folder, custom_attributes.",
        ),
        (
            ["r-01,name,token,SQL,db_sql_server,", "r-01,name,token,ORA,db_oracle,"],
            "rules.csv line 3: rule id 'r-01' appears twice; give every rule its own id.",
        ),
        ([], "rules.csv has no rules: add at least one row."),
    ],
)
def test_parse_rules_rejects_bad_rows(rows: list[str], message: str) -> None:
    text = RULES_HEADER + "".join(r + "\n" for r in rows)
    with pytest.raises(SettingsError) as caught:
        parse_rules(text, load_catalogue(), source="rules.csv")
    assert caught.value.message == message


def test_parse_rules_rejects_patterns_re2_cannot_run() -> None:
    with pytest.raises(SettingsError) as caught:
        custom_rules("r-01,name,regex,(?<!x)SQL,db_sql_server,")
    assert caught.value.message.startswith("classification_rules.csv line 2: rule r-01 has an ")
    assert caught.value.message.endswith(
        "patterns use RE2 syntax, without look-around or back-references."
    )


# A reference: every rule over every VM with Python's re, first match wins.
def reference_rule_ids(vms: list[VM]) -> list[str | None]:
    rules = load_rules()
    compiled = [re.compile("(?i)" + r.search_regex, re.ASCII) for r in rules]
    texts = {f: field_texts(vms, f) for f in {r.field for r in rules}}
    out: list[str | None] = []
    for i in range(len(vms)):
        pairs = zip(rules, compiled, strict=True)
        out.append(next((r.id for r, p in pairs if p.search(texts[r.field][i])), None))
    return out


FRAGMENTS = [
    "SQL",
    "sap",
    "SAPPHIRE",
    "DB",
    "dbx",
    "web",
    "WEBB",
    "fs",
    "FSMO",
    "ora",
    "k8s",
    "DC",
    "dc1",
    "hana",
    "CHANAP",
    "cp-parent-",
    "vCLS",
    "APP",
    "ctx",
    "vda",
    "exch",
    "mbx",
    "veeam",
    "bkp",
    "log",
    "elk",
    "fw",
    "lb",
    "vc",
    "nsx",
    "dns",
    "pxe",
    "cms",
    "wp",
    "epic",
    "pacs",
    "arc",
    "ev",
    "git",
    "tds",
    "PRD",
    "LON",
    "GRP",
    "SRV",
    "01",
    "7",
    "42",
    "x",
    "y",
]
name_parts = st.lists(
    st.tuples(st.sampled_from(FRAGMENTS), st.sampled_from(["", "-", "_", " ", "."])),
    min_size=1,
    max_size=5,
).map(lambda parts: "".join(f + s for f, s in parts))
vm_specs = st.tuples(
    name_parts,
    st.sampled_from([None, W10, WS19, "Ubuntu Linux (64-bit)", "Microsoft Windows 7 (64-bit)"]),
    st.sampled_from([None, "SQL Server with TDE", "Veeam Backup: Time 1", "file server", "HANA"]),
    st.sampled_from([None, "/Prod/SQL", "/VDI/Instant Clones", "/Web", "/x"]),
    st.sampled_from([{}, {"Role": "Oracle"}, {"Last Backup": "backup ok"}, {"App": "k8s"}]),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(vm_specs, min_size=1, max_size=40))
def test_vectorised_first_match_equals_every_rule_over_every_vm(specs: list[tuple]) -> None:
    vms = [
        VM(vm_id=f"v{i}", name=n, os=o, annotation=a, folder=f, custom_attributes=c, source="t")
        for i, (n, o, a, f, c) in enumerate(specs)
    ]
    result = classify_vms(vms)
    assert [result[v.vm_id].rule_id for v in vms] == reference_rule_ids(vms)


@pytest.mark.parametrize(
    ("name", "expected", "reason"),
    [
        ("dbora01", "db_oracle", "rule db-ora-01: name contains dbora"),
        ("PRDORA01", "db_oracle", "rule db-ora-01: name contains ORA"),
        ("orcl01", "db_oracle", "rule db-ora-01: name contains orcl"),
        ("haproxy01", "web_no_content", "rule web-lb-01: name contains haproxy"),
        ("nginx-lb-01", "web_no_content", "rule web-lb-01: name contains nginx-lb"),
        ("zabbix-proxy01", "infra_management", "rule mgmt-px-01: name contains zabbix-proxy"),
        ("MCKESSON01", "healthcare_emr", "rule hc-01: name contains MCKESSON"),
        ("f5-lb01", "infra_network_appliance", "rule net-01: name contains lb01"),
        ("AURORA01", "unknown", "no rule matched"),
    ],
)
def test_oracle_load_balancer_monitoring_proxy_and_hospital_names(
    name: str, expected: str, reason: str
) -> None:
    found = classify_one(name)
    assert (found.class_ids, found.reason) == ([expected], reason)
