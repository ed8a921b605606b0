"""`--lang` on the console script: the printed summary in French or German, JSON the same in all."""

from __future__ import annotations

from pathlib import Path

import pytest

from storepredict.cli import chosen_language, main

SAMPLE = Path(__file__).resolve().parents[1] / "storepredict" / "data" / "sample-rvtools.xlsx"


def run(capsys, *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_size_in_french_has_french_words_and_decimal_commas(capsys) -> None:
    status, english, _ = run(capsys, "size", str(SAMPLE))
    status_fr, french, _ = run(capsys, "size", str(SAMPLE), "--lang", "fr")
    assert (status, status_fr) == (0, 0)
    lines_en, lines_fr = english.splitlines(), french.splitlines()
    assert lines_en[0] == "in scope: 279 VMs (19 excluded)"
    assert lines_fr[0] == "périmètre : 279 VM (19 exclues)"
    # the same figures, written the French way: 59.84 TiB -> 59,84 Tio, 1,216 -> 1 216
    assert lines_en[1] == "logical: 59.84 TiB"
    assert lines_fr[1] == "logique : 59,84 Tio"
    assert lines_en[2] == "reduced: 26.46 TiB (effective DRR 2.26:1)"
    assert lines_fr[2] == "réduit : 26,46 Tio (DRR effectif 2,26:1)"
    assert "cœurs sous licence : 1\u202f216 actuellement, 768 proposés" in lines_fr
    assert "licence cores: 1,216 today, 768 proposed" in lines_en


def test_size_in_german(capsys) -> None:
    status, out, _ = run(capsys, "size", str(SAMPLE), "--lang=de")
    lines = out.splitlines()
    assert status == 0
    assert lines[:2] == ["im Umfang: 279 VMs (19 ausgeschlossen)", "logisch: 59,84 TiB"]
    assert "Lizenzkerne: 1.216 heute, 768 vorgeschlagen" in lines


def test_json_is_the_same_in_every_language(capsys) -> None:
    outputs = {
        language: run(capsys, "size", str(SAMPLE), "--json", "--lang", language)[1]
        for language in ("en", "fr", "de")
    }
    assert outputs["fr"] == outputs["en"] and outputs["de"] == outputs["en"]
    assert '"required_mib"' in outputs["en"]


def test_inspect_and_errors_in_the_chosen_language(capsys) -> None:
    status, out, _ = run(capsys, "inspect", str(SAMPLE), "--lang", "fr")
    assert status == 0
    assert out.splitlines()[:3] == [
        "format : rvtools",
        "source : sample-rvtools.xlsx (rvtools 4.7.1.4)",
        "VM : 298  hôtes : 19",
    ]
    status, out, err = run(capsys, "report", str(SAMPLE), "--lang", "de")
    assert (status, out) == (2, "")
    assert err == (
        "Fehler: Nichts zu schreiben: geben Sie --xlsx AUS.xlsx, --pdf AUS.pdf und/oder "
        "--pptx AUS.pptx an.\n"
    )


@pytest.mark.parametrize(
    ("argv", "env", "expected"),
    [
        (["size", "x"], {}, "en"),
        (["size", "x"], {"STOREPREDICT_LANG": "de"}, "de"),
        (["size", "x", "--lang", "fr"], {"STOREPREDICT_LANG": "de"}, "fr"),
        (["size", "x", "--lang=fr"], {}, "fr"),
        (["size", "x", "--json", "--lang", "fr"], {"STOREPREDICT_LANG": "de"}, "en"),
        (["size", "x"], {"STOREPREDICT_LANG": "xx"}, "en"),
    ],
)
def test_the_language_comes_from_lang_then_the_environment(argv, env, expected) -> None:
    assert chosen_language(argv, env) == expected


def test_an_unknown_language_is_refused(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["size", str(SAMPLE), "--lang", "es"])
    assert "invalid choice: 'es'" in capsys.readouterr().err
