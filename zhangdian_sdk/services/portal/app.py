"""The citizen portal: look up an application, verify a certificate, see who used your materials,
and the departments' transparency figures. A JSON API under /api/ (OpenAPI at /api/openapi.json)
serves the pages; the routes live in :mod:`zhangdian_sdk.services.portal.routers`, one module per page.

Nothing personal reaches the server: the browser computes the application id and the applicant
commitment from what the citizen types, and a certificate's hashes from the file it picked; only
hashes are sent. The records are public on chain, commitment included: the lookup shows a citizen
their application, it does not hide it from anyone (SECURITY.md, "What is public").

好差评: once the application is concluded the page offers a rating; the browser signs it with the key
derived from the receipt code (which stays in the browser) and the portal relays the signed rating with
its relayer account (``PortalConfig.relayer``), which can change neither the application nor the score.

The pages and the API read the index only: a follower thread, started and stopped with the app
(its lifespan), keeps it in step with the chain (:mod:`zhangdian_sdk.services.portal.follower`), and every
answer says how fresh it is. If the node stops answering or the index fails, they answer 503
(:mod:`zhangdian_sdk.services.portal.errors`), never "not found".

Usage: ``uvicorn.run(create_app(client, "sqlite:///index.db"), host="127.0.0.1")``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core.workdays import WorkCalendar, load_year, shipped_years
from zhangdian_sdk.services.indexer import Indexer, IndexReader
from zhangdian_sdk.services.portal.directory import PortalDirectory
from zhangdian_sdk.services.portal.errors import api_available, install_error_handlers
from zhangdian_sdk.services.portal.follower import Follower
from zhangdian_sdk.services.portal.limits import install_limits
from zhangdian_sdk.services.portal.routers import lookup, transactions, transparency, uses, vendor, verifier, verify
from zhangdian_sdk.services.portal.state import PACKAGE, PortalConfig, PortalState

__all__ = ["PortalConfig", "create_app"]


def create_app(client: ZhangdianClient, database_url: str, config: PortalConfig | None = None) -> FastAPI:
    """The portal for one deployment, with its index in ``database_url``, kept current by the follower
    while the app runs (``app.state.follower``; ``config.follow_interval=0``: not started)."""
    config = config or PortalConfig()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.follower.start()
        try:
            yield
        finally:
            app.state.follower.stop()

    app = FastAPI(
        title="张店区政务服务区块链 Zhangdian Chain portal",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
        lifespan=lifespan,
        dependencies=[Depends(api_available)],
    )
    install_limits(app)  # bad input: a clear 4xx before any work, never a 500 (portal/limits.py)
    app.mount("/static", StaticFiles(directory=str(PACKAGE / "static")), name="static")
    indexer = Indexer(client.w3, client.deployment, database_url, confirmations=config.confirmations)
    app.state.portal = PortalState(
        client=client,
        config=config,
        indexer=indexer,
        reader=IndexReader(indexer.engine),
        relayer=ZhangdianClient(client.w3, client.deployment, signer=config.relayer) if config.relayer else None,
        templates=Jinja2Templates(directory=str(PACKAGE / "templates")),
        directory=PortalDirectory(client),
        chain_id=client.deployment.chain_id,
        calendar=_calendar(client),
    )
    app.state.follower = Follower(app.state.portal)
    install_error_handlers(app)
    for module in (vendor, lookup, verify, uses, transparency, transactions, verifier):
        app.include_router(module.router)
    return app


def _calendar(client: ZhangdianClient) -> WorkCalendar:
    """The working days step deadlines are counted in: the years set on chain, read once at start-up;
    the shipped calendars (what a deployment sets) if the node cannot say now."""
    try:
        return client.calendar.mirror(shipped_years())
    except Exception:  # noqa: BLE001 - the portal starts without the node; the shipped years are the default
        return WorkCalendar({year: load_year(year).bitmap() for year in shipped_years()})
