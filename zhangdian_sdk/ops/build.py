"""Export the suite's compiled contracts from ape's build into the SDK's package data.

``make build`` runs ``ape compile`` then ``python -m zhangdian_sdk.ops.build``: the ABI, bytecode and
(for the upgradeable contracts) the namespaced storage layout of each contract land in
``zhangdian_sdk/_data/contracts/``, where :func:`zhangdian_sdk.core.artifacts.load_artifact` reads them.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from zhangdian_sdk.core.artifacts import artifact_dir, load_artifact
from zhangdian_sdk.core.errors import ConfigurationError
from zhangdian_sdk.core.suite import GOVERNANCE_CONTRACTS, PROXY_CONTRACT, RULE_CONTRACTS, SUITE_CONTRACTS
from zhangdian_sdk.ops.layout import project_layouts

__all__ = ["export_from_ape_manifest"]


def export_from_ape_manifest(
    manifest_path: Path, target: Path | None = None, layouts: dict[str, dict[str, Any]] | None = None
) -> list[Path]:
    """Write the suite's contracts from ape's ``.build/__local__.json`` into package data, with the
    storage layouts of the upgradeable ones (see :mod:`zhangdian_sdk.ops.layout`)."""
    layouts = layouts or {}
    manifest = json.loads(manifest_path.read_text())
    contract_types = manifest.get("contractTypes", {})
    target = target or artifact_dir()
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


def main() -> None:
    parser = argparse.ArgumentParser(description="Export the suite's ABIs and bytecode from ape's build")
    parser.add_argument("manifest", nargs="?", default=".build/__local__.json", type=Path)
    args = parser.parse_args()
    for path in export_from_ape_manifest(args.manifest, layouts=project_layouts()):
        print(f"exported {path}")


if __name__ == "__main__":
    main()
