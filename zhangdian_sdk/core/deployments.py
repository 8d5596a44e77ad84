"""Deployment manifests: which contract lives at which address on which chain.

One JSON file per chain id, ``deployments/<chain-id>.json`` under the current folder by default
(``ZHANGDIAN_DEPLOYMENTS_DIR`` or an explicit path elsewhere). Each contract entry holds its
address, the block it was deployed in, the deploying transaction and the hash of the artifact
it was built from, so that a client can tell a stale manifest from a current one. The suite's
contracts are ERC-1967 proxies: the entry's address is the proxy's (it never changes), and it
also names the implementation behind it, the transaction that created that implementation and
the storage layout it was checked with, which the next upgrade is compared against.

Usage: ``deployment = Deployment.load(chain_id=31337)``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from eth_typing import ChecksumAddress
from eth_utils.address import to_checksum_address

from zhangdian_sdk.core.errors import DeploymentNotFoundError
from zhangdian_sdk.core.settings import Settings, load_settings

__all__ = ["DEPLOYMENTS_DIR_ENV", "ContractDeployment", "Deployment", "deployments_dir"]

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
class Deployment:
    """The suite as deployed on one chain."""

    chain_id: int
    contracts: dict[str, ContractDeployment]
    deployer: str
    network: str = "local"
    deployed_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

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
            return cls.from_json(json.loads(path.read_text()))
        except (ValueError, KeyError, TypeError) as err:
            raise DeploymentNotFoundError(f"部署清单格式错误 / deployment manifest {path} is malformed: {err}") from err

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


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
