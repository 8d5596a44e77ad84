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

Usage: ``uvicorn.run(create_app(client, "sqlite:///index.db"), host="127.0.0.1")``.
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.services.indexer import Indexer, IndexReader
from zhangdian_sdk.services.portal.limits import install_limits
from zhangdian_sdk.services.portal.routers import lookup, transactions, transparency, uses, vendor, verify
from zhangdian_sdk.services.portal.state import PACKAGE, PortalConfig, PortalState

__all__ = ["PortalConfig", "create_app"]


def create_app(client: ZhangdianClient, database_url: str, config: PortalConfig | None = None) -> FastAPI:
    """The portal for one deployment, with its index in ``database_url`` (kept in sync on demand)."""
    config = config or PortalConfig()
    app = FastAPI(
        title="张店区政务服务区块链 Zhangdian Chain portal",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    install_limits(app)  # bad input: a clear 4xx before any work, never a 500 (portal/limits.py)
    app.mount("/static", StaticFiles(directory=str(PACKAGE / "static")), name="static")
    indexer = Indexer(client.w3, client.deployment, database_url)
    app.state.portal = PortalState(
        client=client,
        config=config,
        indexer=indexer,
        reader=IndexReader(indexer.engine),
        relayer=ZhangdianClient(client.w3, client.deployment, signer=config.relayer) if config.relayer else None,
        templates=Jinja2Templates(directory=str(PACKAGE / "templates")),
    )
    for module in (vendor, lookup, verify, uses, transparency, transactions):
        app.include_router(module.router)
    return app
