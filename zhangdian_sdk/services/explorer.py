"""Source verification for block explorers (Etherscan, Blockscout, Sourcify).

For each deployed contract (the suite's, the governance contracts and the automation rules the manifest
records) this writes the Standard JSON input the compiler was given (from ape's
own compiler settings, so the metadata hash matches), the compiler version and the constructor
arguments, and checks locally that the input compiles to the code at the address. Where an
explorer API and key are configured, it submits them (Etherscan's ``verifysourcecode``; Blockscout
accepts the same call).

Usage: ``write_bundle(client, Path("verification"))``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import requests
import solcx
from eth_typing import HexStr
from eth_utils.address import to_checksum_address

from zhangdian_sdk.core.artifacts import PROXY_CONTRACT, load_artifact
from zhangdian_sdk.core.errors import ConfigurationError, TransactionError
from zhangdian_sdk.ops.compiler import SOLC_VERSION

if TYPE_CHECKING:
    from zhangdian_sdk.client import ZhangdianClient

__all__ = ["VerificationEntry", "submit_to_explorer", "write_bundle"]

COMPILER = "v0.8.28+commit.7893614a"


@dataclass(frozen=True)
class VerificationEntry:
    """What an explorer needs for one contract."""

    name: str
    address: str
    source_path: str
    standard_input: dict[str, Any]
    constructor_arguments: str
    matches_chain: bool

    @property
    def contract_name(self) -> str:
        return f"{self.source_path}:{Path(self.source_path).stem}"


def _standard_inputs(project_root: Path, names: list[str]) -> dict[str, dict[str, Any]]:
    try:
        from ape import compilers, project
    except ImportError as err:
        raise ConfigurationError(
            "verify-source 需要项目源码与 ape / "
            "verify-source needs the project checkout with ape: pip install 'zhangdian-sdk[ape]'"
        ) from err
    # ape compiles the whole project at once, so every contract's metadata names every remapping of
    # the project; an input must carry them all to reproduce the same metadata hash.
    everything = sorted((project_root / "contracts").glob("*.sol"))
    (whole,) = compilers.solidity.get_standard_input_json([p.resolve() for p in everything], project=project).values()
    remappings = whole["settings"].get("remappings", [])
    inputs = {}
    for name in names:
        path = (project_root / "contracts" / f"{name}.sol").resolve()
        by_version = compilers.solidity.get_standard_input_json([path], project=project)
        (standard_input,) = by_version.values()
        standard_input["settings"]["remappings"] = remappings
        inputs[name] = standard_input
    return inputs


def write_bundle(
    client: ZhangdianClient, out_dir: Path, *, project_root: Path | None = None
) -> list[VerificationEntry]:
    """Write ``<Name>.standard-input.json`` and ``<Name>.verification.json`` for every deployed contract.

    A contract behind a proxy gets two entries: its implementation (``<Name>``, at the implementation's
    address) and its proxy (``<Name>Proxy``, the SuiteProxy at the manifest's address). Explorers read
    the ERC-1967 slot of a verified proxy and show the implementation's ABI at the proxy's address.
    Each automation rule of the manifest gets one entry, ``<Kind>-<address>`` (a kind may be deployed
    several times), with the constructor arguments recorded when it was deployed.
    """
    root = project_root or Path.cwd()
    deployment = client.deployment
    names = list(deployment.contracts)
    proxied = [n for n in names if deployment.contracts[n].implementation is not None]
    kinds = sorted({rule.kind for rule in deployment.rules})
    inputs = _standard_inputs(root, names + ([PROXY_CONTRACT] if proxied else []) + kinds)
    out_dir.mkdir(parents=True, exist_ok=True)
    # entry name, contract, address, creating transaction, constructor arguments (None: read from the transaction)
    targets: list[tuple[str, str, str, str, str | None]] = []
    for name in names:
        deployed = deployment.contracts[name]
        if deployed.implementation is None:
            targets.append((name, name, deployed.address, deployed.transaction_hash, None))
            continue
        assert deployed.implementation_transaction_hash is not None  # recorded with every implementation
        targets.append((name, name, deployed.implementation, deployed.implementation_transaction_hash, None))
        targets.append((f"{name}Proxy", PROXY_CONTRACT, deployed.address, deployed.transaction_hash, None))
    for rule in deployment.rules:
        targets.append(
            (f"{rule.kind}-{rule.address}", rule.kind, rule.address, rule.transaction_hash, rule.constructor_arguments)
        )
    entries = []
    compiled: dict[str, _Compiled] = {}  # one compile per input: every proxy shares SuiteProxy's
    for entry_name, contract, address, transaction, recorded in targets:
        creation = bytes(client.w3.eth.get_transaction(HexStr(transaction))["input"])
        bytecode = bytes.fromhex(load_artifact(contract).bytecode.removeprefix("0x"))
        arguments = creation[len(bytecode) :].hex() if recorded is None else recorded
        source_path = f"contracts/{contract}.sol"
        if contract not in compiled:
            compiled[contract] = _compile_deployed_code(inputs[contract], source_path, contract)
        matches = compiled[contract].matches(bytes(client.w3.eth.get_code(to_checksum_address(address))))
        if recorded is not None:  # the recorded arguments are the ones the contract was created with
            matches = matches and creation == bytecode + bytes.fromhex(recorded)
        entry = VerificationEntry(entry_name, address, source_path, inputs[contract], arguments, matches)
        (out_dir / f"{entry_name}.standard-input.json").write_text(json.dumps(inputs[contract], indent=1))
        (out_dir / f"{entry_name}.verification.json").write_text(
            json.dumps(
                {
                    "address": entry.address,
                    "contractName": entry.contract_name,
                    "compilerVersion": COMPILER,
                    "constructorArguments": arguments,
                    "chainId": deployment.chain_id,
                    "standardInput": f"{entry_name}.standard-input.json",
                    "matchesChain": matches,
                },
                indent=2,
            )
        )
        entries.append(entry)
    return entries


@dataclass(frozen=True)
class _Compiled:
    """A contract's deployed code as compiled from its input, with its immutables' places."""

    code: bytes
    immutables: tuple[tuple[int, int], ...]  # (start, length)

    def matches(self, deployed: bytes) -> bool:
        """Whether ``deployed`` is this code (immutable slots masked on both sides)."""
        code, onchain = bytearray(self.code), bytearray(deployed)
        for start, length in self.immutables:
            code[start : start + length] = bytes(length)
            onchain[start : start + length] = bytes(length)
        return bytes(code) == bytes(onchain)


def _compile_deployed_code(standard_input: dict[str, Any], source_path: str, name: str) -> _Compiled:
    """Compile the input as it is and keep the contract's deployed code."""
    request = json.loads(json.dumps(standard_input))
    request["settings"]["outputSelection"] = {source_path: {name: ["evm.deployedBytecode"]}}
    output = solcx.compile_standard(request, solc_version=SOLC_VERSION, allow_empty=True)
    deployed = output["contracts"][source_path][name]["evm"]["deployedBytecode"]
    immutables = tuple(
        (reference["start"], reference["length"])
        for references in deployed.get("immutableReferences", {}).values()
        for reference in references
    )
    return _Compiled(bytes.fromhex(deployed["object"]), immutables)


def submit_to_explorer(entry: VerificationEntry, *, api_url: str, api_key: str, chain_id: int) -> str:
    """Submit to an Etherscan-compatible API; returns the explorer's GUID to poll."""
    response = requests.post(
        api_url,
        params={"chainid": str(chain_id), "module": "contract", "action": "verifysourcecode", "apikey": api_key},
        data={
            "contractaddress": entry.address,
            "sourceCode": json.dumps(entry.standard_input),
            "codeformat": "solidity-standard-json-input",
            "contractname": entry.contract_name,
            "compilerversion": COMPILER,
            "constructorArguements": entry.constructor_arguments,  # sic: the API's spelling
        },
        timeout=60,
    )
    try:
        body = response.json()
    except ValueError:
        body = {"status": "0", "result": response.text[:200]}
    if str(body.get("status")) != "1":
        raise TransactionError(f"区块浏览器拒绝 / the explorer refused {entry.name}: {body.get('result')}")
    return str(body["result"])
