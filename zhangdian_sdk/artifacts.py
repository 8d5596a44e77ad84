"""Compiled contracts shipped with the SDK as package data.

``make build`` (``ape compile`` then ``python -m zhangdian_sdk.artifacts``) exports the ABI and
bytecode of each deployable contract from ape's build manifest into ``zhangdian_sdk/_data/
contracts/``, so that an installed SDK can deploy and talk to the suite without ape.

Usage: ``load_artifact("ApplicationLedger").abi``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from zhangdian_sdk.errors import ConfigurationError

# The contract names are the suite descriptor's (zhangdian_sdk.suite), re-exported here for the callers
# that only need the artifacts.
from zhangdian_sdk.suite import GOVERNANCE_CONTRACTS, PROXY_CONTRACT, RULE_CONTRACTS, SUITE_CONTRACTS

__all__ = [
    "GOVERNANCE_CONTRACTS",
    "PROXY_CONTRACT",
    "RULE_CONTRACTS",
    "SUITE_CONTRACTS",
    "Artifact",
    "export_from_ape_manifest",
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


def _artifact_dir() -> Path:
    return Path(str(resources.files("zhangdian_sdk") / "_data" / "contracts"))


@cache
def load_artifact(name: str) -> Artifact:
    """Load one of the suite's compiled contracts from the SDK's package data."""
    path = _artifact_dir() / f"{name}.json"
    if not path.exists():
        raise ConfigurationError(
            f"no compiled artifact for {name} at {path}: run `make build` "
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


def export_from_ape_manifest(
    manifest_path: Path, target: Path | None = None, layouts: dict[str, dict[str, Any]] | None = None
) -> list[Path]:
    """Write the suite's contracts from ape's ``.build/__local__.json`` into package data, with the
    storage layouts of the upgradeable ones (see :mod:`zhangdian_sdk.layout`)."""
    layouts = layouts or {}
    manifest = json.loads(manifest_path.read_text())
    contract_types = manifest.get("contractTypes", {})
    target = target or _artifact_dir()
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SUITE_CONTRACTS + GOVERNANCE_CONTRACTS + RULE_CONTRACTS + (PROXY_CONTRACT,):
        if name not in contract_types:
            raise ConfigurationError(f"{name} is missing from {manifest_path}: run `ape compile` first")
        contract = contract_types[name]
        record = {
            "contractName": name,
            "abi": contract["abi"],
            "bytecode": contract["deploymentBytecode"]["bytecode"],
            "runtimeBytecode": contract["runtimeBytecode"]["bytecode"],
        }
        if name in layouts:
            record["storageLayout"] = layouts[name]
        path = target / f"{name}.json"
        path.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n")
        written.append(path)
    load_artifact.cache_clear()
    return written


def _main() -> None:
    parser = argparse.ArgumentParser(description="Export the suite's ABIs and bytecode from ape's build")
    parser.add_argument("manifest", nargs="?", default=".build/__local__.json", type=Path)
    args = parser.parse_args()
    from zhangdian_sdk.layout import project_layouts

    for path in export_from_ape_manifest(args.manifest, layouts=project_layouts()):
        print(f"exported {path}")


if __name__ == "__main__":
    _main()
