"""Shared checks for the customer documents: the headline figures of `size --json` and no leaks."""

from __future__ import annotations

import json
import re
from pathlib import Path

from storepredict.cli import main
from storepredict.pipeline.classify.catalogue import load_catalogue
from storepredict.pipeline.units import format_capacity

SAMPLES = Path(__file__).resolve().parents[2] / "shared" / "samples"
EXPORT = SAMPLES / "rvtools-4.7.1-233vms.xlsx"
DETAILS = [
    "--customer",
    "Acme Industries",
    "--prepared-by",
    "Jo Lee",
    "--reference",
    "OPP-2026-042",
]
VM_ID = re.compile(r"vm-[0-9a-f]{6,}")
LITERAL = re.compile(r"[{}\[\]]")
# VMware's datastore path notation, e.g. "[ds01] vm/vm.vmdk", as health-check evidence names files
DATASTORE_PATH = re.compile(r"\[[\w .()-]+\]\s?[^\s;'\"]+")


def size_json(capsys, *args: str) -> dict:
    """The `size --json` document for the inputs."""
    assert main(["size", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def headline_strings(document: dict) -> list[str]:
    """Required capacity, effective DRR, datastore and host counts as the documents print them."""
    total = document["storage"]["total"]
    layout = document["layout"]
    return [
        format_capacity(total["required_mib"], "TiB"),
        f"{total['effective_drr']:.2f}:1",
        str(layout["strategies"][layout["chosen"]]["count"]),
        str(document["compute"]["hosts"]),
    ]


def finding_codes(document: dict, inventory_codes: set[str]) -> set[str]:
    """Every finding code the sizing produced."""
    codes = {f["code"] for f in document["storage"]["findings"]}
    return codes | {f["code"] for f in document["compute"]["warnings"]} | inventory_codes


def leaks(text: str, codes: set[str]) -> list[str]:
    """Internal ids, codes or Python literals found in a document's text."""
    found = VM_ID.findall(text) + LITERAL.findall(DATASTORE_PATH.sub("", text))
    class_ids = [c for c in load_catalogue() if "_" in c]
    found += [c for c in class_ids if re.search(rf"(?<![\w-]){re.escape(c)}(?![\w-])", text)]
    found += [c for c in codes if re.search(rf"(?<![\w-]){re.escape(c)}(?![\w-])", text)]
    return found


def scenario_state():
    """The 233-VM sample with a second scenario and one acknowledged health check."""
    from storepredict.pipeline.session import add_scenario, open_files

    state, _, _ = open_files([(EXPORT.name, EXPORT.read_bytes())])
    aggressive = state.settings.model_copy(update={"profile": "flat_2", "max_fill": 0.9})
    state = add_scenario(state, "Aggressive DRR", aggressive)
    return state.model_copy(update={"acknowledged": {"esxi_end_of_support": ACK_NOTE}})


ACK_NOTE = "Upgrade to ESXi 8 planned for the first quarter."


def flat(text: str) -> str:
    """Text with every run of white space as one space (lines a PDF wraps join again)."""
    return " ".join(text.split())
