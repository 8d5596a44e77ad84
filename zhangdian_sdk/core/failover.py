"""Several RPC endpoints of one chain: when one stops answering, the next one takes over.

Reads simply move on. A signed transaction sent again to another node of the same chain has the
same hash, so moving on never records anything twice; the transaction pipeline then waits for that
hash wherever it lands.

Usage: ``Web3(FailoverProvider(["http://node-a:8545", "http://node-b:8545"]))``, or give
``ZHANGDIAN_RPC_URL`` several URLs separated by commas.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from typing import Any

import requests
from web3 import HTTPProvider
from web3.providers.base import BaseProvider
from web3.types import RPCEndpoint, RPCResponse

from zhangdian_sdk.core.errors import NodeConnectionError

__all__ = ["FailoverProvider"]

_log = logging.getLogger(__name__)


class FailoverProvider(BaseProvider):
    """Sends each request to the current endpoint, moving to the next on a connection failure."""

    def __init__(self, urls: Sequence[str], *, request_timeout: float = 30.0) -> None:
        super().__init__()
        if not urls:
            raise NodeConnectionError("没有给出 RPC 节点 / no RPC endpoint given")
        self.urls = list(urls)
        self._providers = [HTTPProvider(url, request_kwargs={"timeout": request_timeout}) for url in self.urls]
        self._current = 0
        self._lock = threading.Lock()

    @property
    def current_url(self) -> str:
        return self.urls[self._current]

    def make_request(self, method: RPCEndpoint, params: Any) -> RPCResponse:
        failures = []
        for _attempt in range(len(self._providers)):
            with self._lock:
                index = self._current
            try:
                return self._providers[index].make_request(method, params)
            except (requests.ConnectionError, requests.Timeout, ConnectionError) as err:
                failures.append(f"{self.urls[index]}: {type(err).__name__}")
                with self._lock:
                    if self._current == index:
                        self._current = (index + 1) % len(self._providers)
                        _log.warning("RPC endpoint %s failed; moving to %s", self.urls[index], self.current_url)
        raise requests.ConnectionError("所有 RPC 节点都失败 / every RPC endpoint failed: " + "; ".join(failures))

    def is_connected(self, show_traceback: bool = False) -> bool:
        return any(provider.is_connected(show_traceback) for provider in self._providers)
