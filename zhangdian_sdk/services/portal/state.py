"""What every route of the portal shares: the client, the index and its reader, the configuration and
the page renderer. ``create_app`` keeps one :class:`PortalState` in ``app.state.portal``."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core import messages
from zhangdian_sdk.core.accounts import Signer
from zhangdian_sdk.core.workdays import WorkCalendar, beijing
from zhangdian_sdk.services.indexer import Indexer, IndexReader
from zhangdian_sdk.services.portal.directory import PortalDirectory
from zhangdian_sdk.services.portal.i18n import TEXT, language
from zhangdian_sdk.services.portal.schemas import Freshness

__all__ = ["PACKAGE", "PortalConfig", "PortalState", "page", "portal_state", "words"]

PACKAGE = Path(str(resources.files("zhangdian_sdk.services.portal")))


@dataclass(frozen=True)
class PortalConfig:
    """Where explorer links point (a URL template with {tx}, or the portal's own transaction page), and
    the account that relays citizens' signed ratings (none: the portal shows ratings but takes none)."""

    explorer_tx_url: str | None = None
    relayer: Signer | None = None


@dataclass
class PortalState:
    client: ZhangdianClient
    config: PortalConfig
    indexer: Indexer
    reader: IndexReader
    relayer: ZhangdianClient | None
    templates: Jinja2Templates
    directory: PortalDirectory
    chain_id: int  # read once at start-up
    calendar: WorkCalendar = field(default_factory=WorkCalendar)  # the chain's working days (step deadlines)
    sync_lock: threading.Lock = field(default_factory=threading.Lock)

    def freshness(self) -> Freshness:
        """How current the index is: its last block and that block's time (from the index alone)."""
        head = self.reader.indexed_head()
        block, timestamp = head if head is not None else (0, 0)
        return Freshness(
            block_number=block,
            block_time=timestamp,
            block_time_beijing=beijing(timestamp) if timestamp else "",
            head_block=block,
            lag_blocks=0,
            checked_at_beijing=beijing(timestamp) if timestamp else "",
        )

    def synced(self) -> int:
        """Bring the index up to the chain's head, one request at a time; the block it reached."""
        with self.sync_lock:
            self.indexer.sync()
        return self.indexer.indexed_block()

    def tx_link(self, tx_hash: str) -> str:
        explorer = self.config.explorer_tx_url
        return explorer.format(tx=tx_hash) if explorer else f"/tx/{tx_hash}"


def portal_state(request: Request) -> PortalState:
    state: PortalState = request.app.state.portal
    return state


def page(request: Request, name: str, **context: Any) -> HTMLResponse:
    """A page in the language the query asks for (Chinese by default)."""
    state = portal_state(request)
    lang = language(request.query_params.get("lang"))
    block = state.client.w3.eth.block_number
    return state.templates.TemplateResponse(
        request, name, {"t": TEXT[lang], "lang": lang, "block": block, "texts": TEXT[lang], **context}
    )


def words(key: str) -> dict[str, str]:
    """A catalogue message in both languages."""
    return {lang: messages.text(key, lang) for lang in messages.LANGUAGES}
