"""Deployment manifests: which contract lives at which address on which chain.

One JSON file per chain id, ``deployments/<chain-id>.json`` under the current folder by default
(``ZHANGDIAN_DEPLOYMENTS_DIR`` or an explicit path elsewhere). Each contract entry holds its
address, the block it was deployed in, the deploying transaction and the hash of the artifact
it was built from, so that a client can tell a stale manifest from a current one. The suite's
contracts are ERC-1967 proxies: the entry's address is the proxy's (it never changes), and it
also names the implementation behind it, the transaction that created that implementation and
the storage layout it was checked with, which the next upgrade is compared against.

The automation rules deployed for the suite (``zhangdian rule ...``, ``client.rules.deploy_*``) are listed
under ``rules`` (optional: older manifests have none): each with its contract name, address, creating
transaction, artifact hash and ABI-encoded constructor arguments, which is what ``verify-source`` needs.
A manifest read from a file remembers the file (:attr:`Deployment.path`), so that a rule deployed through
a client made from it is written back there (:meth:`Deployment.record_rule`).

Usage: ``deployment = Deployment.load(chain_id=31337)``.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from eth_typing import ChecksumAddress
from eth_utils.address import to_checksum_address

from zhangdian_sdk.core.errors import ConfigurationError, DeploymentNotFoundError
from zhangdian_sdk.core.settings import Settings, load_settings

__all__ = ["DEPLOYMENTS_DIR_ENV", "ContractDeployment", "Deployment", "RuleDeployment", "deployments_dir"]

DEPLOYMENTS_DIR_ENV = Settings.env_name("deployments_dir")


def deployments_dir() -> Path:
    """The folder manifests are read from and written to."""
    return load_settings().deployments_dir


@dataclass(frozen=True)
class ContractDeployment:
    """One deployed contract."""

    address: ChecksumAddress
    block_number: int
    transaction_hash: str
    artifact_hash: str  # of the implementation's artifact, for a proxy
    implementation: ChecksumAddress | None = None  # behind a proxy; None for a contract deployed as is
    implementation_transaction_hash: str | None = None
    storage_layout: dict[str, Any] | None = None  # the implementation's namespaced storage, see layout.py


@dataclass(frozen=True)
class RuleDeployment:
    """One automation rule contract deployed for the suite (several of a kind may exist)."""

    kind: str  # the contract's name, e.g. "WaitingPeriodRule"
    address: ChecksumAddress
    block_number: int
    transaction_hash: str
    artifact_hash: str
    constructor_arguments: str  # ABI-encoded, hex without 0x, as explorers take them

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "address": self.address,
            "blockNumber": self.block_number,
            "transactionHash": self.transaction_hash,
            "artifactHash": self.artifact_hash,
            "constructorArguments": self.constructor_arguments,
        }

    @classmethod
    def from_json(cls, entry: dict[str, Any]) -> RuleDeployment:
        return cls(
            kind=str(entry["kind"]),
            address=to_checksum_address(entry["address"]),
            block_number=int(entry["blockNumber"]),
            transaction_hash=str(entry["transactionHash"]),
            artifact_hash=str(entry["artifactHash"]),
            constructor_arguments=str(entry["constructorArguments"]).removeprefix("0x"),
        )


@dataclass(frozen=True)
class Deployment:
    """The suite as deployed on one chain."""

    chain_id: int
    contracts: dict[str, ContractDeployment]
    deployer: str
    network: str = "local"
    deployed_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    rules: tuple[RuleDeployment, ...] = ()  # automation rules, in the order they were deployed
    # The file this manifest was read from or written to; not part of the manifest itself.
    path: Path | None = field(default=None, compare=False, repr=False)

    @property
    def start_block(self) -> int:
        """The first block that can hold the suite's events."""
        return min(c.block_number for c in self.contracts.values())

    def address_of(self, name: str) -> ChecksumAddress:
        try:
            return self.contracts[name].address
        except KeyError:
            raise DeploymentNotFoundError(
                f"部署中缺少合约 / "
                f"the deployment on chain {self.chain_id} has no {name}; redeploy with `zhangdian deploy`"
            ) from None

    def to_json(self) -> dict[str, Any]:
        return {
            "chainId": self.chain_id,
            "network": self.network,
            "deployer": self.deployer,
            "deployedAt": self.deployed_at,
            "contracts": {name: _entry_json(c) for name, c in self.contracts.items()},
            **({"rules": [rule.to_json() for rule in self.rules]} if self.rules else {}),
        }

    def save(self, path: Path | None = None) -> Path:
        """Write the manifest (atomically: a crash never leaves half a file)."""
        path = path or deployments_dir() / f"{self.chain_id}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".json.tmp")
        temporary.write_text(json.dumps(self.to_json(), indent=2) + "\n")
        temporary.replace(path)
        return path

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Deployment:
        contracts = {
            name: ContractDeployment(
                address=to_checksum_address(entry["address"]),
                block_number=int(entry["blockNumber"]),
                transaction_hash=str(entry["transactionHash"]),
                artifact_hash=str(entry["artifactHash"]),
                implementation=to_checksum_address(entry["implementation"]) if entry.get("implementation") else None,
                implementation_transaction_hash=entry.get("implementationTransactionHash"),
                storage_layout=entry.get("storageLayout"),
            )
            for name, entry in data["contracts"].items()
        }
        return cls(
            chain_id=int(data["chainId"]),
            contracts=contracts,
            deployer=str(data.get("deployer", "")),
            network=str(data.get("network", "")),
            deployed_at=str(data.get("deployedAt", "")),
            rules=tuple(RuleDeployment.from_json(entry) for entry in data.get("rules", [])),
        )

    @classmethod
    def load(cls, *, chain_id: int | None = None, path: Path | None = None) -> Deployment:
        """Read the manifest at ``path``, or the one for ``chain_id`` in :func:`deployments_dir`."""
        if path is None:
            if chain_id is None:
                raise DeploymentNotFoundError("请给出链 ID 或部署清单路径 / name a chain id or a manifest path")
            path = deployments_dir() / f"{chain_id}.json"
        if not path.exists():
            raise DeploymentNotFoundError(
                f"没有部署清单 {path} / no deployment manifest at {path}: deploy the suite to this chain "
                "with `zhangdian deploy` (or `ape run deploy`), or pass --deployment FILE"
            )
        try:
            return replace(cls.from_json(json.loads(path.read_text())), path=path)
        except (ValueError, KeyError, TypeError) as err:
            raise DeploymentNotFoundError(f"部署清单格式错误 / deployment manifest {path} is malformed: {err}") from err

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def check_rule_recordable(self) -> None:
        """Refuse, before a rule is deployed, when the manifest file it would be written to cannot be written."""
        if self.path is None:
            return
        folder = self.path.parent
        while not folder.exists():  # save() creates missing folders
            folder = folder.parent
        # save() writes a temporary file next to the manifest and renames it over the manifest.
        writable = folder.is_dir() and os.access(folder, os.W_OK)
        if not writable or (self.path.exists() and not os.access(self.path, os.W_OK)):
            raise ConfigurationError(
                f"部署清单 {self.path} 不可写, 部署的规则无法记录 / the deployment manifest {self.path} cannot be "
                "written, so a deployed rule could not be recorded: make it writable or pass --deployment FILE"
            )

    def record_rule(self, rule: RuleDeployment) -> Deployment:
        """This manifest with ``rule`` added (replacing an entry at the same address); when it came from a
        file, the rule is added to that file too (as it is on disk now, so that nothing written there since
        is lost)."""
        recorded = replace(self, rules=_with_rule(self.rules, rule))
        if self.path is None:
            return recorded
        on_disk = Deployment.load(path=self.path) if self.path.exists() else None
        try:
            if on_disk is not None and on_disk.chain_id == self.chain_id:
                replace(on_disk, rules=_with_rule(on_disk.rules, rule)).save(self.path)
            else:
                recorded.save(self.path)
        except OSError as err:
            raise ConfigurationError(
                f"规则 {rule.kind} 已部署在 {rule.address}, 但无法写入部署清单 {self.path} / the {rule.kind} "
                f"deployed at {rule.address} could not be recorded in {self.path}: {err}"
            ) from err
        return recorded


def _with_rule(rules: tuple[RuleDeployment, ...], rule: RuleDeployment) -> tuple[RuleDeployment, ...]:
    return (*(r for r in rules if r.address != rule.address), rule)


def _entry_json(contract: ContractDeployment) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "address": contract.address,
        "blockNumber": contract.block_number,
        "transactionHash": contract.transaction_hash,
        "artifactHash": contract.artifact_hash,
    }
    if contract.implementation is not None:
        entry["implementation"] = contract.implementation
        entry["implementationTransactionHash"] = contract.implementation_transaction_hash
        entry["storageLayout"] = contract.storage_layout
    return entry
