"""Deployment manifests and the decision to deploy again."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from web3 import Web3

from tests.conftest import Officers
from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core import errors
from zhangdian_sdk.core.artifacts import SUITE_CONTRACTS, load_artifact
from zhangdian_sdk.core.deployments import Deployment
from zhangdian_sdk.ops.deploy import current_deployment


def test_manifest_records_every_contract_with_block_and_artifact_hash(deployment: Deployment, w3: Web3) -> None:
    assert deployment.chain_id == w3.eth.chain_id
    assert set(deployment.contracts) == set(SUITE_CONTRACTS)
    for name, entry in deployment.contracts.items():
        assert len(w3.eth.get_code(entry.address)) > 0
        assert entry.artifact_hash == load_artifact(name).artifact_hash
        receipt = w3.eth.get_transaction_receipt(entry.transaction_hash)
        assert receipt["contractAddress"] == entry.address
        assert receipt["blockNumber"] == entry.block_number
    assert deployment.start_block == deployment.contracts["DepartmentRegistry"].block_number


def test_manifest_round_trips_through_its_file(manifest_path: Path, deployment: Deployment) -> None:
    loaded = Deployment.load(path=manifest_path)
    assert loaded.contracts == deployment.contracts
    assert json.loads(manifest_path.read_text())["chainId"] == deployment.chain_id


def test_current_deployment_accepts_the_live_suite_and_rejects_a_stale_one(
    manifest_path: Path, w3: Web3, tmp_path: Path
) -> None:
    assert current_deployment(w3, path=manifest_path) is not None
    data = json.loads(manifest_path.read_text())
    data["contracts"]["ApplicationLedger"]["artifactHash"] = "sha256:old"
    stale = tmp_path / "stale.json"
    stale.write_text(json.dumps(data))
    assert current_deployment(w3, path=stale) is None
    data = json.loads(manifest_path.read_text())
    data["contracts"]["ServiceCatalog"]["address"] = "0x" + "11" * 20
    gone = tmp_path / "gone.json"
    gone.write_text(json.dumps(data))
    assert current_deployment(w3, path=gone) is None
    assert current_deployment(w3, path=tmp_path / "missing.json") is None


def test_missing_or_malformed_manifest_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(errors.DeploymentNotFoundError, match="zhangdian deploy"):
        Deployment.load(path=tmp_path / "none.json")
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    with pytest.raises(errors.DeploymentNotFoundError, match="malformed"):
        Deployment.load(path=broken)


def test_client_refuses_a_manifest_of_another_chain(anvil_chain, manifest_path: Path, tmp_path: Path) -> None:
    data = json.loads(manifest_path.read_text())
    data["chainId"] = 1
    other = tmp_path / "other.json"
    other.write_text(json.dumps(data))
    with pytest.raises(errors.ConfigurationError, match="chain 1"):
        ZhangdianClient.connect(anvil_chain.rpc_url, deployment=other)


def test_unreachable_node_is_a_connection_error_with_a_hint() -> None:
    with pytest.raises(errors.NodeConnectionError, match="chain up"):
        ZhangdianClient.connect("http://127.0.0.1:9", deployment=Path("unused.json"))


def test_a_rule_deployed_through_the_sdk_is_recorded_in_the_manifest_it_was_loaded_from(
    anvil_chain, w3: Web3, officers: Officers, manifest_path: Path
) -> None:
    old_format = json.loads(manifest_path.read_text())
    assert "rules" not in old_format  # manifests written before rules were recorded still load
    client = ZhangdianClient.connect(anvil_chain.rpc_url, deployment=manifest_path, signer=officers.admin)
    assert client.deployment.rules == ()
    first = client.rules.deploy_prerequisite("ZD-SWDJ")
    second = client.rules.deploy_waiting_period(days=1)
    on_disk = Deployment.load(path=manifest_path)
    assert [(r.kind, r.address) for r in on_disk.rules] == [
        ("PrerequisiteServiceRule", first),
        ("WaitingPeriodRule", second),
    ]
    assert on_disk.rules == client.deployment.rules
    assert on_disk.contracts == Deployment.from_json(old_format).contracts
    rule = on_disk.rules[0]
    assert rule.artifact_hash == load_artifact("PrerequisiteServiceRule").artifact_hash
    receipt = w3.eth.get_transaction_receipt(rule.transaction_hash)
    assert (receipt["contractAddress"], receipt["blockNumber"]) == (rule.address, rule.block_number)
    creation = bytes(w3.eth.get_transaction(rule.transaction_hash)["input"])
    assert creation.endswith(bytes.fromhex(rule.constructor_arguments))


def test_a_rule_is_not_deployed_when_its_manifest_cannot_be_written(
    w3: Web3, officers: Officers, deployment: Deployment, tmp_path: Path
) -> None:
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    client = ZhangdianClient(w3, replace(deployment, path=not_a_folder / "31337.json"), signer=officers.admin)
    nonce = w3.eth.get_transaction_count(officers.admin.address)
    with pytest.raises(errors.ConfigurationError, match="cannot be written"):
        client.rules.deploy_waiting_period(days=1)
    assert w3.eth.get_transaction_count(officers.admin.address) == nonce
