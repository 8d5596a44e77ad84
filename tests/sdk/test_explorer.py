"""Explorer verification: the Standard JSON inputs recompile to the code on chain (the suite's contracts, their
proxies and the automation rules deployed with `zhangdian rule`), and submission sends what an
Etherscan-compatible API expects."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import solcx
import yaml
from click.testing import CliRunner
from eth_abi import encode
from web3 import Web3

from tests.conftest import Officers, free_port
from zhangdian_sdk.cli import cli
from zhangdian_sdk.core.artifacts import SUITE_CONTRACTS
from zhangdian_sdk.ops.compiler import SOLC_VERSION

ROOT = Path(__file__).resolve().parents[2]

# The optimizer runs of ape-config.yaml, the one place they are set: the explorer inputs must carry them.
RUNS = yaml.safe_load((Path(__file__).resolve().parents[2] / "ape-config.yaml").read_text())["solidity"][
    "optimization_runs"
]


@pytest.fixture
def fake_explorer() -> Iterator[tuple[str, list[dict[str, object]]]]:
    received: list[dict[str, object]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            received.append({"query": {k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()}, "form": form})
            body = json.dumps({"status": "1", "message": "OK", "result": f"guid-{len(received)}"}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: object) -> None:
            return

    server = HTTPServer(("127.0.0.1", free_port()), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/api", received
    server.shutdown()


def _compiled_from_input(standard_input: dict[str, object], contract: str) -> dict[str, object]:
    """What the project's solc makes of a written Standard JSON input, as an explorer compiles it."""
    source = f"contracts/{contract}.sol"
    request = json.loads(json.dumps(standard_input))
    request["settings"]["outputSelection"] = {source: {contract: ["evm.bytecode.object", "evm.deployedBytecode"]}}
    output = solcx.compile_standard(request, solc_version=SOLC_VERSION, allow_empty=True)
    evm: dict[str, object] = output["contracts"][source][contract]["evm"]
    return evm


def test_verify_source_writes_inputs_that_match_the_chain_and_submits_them(
    anvil_chain,
    w3: Web3,
    officers: Officers,
    manifest_path: Path,
    tmp_path: Path,
    fake_explorer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    api_url, received = fake_explorer
    monkeypatch.chdir(ROOT)
    out = tmp_path / "verification"
    # A rule deployed from the CLI is recorded in the manifest it was deployed with.
    deployed = CliRunner().invoke(
        cli,
        ["rule", "waiting-period", "--days", "3", "--deployment", str(manifest_path)],
        env={
            "ZHANGDIAN_RPC_URL": anvil_chain.rpc_url,
            "ZHANGDIAN_PRIVATE_KEY": "0x" + officers.admin._account.key.hex(),
        },
        catch_exceptions=False,
    )
    assert deployed.exit_code == 0, deployed.output
    assert str(manifest_path) in deployed.output
    rule = Web3.to_checksum_address(deployed.output.strip().splitlines()[-1])
    (recorded,) = json.loads(manifest_path.read_text())["rules"]
    ledger = json.loads(manifest_path.read_text())["contracts"]["ApplicationLedger"]["address"]
    assert recorded["kind"] == "WaitingPeriodRule"
    assert recorded["address"] == rule
    assert recorded["constructorArguments"] == encode(["address", "uint32"], [ledger, 3 * 86_400]).hex()
    result = CliRunner().invoke(
        cli,
        ["verify-source", "--out", str(out), "--deployment", str(manifest_path), "--explorer-api", api_url],
        env={"ZHANGDIAN_RPC_URL": anvil_chain.rpc_url, "ETHERSCAN_API_KEY": "test-key"},
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert "does NOT match" not in result.output
    manifest = json.loads(manifest_path.read_text())["contracts"]
    for name in SUITE_CONTRACTS:
        info = json.loads((out / f"{name}.verification.json").read_text())
        assert info["matchesChain"] is True
        assert info["contractName"] == f"contracts/{name}.sol:{name}"
        assert info["address"] == manifest[name]["implementation"]
        assert json.loads((out / f"{name}.standard-input.json").read_text())["settings"]["optimizer"]["runs"] == RUNS
        proxy = json.loads((out / f"{name}Proxy.verification.json").read_text())
        assert proxy["matchesChain"] is True
        assert proxy["contractName"] == "contracts/SuiteProxy.sol:SuiteProxy"
        assert proxy["address"] == manifest[name]["address"]
    # The rule: listed, its input written with its ABI-encoded constructor arguments, and submitted.
    entry_name = f"WaitingPeriodRule-{rule}"
    assert f"{entry_name} {rule}: matches the chain" in result.output
    info = json.loads((out / f"{entry_name}.verification.json").read_text())
    assert info["matchesChain"] is True
    assert info["contractName"] == "contracts/WaitingPeriodRule.sol:WaitingPeriodRule"
    assert info["address"] == rule
    assert info["constructorArguments"] == recorded["constructorArguments"]
    # Compiled from the written input, it is the code at the rule's address (the immutables, which hold
    # the constructor's values, masked) and, with the arguments, the transaction that created it.
    evm = _compiled_from_input(json.loads((out / info["standardInput"]).read_text()), "WaitingPeriodRule")
    runtime = evm["deployedBytecode"]
    assert isinstance(runtime, dict)
    compiled, onchain = bytearray.fromhex(runtime["object"]), bytearray(w3.eth.get_code(rule))
    places = [r for refs in runtime["immutableReferences"].values() for r in refs]
    assert places, "WaitingPeriodRule keeps its ledger and period as immutables"
    for place in places:
        compiled[place["start"] : place["start"] + place["length"]] = bytes(place["length"])
        onchain[place["start"] : place["start"] + place["length"]] = bytes(place["length"])
    assert compiled == onchain
    creation = bytes(w3.eth.get_transaction(recorded["transactionHash"])["input"])
    bytecode = evm["bytecode"]
    assert isinstance(bytecode, dict)
    assert creation == bytes.fromhex(bytecode["object"] + info["constructorArguments"])
    submitted = next(r for r in received if str(r["form"]["contractname"]).endswith(":WaitingPeriodRule"))
    assert submitted["form"]["contractaddress"] == rule
    assert submitted["form"]["constructorArguements"] == recorded["constructorArguments"]
    assert len(received) == 2 * len(SUITE_CONTRACTS) + 1
    first = received[0]
    assert first["query"]["action"] == "verifysourcecode"
    assert first["query"]["apikey"] == "test-key"
    assert first["form"]["codeformat"] == "solidity-standard-json-input"
    assert first["form"]["compilerversion"] == "v0.8.28+commit.7893614a"
    # The catalogue's implementation takes the registry's proxy: one ABI-encoded address.
    catalog = next(r for r in received if str(r["form"]["contractname"]).endswith(":ServiceCatalog"))
    assert (
        str(catalog["form"]["constructorArguements"])
        == "00" * 12 + manifest["DepartmentRegistry"]["address"][2:].lower()
    )
