"""Compiled contracts shipped with the SDK as package data.

``make build`` (``ape compile`` then ``python -m zhangdian_sdk.ops.build``) exports the ABI and
bytecode of each deployable contract from ape's build manifest into ``zhangdian_sdk/_data/
contracts/``, so that an installed SDK can deploy and talk to the suite without ape.

Usage: ``load_artifact("ApplicationLedger").abi``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from zhangdian_sdk.core.errors import ConfigurationError

# The contract names are the suite descriptor's (zhangdian_sdk.core.suite), re-exported here for the callers
# that only need the artifacts.
from zhangdian_sdk.core.suite import GOVERNANCE_CONTRACTS, PROXY_CONTRACT, RULE_CONTRACTS, SUITE_CONTRACTS

__all__ = [
    "GOVERNANCE_CONTRACTS",
    "PROXY_CONTRACT",
    "RULE_CONTRACTS",
    "SUITE_CONTRACTS",
    "Artifact",
    "load_artifact",
]


@dataclass(frozen=True)
class Artifact:
    """A compiled contract: its ABI and creation bytecode."""

    name: str
    abi: list[dict[str, Any]]
    bytecode: str
    runtime_bytecode: str
    storage_layout: dict[str, Any] | None = None  # the namespaced storage of an upgradeable contract

    @property
    def artifact_hash(self) -> str:
        """sha256 over ABI and bytecode: says whether a deployment matches this build."""
        payload = json.dumps({"abi": self.abi, "bytecode": self.bytecode}, sort_keys=True).encode()
        return "sha256:" + hashlib.sha256(payload).hexdigest()


def artifact_dir() -> Path:
    return Path(str(resources.files("zhangdian_sdk") / "_data" / "contracts"))


@cache
def load_artifact(name: str) -> Artifact:
    """Load one of the suite's compiled contracts from the SDK's package data."""
    path = artifact_dir() / f"{name}.json"
    if not path.exists():
        raise ConfigurationError(
            f"没有编译产物 / no compiled artifact for {name} at {path}: run `make build` "
            "(ape compile and export) in the project checkout"
        )
    data = json.loads(path.read_text())
    return Artifact(
        name=data["contractName"],
        abi=data["abi"],
        bytecode=data["bytecode"],
        runtime_bytecode=data["runtimeBytecode"],
        storage_layout=data.get("storageLayout"),
    )
