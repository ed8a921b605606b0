"""Restore trusts nothing: earlier archives keep their decisions, tampered ones are refused."""

from __future__ import annotations

import io
import json
import secrets
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from storepredict.i18n import use_language
from storepredict.pipeline.errors import SessionArchiveError
from storepredict.pipeline.readers.ingest import load_inventory
from storepredict.pipeline.session.archive import save_session_zip
from storepredict.pipeline.session.open import open_files
from storepredict.pipeline.session.restore import restore_session

ARCHIVES = Path(__file__).resolve().parents[2] / "shared" / "archives"
HINT = "Restore an unmodified copy of the archive, or start again from the original exports."


def restore(name: str):
    return restore_session((ARCHIVES / name).read_bytes())


def test_schema_1_rvtools_archive_keeps_every_decision() -> None:
    state, originals = restore("v1-rvtools-233vms.storepredict.zip")
    assert [name for name, _ in originals] == ["rvtools-4.7.1-233vms.xlsx"]
    names = {vm.vm_id: vm.name for vm in state.inventory.vms}
    settings = state.settings
    assert settings.scope.clusters == ["ClusterHPG10+"]
    assert settings.scope.include_powered_off is False
    assert [names[i] for i in settings.scope.ignored_vm_ids] == ["DIN-IP-Ubuntu01"]
    assert settings.class_drr_overrides == {"unknown": 2.5}
    assert {names[i]: drr for i, drr in settings.vm_drr_overrides.items()} == {"ADBSRVDC02": 1.2}
    assert {names[i]: c for i, c in settings.vm_class_overrides.items()} == {
        "DinIpServizi02": ["db_oracle"]
    }
    assert (settings.snapshot_reserve, settings.annual_growth, settings.years) == (0.20, 0.05, 5)
    assert settings.max_fill == 0.75
    assert settings.layout.chosen_strategy == "uniform"
    assert (settings.compute.scenario, settings.compute.ha_spares) == ("stretched", 2)


@pytest.mark.parametrize(
    ("archive", "originals"),
    [
        ("v1-liveoptics-6vms.storepredict.zip", ["liveoptics-2022-6vms.xlsx"]),
        (
            "v1-dual-19-6.storepredict.zip",
            ["rvtools-4.7.1-19vms.xlsx", "liveoptics-2022-6vms.xlsx"],
        ),
    ],
)
def test_schema_1_archives_with_defaults_restore(archive: str, originals: list[str]) -> None:
    state, stored = restore(archive)
    assert [name for name, _ in stored] == originals
    assert state.inventory is not None and state.inventory.vms
    assert state.settings.vm_class_overrides == {}


def tampered(content: bytes, edit: Callable[[dict], None]) -> bytes:
    """The archive with its session.json edited (originals untouched, checksums still right)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    document = json.loads(source.read("session.json"))
    edit(document)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "session.json":
                data = json.dumps(document).encode()
            archive.writestr(info.filename, data)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def saved(samples_dir_module: Path) -> bytes:
    content = (samples_dir_module / "rvtools-4.7.1-19vms.xlsx").read_bytes()
    state, originals, _ = open_files([("rvtools-4.7.1-19vms.xlsx", content)])
    return save_session_zip(state, originals)


@pytest.fixture(scope="module")
def samples_dir_module() -> Path:
    return Path(__file__).resolve().parents[2] / "shared" / "samples"


def refusal(content: bytes) -> str:
    with pytest.raises(SessionArchiveError) as error:
        restore_session(content)
    return error.value.message


def test_an_inventory_from_another_export_is_refused(saved: bytes, samples_dir_module) -> None:
    other = load_inventory(
        [
            (
                "liveoptics-2022-6vms.xlsx",
                (samples_dir_module / "liveoptics-2022-6vms.xlsx").read_bytes(),
            )
        ]
    )

    def swap(document: dict) -> None:
        document["state"]["inventory"] = other.model_dump(mode="json")

    assert refusal(tampered(saved, swap)) == (
        f"session.json does not match its original export: it lists 6 VMs, the export holds 19. "
        f"{HINT}"
    )


def test_a_renamed_vm_in_the_state_is_refused(saved: bytes) -> None:
    def rename(document: dict) -> None:
        document["state"]["inventory"]["vms"][3]["name"] = "not-in-the-export"

    message = refusal(tampered(saved, rename))
    assert message.startswith("session.json does not match its original export: the VM the export")
    assert message.endswith(f"differs in its name. {HINT}")


def test_an_archive_without_originals_is_refused(saved: bytes) -> None:
    def drop(document: dict) -> None:
        document["sources"] = []

    assert refusal(tampered(saved, drop)) == (
        "session.json lists no original export, so the session cannot be checked against the "
        f"data it came from. {HINT}"
    )


def test_sources_that_disagree_with_the_state_are_refused(saved: bytes) -> None:
    def disagree(document: dict) -> None:
        document["state"]["sources"][0]["sha256"] = "0" * 64

    assert refusal(tampered(saved, disagree)) == (
        f"session.json's state names other original exports than the archive holds. {HINT}"
    )


def test_a_huge_project_name_is_refused_not_truncated(saved: bytes) -> None:
    def huge(document: dict) -> None:
        # random text: a run of one letter would trip the zip-bomb ratio check first
        document["state"]["project_name"] = secrets.token_hex(8 * 1024 * 1024)

    assert refusal(tampered(saved, huge)) == (
        "session.json holds state.project_name of 16,777,216 characters, over the limit of 120: "
        f"StorePredict never writes that, so the archive was edited. {HINT}"
    )


def test_a_long_free_text_is_refused(saved: bytes) -> None:
    def long_reason(document: dict) -> None:
        first = next(iter(document["state"]["classifications"]))
        document["state"]["classifications"][first]["reason"] = "r" * 5000

    message = refusal(tampered(saved, long_reason))
    assert message.endswith(
        f"reason of 5,000 characters, over the limit of 4,096: StorePredict never writes "
        f"that, so the archive was edited. {HINT}"
    )


def test_an_untampered_archive_restores_as_saved(saved: bytes) -> None:
    state, _ = restore_session(saved)
    again, _, restored = open_files([("s.zip", saved)])
    assert restored and again == state
    assert state.last_update is None


def test_newer_readers_carry_the_decisions_with_a_notice(saved: bytes) -> None:
    """An archive whose readers were older: a changed inventory is re-read, not refused."""

    def older_reader(document: dict) -> None:
        document["reader_version"] = 0
        vm = document["state"]["inventory"]["vms"][0]
        vm["in_use_mib"] = (vm["in_use_mib"] or 0) + 1
        document["state"]["settings"]["vm_drr_overrides"] = {vm["vm_id"]: 1.7}

    state, _ = restore_session(tampered(saved, older_reader))
    assert state.last_update is not None and state.last_update.reason == "reader"
    assert state.last_update.matched == 19
    first = state.inventory.vms[0]
    assert state.settings.vm_drr_overrides == {first.vm_id: 1.7}


@pytest.mark.parametrize(("saved_in", "restored_in"), [("fr", "en"), ("en", "de"), ("de", "fr")])
def test_a_session_saved_in_one_language_restores_in_another(
    samples_dir_module: Path, saved_in: str, restored_in: str
) -> None:
    name = "rvtools-4.7.1-233vms.xlsx"
    content = (samples_dir_module / name).read_bytes()
    with use_language(saved_in):
        state, originals, _ = open_files([(name, content)])
    archive = save_session_zip(state, originals)
    with use_language(restored_in):
        restored, _ = restore_session(archive)
        expected = load_inventory([(name, content)])
    # The findings are re-read in the restoring language; everything else is as saved.
    assert restored.inventory == expected
    assert [f.code for f in restored.inventory.findings] == [
        f.code for f in state.inventory.findings
    ]
    assert restored.inventory.findings[0].message != state.inventory.findings[0].message


def test_a_finding_code_changed_in_the_state_is_still_refused(saved: bytes) -> None:
    def edit(document: dict) -> None:
        document["state"]["inventory"]["findings"][0]["code"] = "duplicate_vm_names"

    assert refusal(tampered(saved, edit)) == (
        f"session.json does not match its original export: its findings differ from the "
        f"export's. {HINT}"
    )
