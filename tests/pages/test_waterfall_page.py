"""Issue 13 item 2: the classify page draws the pipeline's capacity waterfall with each factor."""

from __future__ import annotations

import asyncio

from nicegui.testing import User

from storepredict.pages import store
from storepredict.pipeline.limits import DEFAULT_LIMITS
from storepredict.pipeline.session.open import open_files
from storepredict.pipeline.sizing.run import size_session

from .helpers import WAIT, by_testid, sample_bytes, visit


def bar_labels(user: User) -> list[str]:
    """The label of each bar of the waterfall chart."""
    chart = by_testid(user, "waterfall")
    return [bar["label"]["formatter"] for bar in chart.options["series"][0]["data"]]


async def test_classify_page_draws_the_waterfall_and_redraws_it(user: User) -> None:
    state, originals, _ = open_files([("sample-rvtools.xlsx", sample_bytes())], DEFAULT_LIMITS)
    steps = size_session(state).storage.waterfall
    await visit(user, "/")
    with user:
        store.set_session(state, originals)
    await visit(user, "/classify")
    await user.should_see(marker="waterfall", retries=WAIT)
    await user.should_see("Capacity waterfall")
    await user.should_see("physical, after data reduction", retries=WAIT)
    labels = bar_labels(user)
    assert labels[0] == f"{steps[0].mib / 2**20:,.2f} TiB"
    # after the first bar: the factor, then the capacity after the step
    assert [label.split("\n")[0] for label in labels[1:]] == [
        f"× {steps[1].factor:.3f}",
        "× 1.150",
        "× 1.331",
        "× 1.250",
    ]
    await user.should_see(f"{steps[2].label}: {steps[2].mib / 2**20:,.2f} TiB (× 1.150)")

    field = by_testid(user, "assumption-snapshot_reserve")
    with user:
        field.set_value(30)
    for _ in range(WAIT):
        if bar_labels(user)[2].startswith("× 1.300"):
            break
        await asyncio.sleep(0.1)
    assert bar_labels(user)[2].startswith("× 1.300")
    await user.should_see("Plus snapshot reserve of 30 %", retries=WAIT)
