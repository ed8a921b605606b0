"""The content the pipeline writes for people comes out in the active language; data stays English.

Errors, findings, health checks, settings titles and range messages are written in the language
in force when they are produced; classification and exclusion reasons stay English in the data
(they are JSON and session fields) and `reason_text` says them in the active language.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from storepredict.i18n import gettext, use_language
from storepredict.pipeline import SettingsError, load_settings, setting_display
from storepredict.pipeline.classify import class_description, class_name, reason_text
from storepredict.pipeline.classify.catalogue_words import CLASS_WORDS
from storepredict.pipeline.errors import CorruptWorkbookError, UnknownFormatError
from storepredict.pipeline.health import run_checks
from storepredict.pipeline.readers import load_inventory
from storepredict.pipeline.session import open_files
from storepredict.pipeline.sizing import size_session

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "samples" / "rvtools-4.7.1-233vms.xlsx"
CATALOGUE_CSV = (
    Path(__file__).resolve().parents[1] / "storepredict" / "data" / "workload_classes.csv"
)
NOT_A_ZIP = b"PK\x03\x04 not really a zip"


def _error(data: bytes) -> tuple[type, str]:
    with pytest.raises((CorruptWorkbookError, UnknownFormatError)) as caught:
        load_inventory([("export.xlsx", data)])
    return type(caught.value), caught.value.message


def test_a_corrupt_upload_is_refused_in_the_active_language() -> None:
    assert _error(NOT_A_ZIP) == (
        CorruptWorkbookError,
        "export.xlsx is a damaged or truncated zip archive (.zip or .xlsx): download or export "
        "it again, then re-upload it.",
    )
    with use_language("fr"):
        assert _error(NOT_A_ZIP) == (
            CorruptWorkbookError,
            "export.xlsx est une archive zip endommagée ou tronquée (.zip ou .xlsx) : "
            "téléchargez-la ou exportez-la à nouveau, puis téléversez-la.",
        )
    with use_language("de"):
        kind, message = _error(b"nothing StorePredict knows")
        assert kind is UnknownFormatError
        assert message == (
            "export.xlsx ist keine Excel-Arbeitsmappe, CSV- oder Zip-Datei, die wir erkennen: "
            "Laden Sie einen RVTools- oder LiveOptics-Export hoch (.xlsx, .csv oder .zip)."
        )


def test_a_setting_out_of_range_names_its_translated_title_and_range() -> None:
    messages = {}
    for language in ("en", "fr", "de"):
        with use_language(language), pytest.raises(SettingsError) as caught:
            load_settings({"snapshot_reserve": 6})
        messages[language] = caught.value.message
    titles = {}
    for language in ("fr", "de"):
        with use_language(language):
            titles[language] = gettext("Snapshot reserve")  # the shared label, as the UI says it
    assert titles["fr"] != "Snapshot reserve" and titles["de"] != "Snapshot reserve"
    assert messages == {
        "en": "Snapshot reserve must be between 0 % and 500 %; 600 % was given.",
        "fr": f"{titles['fr']} doit être entre 0 % et 500 % ; 600 % a été indiqué.",
        "de": f"{titles['de']} muss zwischen 0 % und 500 % sein; angegeben wurde 600 %.",
    }


def test_setting_titles_are_translated_for_the_labels() -> None:
    assert setting_display("layout.fill_limit") == ("VMFS fill limit", "%", 100.0)
    with use_language("fr"):
        assert setting_display("layout.fill_limit") == ("Limite de remplissage VMFS", "%", 100.0)
    with use_language("de"):
        assert setting_display("snapshot_reserve") == ("Snapshot-Reserve", "%", 100.0)


@pytest.mark.parametrize(
    ("reason", "french", "german"),
    [
        (
            "rule db-01: name contains SQL",
            "règle db-01 : nom contient SQL",
            "Regel db-01: Name enthält SQL",
        ),
        (
            "your rule 2: name starts with PHCLU",
            "votre règle 2 : nom commence par PHCLU",
            "Ihre Regel 2: Name beginnt mit PHCLU",
        ),
        (
            "your rule 3: custom attribute Role is db",
            "votre règle 3 : attribut personnalisé Role est db",
            "Ihre Regel 3: benutzerdefiniertes Attribut Role ist db",
        ),
        (
            "signal sig-perf-db: performance profile of small 8 KiB IOs, 70% writes, peak 1,234 "
            "IOPS (database-like)",
            "signal sig-perf-db : profil de performance de petites E/S de 8 Kio, 70 % d'écritures, "
            "pic de 1\u202f234 IOPS (type base de données)",
            "Signal sig-perf-db: Leistungsprofil kleiner I/Os von 8 KiB, 70 % Schreibvorgänge, "
            "Spitze 1.234 IOPS (datenbankähnlich)",
        ),
        ("powered off", "éteinte", "ausgeschaltet"),
        ("manual override", "choix manuel", "manueller Override"),
        ("SRV-Storage", "SRV-Storage", "SRV-Storage"),  # not a reason: customer data, untouched
    ],
)
def test_reasons_stay_english_data_and_read_in_the_active_language(
    reason: str, french: str, german: str
) -> None:
    assert reason_text(reason) == reason
    with use_language("fr"):
        assert reason_text(reason) == french
    with use_language("de"):
        assert reason_text(reason) == german


def test_the_class_catalogue_words_list_every_shipped_class_as_the_csv_says() -> None:
    with CATALOGUE_CSV.open(encoding="utf-8") as handle:
        rows = {row["id"]: (row["name"], row["description"]) for row in csv.DictReader(handle)}
    assert rows == CLASS_WORDS
    assert class_name("db_oracle") == "Oracle Database"
    with use_language("fr"):
        assert class_name("general_vm") == "Machines virtuelles générales"
        assert class_description("archive_compressed").startswith("Archives, archivage de")
        assert class_name("no_such_class") == "no_such_class"
    with use_language("de"):
        assert class_name("file_general") == "Dateiserver"


def test_findings_health_and_waterfall_in_french_while_reasons_stay_english() -> None:
    with use_language("fr"):
        state, _, _ = open_files([(SAMPLE.name, SAMPLE.read_bytes())])
        result = size_session(state)
        report = run_checks(state.inventory, state.settings)
    assert state.inventory is not None
    messages = {finding.code: finding.message for finding in state.inventory.findings}
    assert messages["no_guest_partitions"].startswith("28 des 233 VM (")
    titles = {check.code: check.title for check in report.results}
    assert titles["snapshot_old"] == "Snapshots de plus de 3 jours"
    assert result.storage.waterfall[0].label == "Capacité logique (utilisée)"
    # reasons are data: English in the sizing whatever the language
    reasons = {row.reason for row in result.storage.vms}
    assert "no rule matched" in reasons
    assert set(result.storage.scope.excluded.values()) <= {
        "powered off",
        "template",
        "vCLS system VM",
    }


def test_every_reason_the_real_samples_give_reads_in_french_and_german() -> None:
    """A reason format the pipeline adds without a pattern in reason_text would stay English."""
    reasons: set[str] = set()
    for name in ("liveoptics-2022-595vms.xlsx", "rvtools-4.7.1-233vms.xlsx"):
        path = SAMPLE.parent / name
        state, _, _ = open_files([(path.name, path.read_bytes())])
        result = size_session(state)
        reasons |= {row.reason for row in result.storage.vms}
        reasons |= set(result.storage.scope.excluded.values())
    kinds = {reason.split(" ")[0] for reason in reasons}
    assert {"rule", "signal", "no", "powered", "template", "vCLS"} <= kinds
    for language in ("fr", "de"):
        with use_language(language):
            assert sorted(r for r in reasons if reason_text(r) == r) == []
