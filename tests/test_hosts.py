"""Host presets (data/host_presets.csv), their parsing and the host a sizing resolves to."""

from __future__ import annotations

import pytest

from storepredict.pipeline.errors import SettingsError
from storepredict.pipeline.settings import ComputeSettings, CustomHost
from storepredict.pipeline.sizing.hosts import HostSpec, host_spec, load_presets, parse_presets

HEADER = "id,vendor,model,cpu_model,sockets,cores_per_socket,base_ghz,ram_gib\n"


def test_shipped_presets_hold_at_least_12_distinct_one_and_two_socket_servers():
    presets = load_presets()
    assert len(presets) == 16
    assert len({p.id for p in presets}) == 16
    assert {p.sockets for p in presets} == {1, 2}
    assert sum(p.sockets == 1 for p in presets) == 4
    assert {p.vendor for p in presets} == {"Dell", "HPE", "Lenovo", "Cisco"}


def test_default_preset_is_the_r760_with_two_gold_6430():
    spec = host_spec(ComputeSettings())
    assert spec == HostSpec(
        id="dell-r760-2x-xeon-gold-6430",
        vendor="Dell",
        model="PowerEdge R760",
        cpu_model="Intel Xeon Gold 6430",
        sockets=2,
        cores_per_socket=32,
        base_ghz=2.1,
        ram_gib=1024,
    )
    assert spec.cores == 64  # 2 sockets x 32 cores
    assert spec.ram_mib == 1_048_576  # 1024 GiB x 1024
    assert spec.label == "Dell PowerEdge R760, 2 x Intel Xeon Gold 6430 (32c, 2.1 GHz), 1024 GiB"


def test_named_preset_resolves_to_its_row():
    spec = host_spec(ComputeSettings(host_preset="hpe-dl325-gen11-1x-epyc-9354p"))
    assert (spec.vendor, spec.model, spec.cpu_model) == (
        "HPE",
        "ProLiant DL325 Gen11",
        "AMD EPYC 9354P",
    )
    assert (spec.sockets, spec.cores, spec.base_ghz, spec.ram_gib) == (1, 32, 3.25, 768)


def test_custom_host_wins_over_the_preset():
    settings = ComputeSettings(
        host_preset="no-such-preset",
        custom_host=CustomHost(
            name="Lab box", sockets=1, cores_per_socket=24, ghz=3.0, ram_gib=512
        ),
    )
    spec = host_spec(settings)
    assert (spec.id, spec.model, spec.cpu_model) == ("custom", "Lab box", "Custom CPU")
    assert (spec.cores, spec.base_ghz, spec.ram_mib) == (24, 3.0, 524_288)
    assert spec.label == "Lab box, 1 x Custom CPU (24c, 3 GHz), 512 GiB"


def test_custom_host_with_a_blank_name_gets_a_default_name():
    spec = host_spec(ComputeSettings(custom_host=CustomHost(name="  ")))
    assert spec.model == "Custom host"
    assert spec.cores == 64  # CustomHost defaults: 2 x 32


def test_unknown_preset_names_it_and_lists_the_known_ones():
    with pytest.raises(SettingsError) as err:
        host_spec(ComputeSettings(host_preset="dell-r750"))
    message = str(err.value)
    assert message.startswith(
        "Unknown host preset 'dell-r750' (setting 'compute.host_preset'): choose one of "
        "dell-r760-2x-xeon-gold-6430, dell-r760-2x-xeon-gold-6548y-plus, "
    )
    assert message.endswith("cisco-c220-m7-2x-xeon-silver-4416-plus, or define a custom host.")


def test_parse_presets_reads_rows_in_order_and_ignores_extra_columns():
    text = (
        "id,vendor,model,cpu_model,sockets,cores_per_socket,base_ghz,ram_gib,notes\n"
        "b, Acme ,X1,Chip 9,1,8,3.5,128,spare\n"
        "a,Acme,X2,Chip 9,2,8,3.5,256,\n"
    )
    presets = parse_presets(text)
    assert [p.id for p in presets] == ["b", "a"]
    assert presets[0].vendor == "Acme"  # trimmed
    assert (presets[1].cores, presets[1].ram_mib) == (16, 262_144)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "id,vendor\nx,y\n",
            "host_presets.csv lacks the column(s) model, cpu_model, sockets, cores_per_socket, "
            "base_ghz, ram_gib: its header must be "
            "id,vendor,model,cpu_model,sockets,cores_per_socket,base_ghz,ram_gib.",
        ),
        (
            HEADER + "a,V,M,C,two,8,2,64\n",
            "host_presets.csv line 2: Invalid host preset column 'sockets': must be a whole "
            "number. Correct that value.",
        ),
        (
            HEADER + "a,V,M,C,1,8,0,64\n",
            "host_presets.csv line 2: Invalid host preset column 'base_ghz': must be greater "
            "than 0. Correct that value.",
        ),
        (
            HEADER + "a,V,M,C,1,8,2,64\nb,V,M,C,1,8,2,64\na,V,M,C,2,8,2,64\n",
            "host_presets.csv line 4: host preset id 'a' appears twice; give every preset its "
            "own id.",
        ),
        (HEADER, "host_presets.csv has no host presets: add at least one row."),
    ],
)
def test_parse_presets_rejects_bad_files_with_the_line(text, message):
    with pytest.raises(SettingsError) as err:
        parse_presets(text)
    assert str(err.value) == message
