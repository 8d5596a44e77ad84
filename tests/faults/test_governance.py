"""Governance on a chain of its own: the council decides M of N, the timelock executes after its
delay, nobody else holds an admin role, and the guardian can pause but never resume."""

from __future__ import annotations

import pytest
from web3 import Web3

from tests.faults.conftest import COUNCIL, OwnChain
from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core import errors
from zhangdian_sdk.core.codes import code_to_bytes32
from zhangdian_sdk.core.suite import PAUSABLE_CONTRACTS, SUITE
from zhangdian_sdk.ops.governance import Action, GovernanceFacade, govern_suite

DELAY = 3600


def _mine(w3: Web3, blocks: int, seconds: int = 0) -> None:
    if seconds:
        w3.provider.make_request("evm_increaseTime", [seconds])
    w3.provider.make_request("anvil_mine", [hex(blocks)])


def test_the_council_decides_m_of_n_and_the_timelock_executes_after_its_delay(own_chain: OwnChain) -> None:
    chain = own_chain.chain
    w3 = Web3(own_chain.clerk().w3.provider)
    deployer = chain.dev_signer(0)
    members = [chain.dev_signer(i) for i in COUNCIL]
    governed = own_chain.govern(delay=DELAY)
    _mine(w3, 1)
    as_member = [ZhangdianClient(w3, governed, signer=m) for m in members]
    old_admin = ZhangdianClient(w3, governed, signer=deployer)
    with pytest.raises(errors.AccessControlUnauthorizedAccount):
        old_admin.departments.register("ZD-SWJ", 370303, "113703030042351144", "税务局", "Taxation Bureau")

    actions = [
        Action(
            "DepartmentRegistry",
            "registerDepartment",
            [code_to_bytes32("ZD-SWJ"), 370303, b"113703030042351144", "税务局", "Taxation Bureau"],
        )
    ]
    description = "登记张店区税务局 / Register the Zhangdian Taxation Bureau"
    council = GovernanceFacade(as_member[0])
    proposal = council.propose(actions, description)
    _mine(w3, 2)
    GovernanceFacade(as_member[0]).approve(proposal)
    status = council.status(proposal, actions, description)
    assert (status.state, status.votes_for, status.quorum) == ("Active", 1, 2)
    assert status.actions == (
        "DepartmentRegistry.registerDepartment(ZD-SWJ, 370303, 113703030042351144, '税务局', 'Taxation Bureau')",
    )
    GovernanceFacade(as_member[1]).approve(proposal)
    _mine(w3, 6)
    assert council.status(proposal).state == "Succeeded"
    council.queue(actions, description)
    with pytest.raises(errors.ZhangdianError):
        council.execute(actions, description)  # the delay has not passed
    _mine(w3, 1, DELAY + 1)
    council.execute(actions, description)
    assert council.status(proposal).state == "Executed"
    assert old_admin.departments.get("ZD-SWJ").name_en == "Taxation Bureau"


def test_one_vote_short_of_the_quorum_is_defeated(own_chain: OwnChain) -> None:
    chain = own_chain.chain
    w3 = own_chain.clerk().w3
    members = [chain.dev_signer(i) for i in COUNCIL]
    governed = own_chain.govern(delay=DELAY)
    _mine(w3, 1)
    council = GovernanceFacade(ZhangdianClient(w3, governed, signer=members[0]))
    actions = [Action("ServiceCatalog", "setServiceActive", [code_to_bytes32("ZD-GTGSH-SL"), False])]
    proposal = council.propose(actions, "close a service")
    _mine(w3, 2)
    council.approve(proposal)
    _mine(w3, 6)
    assert council.status(proposal).state == "Defeated"


def test_the_guardian_pauses_at_once_but_only_governance_resumes(own_chain: OwnChain) -> None:
    chain = own_chain.chain
    w3 = own_chain.clerk().w3
    guardian = chain.dev_signer(8)
    governed = govern_suite(
        w3,
        chain.dev_signer(0),
        own_chain.deployment,
        members=[chain.dev_signer(5).address],
        quorum=1,
        delay=DELAY,
        guardian=guardian.address,
        manifest_path=own_chain.manifest,
    )
    as_guardian = ZhangdianClient(w3, governed, signer=guardian)
    timelock, deployer = governed.address_of("Timelock"), chain.dev_signer(0).address
    for described in SUITE:  # every role the suite descriptor names went where it says, none stayed behind
        contract = as_guardian.contract(described.name)
        for role_name in described.initial_roles:
            role = getattr(contract.functions, role_name)().call()
            holder = guardian.address if role_name == described.pauser_role else timelock
            assert contract.functions.hasRole(role, holder).call(), (described.name, role_name)
            assert not contract.functions.hasRole(role, deployer).call(), (described.name, role_name)
    ledger = as_guardian.contract("ApplicationLedger")
    as_guardian.sender.send(ledger.functions.pause())
    with pytest.raises(errors.EnforcedPause):
        own_chain.clerk().ledger.submit("P-1", service="ZD-GTGSH-SL", applicant_commitment=b"\x01" * 32)
    with pytest.raises(errors.AccessControlUnauthorizedAccount):
        as_guardian.sender.send(ledger.functions.unpause())
    with pytest.raises(errors.AccessControlUnauthorizedAccount):
        as_guardian.departments.register("ZD-X", 370303, "113703030042351144", "名", "Name")


def test_a_deployer_named_guardian_keeps_the_pauser_roles_and_nothing_else(own_chain: OwnChain) -> None:
    """Issue 12, finding 11 (third suspicion): the deployer renounces its roles after handing them over;
    when it is itself the guardian it must keep the pauser roles, and the setup says who holds what."""
    chain = own_chain.chain
    w3 = own_chain.clerk().w3
    deployer = chain.dev_signer(0)
    said: list[str] = []
    governed = govern_suite(
        w3,
        deployer,
        own_chain.deployment,
        members=[chain.dev_signer(5).address],
        quorum=1,
        delay=DELAY,
        guardian=deployer.address,
        manifest_path=own_chain.manifest,
        log=said.append,
    )
    as_deployer = ZhangdianClient(w3, governed, signer=deployer)
    timelock = governed.address_of("Timelock")
    for name in PAUSABLE_CONTRACTS:
        contract = as_deployer.contract(name)
        pauser, admin = contract.functions.PAUSER_ROLE().call(), contract.functions.DEFAULT_ADMIN_ROLE().call()
        assert contract.functions.hasRole(pauser, deployer.address).call(), name
        assert not contract.functions.hasRole(admin, deployer.address).call(), name
        assert contract.functions.hasRole(admin, timelock).call(), name
        as_deployer.sender.send(contract.functions.pause())
        assert contract.functions.paused().call(), name
        with pytest.raises(errors.AccessControlUnauthorizedAccount):
            as_deployer.sender.send(contract.functions.unpause())
        (line,) = [entry for entry in said if entry.startswith(f"{name}:")]
        assert f"PAUSER_ROLE held by the guardian {deployer.address} (the deployer)" in line
        assert f"DEFAULT_ADMIN_ROLE held by the timelock {timelock}" in line
    with pytest.raises(errors.AccessControlUnauthorizedAccount):
        as_deployer.departments.register("ZD-X", 370303, "113703030042351144", "名", "Name")
    assert any("it keeps the pauser roles and no other role" in entry for entry in said)


def test_the_council_works_from_the_command_line(own_chain: OwnChain, tmp_path) -> None:
    import json

    from click.testing import CliRunner

    from zhangdian_sdk.cli import cli

    chain = own_chain.chain
    w3 = own_chain.clerk().w3
    members = [chain.dev_signer(i) for i in (5, 6)]

    def run(signer, *args: str):
        env = {"ZHANGDIAN_RPC_URL": chain.rpc_url, "ZHANGDIAN_PRIVATE_KEY": "0x" + signer._account.key.hex()}
        result = CliRunner().invoke(
            cli, [*args, "--deployment", str(own_chain.manifest)], env=env, catch_exceptions=False
        )
        assert result.exit_code == 0, result.output
        return result.output

    run(
        chain.dev_signer(0),
        "gov",
        "setup",
        "--member",
        members[0].address,
        "--member",
        members[1].address,
        "--quorum",
        "2",
        "--delay",
        str(DELAY),
        "--guardian",
        chain.dev_signer(8).address,
        "--voting-period",
        "5",
    )
    _mine(w3, 1)
    proposal = tmp_path / "proposal.json"
    proposal.write_text(
        json.dumps(
            {
                "description": "关闭事项 / close ZD-GTGSH-SL",
                "actions": [
                    {"contract": "ServiceCatalog", "function": "setServiceActive", "args": ["ZD-GTGSH-SL", False]}
                ],
            },
            ensure_ascii=False,
        )
    )
    run(members[0], "gov", "propose", str(proposal))
    _mine(w3, 2)
    for member in members:
        run(member, "gov", "approve", str(proposal))
    status = json.loads(run(members[0], "gov", "status", str(proposal), "--json"))
    assert status["state"] == "Active"
    assert status["actions"] == ["ServiceCatalog.setServiceActive(ZD-GTGSH-SL, False)"]
    _mine(w3, 6)
    assert "queued" in run(members[0], "gov", "execute", str(proposal))
    _mine(w3, 1, DELAY + 1)
    assert "executed" in run(members[0], "gov", "execute", str(proposal))
    assert own_chain.clerk().catalog.get("ZD-GTGSH-SL").active is False
