"""An upgrade as it happens in production: version 1 full of records, a version 2 of the ledger
whose storage layout is checked, the council's vote, the timelock's delay, and every record intact."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
import solcx
from eth_account import Account
from web3 import Web3

from tests.faults.conftest import COUNCIL, OwnChain
from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core import errors
from zhangdian_sdk.core.artifacts import Artifact
from zhangdian_sdk.core.deployments import Deployment
from zhangdian_sdk.core.documents import DepartmentKey
from zhangdian_sdk.core.models import OfficerRole
from zhangdian_sdk.core.privacy import applicant_commitment, new_salt
from zhangdian_sdk.core.storage import FolderStore
from zhangdian_sdk.core.suite import UPGRADEABLE_CONTRACTS
from zhangdian_sdk.facades.certificates import CertificateDraft
from zhangdian_sdk.facades.materials import MaterialSpec, Purpose, sign_consent
from zhangdian_sdk.ops.compiler import SOLC_VERSION
from zhangdian_sdk.ops.governance import GovernanceFacade
from zhangdian_sdk.ops.layout import compile_layouts
from zhangdian_sdk.ops.upgrades import implementation_of, prepare_upgrade, record_upgrade

ROOT = Path(__file__).resolve().parents[2]
DELAY = 3600
V2_SOURCE = """// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ApplicationLedger} from "contracts/ApplicationLedger.sol";
import {IDepartmentRegistry} from "contracts/interfaces/IDepartmentRegistry.sol";
import {IServiceCatalog} from "contracts/interfaces/IServiceCatalog.sol";
import {IMaterialRegistry} from "contracts/interfaces/IMaterialRegistry.sol";
import {ICertificateRegistry} from "contracts/interfaces/ICertificateRegistry.sol";
import {IWorkingCalendar} from "contracts/interfaces/IWorkingCalendar.sol";

contract ApplicationLedgerV2 is ApplicationLedger {
    constructor(
        IDepartmentRegistry d,
        IServiceCatalog c,
        IMaterialRegistry m,
        ICertificateRegistry r,
        IWorkingCalendar w
    ) ApplicationLedger(d, c, m, r, w) {}

    function version() external pure override returns (string memory) {
        return "2.0.0";
    }
}
"""


def _version_2(edit: tuple[str, str] | None = None) -> Artifact:
    """Version 2 of the ledger compiled from the project's sources (``edit`` changes the v1 source)."""
    from ape import compilers, project

    path = (ROOT / "contracts" / "ApplicationLedger.sol").resolve()
    (standard_input,) = compilers.solidity.get_standard_input_json([path], project=project).values()
    if edit is not None:
        text = (ROOT / "contracts" / "ApplicationLedger.sol").read_text()
        standard_input["sources"]["contracts/ApplicationLedger.sol"] = {"content": text.replace(*edit)}
    request = {
        **standard_input,
        "sources": {**standard_input["sources"], "upgrade/ApplicationLedgerV2.sol": {"content": V2_SOURCE}},
        "settings": {
            **standard_input["settings"],
            "outputSelection": {
                "upgrade/ApplicationLedgerV2.sol": {
                    "ApplicationLedgerV2": ["abi", "evm.bytecode", "evm.deployedBytecode"]
                }
            },
        },
    }
    output = solcx.compile_standard(request, solc_version=SOLC_VERSION, allow_empty=True)
    compiled = output["contracts"]["upgrade/ApplicationLedgerV2.sol"]["ApplicationLedgerV2"]
    layout = compile_layouts(standard_input, ["ApplicationLedger"])["ApplicationLedger"]
    return Artifact(
        name="ApplicationLedger",
        abi=compiled["abi"],
        bytecode="0x" + compiled["evm"]["bytecode"]["object"],
        runtime_bytecode="0x" + compiled["evm"]["deployedBytecode"]["object"],
        storage_layout=layout,
    )


def _mine(w3: Web3, blocks: int, seconds: int = 0) -> None:
    if seconds:
        w3.provider.make_request("evm_increaseTime", [seconds])  # type: ignore[arg-type]
    w3.provider.make_request("anvil_mine", [hex(blocks)])  # type: ignore[arg-type]


def _fill(own_chain: OwnChain, tmp_path: Path) -> dict[str, Any]:
    """Applications in several states, a material with consent and its use, a certificate batch."""
    chain = own_chain.chain
    w3 = own_chain.clerk().w3
    admin = ZhangdianClient(w3, own_chain.deployment, signer=chain.dev_signer(0))
    clerk = ZhangdianClient(w3, own_chain.deployment, signer=chain.dev_signer(1))
    approver = ZhangdianClient(w3, own_chain.deployment, signer=chain.dev_signer(2))
    numbers = [f"ZD-UP-{i:03d}" for i in range(6)]
    for index, number in enumerate(numbers):
        clerk.ledger.submit(number, service="ZD-GTGSH-SL", applicant_commitment=applicant_commitment(
            "370303199001011239", new_salt(), department="ZD-XPSJ"
        ))  # fmt: skip
        if index % 3:
            clerk.ledger.accept(number)
        if index % 3 == 2:
            approver.ledger.approve(number, step=0)
    key = DepartmentKey.generate()
    admin.materials.set_encryption_key("ZD-XPSJ", key.public_key)
    citizen = Account.create()
    now = int(time.time())
    spec = MaterialSpec("ID-CARD", "ZD-XPSJ", b"\x21" * 32, citizen.address, now - 60, now + 86_400 * 365)
    store = FolderStore(tmp_path / "store")
    material = clerk.materials.register(spec, document=b"scan", store=store, issuer_public_key=key.public_key)
    consent = clerk.materials.consent(
        material.material_id, department="ZD-XPSJ", purpose=Purpose.service("ZD-GTGSH-SL"), valid_for=86_400
    )
    clerk.materials.grant_consent(consent, sign_consent(citizen, consent, clerk.materials.domain()))
    admin.departments.grant("ZD-XPSJ", chain.dev_signer(2).address, OfficerRole.ISSUER)
    drafts = [CertificateDraft("LICENCE", b"\x21" * 32, {"n": str(i)}, valid_until=now + 86_400) for i in range(3)]
    certificates = approver.certificates.issue_batch(drafts, issuer="ZD-XPSJ")
    return {"numbers": numbers, "material": material.material_id, "certificates": certificates}


def _snapshot(client: ZhangdianClient, filled: dict[str, Any]) -> dict[str, Any]:
    return {
        "applications": [client.ledger.get(n) for n in filled["numbers"]],
        "histories": [len(list(client.ledger.history(n))) for n in filled["numbers"]],
        "count": client.ledger.count(),
        "material": client.materials.get(filled["material"]),
        "certificates": [client.certificates.verify(c.to_json()).valid for c in filled["certificates"]],
        "department": client.departments.get("ZD-XPSJ"),
        "service": client.catalog.get("ZD-GTGSH-SL"),
    }


def test_version_2_through_the_council_and_the_timelock_keeps_every_record(own_chain: OwnChain, tmp_path: Path) -> None:
    chain = own_chain.chain
    w3 = own_chain.clerk().w3
    filled = _fill(own_chain, tmp_path)
    deployer = chain.dev_signer(0)
    members = [chain.dev_signer(i) for i in COUNCIL]
    governed = own_chain.govern(delay=DELAY)
    _mine(w3, 1)
    reader = ZhangdianClient(w3, governed)
    before = _snapshot(reader, filled)
    assert before["certificates"] == [True, True, True]
    version_1 = implementation_of(reader, governed.address_of("ApplicationLedger"))

    # Nobody but governance can upgrade, not even the deployer.
    as_deployer = ZhangdianClient(w3, governed, signer=deployer)
    plan = prepare_upgrade(as_deployer, "ApplicationLedger", artifact=_version_2())
    ledger = as_deployer.contract("ApplicationLedger")
    with pytest.raises(errors.AccessControlUnauthorizedAccount):
        as_deployer.sender.send(ledger.functions.upgradeToAndCall(plan.new_implementation, b""))
    with pytest.raises(errors.InvalidInputError, match="governance has not executed"):
        record_upgrade(as_deployer, plan, manifest_path=own_chain.manifest)

    council = [GovernanceFacade(ZhangdianClient(w3, governed, signer=m)) for m in members]
    proposal = council[0].propose([plan.action], plan.description)
    _mine(w3, 2)
    council[0].approve(proposal)
    council[1].approve(proposal)
    _mine(w3, 6)
    council[0].queue([plan.action], plan.description)
    with pytest.raises(errors.ZhangdianError):
        council[0].execute([plan.action], plan.description)  # the timelock's delay has not passed
    _mine(w3, 1, DELAY + 1)
    council[0].execute([plan.action], plan.description)

    assert implementation_of(reader, governed.address_of("ApplicationLedger")) == plan.new_implementation != version_1
    recorded = record_upgrade(as_deployer, plan, manifest_path=own_chain.manifest)
    assert Deployment.load(path=own_chain.manifest).contracts["ApplicationLedger"].implementation == (
        plan.new_implementation
    )
    upgraded = ZhangdianClient(w3, recorded)
    assert upgraded.call(upgraded.contract("ApplicationLedger").functions.version()) == "2.0.0"
    assert _snapshot(upgraded, filled) == before
    # The upgraded ledger keeps working: a new application runs through.
    clerk = ZhangdianClient(w3, recorded, signer=chain.dev_signer(1))
    clerk.ledger.submit("ZD-UP-NEW", service="ZD-GTGSH-SL", applicant_commitment=b"\x33" * 32)
    assert upgraded.ledger.count() == before["count"] + 1


def test_an_incompatible_version_is_refused_before_anything_is_sent(own_chain: OwnChain) -> None:
    client = ZhangdianClient(own_chain.clerk().w3, own_chain.deployment, signer=own_chain.chain.dev_signer(0))
    broken = _version_2(
        (
            "        mapping(bytes32 applicationId => Application) applications;\n",
            "        uint256 inserted;\n        mapping(bytes32 applicationId => Application) applications;\n",
        )
    )
    nonce = client.w3.eth.get_transaction_count(client.sender.address)
    with pytest.raises(errors.StorageLayoutError) as refused:
        prepare_upgrade(client, "ApplicationLedger", artifact=broken)
    assert "the upgrade is refused" in str(refused.value)
    assert "Inserted `inserted`" in str(refused.value)
    assert client.w3.eth.get_transaction_count(client.sender.address) == nonce


def test_the_command_line_checks_prepares_and_records_an_upgrade(own_chain: OwnChain, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from zhangdian_sdk.cli import cli

    deployer = own_chain.chain.dev_signer(0)
    env = {"ZHANGDIAN_RPC_URL": own_chain.chain.rpc_url, "ZHANGDIAN_PRIVATE_KEY": "0x" + deployer._account.key.hex()}

    def run(*args: str) -> Any:
        return CliRunner().invoke(
            cli, [*args, "--deployment", str(own_chain.manifest)], env=env, catch_exceptions=False
        )

    checked = run("upgrade", "check")
    assert checked.exit_code == 0, checked.output
    assert checked.output.count("compatible") == len(UPGRADEABLE_CONTRACTS)
    baseline = run("upgrade", "check", "--baseline", str(ROOT / "security" / "storage-layouts.json"))
    assert baseline.exit_code == 0, baseline.output

    proposal = tmp_path / "upgrade.json"
    prepared = run("upgrade", "prepare", "ApplicationLedger", "--proposal", str(proposal))
    assert prepared.exit_code == 0, prepared.output
    new_implementation = prepared.output.strip().splitlines()[-1]
    (action,) = json.loads(proposal.read_text())["actions"]
    assert action == {
        "contract": "ApplicationLedger",
        "function": "upgradeToAndCall",
        "args": [new_implementation, "0x"],
    }

    # Before governance is set up the deployer is the admin; it switches the proxy itself here.
    client = ZhangdianClient(own_chain.clerk().w3, own_chain.deployment, signer=deployer)
    client.sender.send(client.contract("ApplicationLedger").functions.upgradeToAndCall(new_implementation, b""))
    recorded = run("upgrade", "record", "ApplicationLedger", new_implementation)
    assert recorded.exit_code == 0, recorded.output
    manifest = Deployment.load(path=own_chain.manifest)
    assert manifest.contracts["ApplicationLedger"].implementation == new_implementation
