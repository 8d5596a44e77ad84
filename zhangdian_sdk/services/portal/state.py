"""What every route of the portal shares: the client, the index and its reader, the names directory, the
follower's status, the configuration and the page renderer. ``create_app`` keeps one
:class:`PortalState` in ``app.state.portal``.

Nothing here reads the chain on a request: the follower (:mod:`zhangdian_sdk.services.portal.follower`)
polls the node in the background and records what it saw in :class:`FollowStatus`;
:meth:`PortalState.freshness` combines that with the index's last block.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy.exc import InterfaceError, OperationalError

from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core import messages
from zhangdian_sdk.core.accounts import Signer
from zhangdian_sdk.core.workdays import WorkCalendar, beijing_moment
from zhangdian_sdk.services.indexer import Indexer, IndexReader
from zhangdian_sdk.services.indexer.queries import IndexedBlock
from zhangdian_sdk.services.portal.directory import PortalDirectory
from zhangdian_sdk.services.portal.errors import Unavailable
from zhangdian_sdk.services.portal.i18n import TEXT, language
from zhangdian_sdk.services.portal.schemas import Freshness

__all__ = [
    "PACKAGE",
    "FollowStatus",
    "PortalConfig",
    "PortalState",
    "page",
    "portal_state",
    "words",
]

PACKAGE = Path(str(resources.files("zhangdian_sdk.services.portal")))


@dataclass(frozen=True)
class PortalConfig:
    """Where explorer links point (a URL template with {tx}, or the portal's own transaction page), the
    account that relays citizens' signed ratings (none: the portal shows ratings but takes none), how
    often the follower polls the node (seconds; 0: no follower, a test drives it by hand) and after how
    many seconds without an answer from the node the portal says it is unavailable (503); the follower
    indexes up to the head less ``confirmations`` blocks."""

    explorer_tx_url: str | None = None
    explorer_address_url: str | None = None  # e.g. https://.../address/{address}: the self-check panel's link
    relayer: Signer | None = None
    follow_interval: float = 1.0
    stale_after: float = 30.0
    confirmations: int = 0


@dataclass
class FollowStatus:
    """What the follower last saw, written by its thread and read by requests (under ``lock``)."""

    running: int = 0  # how many app lifespans started the follower (0: none is polling)
    head_block: int | None = None  # the chain's head at the last answer
    indexed_block: int | None = None  # the index's last block after the last successful poll
    checked_at: float | None = None  # wall clock of the last successful poll (unix seconds)
    answered_at: float | None = None  # monotonic clock of the node's last answer
    ready: bool = False  # the first poll finished (directory loaded, index caught up once)
    error: str | None = None  # the last poll's failure (None after a successful one)
    polls: int = 0  # successful polls (tests wait for the next one)
    lock: threading.Condition = field(default_factory=threading.Condition)
    wake: threading.Event = field(default_factory=threading.Event)


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
    calendar: WorkCalendar  # the chain's working days (step deadlines), read once at start-up
    follow: FollowStatus = field(default_factory=FollowStatus)
    _last_block_cache: tuple[int | None, IndexedBlock | None] | None = None

    def tx_link(self, tx_hash: str) -> str:
        explorer = self.config.explorer_tx_url
        return explorer.format(tx=tx_hash) if explorer else f"/tx/{tx_hash}"

    def freshness(self) -> Freshness:
        """How current the index is, from the index and the follower's status only (no chain read): the
        last indexed block and its time, the head the follower last saw, the lag, when it looked."""
        last = self._last_block()
        number, timestamp = (last.number, last.timestamp) if last else (self.indexer.deployment.start_block - 1, 0)
        with self.follow.lock:
            head, checked = self.follow.head_block, self.follow.checked_at
        head = number if head is None else max(head, number)
        return Freshness(
            block_number=number,
            block_time=timestamp,
            block_time_beijing=beijing_moment(timestamp) if timestamp else "",
            head_block=head,
            lag_blocks=head - number,
            checked_at_beijing=beijing_moment(checked) if checked is not None else "",
        )

    def _last_block(self) -> IndexedBlock | None:
        """The index's last block, read again only when the follower has indexed more (a lookup then
        costs no query for it); without a follower, whoever drives the index may change it: read it."""
        with self.follow.lock:
            running, indexed = self.follow.running, self.follow.indexed_block
        cached = self._last_block_cache
        if running and cached is not None and cached[0] == indexed:
            return cached[1]
        last = self.reader.last_block()
        self._last_block_cache = (indexed, last) if running else None
        return last

    def check_available(self) -> None:
        """Raise :class:`Unavailable` while the follower is catching up at start, or has failed to reach
        the node for more than ``stale_after`` seconds (the index it serves from is then stale)."""
        status = self.follow
        with status.lock:
            if not status.running:
                return  # no follower: whoever drives the index (a test, `zhangdian index follow`) answers for it
            if not status.ready:
                raise Unavailable(f"the index is catching up with the chain ({status.error or 'starting'})")
            if status.error is None:
                return
            silent = time.monotonic() - (status.answered_at or 0.0)
            if silent > self.config.stale_after:
                raise Unavailable(f"the node has not answered for {silent:.0f} s: {status.error}")

    def wait_indexed(self, block: int, timeout: float = 10.0) -> bool:
        """Wait (without syncing) until the follower has indexed ``block``, waking it now; for a route that
        has just sent a transaction and answers with what the index says. False on timeout or no follower."""
        status = self.follow
        deadline = time.monotonic() + timeout
        with status.lock:
            while status.running and (status.indexed_block or -1) < block:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                status.wake.set()
                status.lock.wait(min(remaining, 0.5))
            return (status.indexed_block or -1) >= block


def portal_state(request: Request) -> PortalState:
    state: PortalState = request.app.state.portal
    return state


def page(request: Request, name: str, **context: Any) -> HTMLResponse:
    """A page in the language the query asks for (Chinese by default), with the index's freshness in
    the footer (none if the index cannot be read: the page still renders, the data routes answer 503)."""
    state = portal_state(request)
    lang = language(request.query_params.get("lang"))
    try:
        freshness: Freshness | None = state.freshness()
    except (OperationalError, InterfaceError):
        freshness = None
    return state.templates.TemplateResponse(
        request, name, {"t": TEXT[lang], "lang": lang, "freshness": freshness, "texts": TEXT[lang], **context}
    )


def words(key: str) -> dict[str, str]:
    """A catalogue message in both languages."""
    return {lang: messages.text(key, lang) for lang in messages.LANGUAGES}
