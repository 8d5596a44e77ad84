"""Adding to a deployment a contract the suite gained after it was deployed (AppealRegistry, CorrectionRegistry).

Everything about the contract comes from the suite descriptor (:mod:`zhangdian_sdk.core.suite`): which
contracts a deployment lacks (:func:`missing_contracts`), the new one's constructor arguments
(:func:`~zhangdian_sdk.ops.deploy.implementation_arguments`), its roles, and the wiring it needs: the roles
other contracts grant it (the ledger's and the certificate registry's APPEAL_ROLE for the appeal registry)
and the setters of other contracts that name it, or its own grants and links to contracts already there.

:func:`add_contract` deploys the implementation and a proxy initialised for the sender, records both in the
manifest at once (so that nothing is deployed twice, even after a crash), makes the new contract's own
wiring, then hands its roles over as the rest of the suite holds them: the admin roles to the suite's
admin (the governance timelock once the council governs, else the deployer), the pauser role to the
guardian. The wiring on other contracts needs their admin: the sender makes it at once when it holds that
role (a local deployment not handed over, ``grant_now``), otherwise it becomes a proposal for
``zhangdian gov propose``. Run again, it deploys nothing and reports (or proposes, or makes) only the
wiring still missing on chain.

Usage::

    for contract in missing_contracts(client.deployment):
        print(contract.name)
    added = add_contract(client, "AppealRegistry", proposal_path=Path("add.json"))
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eth_utils.address import to_checksum_address
from eth_utils.crypto import keccak
from web3 import Web3
from web3.exceptions import BadFunctionCallOutput, ContractLogicError

from zhangdian_sdk.core.artifacts import load_artifact
from zhangdian_sdk.core.deployments import ContractDeployment, Deployment
from zhangdian_sdk.core.errors import ConfigurationError, InvalidInputError
from zhangdian_sdk.core.events import paged_logs
from zhangdian_sdk.core.roles import DEFAULT_ADMIN_ROLE, role_hash
from zhangdian_sdk.core.suite import (
    CALENDAR_CONTRACT,
    SUITE,
    SuiteContract,
    deployment_order,
    suite_contract,
)
from zhangdian_sdk.ops.deploy import deploy_upgradeable, implementation_arguments, set_shipped_years
from zhangdian_sdk.ops.governance import Action, hand_over_roles

if TYPE_CHECKING:
    from zhangdian_sdk.client import ZhangdianClient

__all__ = ["Addition", "Wiring", "add_contract", "missing_contracts", "pending_wiring", "suite_holders"]

_ROLE_GRANTED = keccak(text="RoleGranted(bytes32,address,address)")
_ZERO = "0x" + "00" * 20


@dataclass(frozen=True)
class Wiring:
    """One call the descriptor makes between two deployed contracts, not made on chain yet: a role of
    ``contract`` granted to ``to`` (``role`` set) or a setter of ``contract`` called with ``to``'s address."""

    contract: str
    function: str  # grantRole, or the link's setter
    to: str
    address: str  # ``to``'s address
    role: str | None = None  # the role constant's name, for a grant
    role_id: bytes = b""

    @property
    def args(self) -> list[Any]:
        return [self.role_id, self.address] if self.role is not None else [self.address]

    @property
    def action(self) -> Action:
        return Action(self.contract, self.function, self.args)

    def describe(self) -> str:
        if self.role is not None:
            return f"{self.contract}: {self.role} → {self.to}"
        return f"{self.contract}.{self.function}({self.to})"

    def to_json(self) -> dict[str, Any]:
        args: list[Any] = ["0x" + self.role_id.hex(), self.address] if self.role is not None else [self.address]
        return {"contract": self.contract, "function": self.function, "args": args}


@dataclass(frozen=True)
class Addition:
    """What :func:`add_contract` did: the contract's address, whether it deployed it now, the wiring it
    made and the wiring left for governance (written to the proposal file, when there is one)."""

    contract: str
    address: str
    deployed: bool
    admin: str | None  # who received its admin roles (None: it was there already)
    guardian: str | None
    granted: tuple[Wiring, ...] = ()
    proposed: tuple[Wiring, ...] = ()
    proposal_path: Path | None = None
    signer_may_grant: bool = False  # the signer holds the roles the proposed wiring needs (--grant-now would do)

    @property
    def description(self) -> str:
        calls = "; ".join(wiring.describe() for wiring in self.proposed)
        return f"接入 {self.contract} / Wire the added {self.contract} at {self.address} into the suite: {calls}"

    def proposal_json(self) -> dict[str, Any]:
        """The proposal file ``zhangdian gov propose`` takes."""
        return {"description": self.description, "actions": [wiring.to_json() for wiring in self.proposed]}


def missing_contracts(deployment: Deployment) -> tuple[SuiteContract, ...]:
    """The suite's contracts the manifest does not name, in deployment order (a contract after those it needs)."""
    return tuple(contract for contract in deployment_order() if contract.name not in deployment.contracts)


def pending_wiring(w3: Web3, deployment: Deployment, name: str) -> list[Wiring]:
    """The descriptor's grants and links between ``name`` and the other contracts of ``deployment`` (either
    way) that the chain does not show yet. A link whose getter cannot be read counts as not made."""
    if name not in deployment.contracts:
        return []
    pending: list[Wiring] = []
    for contract in SUITE:
        if contract.name not in deployment.contracts:
            continue
        instance = w3.eth.contract(address=deployment.address_of(contract.name), abi=load_artifact(contract.name).abi)
        for grant in contract.grants:
            if name not in (contract.name, grant.to) or grant.to not in deployment.contracts:
                continue
            role = role_hash(grant.role)
            address = deployment.address_of(grant.to)
            if not instance.functions.hasRole(role, address).call():
                pending.append(Wiring(contract.name, "grantRole", grant.to, address, grant.role, role))
        for link in contract.links:
            if name not in (contract.name, link.to) or link.to not in deployment.contracts:
                continue
            address = deployment.address_of(link.to)
            try:
                current = str(getattr(instance.functions, link.getter)().call())
            except (ContractLogicError, BadFunctionCallOutput):  # an implementation without the getter
                current = ""
            if current.lower() != address.lower():
                pending.append(Wiring(contract.name, link.setter, link.to, address))
    return pending


def suite_holders(client: ZhangdianClient, role_of: Callable[[SuiteContract], str | None]) -> set[str]:
    """The accounts holding, on every deployed contract of the suite, the role ``role_of`` names for it
    (contracts for which it names none are left out): found in the RoleGranted events, kept if they still
    hold it."""
    holders: set[str] | None = None
    head = int(client.w3.eth.block_number)
    for contract in SUITE:
        role_name = role_of(contract)
        entry = client.deployment.contracts.get(contract.name)
        if role_name is None or entry is None:
            continue
        instance = client.w3.eth.contract(address=entry.address, abi=load_artifact(contract.name).abi)
        role = role_hash(role_name)
        granted = {
            to_checksum_address(bytes(log["topics"][2])[-20:])
            for page in paged_logs(client.w3, entry.address, role, entry.block_number, head)
            for log in page
            if bytes(log["topics"][0]) == _ROLE_GRANTED
        }
        found = {str(account) for account in granted if instance.functions.hasRole(role, account).call()}
        holders = found if holders is None else holders & found
    return holders or set()


def _one_holder(
    client: ZhangdianClient, role_of: Callable[[SuiteContract], str | None], what: tuple[str, str]
) -> str | None:
    """The one account holding the role on every contract (the sender when it is among several), None if none."""
    found = suite_holders(client, role_of)
    if (
        len(found) > 1 and to_checksum_address(client.sender.address) in found
    ):  # a deployment not handed over keeps the deployer
        return to_checksum_address(client.sender.address)
    if len(found) > 1:
        raise ConfigurationError(
            f"套件的{what[0]}不唯一 ({', '.join(sorted(found))}) / the suite's {what[1]} is not one account "
            f"({', '.join(sorted(found))}): finish the hand-over (`zhangdian gov setup`) first"
        )
    return next(iter(found), None)


def add_contract(
    client: ZhangdianClient,
    name: str,
    *,
    grant_now: bool = False,
    proposal_path: Path | None = None,
    manifest_path: Path | None = None,
    log: Callable[[str], None] = lambda _message: None,
    progress: Callable[[int, int], None] | None = None,
) -> Addition:
    """Deploy the suite contract ``name`` the deployment lacks, record it, wire it and hand its roles over
    (see the module's docstring). Refuses, before anything is sent, an unknown name, a contract whose
    dependencies are missing, wiring nobody could make (neither ``grant_now`` nor ``proposal_path``) and
    ``grant_now`` when the sender does not hold the admin role it needs."""
    contract = suite_contract(name)
    deployment = client.deployment
    manifest_path = manifest_path or deployment.path
    entry = deployment.contracts.get(name)
    if entry is not None:
        if len(client.w3.eth.get_code(entry.address)) == 0:
            raise ConfigurationError(
                f"清单记录的 {name} 地址 {entry.address} 上没有合约 / the manifest names {name} at {entry.address}, "
                "where this chain has no code: is it the manifest of another chain?"
            )
        return _wire(client, name, entry.address, grant_now, proposal_path, log)
    absent = [needed for needed in contract.needs if needed not in deployment.contracts]
    if absent:
        raise InvalidInputError(
            f"{name} 需要先部署 {', '.join(absent)} / {name} needs {', '.join(absent)}, which this deployment lacks: "
            f"add {absent[0]} first (`zhangdian upgrade add {absent[0]}`)"
        )
    if not contract.upgradeable:
        raise InvalidInputError(
            f"{name} 不在代理之后, 无法单独添加 / {name} is not behind a proxy: it cannot be added on its own"
        )
    needs_region = "home_region" in contract.parameters
    if needs_region and "RegionFederation" not in deployment.contracts:
        raise InvalidInputError(
            f"{name} 需要 RegionFederation 的本区代码 / {name} takes the home region of RegionFederation, "
            "which this deployment lacks: add RegionFederation first"
        )
    sender_address = to_checksum_address(client.sender.address)
    admin = _one_holder(client, lambda c: DEFAULT_ADMIN_ROLE, ("管理员", "admin")) or sender_address
    guardian = _one_holder(client, lambda c: c.pauser_role, ("守护者", "guardian")) or admin
    others = _others_wiring(deployment, contract)
    _check_route(client, others, grant_now, proposal_path)

    home_region = int(client.contract("RegionFederation").functions.homeRegion().call()) if needs_region else 0
    total = 4 + len(others if grant_now else ())
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, total)

    added = deploy_upgradeable(
        client.sender, name, implementation_arguments(name, deployment, home_region), sender_address, progress=step
    )
    log(f"{name}: 已部署 / deployed at {added.address} (implementation {added.implementation})")
    recorded = _record(deployment, name, added, manifest_path)
    step()
    log(f"{name}: 已记入清单 / recorded in {recorded}")
    with_new = replace(deployment, contracts={**deployment.contracts, name: added})
    instance = client.w3.eth.contract(address=added.address, abi=load_artifact(name).abi)
    if name == CALENDAR_CONTRACT:
        set_shipped_years(client.sender, added.address, log=log)
    for own in [w for w in pending_wiring(client.w3, with_new, name) if w.contract == name]:
        client.sender.send(getattr(instance.functions, own.function)(*own.args))
        log(f"{name}: {own.describe()}")
    hand_over_roles(client.sender, instance, contract, admin=admin, guardian=guardian)
    step()
    log(f"{name}: 管理角色归 {admin}, 暂停角色归 {guardian} / admin roles held by {admin}, pauser role by {guardian}")
    return _wire(client, name, added.address, grant_now, proposal_path, log, (admin, guardian), with_new, step)


def _others_wiring(deployment: Deployment, contract: SuiteContract) -> list[Wiring]:
    """The descriptor's grants and links on other deployed contracts naming ``contract`` (not deployed yet:
    its address unknown)."""
    found: list[Wiring] = []
    for other in SUITE:
        if other.name == contract.name or other.name not in deployment.contracts:
            continue
        found += [
            Wiring(other.name, "grantRole", contract.name, _ZERO, grant.role, role_hash(grant.role))
            for grant in other.grants
            if grant.to == contract.name
        ]
        found += [
            Wiring(other.name, link.setter, contract.name, _ZERO) for link in other.links if link.to == contract.name
        ]
    return found


def _check_route(client: ZhangdianClient, others: list[Wiring], grant_now: bool, proposal_path: Path | None) -> None:
    """Refuse, before anything is sent, wiring that could not be made the way asked."""
    if not others:
        return
    needed = ", ".join(wiring.describe() for wiring in others)
    if grant_now:
        lacking = sorted({wiring.contract for wiring in others if not _may_make(client, wiring)})
        if lacking:
            raise InvalidInputError(
                f"签名账户不持有 {', '.join(lacking)} 的管理角色, 只能经治理授权 / the signer does not hold the "
                f"admin role of {', '.join(lacking)}: only governance can grant {needed}; "
                "pass --proposal FILE instead of --grant-now"
            )
    elif proposal_path is None:
        hint = (
            " 签名账户仍持有管理角色, 可用 --grant-now 直接授权 / the signer still holds the admin roles: "
            "--grant-now grants them directly"
            if all(_may_make(client, wiring) for wiring in others)
            else ""
        )
        raise InvalidInputError(
            f"须给出 --proposal FILE 以写出治理授权 ({needed}) / pass --proposal FILE to write the grants "
            f"({needed}) as a governance proposal.{hint}"
        )


def _may_make(client: ZhangdianClient, wiring: Wiring) -> bool:
    """Whether the sender holds the role that makes ``wiring``: the granted role's admin, or the admin role
    (every link setter is the admin's)."""
    contract = client.contract(wiring.contract)
    admin_role = (
        contract.functions.getRoleAdmin(wiring.role_id).call() if wiring.role else role_hash(DEFAULT_ADMIN_ROLE)
    )
    return bool(contract.functions.hasRole(admin_role, client.sender.address).call())


def _wire(
    client: ZhangdianClient,
    name: str,
    address: str,
    grant_now: bool,
    proposal_path: Path | None,
    log: Callable[[str], None],
    roles: tuple[str, str] | None = None,
    deployment: Deployment | None = None,
    step: Callable[[], None] = lambda: None,
) -> Addition:
    """Make (``grant_now``) or propose the wiring still missing between ``name`` and the rest; ``roles``
    (admin, guardian) are those a contract deployed now was handed to (None: it was there already)."""
    deployment = deployment or client.deployment
    pending = pending_wiring(client.w3, deployment, name)
    deployed = roles is not None
    admin, guardian = roles or (None, None)
    if pending and grant_now:
        _check_route(client, pending, True, None)
        for wiring in pending:
            target = client.contract(wiring.contract)
            client.sender.send(getattr(target.functions, wiring.function)(*wiring.args))
            log(f"已授权 / granted: {wiring.describe()}")
            step()
        return Addition(name, address, deployed, admin, guardian, granted=tuple(pending))
    if pending:
        _check_route(client, pending, False, proposal_path)
        assert proposal_path is not None  # checked just above
        addition = Addition(
            name,
            address,
            deployed,
            admin,
            guardian,
            proposed=tuple(pending),
            proposal_path=proposal_path,
            signer_may_grant=all(_may_make(client, wiring) for wiring in pending),
        )
        proposal_path.write_text(
            json.dumps(addition.proposal_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        return addition
    return Addition(name, address, deployed, admin, guardian)


def _record(deployment: Deployment, name: str, added: ContractDeployment, path: Path | None) -> Path:
    """Add ``name`` to the manifest as it is on disk now (nothing written there since is lost)."""
    on_disk = Deployment.load(path=path) if path is not None and path.exists() else deployment
    if on_disk.chain_id != deployment.chain_id:
        on_disk = deployment
    return replace(on_disk, contracts={**on_disk.contracts, name: added}).save(path)
