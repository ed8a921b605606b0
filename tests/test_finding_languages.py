"""A finding reads in the language it is shown in, not the one of the upload (ADR-081)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from storepredict.cli import main
from storepredict.i18n import N_, use_language
from storepredict.pipeline import Finding, Inventory, finding_text
from storepredict.pipeline import findings as codes
from storepredict.pipeline.findings import make_finding, phrase
from storepredict.pipeline.inventory import VM
from storepredict.pipeline.readers.ingest import load_inventory
from storepredict.pipeline.session import open_files, restore_session_zip, save_session_zip
from storepredict.pipeline.settings import ComputeSettings
from storepredict.pipeline.sizing.compute import vm_larger_than_host
from storepredict.pipeline.sizing.hosts import host_spec

from .factory import write_workbook

NARROW = "\u202f"  # French groups thousands with a narrow no-break space

# Real exports alone, several of one tool (each finding names its file), and both tools at once.
UPLOADS = [
    ["rvtools-4.7.1-233vms.xlsx"],
    ["rvtools-3x-131vms.xlsx"],
    ["liveoptics-2022-595vms.xlsx"],
    ["rvtools-4.7.1-233vms.xlsx", "rvtools-4.4.3-124vms.xlsx"],
    ["rvtools-4.7.1-19vms.xlsx", "liveoptics-2022-6vms.xlsx"],
]


def read_in(language: str, files: list[tuple[str, bytes]]) -> Inventory:
    with use_language(language):
        return load_inventory(files)


def shown_in(language: str, findings: list[Finding]) -> list[str]:
    with use_language(language):
        return [finding_text(finding) for finding in findings]


def no_capacity_finding() -> Finding:
    with use_language("en"):
        return make_finding(
            codes.NO_CAPACITY_DATA,
            ["a", "b"],
            count=1234,
            where=phrase(N_(" of {file}"), file="lo.xlsx"),
            what=phrase(N_("virtual disk size or usage")),
        )


def test_a_finding_made_in_english_reads_in_french_and_german() -> None:
    finding = no_capacity_finding()
    assert finding.message == (
        "1234 VM(s) of lo.xlsx have no virtual disk size or usage: they add nothing to the "
        "capacity totals."
    )
    assert shown_in("fr", [finding]) == [
        f"1{NARROW}234 VM de lo.xlsx n'ont pas de taille ou utilisation de disque virtuel : elles "
        "n'ajoutent rien aux totaux de capacité."
    ]
    assert shown_in("de", [finding]) == [
        "1.234 VM(s) von lo.xlsx haben keinen virtuelle Festplattengröße oder -belegung: Sie "
        "tragen nichts zu den Kapazitätssummen bei."
    ]
    assert shown_in("en", [finding]) == [finding.message]


def test_the_compute_warning_names_its_needs_in_the_shown_language() -> None:
    vm = VM(vm_id="x", name="big", vcpu=200, memory_mib=1536.5 * 1024, source="a.xlsx")
    host = host_spec(ComputeSettings())  # 64 cores, 1,024 GiB
    with use_language("en"):
        finding = vm_larger_than_host(vm, host)
    with use_language("de"):
        made_in_german = vm_larger_than_host(vm, host).message
    assert finding.message == (
        "VM big needs 200 vCPU and 1,536.5 GiB of memory, larger than one host (64 physical "
        "cores, 1,024 GiB RAM): choose a larger host or resize the VM."
    )
    assert (
        shown_in("de", [finding])
        == [made_in_german]
        == [
            "VM big braucht 200 vCPU und 1.536,5 GiB Arbeitsspeicher, mehr als ein Host hat "
            "(64 physische Kerne, 1.024 GiB RAM): Wählen Sie einen größeren Host oder "
            "verkleinern Sie die VM."
        ]
    )


@pytest.mark.parametrize("names", UPLOADS, ids=lambda names: "+".join(names))
@pytest.mark.parametrize("language", ["fr", "de"])
def test_real_exports_read_in_english_show_what_reading_them_in_another_language_says(
    samples_dir: Path, names: list[str], language: str
) -> None:
    files = [(name, (samples_dir / name).read_bytes()) for name in names]
    english, other = read_in("en", files), read_in(language, files)
    assert english.findings, "every upload here has findings"
    assert shown_in(language, english.findings) == [f.message for f in other.findings]
    assert shown_in("en", other.findings) == [f.message for f in english.findings]
    assert all(
        f.message != g.message for f, g in zip(english.findings, other.findings, strict=True)
    )


def test_each_combined_export_keeps_its_file_name_before_the_message(samples_dir: Path) -> None:
    names = ["rvtools-4.7.1-233vms.xlsx", "rvtools-4.4.3-124vms.xlsx"]
    files = [(name, (samples_dir / name).read_bytes()) for name in names]
    findings = read_in("en", files).findings
    assert [(f.code, f.source_file) for f in findings] == [
        ("no_guest_partitions", "rvtools-4.7.1-233vms.xlsx"),
        ("no_guest_partitions", "rvtools-4.4.3-124vms.xlsx"),
    ]
    french = read_in("fr", files).findings
    assert shown_in("fr", findings) == [f.message for f in french]
    assert french[1].message.startswith("rvtools-4.4.3-124vms.xlsx: 25 des 124 VM (6 allumées)")


def test_a_workbook_with_many_findings_reads_the_same_in_every_language() -> None:
    """Phrases inside phrases: a missing power column, text numbers, unmatched partitions."""
    content = write_workbook(
        {
            "vInfo": [
                ["VM", "CPUs", "Provisioned MiB", "In Use MiB", "VM UUID"],
                ["a", "two", 10, 5, "u1"],
                ["a", 2, -1, 5, "u2"],
                ["b", 2, None, None, "u3"],
            ],
            "vPartition": [["VM", "Consumed MiB", "Capacity MiB", "VM UUID"], ["zz", 1, 2, "u9"]],
        }
    )
    files = [("many.xlsx", content)]
    english = read_in("en", files)
    assert [f.code for f in english.findings] == [
        "negative_numbers",
        "unknown_power_state",
        "no_capacity_data",
        "unreadable_numbers",
        "duplicate_vm_names",
        "no_guest_partitions",
        "unmatched_rows",
        "vhost_missing",
    ]
    for language in ("fr", "de"):
        other = read_in(language, files)
        assert shown_in(language, english.findings) == [f.message for f in other.findings]


def test_a_finding_saved_before_findings_kept_fields_reads_as_it_was_written() -> None:
    saved = Finding(code=codes.NO_CAPACITY_DATA, message="2 VM(s) have no capacity.", rows=["a"])
    unknown = Finding(code="gone_in_a_later_version", message="Something old.", fields={"n": 1})
    assert shown_in("fr", [saved, unknown]) == ["2 VM(s) have no capacity.", "Something old."]
    without_placeholders = Finding(code=codes.VHOST_MISSING, message="(as written)")
    with use_language("fr"):
        assert finding_text(without_placeholders) == make_finding(codes.VHOST_MISSING).message


def test_the_fields_travel_in_the_session_archive(samples_dir: Path) -> None:
    files = [("rvtools-4.7.1-19vms.xlsx", (samples_dir / "rvtools-4.7.1-19vms.xlsx").read_bytes())]
    with use_language("en"):
        state, originals, _restored = open_files(files)
    restored, _ = restore_session_zip(save_session_zip(state, originals))
    assert restored.inventory is not None and state.inventory is not None
    assert restored.inventory.findings == state.inventory.findings
    assert restored.inventory.findings[0].fields == {"count": 14, "total": 19, "powered_on": 0}
    french = read_in("fr", files).findings
    assert shown_in("fr", restored.inventory.findings) == [f.message for f in french]


def test_inspect_speaks_its_own_language_whatever_the_session_was_read_in(
    samples_dir: Path, tmp_path: Path, capsys
) -> None:
    sample = samples_dir / "rvtools-4.7.1-19vms.xlsx"
    saved = tmp_path / "saved.zip"
    assert main(["size", str(sample), "--save-session", str(saved), "--lang", "fr"]) == 0
    capsys.readouterr()
    english, german = (read_in(lang, [(sample.name, sample.read_bytes())]) for lang in ("en", "de"))
    assert main(["inspect", str(saved), "--json"]) == 0  # JSON is English in every language
    [finding] = json.loads(capsys.readouterr().out)["findings"]
    assert (
        finding["message"]
        == english.findings[0].message
        == (
            "14 of 19 VM(s) (0 powered on) have no guest file-system data in vPartition (it needs "
            "VMware Tools running)."
        )
    )
    assert finding["fields"] == {"count": 14, "total": 19, "powered_on": 0}
    assert main(["inspect", str(saved), "--lang", "de"]) == 0
    assert german.findings[0].message in capsys.readouterr().out
