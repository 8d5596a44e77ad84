"""Deploy the suite and write its manifest.

Usage: ``deployment = deploy_suite(w3, signer, network="local")``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from eth_utils.address import to_checksum_address
from web3 import Web3

from zhangdian_sdk.core.accounts import Signer
from zhangdian_sdk.core.artifacts import PROXY_CONTRACT, Artifact, load_artifact
from zhangdian_sdk.core.deployments import ContractDeployment, Deployment
from zhangdian_sdk.core.errors import DeploymentNotFoundError
from zhangdian_sdk.core.suite import CALENDAR_CONTRACT, SUITE, SuiteContract, deploy_in_order, suite_contract
from zhangdian_sdk.core.tx import TransactionSender
from zhangdian_sdk.core.workdays import load_year, shipped_years, year_bitmap_words

__all__ = [
    "current_deployment",
    "deploy_implementation",
    "deploy_proxied",
    "deploy_proxy",
    "deploy_suite",
    "deploy_upgradeable",
    "implementation_arguments",
    "set_shipped_years",
]


def current_deployment(w3: Web3, *, path: Path | None = None) -> Deployment | None:
    """The manifest for this chain if every contract in it is live and built from today's artifacts."""
    try:
        deployment = Deployment.load(chain_id=w3.eth.chain_id, path=path)
    except DeploymentNotFoundError:
        return None
    for contract in SUITE:
        entry = deployment.contracts.get(contract.name)
        if entry is None or entry.artifact_hash != load_artifact(contract.name).artifact_hash:
            return None
        if contract.upgradeable and entry.implementation is None:
            return None
        if len(w3.eth.get_code(entry.address)) == 0:
            return None
    return deployment


def deploy_suite(
    w3: Web3,
    signer: Signer,
    *,
    admin: str | None = None,
    network: str = "local",
    home_region: int = 370303,
    manifest_path: Path | None = None,
    log: Callable[[str], None] = lambda _message: None,
) -> Deployment:
    """Deploy the contracts of the suite (:data:`zhangdian_sdk.core.suite.SUITE`) in dependency order, each as an
    implementation behind an ERC-1967 proxy (UUPS), initialized in the proxy's creation; make the grants
    the descriptor names (the ledger's LEDGER_ROLE in the registries); write the manifest.

    ``admin`` receives every admin role (the deployer by default; the governance timelock later);
    whoever holds an admin role upgrades that contract.
    """
    sender = TransactionSender(w3, signer)
    admin_address = admin or signer.address
    deployed: dict[str, ContractDeployment] = {}

    def deploy(contract: SuiteContract, arguments: tuple[object, ...]) -> str:
        name = contract.name
        # A contract that grants roles to later ones keeps the deployer as its admin until it has made them;
        # the working calendar keeps it until the shipped years are set.
        first_admin = signer.address if contract.wired_to or name == CALENDAR_CONTRACT else admin_address
        artifact = load_artifact(name)
        if not contract.upgradeable:  # no proxy: the constructor takes the admin after its arguments
            receipt = sender.deploy(artifact.abi, artifact.bytecode, *arguments, first_admin)
            address = receipt["contractAddress"]
            assert address is not None  # a successful creation receipt always has one
            deployed[name] = ContractDeployment(
                address, int(receipt["blockNumber"]), receipt["transactionHash"].to_0x_hex(), artifact.artifact_hash
            )
            log(f"deployed {name} at {address} (block {receipt['blockNumber']})")
            return str(address)
        deployed[name] = entry = deploy_upgradeable(sender, name, arguments, first_admin)
        address = entry.address
        log(f"deployed {name} at {address} (implementation {entry.implementation}, block {entry.block_number})")
        if name == CALENDAR_CONTRACT:
            set_shipped_years(sender, str(address), log=log)
            _hand_over(sender, contract, {name: str(address)}, admin=admin_address, log=log)
        return str(address)

    def wire(contract: SuiteContract, addresses: Mapping[str, str]) -> None:
        _hand_over(sender, contract, addresses, admin=admin_address, log=log)

    deploy_in_order(deploy, wire, {"home_region": home_region})
    deployment = Deployment(chain_id=sender.chain_id, contracts=deployed, deployer=signer.address, network=network)
    path = deployment.save(manifest_path)
    log(f"manifest written to {path}")
    return replace(deployment, path=path)  # rules deployed through it are recorded in that file


def set_shipped_years(sender: TransactionSender, calendar: str, *, log: Callable[[str], None]) -> None:
    """Set the working days of every year whose calendar ships with the SDK (the sender holds
    CALENDAR_ADMIN_ROLE: the deployer, before governance takes the role over)."""
    instance = sender.w3.eth.contract(address=to_checksum_address(calendar), abi=load_artifact(CALENDAR_CONTRACT).abi)
    for year in shipped_years():
        found = load_year(year)
        sender.send(instance.functions.setYear(year, list(year_bitmap_words(found.bitmap()))))
        provisional = " (暂定 provisional: statutory holidays only)" if found.provisional else ""
        log(f"{CALENDAR_CONTRACT}: {year} set, {found.working_day_count()} working days{provisional}")


def implementation_arguments(name: str, deployment: Deployment, home_region: int) -> tuple[object, ...]:
    """The constructor arguments of a new implementation of ``name``: the proxies it depends on, then
    its parameters (see :mod:`zhangdian_sdk.core.suite`)."""
    contract = suite_contract(name)
    return contract.constructor_arguments(
        {dependency: deployment.address_of(dependency) for dependency in contract.needs}, {"home_region": home_region}
    )


def deploy_proxy(sender: TransactionSender, name: str, implementation: str, admin: str) -> Any:
    """Deploy a SuiteProxy in front of ``implementation``, initialized for ``admin`` in the same
    transaction (nobody can initialize it in between); returns the receipt."""
    initialize = sender.w3.eth.contract(abi=load_artifact(name).abi).encode_abi(
        "initialize", [to_checksum_address(admin)]
    )
    proxy = load_artifact(PROXY_CONTRACT)
    return sender.deploy(proxy.abi, proxy.bytecode, implementation, initialize)


def deploy_upgradeable(
    sender: TransactionSender,
    name: str,
    arguments: tuple[object, ...],
    admin: str,
    *,
    progress: Callable[[], None] = lambda: None,
) -> ContractDeployment:
    """Deploy today's implementation of ``name`` with its constructor ``arguments`` and a proxy in front
    of it initialized for ``admin``; returns the manifest entry (proxy, implementation, artifact hash,
    storage layout). ``progress`` is called after each of the two transactions."""
    artifact = load_artifact(name)
    implementation, implementation_tx = deploy_implementation(sender, name, *arguments)
    progress()
    receipt = deploy_proxy(sender, name, implementation, admin)
    progress()
    address = receipt["contractAddress"]
    assert address is not None  # a successful creation receipt always has one
    return ContractDeployment(
        address=to_checksum_address(address),
        block_number=int(receipt["blockNumber"]),
        transaction_hash=receipt["transactionHash"].to_0x_hex(),
        artifact_hash=artifact.artifact_hash,
        implementation=to_checksum_address(implementation),
        implementation_transaction_hash=implementation_tx,
        storage_layout=artifact.storage_layout,
    )


def deploy_proxied(sender: TransactionSender, name: str, admin: str, *args: object) -> str:
    """Deploy one contract of the suite on its own (implementation and proxy); returns the proxy's address."""
    implementation, _transaction = deploy_implementation(sender, name, *args)
    address = deploy_proxy(sender, name, implementation, admin)["contractAddress"]
    assert address is not None  # a successful creation receipt always has one
    return str(address)


def deploy_implementation(
    sender: TransactionSender, name: str, *args: object, artifact: Artifact | None = None
) -> tuple[str, str]:
    """Deploy an implementation contract (its constructor locks its own initializer); returns its
    address and creating transaction. ``artifact`` replaces today's build (a new version to upgrade to)."""
    artifact = artifact or load_artifact(name)
    receipt = sender.deploy(artifact.abi, artifact.bytecode, *args)
    address = receipt["contractAddress"]
    assert address is not None  # a successful creation receipt always has one
    return str(address), receipt["transactionHash"].to_0x_hex()


def _hand_over(
    sender: TransactionSender,
    contract: SuiteContract,
    addresses: Mapping[str, str],
    *,
    admin: str,
    log: Callable[[str], None],
) -> None:
    """Give the contract's grants (the ledger's LEDGER_ROLE in a registry), call its links (the department
    registry's role listener), then give its initial roles to ``admin``.

    The deployer held the admin role only to make these grants; where the admin is another account
    (the governance timelock), the deployer gives its roles up.
    """
    name = contract.name
    instance = sender.w3.eth.contract(address=to_checksum_address(addresses[name]), abi=load_artifact(name).abi)
    for grant in contract.grants:
        role = getattr(instance.functions, grant.role)().call()
        sender.send(instance.functions.grantRole(role, addresses[grant.to]))
        log(f"{name}: {grant.role} granted to the {grant.to} {addresses[grant.to]}")
    for link in contract.links:
        sender.send(getattr(instance.functions, link.setter)(to_checksum_address(addresses[link.to])))
        log(f"{name}: {link.setter}({link.to} {addresses[link.to]})")
    if admin.lower() == sender.address.lower():
        return
    roles = [getattr(instance.functions, role)().call() for role in contract.initial_roles]
    for role in roles:
        sender.send(instance.functions.grantRole(role, admin))
    for role in roles:
        sender.send(instance.functions.renounceRole(role, sender.address))
    log(f"{name}: admin roles handed to {admin}")
