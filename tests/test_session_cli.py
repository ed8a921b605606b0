"""`update` and `compare` on the command line: JSON contracts, equality with `size`, refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storepredict.pipeline.session.archive import save_session_zip
from tests.factory import write_workbook
from tests.test_cli import run
from tests.test_session_update import decided_session, newer_rows, vinfo_rows

UPDATE_KEYS = {
    "matched", "added", "removed", "renamed", "resized", "carried", "dropped", "missing_scope",
    "delta",
}  # fmt: skip


@pytest.fixture
def saved(tmp_path: Path, samples_dir: Path) -> tuple[Path, Path]:
    rows = vinfo_rows(samples_dir)
    newer, _ = newer_rows(rows)
    state, originals = decided_session(write_workbook({"vInfo": rows}))
    session = tmp_path / "old.storepredict.zip"
    session.write_bytes(save_session_zip(state, originals))
    export = tmp_path / "new.xlsx"
    export.write_bytes(write_workbook({"vInfo": newer}))
    return session, export


def test_update_json_is_size_json_plus_the_change_report(capsys, saved, tmp_path: Path) -> None:
    session, export = saved
    out_zip = tmp_path / "updated.zip"
    status, out, err = run(
        capsys, "update", str(session), str(export), "--json", "--save-session", str(out_zip)
    )
    assert (status, err) == (0, "")
    document = json.loads(out)
    update = document["update"]
    assert set(update) == UPDATE_KEYS
    assert update["matched"] == 17
    assert len(update["added"]) == 2 and len(update["removed"]) == 2
    assert update["renamed"] == [{"from": "Banchero16Sfront", "to": "Banchero16Sfront-new"}]
    assert update["carried"] == {"vm_class_overrides": 1, "vm_drr_overrides": 1, "ignored": 0}
    assert {tuple(d) for d in update["dropped"]} == {("vm", "decision")}
    assert set(update["delta"]) == {"required_mib", "datastores", "hosts"}
    assert isinstance(update["delta"]["datastores"], int)
    status, sized, _ = run(capsys, "size", str(out_zip), "--json")
    assert status == 0
    assert json.loads(sized)["storage"] == document["storage"]


def test_update_with_another_estate_exits_2_unless_allowed(capsys, saved, samples_dir) -> None:
    session, _ = saved
    other = str(samples_dir / "rvtools-4.4.3-124vms.xlsx")
    status, out, err = run(capsys, "update", str(session), other, "--json")
    assert (status, out) == (2, "")
    assert err.startswith("error: The newer export matches none of the 19 VMs of this sizing")
    assert err.count("\n") == 1
    status, out, _ = run(capsys, "update", str(session), other, "--json", "--allow-no-match")
    assert status == 0
    assert json.loads(out)["update"]["matched"] == 0


def test_update_needs_a_session_first(capsys, saved) -> None:
    _, export = saved
    status, _, err = run(capsys, "update", str(export), str(export))
    assert status == 2
    assert err == (
        "error: new.xlsx is not a saved session: give the session archive first, then the newer "
        "export(s).\n"
    )


def test_compare_figures_equal_size_with_the_same_settings(
    capsys, tmp_path: Path, samples_dir: Path
) -> None:
    export = str(samples_dir / "rvtools-4.7.1-233vms.xlsx")
    scenarios = {
        "Conservative": {"profile": "flat_1", "snapshot_reserve": 0.25},
        "Stretched": {
            "compute": {"scenario": "stretched"},
            "layout": {"chosen_strategy": "uniform"},
        },
    }
    args = []
    for name, settings in scenarios.items():
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(settings))
        args += ["--scenario", f"{name}={path}"]
    status, out, err = run(capsys, "compare", export, *args, "--json")
    assert (status, err) == (0, "")
    rows = json.loads(out)["scenarios"]
    assert [row["name"] for row in rows] == ["Base", "Conservative", "Stretched"]
    for row in rows:
        settings = (
            [] if row["name"] == "Base" else ["--settings", str(tmp_path / f"{row['name']}.json")]
        )
        _, sized, _ = run(capsys, "size", export, "--json", *settings)
        document = json.loads(sized)
        layout = document["layout"]
        assert row["required_mib"] == document["storage"]["total"]["required_mib"]
        assert row["effective_drr"] == document["storage"]["total"]["effective_drr"]
        assert row["datastores"] == layout["strategies"][layout["chosen"]]["count"]
        assert row["hosts"] == document["compute"]["hosts"]
    assert rows[1]["required_mib"] > rows[0]["required_mib"]


def test_compare_refuses_a_malformed_scenario(capsys, samples_dir: Path) -> None:
    export = str(samples_dir / "rvtools-4.7.1-19vms.xlsx")
    status, _, err = run(capsys, "compare", export, "--scenario", "nameless.json")
    assert status == 2
    assert err == (
        "error: --scenario 'nameless.json' is not NAME=settings.json: name the scenario, then "
        "its settings file.\n"
    )
