"""A restored session sizes exactly like the one that was saved, for every kind of input."""

from __future__ import annotations

from pathlib import Path

import pytest

from storepredict.pipeline.session.archive import save_session_zip
from storepredict.pipeline.session.open import open_files
from storepredict.pipeline.settings import load_settings
from storepredict.pipeline.sizing.run import size_session
from tests.real_inputs import KINDS, real_files


@pytest.mark.parametrize("kind", KINDS)
def test_sizing_after_restore_equals_sizing_before_save(samples_dir: Path, kind: str) -> None:
    state, originals, _ = open_files(real_files(samples_dir, kind))
    vms = state.inventory.vms
    settings = load_settings(
        {
            "basis": "provisioned",
            "vm_class_overrides": {vms[0].vm_id: ["db_oracle"]},
            "vm_drr_overrides": {vms[1].vm_id: 1.5},
            "class_drr_overrides": {"general_vm": 3.0},
            "scope": {"include_powered_off": True, "ignored_vm_ids": [vms[2].vm_id]},
            "layout": {"max_vms_per_datastore": 12, "chosen_strategy": "performance"},
            "compute": {"host_preset": "dell-r760-2x-xeon-gold-6430", "scenario": "stretched"},
        }
    )
    state = state.model_copy(update={"settings": settings, "page": "compute"})
    before = size_session(state)

    restored, restored_originals, _ = open_files(
        [("s.storepredict.zip", save_session_zip(state, originals))]
    )

    assert restored == state
    assert [content for _, content in restored_originals] == [content for _, content in originals]
    after = size_session(restored)
    assert after.storage == before.storage
    assert after.layout == before.layout
    assert after.compute == before.compute
    assert before.layout.chosen == "performance"
    assert before.compute.scenario == "stretched"
