"""Headless `update` and `compare`: carry a session onto a newer export, compare its scenarios."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from .commands import Files, dump_json, read_settings_file, sizing_document
from .i18n import _, active_language, format_number, ngettext
from .pipeline import Limits, SettingsError
from .pipeline.session import (
    add_scenario,
    change_summary,
    compare_scenarios,
    open_files,
    save_session_zip,
    update_session,
)
from .pipeline.sizing import size_session
from .vocabulary import capacity, ratio


def update(
    session: tuple[str, bytes],
    exports: Files,
    limits: Limits,
    *,
    as_json: bool,
    allow_no_match: bool,
    save_session: Path | None,
    out: TextIO,
) -> None:
    """Carry a saved session's decisions onto newer exports; print the sizing and the changes."""
    state, _originals, restored = open_files([session], limits)
    if not restored:
        raise SettingsError(
            _(
                "{name} is not a saved session: give the session archive first, then the "
                "newer export(s).",
                name=session[0],
            )
        )
    updated, originals = update_session(state, exports, limits, allow_no_match=allow_no_match)
    updated = updated.model_copy(update={"language": active_language()})  # its messages' language
    if save_session is not None:
        save_session.write_bytes(save_session_zip(updated, originals))
    report = updated.last_update
    assert report is not None
    if as_json:
        document = sizing_document(updated, size_session(updated))
        document["update"] = update_document(report.model_dump(mode="json", by_alias=True))
        dump_json(document, out)
        return
    out.write("\n".join(change_summary(report)) + "\n")


def update_document(report: dict[str, Any]) -> dict[str, Any]:
    """The `update` object of `update --json`: names, carried counts, dropped decisions, delta."""
    return {
        "matched": report["matched"],
        "added": report["added"],
        "removed": report["removed"],
        "renamed": report["renamed"],
        "resized": report["resized"],
        "carried": report["carried"],
        "dropped": report["dropped"],
        "missing_scope": report["missing_scope"],
        "delta": report["delta"],
    }


def compare(
    files: Files,
    limits: Limits,
    scenarios: Sequence[str],
    *,
    as_json: bool,
    out: TextIO,
) -> None:
    """Size every scenario (a session's own, plus NAME=settings.json ones) side by side."""
    state, _originals, _restored = open_files(files, limits)
    for spec in scenarios:
        name, separator, path = spec.partition("=")
        if not separator or not name.strip() or not path:
            raise SettingsError(
                _(
                    "--scenario {spec} is not NAME=settings.json: name the scenario, then its "
                    "settings file.",
                    spec=repr(spec),
                )
            )
        settings = read_settings_file(Path(path))
        assert settings is not None
        state = add_scenario(state, name, settings)
    rows = compare_scenarios(state)
    if as_json:
        dump_json({"scenarios": [row.model_dump(mode="json") for row in rows]}, out)
        return
    for row in rows:
        drr = _("n/a") if row.effective_drr is None else ratio(row.effective_drr)
        datastores = ngettext(
            "{number} datastore",
            "{number} datastores",
            row.datastores,
            number=format_number(row.datastores),
        )
        hosts = ngettext(
            "{number} host", "{number} hosts", row.hosts, number=format_number(row.hosts)
        )
        line = _(
            "{name}: required {capacity}, DRR {drr}, {datastores}, {hosts}",
            name=row.name,
            capacity=capacity(row.required_mib, "TiB"),
            drr=drr,
            datastores=datastores,
            hosts=hosts,
        )
        out.write(line + "\n")
