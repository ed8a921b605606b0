"""Settings as fields: ranges read from the model, labels for every one, refusals in words."""

from __future__ import annotations

import pytest

from storepredict import vocabulary as vocab
from storepredict.pipeline.errors import SettingsError
from storepredict.pipeline.settings import (
    DRR_BOUNDS,
    Bounds,
    Refusal,
    SizingSettings,
    check_settings,
    field_bounds,
    numeric_fields,
    setting_display,
)


def test_bounds_come_from_the_field_constraints() -> None:
    assert field_bounds(("max_fill",)) == Bounds(0, False, 1, True)
    assert field_bounds(("layout", "max_vms_per_datastore")) == Bounds(1, True, None, True)
    assert field_bounds(("compute", "stretched_split")) == Bounds(0, False, 1, False)
    assert field_bounds(("compute", "custom_host", "sockets")) == Bounds(1, True, 8, True)
    assert field_bounds(("class_drr_overrides", "vdi_full_clone")) == DRR_BOUNDS
    assert field_bounds(("no_such_setting",)) == Bounds()


def test_numeric_fields_list_every_number_with_its_default() -> None:
    fields = {field.path: field for field in numeric_fields()}
    assert fields["snapshot_reserve"].default == SizingSettings().snapshot_reserve
    assert fields["layout.max_vms_per_datastore"].whole
    assert not fields["max_fill"].whole
    assert "compute.custom_host.sockets" not in fields  # no custom host by default
    assert "class_drr_overrides" not in fields


def test_every_numeric_setting_has_a_label_a_person_reads() -> None:
    for field in numeric_fields():
        label = vocab.setting_label(field.path).label
        assert setting_display(field.path) is not None, field.path
        assert "_" not in label and label != field.path, (field.path, label)


def test_a_refusal_is_worded_by_the_caller() -> None:
    seen: list[Refusal] = []

    def explain(refusal: Refusal) -> str:
        seen.append(refusal)
        return "worded"

    with pytest.raises(SettingsError, match=r"^worded$"):
        check_settings({"layout": {"fill_limit": 0}}, explain)
    assert seen == [Refusal(("layout", "fill_limit"), Bounds(0, False, 1, True), 0, seen[0].reason)]
    with pytest.raises(SettingsError, match=r"Unknown setting 'layout\.fill'"):
        check_settings({"layout": {"fill": 0}}, explain)
    assert check_settings({"years": 5}, explain).years == 5


def test_ranges_read_in_the_page_unit() -> None:
    label = vocab.setting_label("layout.fill_limit")
    assert vocab.allowed_range(field_bounds(("layout", "fill_limit")), label.unit, label.scale) == (
        "above 0 % and at most 100 %"
    )
    assert vocab.allowed_range(DRR_BOUNDS, ":1") == "above 0:1 and at most 100:1"
    assert vocab.setting_label("class_drr_overrides.db_oracle").label == (
        "DRR override for Oracle Database"
    )
    assert vocab.setting_label("layout.some_new_limit_mib") == vocab.SettingLabel(
        "Some new limit", "MiB"
    )


def test_power_states_read_as_words() -> None:
    assert [vocab.power_label(state) for state in ("on", "off", "suspended", "unknown")] == [
        "Powered on",
        "Powered off",
        "Suspended",
        "Unknown",
    ]
