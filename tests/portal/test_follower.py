"""The portal serves from its index: a follower thread keeps it current, requests neither sync nor read
the chain, every answer says how fresh it is, and an outage is a 503 "service unavailable", not "not
found" (issue 15, item 1)."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine
from web3 import HTTPProvider, Web3

from tests.conftest import free_port
from tests.portal.conftest import PortalData
from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core.codes import application_id, number_hash
from zhangdian_sdk.core.deployments import Deployment
from zhangdian_sdk.core.workdays import beijing_moment
from zhangdian_sdk.ops.localchain import LocalChain
from zhangdian_sdk.services.portal import PortalConfig, create_app
from zhangdian_sdk.services.portal.errors import UNAVAILABLE
from zhangdian_sdk.services.portal.state import PortalState

UNAVAILABLE_JSON = {"detail": UNAVAILABLE}


class CountingProvider(HTTPProvider):
    """An HTTP provider that counts the JSON-RPC requests it sends."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.calls: list[str] = []

    def make_request(self, method: Any, params: Any) -> Any:
        self.calls.append(str(method))
        return super().make_request(method, params)


class SwitchableNode:
    """A JSON-RPC relay to the session's anvil on a port of its own, which a test turns off and on: off,
    the port refuses connections, as a node that went down does."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.port = free_port()
        self._server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        upstream = self.upstream

        class Relay(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                answer = requests.post(upstream, data=body, headers={"Content-Type": "application/json"}, timeout=30)
                self.send_response(answer.status_code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer.content)))
                self.end_headers()
                self.wfile.write(answer.content)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        ThreadingHTTPServer.allow_reuse_address = True
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Relay)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()
        self._server = None


def _state(app: FastAPI) -> PortalState:
    state: PortalState = app.state.portal
    return state


def _eventually(check: Callable[[], bool], timeout: float, what: str) -> float:
    """Seconds until ``check`` holds (fails after ``timeout``)."""
    start = time.monotonic()
    while not check():
        assert time.monotonic() - start < timeout, f"not within {timeout} s: {what}"
        time.sleep(0.05)
    return time.monotonic() - start


@pytest.fixture
def counted(
    w3: Web3, deployment: Deployment, portal_data: PortalData, tmp_path: Path
) -> tuple[FastAPI, CountingProvider]:
    """A portal without a running follower (the test polls by hand) over a counting provider."""
    provider = CountingProvider(w3.provider.endpoint_uri)  # type: ignore[attr-defined]
    client = ZhangdianClient(Web3(provider), deployment)
    app = create_app(client, f"sqlite:///{tmp_path}/index.db", PortalConfig(follow_interval=0))
    return app, provider


def test_the_follower_indexes_a_new_application_within_seconds_without_any_request(
    portal_app: FastAPI, w3: Web3, deployment: Deployment, officers: Any
) -> None:
    state = _state(portal_app)
    number = f"ZD-FOLLOW-{time.time_ns()}"
    clerk = ZhangdianClient(w3, deployment, signer=officers.clerk)
    submitted = clerk.ledger.submit(number, service="ZD-GTGSH-SL", applicant_commitment=b"\x42" * 32)
    app_id = "0x" + application_id(number, "ZD-XPSJ").hex()
    # No request is made: only the follower's thread writes the index.
    waited = _eventually(lambda: state.reader.application(app_id) is not None, 5, "the follower indexed it")
    assert waited < 5
    assert state.reader.application(app_id)["number"] == number  # type: ignore[index]
    freshness = TestClient(portal_app).get("/api/statistics").json()["freshness"]
    assert freshness["block_number"] >= submitted.block_number


def test_transparency_pages_and_api_neither_sync_nor_read_the_chain(
    counted: tuple[FastAPI, CountingProvider], monkeypatch: pytest.MonkeyPatch
) -> None:
    app, provider = counted
    assert app.state.follower.poll()  # what the follower's thread does every second
    provider.calls.clear()

    def no_sync(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a request synced the index")

    monkeypatch.setattr(_state(app).indexer, "sync", no_sync)
    api = TestClient(app)
    for path in ("/transparency", "/transparency?lang=en", "/api/statistics", "/api/statistics?by=service"):
        assert api.get(path).status_code == 200, path
    for path in ("/api/ratings", "/api/ratings?by=service", "/", "/uses", "/verify"):
        assert api.get(path).status_code == 200, path
    assert provider.calls == []


def test_freshness_comes_from_the_index_and_the_follower(counted: tuple[FastAPI, CountingProvider], w3: Web3) -> None:
    app, provider = counted
    state = _state(app)
    assert app.state.follower.poll()
    provider.calls.clear()
    freshness = state.freshness()
    assert provider.calls == []  # no chain read for it
    indexed = state.indexer.indexed_block()
    block = w3.eth.get_block(indexed)
    assert freshness.block_number == indexed
    assert freshness.block_time == block["timestamp"]
    assert freshness.block_time_beijing == beijing_moment(block["timestamp"])
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", freshness.block_time_beijing)
    assert freshness.head_block >= indexed
    assert freshness.lag_blocks == freshness.head_block - indexed
    assert freshness.checked_at_beijing
    api = TestClient(app)
    statistics = api.get("/api/statistics").json()
    assert statistics["freshness"]["block_number"] == indexed
    assert api.get("/api/ratings").json()["freshness"]["block_time"] == block["timestamp"]
    time_text = freshness.block_time_beijing[-8:]
    footer = api.get("/").text
    assert f"数据截至区块 {indexed}, {time_text} 北京时间" in footer
    assert f"as of block {indexed}, {time_text} Beijing time" in api.get("/transparency?lang=en").text


def test_the_transparency_page_names_departments_services_and_statuses(
    counted: tuple[FastAPI, CountingProvider],
) -> None:
    app, _provider = counted
    assert app.state.follower.poll()
    api = TestClient(app)
    zh = api.get("/transparency").text
    assert "已办结" in zh
    assert "已提交" in zh
    assert "in_review" not in zh
    assert "completed 1" not in zh.lower()
    assert "在办已超期" in zh
    assert "超期办结" in zh
    # Names first, codes after them.
    assert '<span class="name">张店区行政审批服务局</span> <code class="code">ZD-XPSJ</code>' in zh
    assert '<span class="name">开办个体工商户一件事</span> <code class="code">ZD-YJS-KY</code>' in zh
    en = api.get("/transparency?lang=en").text
    assert "Completed" in en
    assert "Submitted" in en
    assert "Administrative Approval Service Bureau" in en
    assert "Open, past deadline" in en
    assert "Completed late" in en
    statistics = api.get("/api/statistics").json()
    (xpsj,) = [g for g in statistics["groups"] if g["group"]["code"] == "ZD-XPSJ"]
    assert xpsj["group"]["name"] == {"zh": "张店区行政审批服务局", "en": "Administrative Approval Service Bureau"}
    completed = [s for s in xpsj["statuses"] if s["status"]["code"] == "COMPLETED"]
    assert completed[0]["status"]["name"] == {"zh": "已办结", "en": "Completed"}
    assert {"overdue_open", "completed_late"} <= set(xpsj)
    schema = api.get("/api/openapi.json").json()
    assert "StatisticsView" in schema["components"]["schemas"]
    assert "RatingsView" in schema["components"]["schemas"]


def test_the_follower_refreshes_a_renamed_department_without_a_request_reading_the_chain(
    counted: tuple[FastAPI, CountingProvider], w3: Web3, deployment: Deployment, officers: Any
) -> None:
    app, provider = counted
    state = _state(app)
    admin = ZhangdianClient(w3, deployment, signer=officers.admin)
    code = f"ZD-F{time.time_ns() % 10**8}"
    admin.departments.register(code, 370303, "113703030042351144", "张店区跟随测试局", "Follower Test Bureau")
    assert app.state.follower.poll()
    assert state.directory.department(code).name.zh == "张店区跟随测试局"
    admin.departments.rename(code, "张店区跟随测试新局", "Follower Test New Bureau")
    assert app.state.follower.poll()  # it indexes DepartmentRenamed and reads that department again
    provider.calls.clear()
    assert state.directory.department(code).name.en == "Follower Test New Bureau"
    assert provider.calls == []


@pytest.fixture
def switchable(anvil_chain: LocalChain) -> Iterator[SwitchableNode]:
    node = SwitchableNode(anvil_chain.rpc_url)
    node.start()
    yield node
    if node._server is not None:
        node.stop()


def test_a_node_outage_is_a_503_not_a_not_found_and_the_portal_recovers(
    switchable: SwitchableNode, deployment: Deployment, portal_data: PortalData, tmp_path: Path
) -> None:
    client = ZhangdianClient(Web3(HTTPProvider(switchable.url, request_kwargs={"timeout": 5})), deployment)
    config = PortalConfig(follow_interval=0.2, stale_after=1.0)
    app = create_app(client, f"sqlite:///{tmp_path}/index.db", config)
    app_id = "0x" + application_id(portal_data.number, "ZD-XPSJ").hex()
    lookups = (f"/api/applications/{app_id}/department", "/api/numbers/0x" + number_hash(portal_data.number).hex())
    with TestClient(app) as api:
        _eventually(lambda: api.get("/api/statistics").status_code == 200, 60, "the first sync")
        assert api.get(lookups[0]).json() == {"department": "ZD-XPSJ"}

        switchable.stop()
        _eventually(lambda: api.get("/api/statistics").status_code == 503, 10, "503 once the node is silent")
        for path in ("/api/statistics", "/api/ratings", *lookups):
            response = api.get(path)
            assert (response.status_code, response.json()) == (503, UNAVAILABLE_JSON), path
        page = api.get("/transparency")
        assert page.status_code == 503
        assert "服务暂不可用" in page.text
        assert "Service unavailable" in page.text
        assert "安全地保存在链上" in page.text
        assert "safe on chain" in page.text
        assert "Traceback" not in page.text
        assert api.get("/transparency?lang=en").status_code == 503
        home = api.get("/")  # the home page needs no data: it renders, with the index's freshness
        assert home.status_code == 200
        assert "数据截至区块" in home.text

        switchable.start()
        _eventually(lambda: api.get("/api/statistics").status_code == 200, 10, "recovery once the node answers")
        assert api.get(lookups[0]).json() == {"department": "ZD-XPSJ"}
        assert api.get("/transparency").status_code == 200


def test_an_index_database_failure_is_a_503(counted: tuple[FastAPI, CountingProvider]) -> None:
    app, _provider = counted
    assert app.state.follower.poll()
    _state(app).reader.engine = create_engine("sqlite:////nonexistent-folder/index.db")
    api = TestClient(app)
    for path in ("/api/statistics", "/api/ratings?by=service"):
        response = api.get(path)
        assert (response.status_code, response.json()) == (503, UNAVAILABLE_JSON), path
    page = api.get("/transparency?lang=en")
    assert page.status_code == 503
    assert "Service unavailable" in page.text
    assert "服务暂不可用" in page.text
    assert api.get("/").status_code == 200  # no footer then, but the page renders
