"""Upgrading a contract of the suite: check the layout, deploy the implementation, let governance switch.

The proxy's admin (the governance timelock once the council governs) is the only account that can
point a proxy at a new implementation. This module does everything up to that decision and after it:

1. :func:`prepare_upgrade` compares the new implementation's storage layout with the one recorded in
   the manifest for the deployed implementation and refuses an incompatible upgrade with the report
   (:class:`~zhangdian_sdk.core.errors.StorageLayoutError`), before anything is sent; then it deploys the
   new implementation and returns the governance action ``upgradeToAndCall(implementation, "")``.
2. The council proposes, votes, queues and executes that action (``zhangdian gov``).
3. :func:`record_upgrade` reads the proxy's ERC-1967 slot and, if it holds the new implementation,
   writes it, its artifact hash and its layout into the manifest, so that the next upgrade is checked
   against what is deployed.

Usage::

    plan = prepare_upgrade(client, "ApplicationLedger")
    proposal = GovernanceFacade(member).propose([plan.action], plan.description)
    ...
    record_upgrade(client, "ApplicationLedger", plan)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eth_utils.address import to_checksum_address
from eth_utils.crypto import keccak
from web3.exceptions import BadFunctionCallOutput, ContractLogicError

from zhangdian_sdk.core.artifacts import Artifact, load_artifact
from zhangdian_sdk.core.deployments import Deployment
from zhangdian_sdk.core.errors import InvalidInputError, StorageLayoutError
from zhangdian_sdk.core.suite import UPGRADEABLE_CONTRACTS, suite_contract
from zhangdian_sdk.ops.deploy import deploy_implementation, implementation_arguments
from zhangdian_sdk.ops.governance import Action
from zhangdian_sdk.ops.layout import check_upgrade

if TYPE_CHECKING:
    from zhangdian_sdk.client import ZhangdianClient

__all__ = [
    "IMPLEMENTATION_SLOT",
    "UpgradePlan",
    "implementation_of",
    "link_actions",
    "prepare_upgrade",
    "record_upgrade",
]

# bytes32(uint256(keccak256("eip1967.proxy.implementation")) - 1)
IMPLEMENTATION_SLOT = int.from_bytes(keccak(text="eip1967.proxy.implementation"), "big") - 1


@dataclass(frozen=True)
class UpgradePlan:
    """A checked, deployed implementation waiting for governance to switch the proxy to it."""

    contract: str
    proxy: str
    current_implementation: str
    new_implementation: str
    implementation_transaction_hash: str
    artifact: Artifact
    # The descriptor's links the deployment lacks (the department registry's role listener), made right
    # after the upgrade in the same proposal: :func:`link_actions`.
    follow_up: tuple[Action, ...] = field(default=())

    @property
    def action(self) -> Action:
        return Action(self.contract, "upgradeToAndCall", [self.new_implementation, b""])

    @property
    def actions(self) -> tuple[Action, ...]:
        """The upgrade, then its follow-up calls: what the proposal executes, in order."""
        return (self.action, *self.follow_up)

    @property
    def description(self) -> str:
        described = (
            f"升级 {self.contract} / Upgrade {self.contract} from {self.current_implementation} "
            f"to {self.new_implementation} (storage layout checked)"
        )
        for action in self.follow_up:
            described += f"; 然后 / then {action.contract}.{action.function}({', '.join(map(str, action.args))})"
        return described

    def proposal_json(self) -> dict[str, Any]:
        """The proposal file ``zhangdian gov propose`` takes."""
        return {
            "description": self.description,
            "actions": [
                {"contract": self.contract, "function": "upgradeToAndCall", "args": [self.new_implementation, "0x"]},
                *({"contract": a.contract, "function": a.function, "args": list(a.args)} for a in self.follow_up),
            ],
        }


def implementation_of(client: ZhangdianClient, proxy: str) -> str:
    """The implementation an ERC-1967 proxy points at now."""
    raw = client.w3.eth.get_storage_at(to_checksum_address(proxy), IMPLEMENTATION_SLOT)
    return to_checksum_address(bytes(raw)[-20:])


def prepare_upgrade(client: ZhangdianClient, name: str, *, artifact: Artifact | None = None) -> UpgradePlan:
    """Check the layout of ``artifact`` (today's build by default) against the deployed one, then
    deploy it as the new implementation of ``name``."""
    if name not in UPGRADEABLE_CONTRACTS:
        raise InvalidInputError(f"{name} 不是套件中可升级的合约 / {name} is not an upgradeable contract of the suite")
    entry = client.deployment.contracts.get(name)
    if entry is None or entry.implementation is None or entry.storage_layout is None:
        raise InvalidInputError(
            f"清单中没有其实现与布局 / the manifest records no implementation and layout for {name}: it is not a proxy"
        )
    new = artifact or load_artifact(name)
    if new.storage_layout is None:
        raise StorageLayoutError(
            f"新的 {name} 编译产物没有存储布局 / the new {name} artifact carries no storage layout: run `make build`"
        )
    check_upgrade(name, entry.storage_layout, new.storage_layout)
    current = implementation_of(client, entry.address)
    home_region = int(client.call(client.contract("RegionFederation").functions.homeRegion()))
    arguments = implementation_arguments(name, client.deployment, home_region)
    address, transaction = deploy_implementation(client.sender, name, *arguments, artifact=new)
    follow_up = tuple(link_actions(client, name))
    return UpgradePlan(name, entry.address, current, to_checksum_address(address), transaction, new, follow_up)


def link_actions(client: ZhangdianClient, name: str) -> list[Action]:
    """The governance calls that give the deployed ``name`` the links the descriptor names and it lacks
    (:attr:`~zhangdian_sdk.core.suite.SuiteContract.links`): ``DepartmentRegistry.setRoleListener`` with the
    CertificateRegistry's proxy for a deployment made before the role listener existed. A link read as
    anything else, or unreadable (the implementation before the upgrade has no getter), is proposed.

    The listener must already run the code that answers it (CertificateRegistry 1.5.0): otherwise the
    setter reverts and the whole proposal with it, so upgrade the CertificateRegistry first."""
    actions: list[Action] = []
    instance = client.w3.eth.contract(address=client.deployment.address_of(name), abi=load_artifact(name).abi)
    for link in suite_contract(name).links:
        target = to_checksum_address(client.deployment.address_of(link.to))
        try:
            current = str(getattr(instance.functions, link.getter)().call())
        except (ContractLogicError, BadFunctionCallOutput):  # an implementation without the getter
            current = ""
        if current.lower() != target.lower():
            actions.append(Action(name, link.setter, [target]))
    return actions


def record_upgrade(client: ZhangdianClient, plan: UpgradePlan, *, manifest_path: Path | None = None) -> Deployment:
    """Write the executed upgrade into the manifest; refuses if the proxy does not point at it yet."""
    now = implementation_of(client, plan.proxy)
    if now != plan.new_implementation:
        raise InvalidInputError(
            f"治理尚未执行升级 / {plan.contract} still points at {now}, not {plan.new_implementation}: "
            "governance has not executed the upgrade yet"
        )
    entry = client.deployment.contracts[plan.contract]
    updated = replace(
        entry,
        implementation=to_checksum_address(plan.new_implementation),
        implementation_transaction_hash=plan.implementation_transaction_hash,
        artifact_hash=plan.artifact.artifact_hash,
        storage_layout=plan.artifact.storage_layout,
    )
    deployment = replace(client.deployment, contracts={**client.deployment.contracts, plan.contract: updated})
    deployment.save(manifest_path)
    return deployment


def plan_to_file(plan: UpgradePlan, path: Path) -> Path:
    """Write the governance proposal of a plan for ``zhangdian gov propose``."""
    path.write_text(json.dumps(plan.proposal_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
