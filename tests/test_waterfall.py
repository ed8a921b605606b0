"""The capacity waterfall: hand-computed steps from logical to required, and the CLI contract."""

from __future__ import annotations

import itertools
import json

import pytest

from storepredict.cli import main
from storepredict.pipeline.settings import load_settings
from storepredict.pipeline.sizing.storage import size_storage
from tests.test_cli import SAMPLE
from tests.test_storage import CLASSES, ESTATE


def test_each_waterfall_step_by_hand() -> None:
    # In scope: 500,000 / 5 + 300,000 / 3 + 150,000 / 1.5 + 100,000 / 1 = 400,000 MiB reduced
    # from 1,050,000 MiB logical (effective 2.625:1); x 1.15 = 460,000; x 1.331 = 612,260;
    # / 0.80 = 765,325 MiB required.
    result = size_storage(ESTATE, CLASSES, load_settings({}))
    steps = [(s.step, s.label, s.mib, s.factor) for s in result.waterfall]
    assert [s[0] for s in steps] == ["logical", "reduced", "snapshot_reserve", "growth", "required"]
    assert [s[1] for s in steps] == [
        "Logical capacity (in use)",
        "After data reduction (effective ratio 2.62:1)",
        "Plus snapshot reserve of 15 %",
        "Grown 10 % a year for 3 years (x 1.331)",
        "Required at a maximum fill of 80 %",
    ]
    assert [s[2] for s in steps] == pytest.approx([1_050_000, 400_000, 460_000, 612_260, 765_325])
    assert [s[3] for s in steps] == pytest.approx([1, 1 / 2.625, 1.15, 1.331, 1.25])
    assert steps[0][2] == result.total.logical_mib
    assert steps[-1][2] == result.total.required_mib


def test_the_waterfall_follows_the_settings() -> None:
    values = {"snapshot_reserve": 0.2, "annual_growth": 0.05, "years": 1, "max_fill": 0.75}
    result = size_storage(ESTATE, CLASSES, load_settings({"basis": "provisioned", **values}))
    labels = [s.label for s in result.waterfall]
    assert labels[0] == "Logical capacity (provisioned)"
    assert labels[2:] == [
        "Plus snapshot reserve of 20 %",
        "Grown 5 % a year for 1 year (x 1.050)",
        "Required at a maximum fill of 75 %",
    ]


def test_size_json_has_the_waterfall_from_logical_to_required(capsys) -> None:
    assert main(["size", str(SAMPLE), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    storage = document["storage"]
    waterfall = storage["waterfall"]
    assert [s["step"] for s in waterfall] == [
        "logical",
        "reduced",
        "snapshot_reserve",
        "growth",
        "required",
    ]
    assert all(set(s) == {"step", "label", "mib", "factor"} for s in waterfall)
    assert waterfall[0]["mib"] == storage["total"]["logical_mib"]
    assert waterfall[-1]["mib"] == storage["total"]["required_mib"]
    for before, after in itertools.pairwise(waterfall):
        assert after["mib"] == pytest.approx(before["mib"] * after["factor"], rel=1e-12)
