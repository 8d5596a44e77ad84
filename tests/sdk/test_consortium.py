"""What a consortium chain (Besu QBFT, docs/consortium.md) asks of the suite, as far as it runs here.

One anvil with a zero base fee and a zero gas price stands for the district's free-gas network. In
front of it, a JSON-RPC proxy plays the part of the other nodes: it records every method the suite
calls, and can hide the EIP-1559 fields (a chain without London), refuse ``eth_getLogs`` over more
than N blocks with the messages Besu, Infura and Alchemy send, or be one of several endpoints.
"""

from __future__ import annotations

import contextlib
import json
import re
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests
from eth_account import Account

from tests.conftest import SOLE_PROPRIETOR, free_port
from zhangdian_sdk.client import ZhangdianClient, connect_web3
from zhangdian_sdk.core.accounts import LocalSigner
from zhangdian_sdk.core.deployments import Deployment
from zhangdian_sdk.core.models import ApplicationStatus, OfficerRole
from zhangdian_sdk.ops.deploy import deploy_suite
from zhangdian_sdk.ops.localchain import find_anvil
from zhangdian_sdk.services.indexer import Indexer

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "consortium.md"

# What nodes and providers answer when an eth_getLogs range is too wide (code, message).
BESU_RANGE_ERROR = (-32005, "Requested range exceeds maximum RPC range limit")
INFURA_RANGE_ERROR = (-32005, "query returned more than 10000 results. Try with this block range [{low}, {mid}].")
ALCHEMY_RANGE_ERROR = (
    -32602,
    "Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range and no limit on "
    "the response size, or you can request any block range with a cap of 10K logs in the response. Based on your "
    "parameters, this block range should work: [{low}, {mid}]",
)


@dataclass
class RpcProxy:
    """An HTTP JSON-RPC server in front of ``upstream`` that records and may rewrite what passes."""

    upstream: str
    max_log_range: int | None = None
    range_error: tuple[int, str] = BESU_RANGE_ERROR
    legacy: bool = False  # a chain without EIP-1559: no base fee, typed transactions refused
    legacy_gas_price: int | None = None  # what eth_gasPrice answers on the legacy chain (Besu: --min-gas-price)
    methods: Counter[str] = field(default_factory=Counter)
    transaction_types: list[int] = field(default_factory=list)
    refused_log_ranges: list[tuple[int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                answer = [proxy._answer(one) for one in body] if isinstance(body, list) else proxy._answer(body)
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *_args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._session = requests.Session()
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _forward(self, request: dict[str, Any]) -> dict[str, Any]:
        return dict(self._session.post(self.upstream, json=request, timeout=60).json())

    def _error(self, request: dict[str, Any], code: int, message: str) -> dict[str, Any]:
        return {"jsonrpc": "2.0", "id": request.get("id"), "error": {"code": code, "message": message}}

    def _answer(self, request: dict[str, Any]) -> dict[str, Any]:
        method = str(request["method"])
        self.methods[method] += 1
        params = request.get("params") or []
        if method == "eth_getLogs" and self.max_log_range is not None:
            low, high = self._block(params[0].get("fromBlock", "earliest")), self._block(params[0].get("toBlock"))
            if high - low > self.max_log_range:
                self.refused_log_ranges.append((low, high))
                code, message = self.range_error
                mid = low + self.max_log_range
                return self._error(request, code, message.format(low=hex(low), mid=hex(mid)))
        if self.legacy:
            if method in ("eth_maxPriorityFeePerGas", "eth_feeHistory"):
                return self._error(request, -32601, "Method not found")
            if method == "eth_gasPrice" and self.legacy_gas_price is not None:
                return {"jsonrpc": "2.0", "id": request.get("id"), "result": hex(self.legacy_gas_price)}
            if method == "eth_sendRawTransaction":
                first = bytes.fromhex(str(params[0]).removeprefix("0x"))[0]
                kind = first if first < 0x7F else 0
                self.transaction_types.append(kind)
                if kind != 0:
                    return self._error(request, -32602, "Invalid params: transaction type not supported")
        answer = self._forward(request)
        if self.legacy and method in ("eth_getBlockByNumber", "eth_getBlockByHash"):
            block = answer.get("result")
            if isinstance(block, dict):
                for key in ("baseFeePerGas", "withdrawalsRoot", "withdrawals", "blobGasUsed", "excessBlobGas"):
                    block.pop(key, None)
        return answer

    def _block(self, tag: Any) -> int:
        if tag in (None, "latest", "pending", "safe", "finalized"):
            return int(self._forward({"jsonrpc": "2.0", "id": 0, "method": "eth_blockNumber"})["result"], 16)
        if tag == "earliest":
            return 0
        return int(str(tag), 16)


@dataclass
class FreeGasChain:
    """An anvil with base fee and gas price 0, the suite deployed by an account that never held ETH."""

    rpc_url: str
    deployment: Deployment
    manifest: Path
    admin: LocalSigner
    clerk: LocalSigner
    approver: LocalSigner
    recorded: RpcProxy  # the proxy the deployment and the first workflow went through

    def client(self, signer: LocalSigner | None, rpc_url: str | None = None) -> ZhangdianClient:
        return ZhangdianClient(connect_web3(rpc_url or self.rpc_url), self.deployment, signer=signer)


def _penniless() -> LocalSigner:
    return LocalSigner(Account.create())


@contextlib.contextmanager
def _anvil(*, chain_id: int) -> Iterator[str]:
    """An anvil with base fee and gas price 0 (a free-gas network) on a free port; its RPC URL."""
    port = free_port()
    command = [str(find_anvil()), "--host", "127.0.0.1", "--port", str(port), "--chain-id", str(chain_id)]
    command += ["--base-fee", "0", "--gas-price", "0", "--gas-limit", "60000000", "--silent"]
    anvil = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    rpc_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.post(rpc_url, json={"jsonrpc": "2.0", "id": 1, "method": "eth_chainId"}, timeout=1)
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield rpc_url
    finally:
        anvil.terminate()
        anvil.wait(timeout=30)


@pytest.fixture(scope="module")
def free_gas_chain(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FreeGasChain]:
    with _anvil(chain_id=7303) as rpc_url:
        yield from _free_gas_chain(rpc_url, tmp_path_factory)


def _free_gas_chain(rpc_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FreeGasChain]:
    recorder = RpcProxy(rpc_url)
    try:
        w3 = connect_web3(recorder.url)
        admin, clerk, approver = _penniless(), _penniless(), _penniless()
        manifest = tmp_path_factory.mktemp("consortium") / "7303.json"
        deployment = deploy_suite(w3, admin, manifest_path=manifest)
        setup = ZhangdianClient(w3, deployment, signer=admin)
        setup.departments.register(
            "ZD-XPSJ", 370303, "113703030042351144", "张店区行政审批服务局", "Administrative Approval Service Bureau"
        )
        setup.departments.grant("ZD-XPSJ", clerk.address, OfficerRole.CLERK)
        setup.departments.grant("ZD-XPSJ", approver.address, OfficerRole.APPROVER)
        setup.catalog.publish("ZD-GTGSH-SL", SOLE_PROPRIETOR)
        chain = FreeGasChain(rpc_url, deployment, manifest, admin, clerk, approver, recorder)
        # The daily work, through the same recording proxy: submit, accept, approve, read, history, index.
        clerk_client = chain.client(clerk, recorder.url)
        _run_one_application(chain, "ZD-C-000001", rpc_url=recorder.url)
        list(clerk_client.ledger.history("ZD-C-000001"))
        Indexer(w3, deployment, f"sqlite:///{tmp_path_factory.mktemp('index')}/index.db").sync()
        yield chain
    finally:
        recorder.stop()


def _run_one_application(chain: FreeGasChain, number: str, *, rpc_url: str | None = None) -> None:
    clerk = chain.client(chain.clerk, rpc_url)
    approver = chain.client(chain.approver, rpc_url)
    clerk.ledger.submit(number, service="ZD-GTGSH-SL", applicant_commitment=b"\x42" * 32)
    clerk.ledger.accept(number)
    approver.ledger.approve(number, step=0)
    assert clerk.ledger.get(number).status == ApplicationStatus.COMPLETED


def test_a_zero_fee_chain_needs_no_funding(free_gas_chain: FreeGasChain) -> None:
    w3 = connect_web3(free_gas_chain.rpc_url)
    _run_one_application(free_gas_chain, "ZD-C-000002")
    for signer in (free_gas_chain.admin, free_gas_chain.clerk, free_gas_chain.approver):
        assert w3.eth.get_transaction_count(signer.address) > 0
        assert w3.eth.get_balance(signer.address) == 0


def test_a_chain_without_eip1559_gets_legacy_transactions_at_its_gas_price(free_gas_chain: FreeGasChain) -> None:
    # A chain without the London milestone: no baseFeePerGas in blocks, typed transactions refused,
    # eth_gasPrice 0 (Besu started with --min-gas-price=0). Accounts still hold no ETH.
    legacy = RpcProxy(free_gas_chain.rpc_url, legacy=True, legacy_gas_price=0)
    try:
        _run_one_application(free_gas_chain, "ZD-C-000003", rpc_url=legacy.url)
    finally:
        legacy.stop()
    assert legacy.transaction_types == [0, 0, 0]
    assert legacy.methods["eth_gasPrice"] >= 1
    assert "eth_maxPriorityFeePerGas" not in legacy.methods
    assert set(legacy.methods) <= documented_methods("always") | documented_methods("sometimes")


@pytest.mark.parametrize(
    "range_error", [BESU_RANGE_ERROR, INFURA_RANGE_ERROR, ALCHEMY_RANGE_ERROR], ids=["besu", "infura", "alchemy"]
)
def test_a_log_range_limit_still_indexes_everything(
    free_gas_chain: FreeGasChain, range_error: tuple[int, str], tmp_path: Path
) -> None:
    direct = connect_web3(free_gas_chain.rpc_url)
    Indexer(direct, free_gas_chain.deployment, f"sqlite:///{tmp_path}/direct.db").sync()
    limited = RpcProxy(free_gas_chain.rpc_url, max_log_range=4, range_error=range_error)
    try:
        w3 = connect_web3(limited.url)
        report = Indexer(w3, free_gas_chain.deployment, f"sqlite:///{tmp_path}/limited.db").sync()
        reader = free_gas_chain.client(None, limited.url)
        history = [entry.event for entry in reader.ledger.history("ZD-C-000001")]
        refused = len(limited.refused_log_ranges)
        assert [entry.event for entry in reader.ledger.history("ZD-C-000001")] == history
        assert len(limited.refused_log_ranges) == refused  # the second lookup starts at the span that worked
    finally:
        limited.stop()
    assert limited.refused_log_ranges  # the limit was hit, and worked around
    assert report.end_block == direct.eth.block_number
    assert _indexed(f"sqlite:///{tmp_path}/limited.db") == _indexed(f"sqlite:///{tmp_path}/direct.db")
    assert history == [entry.event for entry in free_gas_chain.client(None).ledger.history("ZD-C-000001")]
    assert history[0] == "ApplicationSubmitted"


def test_a_refused_range_costs_the_indexer_one_refusal_not_one_per_range(
    free_gas_chain: FreeGasChain, tmp_path: Path
) -> None:
    # Besu states no number when it refuses (--rpc-max-logs-range, 5,000 by default). Scaled down: a cap
    # of 50 blocks, ranges starting at 20 and doubling, 600 empty blocks. The indexer overshoots the
    # cap once and then stays under it, rather than growing back towards the refused size and being
    # refused every other range.
    with _anvil(chain_id=7303) as rpc_url:
        requests.post(rpc_url, json={"jsonrpc": "2.0", "id": 1, "method": "anvil_mine", "params": [hex(600)]})
        besu = RpcProxy(rpc_url, max_log_range=50)
        try:
            indexer = Indexer(
                connect_web3(besu.url), free_gas_chain.deployment, f"sqlite:///{tmp_path}/i.db", chunk_size=20
            )
            report = indexer.sync()
        finally:
            besu.stop()
    assert report.end_block == 600
    assert len(besu.refused_log_ranges) == 1


def _indexed(url: str) -> list[tuple[Any, ...]]:
    from sqlalchemy import create_engine, select

    from zhangdian_sdk.services.indexer.schema import applications, events

    engine = create_engine(url)
    with engine.connect() as connection:
        rows = [
            tuple(row) for row in connection.execute(select(events.c.block_number, events.c.log_index, events.c.name))
        ]
        rows += [tuple(row) for row in connection.execute(select(applications))]
    engine.dispose()
    return sorted(rows, key=repr)


def test_several_rpc_endpoints_one_dead_reads_and_writes_go_through(
    free_gas_chain: FreeGasChain, monkeypatch: pytest.MonkeyPatch
) -> None:
    dead = f"http://127.0.0.1:{free_port()}"
    monkeypatch.setenv("ZHANGDIAN_RPC_URL", f"{dead}, {free_gas_chain.rpc_url}")
    clerk = ZhangdianClient.connect(signer=free_gas_chain.clerk, deployment=free_gas_chain.manifest)
    approver = ZhangdianClient.connect(signer=free_gas_chain.approver, deployment=free_gas_chain.manifest)
    clerk.ledger.submit("ZD-C-000004", service="ZD-GTGSH-SL", applicant_commitment=b"\x43" * 32)
    clerk.ledger.accept("ZD-C-000004")
    approver.ledger.approve("ZD-C-000004", step=0)
    assert clerk.ledger.get("ZD-C-000004").status == ApplicationStatus.COMPLETED
    assert next(entry.event for entry in clerk.ledger.history("ZD-C-000004")) == "ApplicationSubmitted"


def documented_methods(kind: str) -> set[str]:
    """The JSON-RPC methods docs/consortium.md lists between its ``<!-- rpc:KIND -->`` markers."""
    text = GUIDE.read_text(encoding="utf-8")
    match = re.search(rf"<!-- rpc:{kind} -->(.*?)<!-- /rpc:{kind} -->", text, re.S)
    assert match is not None, f"docs/consortium.md has no rpc:{kind} list"
    return set(re.findall(r"^\| `([a-z0-9]+_[A-Za-z]+)`", match.group(1), re.M))


# What each web3.eth attribute the SDK uses sends to the node (web3 v7).
_WEB3_TO_RPC = {
    "chain_id": "eth_chainId",
    "block_number": "eth_blockNumber",
    "get_block": "eth_getBlockByNumber",
    "call": "eth_call",
    "estimate_gas": "eth_estimateGas",
    "get_transaction_count": "eth_getTransactionCount",
    "send_raw_transaction": "eth_sendRawTransaction",
    "get_transaction_receipt": "eth_getTransactionReceipt",
    "wait_for_transaction_receipt": "eth_getTransactionReceipt",
    "get_logs": "eth_getLogs",
    "gas_price": "eth_gasPrice",
    "max_priority_fee": "eth_maxPriorityFeePerGas",
    "get_transaction": "eth_getTransactionByHash",
    "get_code": "eth_getCode",
    "get_storage_at": "eth_getStorageAt",
    "get_balance": "eth_getBalance",
    "contract": None,  # builds a contract object, sends nothing
}


def test_the_guide_lists_exactly_the_methods_a_run_calls(free_gas_chain: FreeGasChain) -> None:
    assert set(free_gas_chain.recorded.methods) == documented_methods("always")


def test_every_node_call_in_the_sdk_is_in_the_guide() -> None:
    documented = documented_methods("always") | documented_methods("sometimes")
    used: set[str] = set()
    for source in (ROOT / "zhangdian_sdk").rglob("*.py"):
        text = source.read_text(encoding="utf-8")
        for attribute in re.findall(r"\.eth\.([a-z_]+)", text):
            assert attribute in _WEB3_TO_RPC, f"{source}: web3.eth.{attribute} is not mapped to a JSON-RPC method"
            if _WEB3_TO_RPC[attribute]:
                used.add(str(_WEB3_TO_RPC[attribute]))
        used.update(re.findall(r'"method": "(eth_[A-Za-z]+)"', text))
    assert used <= documented, f"not in docs/consortium.md: {sorted(used - documented)}"
    assert documented <= used, f"documented, never called: {sorted(documented - used)}"


def test_a_cli_read_asks_the_chain_id_once(free_gas_chain: FreeGasChain) -> None:
    """web3's middleware asks eth_chainId before every call; the SDK's provider answers it from its cache."""
    from click.testing import CliRunner

    from zhangdian_sdk.cli import cli

    _run_one_application(free_gas_chain, "ZD-C-000099")
    proxy = RpcProxy(free_gas_chain.rpc_url)
    try:
        argv = ["application", "status", "ZD-C-000099", "--rpc-url", proxy.url]
        result = CliRunner().invoke(cli, [*argv, "--deployment", str(free_gas_chain.manifest)])
        assert result.exit_code == 0, result.output
        assert proxy.methods["eth_call"] >= 3
        # Once for the answer, once when web3 sets up its request cache; never once per call.
        assert proxy.methods["eth_chainId"] <= 2
    finally:
        proxy.stop()
