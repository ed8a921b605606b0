"""The NiceGUI application: page routes and the server entry point."""

from __future__ import annotations

from fastapi.middleware.gzip import GZipMiddleware
from nicegui import app, background_tasks, run, ui
from nicegui.storage import Storage
from starlette.types import ASGIApp

from .config import AppConfig
from .pages import classify, compute, health, language, layout, report, scenarios, store, upload
from .server import heap
from .server.install import build_session_store, install_guards

TAB_STORAGE_MAX_AGE_S = 6 * 3600  # in-memory tab state outlives closed tabs; keep RAM bounded


def register_pages(config: AppConfig) -> None:
    """Register every page route with its dependencies passed in explicitly."""
    language.install_handler_language()  # event handlers run in their tab's language

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

    @ui.page("/scenarios", title="StorePredict · Compare scenarios")
    async def scenarios_page() -> None:
        await scenarios.create(config)

    @ui.page("/report", title="StorePredict · Report")
    async def report_page() -> None:
        await report.create(config)

    @ui.page("/health", title="StorePredict · Health")
    async def health_page() -> None:
        await health.create(config)


def serve(config: AppConfig) -> None:
    """Start the web server (blocks until it stops)."""
    # Not "fork": the pool starts workers lazily, mid-request, and forked workers would inherit
    # the open keep-alive sockets of every browser connection, which then never close.
    run.process_pool_start_method = "spawn"
    app.storage.max_tab_storage_age = TAB_STORAGE_MAX_AGE_S
    app.on_startup(_warm_up_worker)
    app.on_startup(heap.install)
    app.on_startup(lambda: background_tasks.create(heap.collect_frozen_periodically()))
    install_guards(app, config)
    if config.redis_url:
        Storage.redis_url = config.redis_url  # tab storage in Redis: any replica serves a tab
    sessions = build_session_store(config)
    store.install_sessions(sessions)
    if (backend := sessions.backend) is not None:
        app.on_startup(lambda: run.io_bound(backend.prune))
    app.on_shutdown(sessions.flush)
    register_pages(config)
    ui.run(
        host=config.host,
        port=config.port,
        title="StorePredict",
        reload=False,
        show=False,
        favicon="📦",
        show_welcome_message=True,
        reconnect_timeout=10.0,  # keep a tab's client through load spikes on a shared server
        # No per-message deflate: it compresses every WebSocket frame on the event loop, and a
        # 6 MB session download or 10,000 grid rows stalled every other tab for ~0.6 s.
        ws_per_message_deflate=False,
        # Responses are compressed on the event loop: at Starlette's level 9 a 3 MB script
        # held every tab for ~100 ms; level 1 takes ~23 ms and writes ~25 % more bytes.
        gzip_middleware_factory=_fast_gzip,
    )


def _fast_gzip(asgi_app: ASGIApp) -> GZipMiddleware:
    return GZipMiddleware(asgi_app, minimum_size=1000, compresslevel=1)


async def _warm_up_worker() -> None:
    """Start one pool worker and import the pipeline in it, so the first upload is not slow."""
    await run.cpu_bound(import_pipeline)


def import_pipeline() -> bool:
    """Import the heavy pipeline modules (pandas, fastexcel, pydantic models) in this process."""
    from .pipeline import session, sizing  # noqa: F401

    return True
