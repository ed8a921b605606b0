"""Upload page: load exports (up to the file limit), a saved session or the sample."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from functools import partial
from importlib.resources import files as package_files

from nicegui import events, run, ui
from nicegui.elements.mixins.disableable_element import DisableableElement

from ..config import AppConfig
from ..i18n import _, format_date, format_number, ngettext, use_language
from ..pipeline import (
    Inventory,
    Limits,
    ProgressCallback,
    SourceFormat,
    StorePredictError,
    finding_text,
)
from ..pipeline.readers import check_file_count, check_upload_size
from ..pipeline.session import OpenedSession, SessionState
from ..server.progress_file import progress_file
from ..vocabulary import format_label, gib, megabytes
from . import language, recent_sessions, skeleton, store, upload_modes, upload_moments, widgets
from .frame import STEPS, UNTITLED, project_label, refresh_header
from .upload_progress import UploadProgress

ACCEPTED_SUFFIXES = ".xlsx,.csv,.zip"
SAMPLE_FILE = "sample-rvtools.xlsx"
DEFAULT_PROJECT = SessionState().project_name
PAGE_PATHS = {key: path for key, path, _label, _icon in STEPS}
# Quasar's uploader header shows "0.0B / 0.00%" once its queue is empty: the page shows its own
# progress ("Reading …") instead.
UPLOADER_CSS = ".sp-uploader .q-uploader__subtitle { display: none; }"


async def create(config: AppConfig) -> None:
    """Draw the upload page: project name, uploader, sample button and the loaded inventory."""

    async def draw(state: SessionState) -> None:
        _draw(config, state)
        await recent_sessions.draw()

    await skeleton.draw_page("upload", draw, needs_data=False)


def _draw(config: AppConfig, state: SessionState) -> None:
    controls: list[DisableableElement] = []
    intro = _(
        "RVTools or LiveOptics exports (.xlsx, .csv or .zip), one per vCenter or collection, "
        "or a saved StorePredict session (.zip)."
    )
    ui.add_css(UPLOADER_CSS)
    with (
        widgets.card(_("Load an inventory"), intro, icon="upload_file"),
        ui.row().classes("w-full gap-8 items-start flex-col md:flex-row md:flex-nowrap"),
    ):
        uploader = (
            ui.upload(
                label=_("Drop or pick files"),
                multiple=True,
                auto_upload=True,
                max_files=config.limits.max_files,
                max_file_size=config.limits.max_upload_bytes,
            )
            # batch: all files go in one request, so one selection makes one estate
            .props(
                f'accept="{ACCEPTED_SUFFIXES}" flat bordered color=primary batch '
                'data-testid="uploader"'
            )
            .classes("w-full md:w-96 sp-uploader")
            .mark("uploader")
        )
        with ui.column().classes("gap-3 w-full md:grow"):
            _project_name_input(state)
            choice = upload_modes.ModeChoice(state)
            sample = ui.button(_("Try the sample"), icon="science").props("outline no-caps")
            ui.label(
                _(
                    "Up to {count} files of at most {size} each. Select every export of the "
                    "estate together (RVTools and LiveOptics, one per vCenter).",
                    count=config.limits.max_files,
                    size=megabytes(config.limits.max_upload_bytes),
                )
            ).classes("text-sm text-slate-500")
            status = ui.column().classes("w-full gap-0")
            errors = ui.column().classes("w-full gap-0")
    controls += [uploader, sample]

    async def process(files: list[tuple[str, bytes]], progress: UploadProgress) -> None:
        def opener(channel: ProgressCallback) -> Awaitable[OpenedSession | None]:
            return upload_modes.open_upload(files, config.limits, choice.mode, channel)

        await _process(files, errors, controls, progress, opener)

    @language.in_tab_language  # an upload is an HTTP request, not a socket event
    async def on_files(event: events.MultiUploadEventArguments) -> None:
        errors.clear()
        progress = UploadProgress(status)
        try:
            files = await progress.unless_cancelled(
                _read_uploads(event.files, config.limits, progress)
            )
        except StorePredictError as error:
            progress.close()
            _show_error(errors, error)
            return
        finally:  # every attempt empties the list: no stale ticks, the picker stays available
            uploader.reset()
        if files is None:
            _cancelled(progress, errors)
            return
        await process(files, progress)

    def on_rejected() -> None:
        uploader.reset()
        limit = megabytes(config.limits.max_upload_bytes)
        ui.notify(
            _(
                "Select at most {count} files of at most {size} each.",
                count=config.limits.max_files,
                size=limit,
            ),
            type="negative",
        )

    async def on_sample() -> None:
        content = await run.io_bound(_sample_bytes)
        if content is not None:
            await process([(SAMPLE_FILE, content)], UploadProgress(status))

    uploader.on_multi_upload(on_files)
    uploader.on("finish", uploader.reset)  # and once the browser is done sending
    uploader.on_rejected(on_rejected)
    sample.on_click(on_sample)
    if state.last_update is not None:
        upload_modes.change_report_card(state.last_update)
    if state.inventory is not None:
        _summary(state.inventory)
        if (split := upload_moments.offered_split(state)) is not None:

            async def size_moments() -> None:
                files = store.get_originals()
                moments = partial(upload_moments.open_moments, split, files, config.limits)
                await _process(files, errors, controls, UploadProgress(status), moments)

            upload_moments.offer_card(split, size_moments)


def _project_name_input(state: SessionState) -> None:
    def rename(event: events.ValueChangeEventArguments) -> None:
        name = str(event.value or "").strip() or DEFAULT_PROJECT
        name = DEFAULT_PROJECT if name == _(UNTITLED) else name  # the default, as shown
        state = store.get_state().model_copy(update={"project_name": name})
        store.update_state(state)
        refresh_header(state)

    ui.input(_("Project name"), value=project_label(state), on_change=rename).props(
        'outlined dense maxlength=120 data-testid="project-input"'
    ).classes("w-full md:w-96").mark("project-input")


def _sample_bytes() -> bytes:
    return (package_files("storepredict") / "data" / SAMPLE_FILE).read_bytes()


async def _read_uploads(
    uploads: list[ui.upload.FileUpload], limits: Limits, progress: UploadProgress
) -> list[tuple[str, bytes]]:
    """The uploaded files as (name, bytes), refusing too many files or any file over the limit.

    Both checks come before any file is read (max_files and max_file_size are only enforced by
    the browser).
    """
    check_file_count(len(uploads), limits)
    for upload in uploads:
        check_upload_size(upload.name, upload.size(), limits)
    files = []
    for number, upload in enumerate(uploads, start=1):
        progress.show(
            _(
                "Receiving file {number} of {count}: {name}…",
                number=number,
                count=len(uploads),
                name=upload.name,
            )
        )
        files.append((upload.name, await upload.read()))
    return files


async def _process(
    files: list[tuple[str, bytes]],
    errors: ui.column,
    controls: list[DisableableElement],
    progress: UploadProgress,
    opener: Callable[[ProgressCallback], Awaitable[OpenedSession | None]],
) -> None:
    """Open the files off the event loop with `opener` (given the progress channel); on success
    replace the session, on failure keep it. Cancel keeps the session.
    """
    errors.clear()
    count = len(files)
    progress.show(
        _("Opening {name}…", name=files[0][0])
        if count == 1
        else _("Opening {count} files…", count=count)
    )
    for control in controls:
        control.disable()
    tab = store.tab_storage()  # taken before the await: a socket blip must not lose the result
    try:
        with progress_file() as channel:
            progress.follow(channel)
            outcome = await progress.unless_cancelled(opener(channel))
    except StorePredictError as error:
        _show_error(errors, error)
        return
    finally:
        progress.close()
        for control in controls:
            control.enable()
    if progress.cancelled:
        _cancelled(progress, errors)
        return
    if outcome is None:
        return
    new_state, originals, restored = outcome
    # A restored archive brings its language back (archives written before languages have none).
    if restored and "language" in new_state.model_fields_set:
        language.set_tab_language(new_state.language, tab)
    with use_language(language.tab_language(tab)):
        store.set_session(new_state, originals, tab)
    if restored and new_state.page != "upload":
        ui.navigate.to(PAGE_PATHS[new_state.page])
    else:
        ui.navigate.reload()


def _cancelled(progress: UploadProgress, errors: ui.column) -> None:
    progress.close()
    with errors:
        ui.label(_("Upload cancelled: your current session is unchanged.")).classes(
            "text-sm text-slate-600"
        ).mark("upload-cancelled")


def _show_error(errors: ui.column, error: StorePredictError) -> None:
    with errors:
        skeleton.show_error(error, _("Not loaded: your current session is unchanged"))


def _summary(inventory: Inventory) -> None:
    summary = store.inventory_summary(inventory)
    totals = summary.totals
    n = format_number
    with widgets.card(_("Inventory loaded"), icon="task_alt"), ui.column().classes("w-full gap-4"):
        for source in inventory.sources:
            _source_line(source.file_name, source.format, source.export_version, source.export_date)
        with ui.row().classes("w-full gap-3").props('data-testid="inventory-stats"'):
            widgets.stat(_("Format"), format_label(inventory.format))
            templates = summary.template_count
            including = ngettext(
                "incl. {number} template",
                "incl. {number} templates",
                templates,
                number=n(templates),
            )
            widgets.stat(_("VMs"), n(summary.vm_count), including, testid="vm-count")
            widgets.stat(_("Hosts"), n(summary.host_count), testid="host-count")
            widgets.stat(_("Clusters"), n(summary.cluster_count), testid="cluster-count")
            widgets.stat(_("Datacenters"), n(summary.datacenter_count))
            widgets.stat("vCenters", n(summary.vcenter_count))
        with ui.row().classes("w-full gap-3"):
            widgets.stat(_("Provisioned"), widgets.capacity(totals["provisioned_mib"]))
            widgets.stat(_("In use"), widgets.capacity(totals["in_use_mib"]))
            widgets.stat(_("Guest used"), widgets.capacity(totals["guest_used_mib"]))
            widgets.stat("vCPU", f"{n(int(totals['vcpu']))} vCPU")
            widgets.stat(_("Memory"), gib(totals["memory_mib"]))
        _findings(inventory)
        _continue_button(lambda: ui.navigate.to("/classify"))


def _source_line(name: str, kind: SourceFormat, version: str | None, date: str | None) -> None:
    with ui.row().classes("items-center gap-2 text-sm text-slate-600"):
        ui.icon("description", size="18px").classes("text-slate-400")
        ui.label(name).classes("font-medium text-slate-800")
        details = [format_label(kind)]
        if version:
            details.append(_("version {version}", version=version))
        if date:
            details.append(_("exported {date}", date=_export_date(date)))
        ui.label(" · ".join(details))


def _export_date(text: str) -> str:
    """An export's ISO date and time in the locale's medium date format, else as it came."""
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        return text
    clock = f" {when:%H:%M}" if len(text) > 10 else ""
    return format_date(when) + clock


def _findings(inventory: Inventory) -> None:
    if not inventory.findings:
        ui.label(_("No data-quality findings.")).classes("text-sm text-slate-500")
        return
    ui.label(_("Findings ({count})", count=format_number(len(inventory.findings)))).classes(
        "font-semibold text-slate-700"
    )
    with ui.column().classes("w-full gap-1").props('data-testid="findings"'):
        for finding in inventory.findings:
            with ui.row().classes("items-start gap-2 no-wrap"):
                warning = finding.severity == "warning"
                ui.icon("warning" if warning else "info", size="18px").classes(
                    "mt-0.5 " + ("text-amber-600" if warning else "text-sky-600")
                )
                ui.label(finding_text(finding)).classes("text-sm text-slate-700")


def _continue_button(on_click: Callable[[], None]) -> None:
    with ui.row().classes("w-full justify-end"):
        ui.button(_("Continue to classification"), icon="arrow_forward", on_click=on_click).props(
            "no-caps unelevated"
        )
