"""`zhangdian upgrade missing` and `zhangdian upgrade add`: a deployment made before the suite gained a contract
(the manifest without AppealRegistry) gets it, wired as the descriptor says, and the SDK uses it.

The deployer's case (it still holds every admin role: `--grant-now`) runs on the session's chain; the governed
case (the timelock holds them: the grants become a proposal the council votes on) on a chain of its own."""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from eth_utils.crypto import keccak
from web3 import Web3

from tests.cli.conftest import Run
from tests.conftest import Officers, free_port
from tests.sdk.test_appeals import APPEAL_SERVICE, DECISION, GROUNDS, set_up_appeals
from zhangdian_sdk.cli import cli
from zhangdian_sdk.client import ZhangdianClient, connect_web3
from zhangdian_sdk.core.accounts import LocalSigner
from zhangdian_sdk.core.artifacts import load_artifact
from zhangdian_sdk.core.deployments import Deployment
from zhangdian_sdk.core.models import AppealOutcome, ApplicationStatus
from zhangdian_sdk.core.roles import role_hash
from zhangdian_sdk.ops.deploy import deploy_suite
from zhangdian_sdk.ops.governance import govern_suite
from zhangdian_sdk.ops.localchain import LocalChain

NEW = "AppealRegistry"
# The descriptor's grants to the appeal registry: APPEAL_ROLE on the ledger and on the certificate registry.
GRANTORS = ("ApplicationLedger", "CertificateRegistry")
_numbers = itertools.count(1)


def _without(manifest: Path, *names: str) -> None:
    """The manifest as a deployment made before the suite had ``names`` would have it."""
    old = Deployment.load(path=manifest)
    replace(old, contracts={name: entry for name, entry in old.contracts.items() if name not in names}).save(manifest)


def _ok(result: Result) -> str:
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result.output


def _refused(result: Result, code: int) -> str:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert "错误 Error:" in result.output
    return result.output


def _holds(w3: Web3, manifest: Path, contract: str, role: str, account: str) -> bool:
    deployment = Deployment.load(path=manifest)
    instance = w3.eth.contract(address=deployment.address_of(contract), abi=load_artifact(contract).abi)
    return bool(instance.functions.hasRole(role_hash(role), account).call())


def test_the_deployer_adds_the_appeal_registry_grants_now_and_appeals_reopen_a_decision(
    run: Run, manifest_path: Path, w3: Web3, officers: Officers
) -> None:
    _without(manifest_path, NEW)
    listed = _ok(run(None, "upgrade", "missing"))
    assert f"{NEW}: 缺少 / missing" in listed
    assert "ApplicationLedger APPEAL_ROLE" in listed
    assert "CertificateRegistry APPEAL_ROLE" in listed
    assert "CorrectionRegistry" not in listed  # present in the manifest

    nonce = w3.eth.get_transaction_count(officers.admin.address)
    unrouted = _refused(run("admin", "upgrade", "add", NEW), 2)
    assert "--proposal FILE" in unrouted
    assert "--grant-now" in unrouted  # the deployer still holds the admin roles: it is told so
    assert w3.eth.get_transaction_count(officers.admin.address) == nonce

    added = _ok(run("admin", "upgrade", "add", NEW, "--grant-now"))
    address = added.strip().splitlines()[-1]
    assert f"{NEW}: 已部署 / deployed at {address}" in added
    assert "已授权 / granted: ApplicationLedger: APPEAL_ROLE → AppealRegistry" in added
    assert "已授权 / granted: CertificateRegistry: APPEAL_ROLE → AppealRegistry" in added
    entry = Deployment.load(path=manifest_path).contracts[NEW]
    artifact = load_artifact(NEW)
    assert entry.address == address
    assert (entry.artifact_hash, entry.storage_layout) == (artifact.artifact_hash, artifact.storage_layout)
    assert entry.implementation is not None
    assert len(w3.eth.get_code(entry.implementation)) > 0
    for grantor in GRANTORS:
        assert _holds(w3, manifest_path, grantor, "APPEAL_ROLE", address)
    for role in ("DEFAULT_ADMIN_ROLE", "APPEAL_ADMIN_ROLE", "PAUSER_ROLE"):
        assert _holds(w3, manifest_path, NEW, role, officers.admin.address)

    # Idempotent: the second run deploys nothing and says so.
    nonce = w3.eth.get_transaction_count(officers.admin.address)
    again = _ok(run("admin", "upgrade", "add", NEW, "--grant-now"))
    assert f"already in the deployment at {address}: nothing deployed" in again
    assert "every grant it needs is made" in again
    assert again.strip().splitlines()[-1] == address
    assert w3.eth.get_transaction_count(officers.admin.address) == nonce
    assert "the deployment has every contract of the suite" in _ok(run(None, "upgrade", "missing"))

    # The SDK finds the new registry in the manifest, and its appeal reopens the ledger's decision.
    deployment = Deployment.load(path=manifest_path)
    admin = ZhangdianClient(w3, deployment, signer=officers.admin)
    set_up_appeals(admin, officers)  # the terms are set on the new registry
    clerk = ZhangdianClient(w3, deployment, signer=officers.clerk)
    approver = ZhangdianClient(w3, deployment, signer=officers.approver)
    reviewer = ZhangdianClient(w3, deployment, signer=officers.inspector)
    assert clerk.contract(NEW).address == address
    number = f"ZD-T-ADD-{next(_numbers):05d}"
    clerk.ledger.submit(number, service=APPEAL_SERVICE, applicant_commitment=keccak(number.encode()))
    clerk.ledger.accept(number)
    approver.ledger.approve(number, step=0)
    approver.ledger.reject(number, reason_code=1)
    filed = clerk.appeals.file(number, grounds_hash=GROUNDS)
    clerk.appeals.accept(filed.appeal_id)
    reviewer.appeals.decide(
        filed.appeal_id, AppealOutcome.REVOKED, reason_code=2, decision_hash=DECISION, reopen_step=1
    )
    reopened = clerk.ledger.get(number)
    assert (reopened.status, reopened.current_step) == (ApplicationStatus.IN_REVIEW, 1)


def test_unknown_names_missing_dependencies_and_a_signer_without_the_admin_role_are_refused(
    run: Run, manifest_path: Path, w3: Web3, officers: Officers
) -> None:
    unknown = _refused(run("admin", "upgrade", "add", "AppealLedger", "--grant-now"), 2)
    assert "AppealLedger 不是本套合约之一" in unknown
    assert "AppealLedger is not a contract of the suite" in unknown

    present = Deployment.load(path=manifest_path).address_of(NEW)
    nonce = w3.eth.get_transaction_count(officers.admin.address)
    there = _ok(run("admin", "upgrade", "add", NEW, "--grant-now"))
    assert f"{NEW}: 已在部署中, 未重复部署 / already in the deployment at {present}: nothing deployed" in there
    assert w3.eth.get_transaction_count(officers.admin.address) == nonce

    full = manifest_path.read_text()
    _without(manifest_path, NEW, "ApplicationLedger")
    lacking = _refused(run("admin", "upgrade", "add", NEW, "--grant-now"), 2)
    assert "AppealRegistry needs ApplicationLedger, which this deployment lacks" in lacking
    assert "`zhangdian upgrade add ApplicationLedger`" in lacking
    assert w3.eth.get_transaction_count(officers.admin.address) == nonce

    manifest_path.write_text(full)
    _without(manifest_path, NEW)
    outsider = w3.eth.get_transaction_count(officers.outsider.address)
    denied = _refused(run("outsider", "upgrade", "add", NEW, "--grant-now"), 2)
    assert "only governance can grant" in denied
    assert "ApplicationLedger: APPEAL_ROLE → AppealRegistry" in denied
    assert w3.eth.get_transaction_count(officers.outsider.address) == outsider
    assert NEW not in Deployment.load(path=manifest_path).contracts


COUNCIL = (5, 6, 7)
GUARDIAN = 8
DELAY = 60


@dataclass
class Governed:
    chain: LocalChain
    w3: Web3
    manifest: Path

    def signer(self, index: int) -> LocalSigner:
        return self.chain.dev_signer(index)

    def run(self, who: int, *args: str) -> Result:
        env = {
            "ZHANGDIAN_RPC_URL": self.chain.rpc_url,
            "ZHANGDIAN_PRIVATE_KEY": "0x" + self.signer(who)._account.key.hex(),
        }
        return CliRunner().invoke(cli, [*args, "--deployment", str(self.manifest)], env=env, catch_exceptions=False)

    def mine(self, blocks: int, seconds: int = 0) -> None:
        if seconds:
            self.w3.provider.make_request("evm_increaseTime", [seconds])  # type: ignore[arg-type]
        self.w3.provider.make_request("anvil_mine", [hex(blocks)])  # type: ignore[arg-type]


@pytest.fixture
def governed(tmp_path: Path) -> Iterator[Governed]:
    """A suite on a chain of its own, handed to a council (dev accounts 5, 6, 7; 2 of 3) and a timelock, with
    dev account 8 as the guardian; its manifest then loses AppealRegistry."""
    chain = LocalChain(port=free_port(), folder=tmp_path / "chain")
    chain.up()
    try:
        w3 = connect_web3(chain.rpc_url)
        manifest = tmp_path / "manifest.json"
        deployment = deploy_suite(w3, chain.dev_signer(0), manifest_path=manifest)
        govern_suite(
            w3,
            chain.dev_signer(0),
            deployment,
            members=[chain.dev_signer(i).address for i in COUNCIL],
            quorum=2,
            delay=DELAY,
            guardian=chain.dev_signer(GUARDIAN).address,
            voting_period=5,
            manifest_path=manifest,
        )
        _without(manifest, NEW)
        yield Governed(chain, w3, manifest)
    finally:
        chain.down()


def test_in_a_governed_suite_the_grants_are_a_proposal_the_council_executes(governed: Governed, tmp_path: Path) -> None:
    deployer = governed.signer(0).address
    timelock = Deployment.load(path=governed.manifest).address_of("Timelock")
    ok: Callable[..., str] = lambda *args: _ok(governed.run(*args))  # noqa: E731

    nonce = governed.w3.eth.get_transaction_count(deployer)
    denied = _refused(governed.run(0, "upgrade", "add", NEW, "--grant-now"), 2)
    assert "only governance can grant" in denied
    assert governed.w3.eth.get_transaction_count(deployer) == nonce

    proposal = tmp_path / "add-appeals.json"
    added = ok(0, "upgrade", "add", NEW, "--proposal", str(proposal))
    address = added.strip().splitlines()[-1]
    assert "only governance can make" in added
    assert f"`zhangdiangovpropose{proposal}`" in "".join(added.split())  # the console wraps a long path
    assert "--grant-now" not in added  # the deployer handed its roles over
    written = json.loads(proposal.read_text(encoding="utf-8"))
    appeal_role = "0x" + role_hash("APPEAL_ROLE").hex()
    assert written["actions"] == [
        {"contract": grantor, "function": "grantRole", "args": [appeal_role, address]} for grantor in GRANTORS
    ]
    # The new registry's roles are held as the rest of the suite's: admin roles by the timelock, the pauser
    # role by the guardian; the deployer keeps none.
    for role in ("DEFAULT_ADMIN_ROLE", "APPEAL_ADMIN_ROLE"):
        assert _holds(governed.w3, governed.manifest, NEW, role, timelock)
        assert not _holds(governed.w3, governed.manifest, NEW, role, deployer)
    assert _holds(governed.w3, governed.manifest, NEW, "PAUSER_ROLE", governed.signer(GUARDIAN).address)
    assert not _holds(governed.w3, governed.manifest, NEW, "PAUSER_ROLE", deployer)
    pending = ok(0, "upgrade", "missing")
    assert "ApplicationLedger: APPEAL_ROLE → AppealRegistry: 尚未授权 / not made yet" in pending

    # Run again before the vote: nothing deployed, the same proposal written again.
    proposal.unlink()
    again = ok(0, "upgrade", "add", NEW, "--proposal", str(proposal))
    assert "nothing deployed" in again
    assert json.loads(proposal.read_text(encoding="utf-8")) == written

    first, second = COUNCIL[0], COUNCIL[1]
    ok(first, "gov", "propose", str(proposal))
    governed.mine(2)
    ok(first, "gov", "approve", str(proposal))
    ok(second, "gov", "approve", str(proposal))
    governed.mine(6)
    ok(first, "gov", "execute", str(proposal))
    governed.mine(1, DELAY + 1)
    ok(first, "gov", "execute", str(proposal))

    for grantor in GRANTORS:
        assert _holds(governed.w3, governed.manifest, grantor, "APPEAL_ROLE", address)
    assert "every grant it needs is made" in ok(0, "upgrade", "add", NEW, "--proposal", str(tmp_path / "none.json"))
    assert not (tmp_path / "none.json").exists()
    assert "the deployment has every contract of the suite" in ok(0, "upgrade", "missing")
    client = ZhangdianClient.connect(governed.chain.rpc_url, deployment=governed.manifest)
    assert client.contract(NEW).address == address
    assert client.appeals.terms().reviewer is None  # no default terms yet: the council sets them
    assert client.appeals.no_reopen == 2**8 - 1
