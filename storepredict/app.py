"""The NiceGUI application: page routes and the server entry point."""

from __future__ import annotations

from nicegui import app, run, ui

from .config import AppConfig
from .pages import classify, compute, layout, report, upload

TAB_STORAGE_MAX_AGE_S = 6 * 3600  # in-memory tab state outlives closed tabs; keep RAM bounded


def register_pages(config: AppConfig) -> None:
    """Register every page route with its dependencies passed in explicitly."""

    @ui.page("/", title="StorePredict · Upload")
    async def upload_page() -> None:
        await upload.create(config)

    @ui.page("/classify", title="StorePredict · Classify")
    async def classify_page() -> None:
        await classify.create(config)

    @ui.page("/layout", title="StorePredict · Layout")
    async def layout_page() -> None:
        await layout.create(config)

    @ui.page("/compute", title="StorePredict · Compute")
    async def compute_page() -> None:
        await compute.create(config)

    @ui.page("/report", title="StorePredict · Report")
    async def report_page() -> None:
        await report.create(config)


def serve(config: AppConfig) -> None:
    """Start the web server (blocks until it stops)."""
    run.process_pool_start_method = "fork"  # workers inherit the imported pipeline: fast start
    app.storage.max_tab_storage_age = TAB_STORAGE_MAX_AGE_S
    register_pages(config)
    ui.run(
        host=config.host,
        port=config.port,
        title="StorePredict",
        reload=False,
        show=False,
        favicon="📦",
        show_welcome_message=True,
    )
