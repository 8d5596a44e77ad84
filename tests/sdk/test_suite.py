"""The suite descriptor (zhangdian_sdk.core.suite) matches the compiled contracts, and deployment follows it."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from web3 import Web3

from tests.conftest import Officers
from zhangdian_sdk.core import errors
from zhangdian_sdk.core.artifacts import load_artifact
from zhangdian_sdk.core.deployments import Deployment
from zhangdian_sdk.core.suite import (
    SUITE,
    SUITE_CONTRACTS,
    UPGRADEABLE_CONTRACTS,
    Grant,
    SuiteContract,
    deploy_in_order,
    deployment_order,
    suite_contract,
)
from zhangdian_sdk.ops.deploy import deploy_suite, implementation_arguments
from zhangdian_sdk.ops.localchain import LocalChain


def _functions(name: str) -> dict[str, dict[str, Any]]:
    return {item["name"]: item for item in load_artifact(name).abi if item.get("type") == "function"}


@pytest.mark.parametrize("contract", SUITE, ids=SUITE_CONTRACTS)
def test_every_role_the_descriptor_names_is_a_constant_of_the_contract(contract: SuiteContract) -> None:
    functions = _functions(contract.name)
    for role in contract.role_names:
        getter = functions.get(role)
        assert getter is not None, f"{contract.name} has no {role}()"
        assert getter["inputs"] == [], role
        assert [o["type"] for o in getter["outputs"]] == ["bytes32"], role
        assert getter["stateMutability"] in ("view", "pure"), role
    for grant in contract.grants:
        assert grant.to in SUITE_CONTRACTS


@pytest.mark.parametrize("contract", SUITE, ids=SUITE_CONTRACTS)
def test_pausable_and_upgradeable_as_the_abi_says(contract: SuiteContract) -> None:
    functions = _functions(contract.name)
    if contract.pausable:
        assert {"pause", "unpause", "paused"} <= set(functions)
    else:
        assert "pause" not in functions
    if contract.upgradeable:
        assert [i["type"] for i in functions["initialize"]["inputs"]] == ["address"]
        assert "upgradeToAndCall" in functions
        assert "proxiableUUID" in functions


@pytest.mark.parametrize("contract", SUITE, ids=SUITE_CONTRACTS)
def test_the_constructor_takes_the_contracts_it_needs_then_its_parameters(contract: SuiteContract) -> None:
    (constructor,) = [item for item in load_artifact(contract.name).abi if item["type"] == "constructor"] or [
        {"inputs": []}
    ]
    inputs = constructor["inputs"]
    admin = () if contract.upgradeable else ("address",)  # without a proxy, the constructor takes the admin last
    assert len(inputs) == len(contract.needs) + len(contract.parameters) + len(admin)
    needed = [(i["type"], i["internalType"]) for i in inputs[: len(contract.needs)]]
    # Each dependency is typed by the interface of the contract it names (IDepartmentRegistry for the registry).
    assert needed == [("address", f"contract I{name}") for name in contract.needs]


def test_the_deployment_order_puts_every_contract_after_what_it_needs() -> None:
    order = [contract.name for contract in deployment_order()]
    assert sorted(order) == sorted(SUITE_CONTRACTS)
    for contract in SUITE:
        for needed in contract.needs:
            assert order.index(needed) < order.index(contract.name), f"{contract.name} needs {needed}"


def test_a_cycle_or_an_unknown_contract_is_refused() -> None:
    cycle = (SuiteContract("A", needs=("B",)), SuiteContract("B", needs=("A",)))
    with pytest.raises(errors.ConfigurationError, match="cycle"):
        deployment_order(cycle)
    with pytest.raises(errors.ConfigurationError, match="not in the suite"):
        deployment_order((SuiteContract("A", grants=(Grant("X_ROLE", "Nowhere"),)),))
    with pytest.raises(errors.InvalidInputError, match="not a contract of the suite"):
        suite_contract("Nowhere")


def test_a_contract_added_to_the_descriptor_is_deployed_and_wired_by_the_same_walk() -> None:
    """Adding a contract is one entry in the descriptor: the walk deploys it after what it needs, with
    its arguments, and makes its grants once the grantee exists (here before it, and after it)."""
    extra = SuiteContract("Archive", needs=("ApplicationLedger",), parameters=("home_region",))
    granting = SuiteContract("Notary", needs=("DepartmentRegistry",), grants=(Grant("ARCHIVE_ROLE", "Archive"),))
    suite = (granting, *SUITE, extra)
    events: list[tuple[str, object]] = []

    def deploy(contract: SuiteContract, arguments: tuple[object, ...]) -> str:
        events.append(("deploy", (contract.name, arguments)))
        return f"@{contract.name}"

    def wire(contract: SuiteContract, deployed: Mapping[str, str]) -> None:
        events.append(("wire", (contract.name, tuple(deployed[grant.to] for grant in contract.grants))))

    deployed = deploy_in_order(deploy, wire, {"home_region": 370303}, suite)
    assert set(deployed) == {contract.name for contract in suite}
    names = [detail[0] for kind, detail in events if kind == "deploy"]  # type: ignore[index]
    assert names.index("Archive") > names.index("ApplicationLedger")
    archive = ("deploy", ("Archive", ("@ApplicationLedger", 370303)))
    assert archive in events
    assert events.index(("wire", ("Notary", ("@Archive",)))) == events.index(archive) + 1
    for contract in SUITE:  # the suite's own grants are made once their grantees are deployed, all at once
        if contract.grants:
            assert ("wire", (contract.name, tuple(f"@{grant.to}" for grant in contract.grants))) in events


def test_deploy_suite_wires_and_grants_what_the_descriptor_says(
    w3: Web3, deployment: Deployment, officers: Officers
) -> None:
    assert set(deployment.contracts) == set(SUITE_CONTRACTS)
    for contract in SUITE:
        instance = w3.eth.contract(address=deployment.address_of(contract.name), abi=load_artifact(contract.name).abi)
        for role in contract.initial_roles:
            assert instance.functions.hasRole(getattr(instance.functions, role)().call(), officers.admin.address).call()
        for grant in contract.grants:
            role = getattr(instance.functions, grant.role)().call()
            assert instance.functions.hasRole(role, deployment.address_of(grant.to)).call(), (contract.name, grant)
        for link in contract.links:  # the department registry's role listener is the certificate registry
            assert getattr(instance.functions, link.getter)().call() == deployment.address_of(link.to)
        entry = deployment.contracts[contract.name]
        assert (entry.implementation is not None) == contract.upgradeable
        if contract.name in UPGRADEABLE_CONTRACTS:
            # A new implementation of it would be built on the deployed proxies it needs, in order.
            arguments = implementation_arguments(contract.name, deployment, 370303)
            assert arguments[: len(contract.needs)] == tuple(deployment.address_of(n) for n in contract.needs)
            for getter, needed in zip(_dependency_getters(contract), contract.needs, strict=True):
                assert getattr(instance.functions, getter)().call() == deployment.address_of(needed)


def _dependency_getters(contract: SuiteContract) -> list[str]:
    """The public getters of the contract's constructor dependencies, by their interface type."""
    functions = _functions(contract.name)
    by_type = {
        f["outputs"][0]["internalType"]: name
        for name, f in functions.items()
        if not f["inputs"] and len(f["outputs"]) == 1 and f["outputs"][0]["internalType"].startswith("contract I")
    }
    return [by_type[f"contract I{needed}"] for needed in contract.needs]


def test_a_suite_deployed_for_another_admin_hands_it_every_initial_role(
    anvil_chain: LocalChain, w3: Web3, tmp_path: Path
) -> None:
    """The deployer keeps the admin roles of a contract with grants only until it has made them, then
    hands every role the descriptor names to the admin (the governance timelock in production)."""
    deployer, admin = anvil_chain.dev_signer(9), anvil_chain.dev_signer(7)  # accounts no other test signs with
    said: list[str] = []
    deployment = deploy_suite(w3, deployer, admin=admin.address, manifest_path=tmp_path / "m.json", log=said.append)
    for contract in SUITE:
        instance = w3.eth.contract(address=deployment.address_of(contract.name), abi=load_artifact(contract.name).abi)
        for role_name in contract.initial_roles:
            role = getattr(instance.functions, role_name)().call()
            assert instance.functions.hasRole(role, admin.address).call(), (contract.name, role_name)
            assert not instance.functions.hasRole(role, deployer.address).call(), (contract.name, role_name)
        for grant in contract.grants:
            assert f"{contract.name}: {grant.role} granted to the {grant.to} {deployment.address_of(grant.to)}" in said
            role = getattr(instance.functions, grant.role)().call()
            assert instance.functions.hasRole(role, deployment.address_of(grant.to)).call(), (contract.name, grant)
        for link in contract.links:
            assert f"{contract.name}: {link.setter}({link.to} {deployment.address_of(link.to)})" in said
            assert getattr(instance.functions, link.getter)().call() == deployment.address_of(link.to)


def test_every_role_of_the_suite_and_the_timelock_has_words_in_the_catalogue() -> None:
    """Errors name roles from the catalogue's platform_role labels (core/roles.py): none may be missing."""
    from zhangdian_sdk.core import messages
    from zhangdian_sdk.core.roles import TIMELOCK_ROLES

    named = set(messages.labels("platform_role"))
    needed = {role for contract in SUITE for role in contract.role_names} | set(TIMELOCK_ROLES)
    assert needed <= named, f"platform_role labels missing: {sorted(needed - named)}"


def test_an_upgrade_proposes_the_links_a_deployment_lacks(anvil_chain: LocalChain, w3: Web3, tmp_path: Path) -> None:
    """A deployment made before the role listener: ``zhangdian upgrade prepare DepartmentRegistry`` puts
    ``setRoleListener(CertificateRegistry)`` after the upgrade in the same proposal; one that has it, nothing."""
    from zhangdian_sdk.client import ZhangdianClient
    from zhangdian_sdk.ops.governance import Action
    from zhangdian_sdk.ops.upgrades import link_actions, prepare_upgrade

    deployer = anvil_chain.dev_signer(8)
    deployment = deploy_suite(w3, deployer, manifest_path=tmp_path / "m.json")
    client = ZhangdianClient(w3, deployment, signer=deployer)
    registry, certificates = deployment.address_of("DepartmentRegistry"), deployment.address_of("CertificateRegistry")
    assert link_actions(client, "DepartmentRegistry") == []
    assert link_actions(client, "CertificateRegistry") == []
    instance = client.contract("DepartmentRegistry")
    client.sender.send(instance.functions.setRoleListener("0x" + "00" * 20))
    assert link_actions(client, "DepartmentRegistry") == [
        Action("DepartmentRegistry", "setRoleListener", [certificates])
    ]
    plan = prepare_upgrade(client, "DepartmentRegistry")
    assert [(a.contract, a.function) for a in plan.actions] == [
        ("DepartmentRegistry", "upgradeToAndCall"),
        ("DepartmentRegistry", "setRoleListener"),
    ]
    assert plan.proposal_json()["actions"][1] == {
        "contract": "DepartmentRegistry",
        "function": "setRoleListener",
        "args": [certificates],
    }
    assert registry == plan.proxy
