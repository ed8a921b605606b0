"""The classify page's naming families and rules editor under a simulated user, on a real export."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nicegui import ui
from nicegui.testing import User

from storepredict.pages.families_panel import coverage_text
from storepredict.pages.paged_grid import PagedGrid
from storepredict.pipeline.classify.user_rules import rules_to_csv
from storepredict.pipeline.session.open import open_files
from storepredict.pipeline.session.state import SessionState
from storepredict.pipeline.settings import UserRule
from storepredict.pipeline.sizing.coverage import classification_coverage, sizing_families
from storepredict.pipeline.sizing.run import size_session

from .helpers import WAIT, by_testid, text_of, upload, visit

EXPORT = "rvtools-3x-131vms.xlsx"


def export_bytes(samples_dir: Path) -> bytes:
    return (samples_dir / EXPORT).read_bytes()


def with_rules(state: SessionState, *rules: UserRule) -> SessionState:
    settings = state.settings.model_copy(update={"rules": list(rules)})
    return state.model_copy(update={"settings": settings})


def expected_coverage(state: SessionState) -> str:
    return coverage_text(classification_coverage(size_session(state).storage, state.settings))


async def wait_until(check: Callable[[], bool]) -> None:
    for _ in range(WAIT):
        if check():
            return
        await asyncio.sleep(0.1)
    assert check()


def grid_rows(user: User) -> list[dict[str, Any]]:
    """Every row the VM grid pages through, as the server holds them."""
    grid = next(iter(user.find(ui.aggrid).elements))
    assert isinstance(grid, PagedGrid)
    return grid.table.rows()


def grid_reasons(user: User) -> dict[str, str]:
    return {row["name"]: row["reason"] for row in grid_rows(user)}


async def open_classify(user: User, samples_dir: Path) -> None:
    await visit(user, "/")
    await upload(user, (EXPORT, export_bytes(samples_dir)))
    await user.should_see("Inventory loaded", retries=WAIT)
    await visit(user, "/classify")
    await user.should_see("Naming families", retries=WAIT)
    await user.should_see(kind=ui.aggrid, retries=WAIT)  # drawn once its rows are built


async def test_a_family_becomes_a_rule_in_one_action(user: User, samples_dir: Path) -> None:
    state = open_files([(EXPORT, export_bytes(samples_dir))]).state
    family = sizing_families(size_session(state).storage)[0]
    assert (family.kind, family.pattern, family.vm_count) == ("prefix", "NXTAP", 22)
    await open_classify(user, samples_dir)
    assert (
        text_of(user, "unknown-coverage")
        == expected_coverage(state)
        == (
            "Unknown workload: 41 of 109 in-scope VMs, 17 % of in-scope capacity "
            "(sized with DRR 4.00:1)."
        )
    )
    assert not by_testid(user, "unknown-warning").parent_slot.parent.visible  # 17% < 25%
    assert text_of(user, "family-0") == "VM name starts with NXTAP · 22 VMs"

    user.find(marker="family-apply-0").click()  # no class picked yet: refused
    await user.should_see("Pick the class this family's VMs should get.")
    by_testid(user, "family-class-0").set_value("general_vm")
    user.find(marker="family-apply-0").click()
    await user.should_see("Your rule 1 gives 22 VMs the class General virtual machines.")
    ruled = with_rules(state, family.as_rule("general_vm"))
    await wait_until(lambda: text_of(user, "unknown-coverage") == expected_coverage(ruled))
    assert expected_coverage(ruled).startswith("Unknown workload: 26 of 109 in-scope VMs")
    assert text_of(user, "rule-0") == "VM name starts with NXTAP → General virtual machines"
    reasons = grid_reasons(user)
    assert reasons["nxtAPAIR01"] == "your rule 1: name starts with NXTAP"
    in_scope = [row for row in grid_rows(user) if row["scope"] == "In scope"]
    assert sum(row["reason"] == "your rule 1: name starts with NXTAP" for row in in_scope) == 22
    assert sum(r == "your rule 1: name starts with NXTAP" for r in reasons.values()) == 33


async def test_rules_editor_previews_adds_reorders_deletes_and_round_trips_csv(
    user: User, samples_dir: Path
) -> None:
    await open_classify(user, samples_dir)
    by_testid(user, "rule-kind").set_value("contains")
    by_testid(user, "rule-pattern").set_value("avaya")
    by_testid(user, "rule-class").set_value("infra_network_appliance")
    user.find(marker="rule-preview").click()
    await wait_until(
        lambda: text_of(user, "rule-preview-text").startswith("Matches 18 VMs, 17 in scope: ")
    )
    assert text_of(user, "rule-preview-text").endswith("…")
    user.find(marker="rule-add").click()
    await wait_until(lambda: grid_reasons(user)["AVAYASAL01"] == "your rule 1: name contains avaya")

    by_testid(user, "rule-kind").set_value("regex")
    by_testid(user, "rule-pattern").set_value("(nxt")
    by_testid(user, "rule-class").set_value("general_vm")
    user.find(marker="rule-add").click()
    await user.should_see(
        "Your rule 1 (name matches (nxt) has an invalid regular expression: use RE2 syntax, "
        "without look-around or back-references."
    )
    by_testid(user, "rule-pattern").set_value("^nxtdb")
    by_testid(user, "rule-class").set_value("db_sql_server")
    user.find(marker="rule-add").click()
    await wait_until(lambda: grid_reasons(user)["nxtDBAIR01"] == "your rule 2: name matches ^nxtdb")

    user.find(marker="rule-up-1").click()
    await wait_until(lambda: grid_reasons(user)["nxtDBAIR01"] == "your rule 1: name matches ^nxtdb")
    assert text_of(user, "rule-1") == "VM name contains avaya → Network and security appliances"

    user.find(marker="rules-download").click()
    csv_bytes = (await user.download.next()).content
    rules = [
        UserRule.model_validate(
            {"field": "name", "kind": "regex", "pattern": "^nxtdb", "class": "db_sql_server"}
        ),
        UserRule.model_validate(
            {
                "field": "name",
                "kind": "contains",
                "pattern": "avaya",
                "class": "infra_network_appliance",
            }
        ),
    ]
    assert csv_bytes.decode() == rules_to_csv(rules)

    user.find(marker="rule-delete-0").click()
    await wait_until(lambda: grid_reasons(user)["AVAYASAL01"] == "your rule 1: name contains avaya")
    assert grid_reasons(user)["nxtDBAIR01"] != "your rule 1: name matches ^nxtdb"

    uploader = by_testid(user, "rules-upload")
    assert isinstance(uploader, ui.upload)
    bad = b"field,kind,pattern,class\r\nname,prefix,X,hana\r\n"
    await uploader.handle_uploads([ui.upload.SmallFileUpload("bad.csv", "text/csv", bad)])
    await user.should_see("Your rule 1 (name starts with X) names the unknown workload class")
    await uploader.handle_uploads([ui.upload.SmallFileUpload("rules.csv", "text/csv", csv_bytes)])
    await user.should_see("2 rules loaded from rules.csv.")
    await wait_until(lambda: grid_reasons(user)["nxtDBAIR01"] == "your rule 1: name matches ^nxtdb")
