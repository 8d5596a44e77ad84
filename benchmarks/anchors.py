"""The anchors: what comparable public systems pay for the same work, measured on our own chain.

Deploys, from their npm packages, the Ethereum Attestation Service (``SchemaRegistry`` + ``EAS``,
``@ethereum-attestation-service/eas-contracts``) and OpenAttestation's ``DocumentStore`` (the v3
store with Merkle-proof revocation and ``multicall``, published as ``@trustvc/document-store``),
on the chain it is given, and measures the exact ``gasUsed`` of:

- EAS ``attest`` with 64 bytes of data (one schema registered first), ``revoke``, and
  ``multiRevoke`` of 100 attestations (per item);
- OpenAttestation ``issue(root)`` of a batch of 1,024 documents, ``revoke(root, document, proof)``
  of one document in it (10 proof hashes), ``multicall`` of 100 such revocations (per document), and
  ``multicall`` of 100 ``revoke(root)`` of documents issued one per root (the store's cheapest bulk
  revocation, per document).

Both packages ship their contracts compiled: EAS as Hardhat artifacts (solc 0.8.29; the package's
deployment inputs say 1,000,000 optimizer runs), the document store as the bytecode inside its
ethers factories (solc 0.8.23). Those are the bytecodes their publishers deploy, so they are deployed
as shipped rather than recompiled with this project's solc 0.8.28 (EAS pins 0.8.29 exactly; the
document store ships no sources).

``benchmarks/run.py`` calls :func:`measure_anchors` on the anvil of its own run and writes its
ratios against these figures.

Standalone: ``python -m benchmarks.anchors`` starts its own anvil and prints the figures.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eth_utils.crypto import keccak
from web3 import Web3

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from zhangdian_sdk.core.accounts import Signer  # noqa: E402
from zhangdian_sdk.core.tx import TransactionSender  # noqa: E402

EAS_PACKAGE = "@ethereum-attestation-service/eas-contracts"
DOCUMENT_STORE_PACKAGE = "@trustvc/document-store"
SCHEMA = "bytes32 subject,bytes32 digest"  # 64 bytes of attestation data
BATCH = 1_024  # documents under one OpenAttestation root, as our certificate batch
BULK = 100  # revocations in one transaction

# The keys of measure_anchors' result.
EAS_ATTEST = "EAS attest (64 bytes of data)"
EAS_REVOKE = "EAS revoke"
EAS_MULTI_REVOKE = "EAS multiRevoke, per item at 100"
OA_ISSUE = "OpenAttestation issue(root)"
OA_REVOKE = "OpenAttestation revoke(root, document, proof), batch of 1,024"
OA_MULTICALL_REVOKE = "OpenAttestation multicall revoke(root, document, proof), per document at 100"
OA_MULTICALL_REVOKE_ROOTS = "OpenAttestation multicall revoke(root) of single-document roots, per document at 100"


class AnchorsUnavailable(RuntimeError):
    """The anchors' npm packages (or node) are missing."""


@dataclass(frozen=True)
class Artifact:
    abi: list[dict[str, Any]]
    bytecode: str


def node_modules(root: Path = ROOT) -> Path:
    return root / "node_modules"


def eas_artifacts(root: Path = ROOT) -> tuple[Artifact, Artifact]:
    """``(SchemaRegistry, EAS)`` as compiled in the eas-contracts package."""
    base = node_modules(root) / EAS_PACKAGE / "artifacts" / "contracts"
    found = []
    for name in ("SchemaRegistry", "EAS"):
        path = base / f"{name}.sol" / f"{name}.json"
        try:
            data = json.loads(path.read_text())
        except OSError as err:
            raise AnchorsUnavailable(_missing(EAS_PACKAGE, path)) from err
        found.append(Artifact(data["abi"], data["bytecode"]))
    return found[0], found[1]


def document_store_artifact(root: Path = ROOT) -> Artifact:
    """OpenAttestation's ``DocumentStore`` as compiled in its npm package (read through node: the
    package ships its bytecode inside a JavaScript bundle)."""
    package = node_modules(root) / DOCUMENT_STORE_PACKAGE
    if not (package / "package.json").exists():
        raise AnchorsUnavailable(_missing(DOCUMENT_STORE_PACKAGE, package))
    node = shutil.which("node")
    if node is None:
        raise AnchorsUnavailable("找不到 node / node is not on PATH: install Node.js 18 or newer")
    script = (
        "const [pkg, out] = process.argv.slice(1);"
        "const f = require(pkg).DocumentStore__factory;"
        "require('fs').writeFileSync(out, JSON.stringify({abi: f.abi, bytecode: f.bytecode}));"
    )
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "DocumentStore.json"  # a file, not a pipe: node cuts piped output at 64 KiB
        result = subprocess.run(  # noqa: S603 - node from PATH, fixed script
            [node, "-e", script, str(package.resolve()), str(out)], capture_output=True, text=True, check=False
        )
        if result.returncode != 0 or not out.exists():
            raise AnchorsUnavailable(
                f"读取 DocumentStore 失败 / could not read DocumentStore from {package}: {result.stderr.strip()[-300:]}"
            )
        data = json.loads(out.read_text())
    return Artifact(data["abi"], data["bytecode"])


def package_version(package: str, root: Path = ROOT) -> str:
    """The installed version of an anchor's npm package (``"?"`` if it is not installed)."""
    try:
        return str(json.loads((node_modules(root) / package / "package.json").read_text())["version"])
    except (OSError, ValueError, KeyError):
        return "?"


def _missing(package: str, path: Path) -> str:
    return f"缺少 {package} / {package} is not installed ({path} missing): run `make setup` (npm ci)"


def merkle_tree(leaves: list[bytes]) -> tuple[bytes, list[list[bytes]]]:
    """Root and per-leaf proofs of a tree hashing sorted pairs (OpenZeppelin's ``MerkleProof``, which
    the document store verifies with); ``leaves`` must be a power of two."""
    if len(leaves) < 2 or len(leaves) & (len(leaves) - 1):
        raise ValueError(f"a power of two leaves, at least 2, not {len(leaves)}")
    levels = [leaves]
    while len(levels[-1]) > 1:
        level = levels[-1]
        levels.append([keccak(b"".join(sorted(level[i : i + 2]))) for i in range(0, len(level), 2)])
    proofs = []
    for index in range(len(leaves)):
        proof, position = [], index
        for level in levels[:-1]:
            proof.append(level[position ^ 1])
            position //= 2
        proofs.append(proof)
    return levels[-1][0], proofs


def measure_anchors(w3: Web3, sender: Signer, *, bulk: int = BULK, batch: int = BATCH) -> dict[str, int]:
    """Deploy the anchors with ``sender`` and return the gas of each anchored operation (keys above)."""
    tx = TransactionSender(w3, sender)
    figures = _measure_eas(w3, tx, bulk)
    figures |= _measure_document_store(w3, tx, bulk, batch)
    return figures


def _deploy(w3: Web3, tx: TransactionSender, artifact: Artifact, *args: Any) -> Any:
    receipt = tx.deploy(artifact.abi, artifact.bytecode, *args)
    return w3.eth.contract(address=receipt["contractAddress"], abi=artifact.abi)


def _measure_eas(w3: Web3, tx: TransactionSender, bulk: int) -> dict[str, int]:
    registry_artifact, eas_artifact = eas_artifacts()
    registry = _deploy(w3, tx, registry_artifact)
    eas = _deploy(w3, tx, eas_artifact, registry.address)
    zero = bytes(32)
    registered = tx.send(registry.functions.register(SCHEMA, "0x" + "00" * 20, True))
    schema = registry.events.Registered().process_receipt(registered)[0]["args"]["uid"]
    recipient = Web3.to_checksum_address(keccak(b"recipient")[:20])

    def request(i: int) -> tuple[Any, ...]:  # AttestationRequestData: 64 bytes of non-zero data
        return (recipient, 0, True, zero, keccak(b"subject%d" % i) + keccak(b"digest%d" % i), 0)

    attested = tx.send(eas.functions.attest((schema, request(0))))
    uid = eas.events.Attested().process_receipt(attested)[0]["args"]["uid"]
    revoked = tx.send(eas.functions.revoke((schema, (uid, 0))))
    many = tx.send(eas.functions.multiAttest([(schema, [request(i) for i in range(1, bulk + 1)])]))
    uids = [event["args"]["uid"] for event in eas.events.Attested().process_receipt(many)]
    multi = tx.send(eas.functions.multiRevoke([(schema, [(u, 0) for u in uids])]))
    return {
        EAS_ATTEST: int(attested["gasUsed"]),
        EAS_REVOKE: int(revoked["gasUsed"]),
        EAS_MULTI_REVOKE: round(int(multi["gasUsed"]) / bulk),
    }


def _measure_document_store(w3: Web3, tx: TransactionSender, bulk: int, batch: int) -> dict[str, int]:
    store = _deploy(w3, tx, document_store_artifact(), "Anchor store", tx.address)
    documents = [keccak(b"document%d" % i) for i in range(batch)]
    root, proofs = merkle_tree(documents)
    issued = tx.send(store.functions.issue(root))
    one = batch // 2
    revoke = store.get_function_by_signature("revoke(bytes32,bytes32,bytes32[])")
    revoked = tx.send(revoke(root, documents[one], proofs[one]))
    others = [i for i in range(batch) if i != one][:bulk]
    calls = [_encoded(revoke(root, documents[i], proofs[i])) for i in others]
    multi = tx.send(store.functions.multicall(calls))
    # The cheapest bulk revocation the store offers: documents issued one per root, revoked by root.
    singles = [keccak(b"single%d" % i) for i in range(bulk)]
    tx.send(store.functions.multicall([_encoded(store.functions.issue(single)) for single in singles]))
    revoke_root = store.get_function_by_signature("revoke(bytes32)")
    roots = tx.send(store.functions.multicall([_encoded(revoke_root(single)) for single in singles]))
    return {
        OA_ISSUE: int(issued["gasUsed"]),
        OA_REVOKE: int(revoked["gasUsed"]),
        OA_MULTICALL_REVOKE: round(int(multi["gasUsed"]) / bulk),
        OA_MULTICALL_REVOKE_ROOTS: round(int(roots["gasUsed"]) / bulk),
    }


def _encoded(call: Any) -> bytes:
    return bytes(Web3.to_bytes(hexstr=call._encode_transaction_data()))


def main() -> None:
    from tests.conftest import free_port
    from zhangdian_sdk.client import connect_web3
    from zhangdian_sdk.ops.localchain import LocalChain

    with tempfile.TemporaryDirectory() as folder:
        chain = LocalChain(port=free_port(), folder=Path(folder) / "chain")
        chain.up()
        try:
            figures = measure_anchors(connect_web3(chain.rpc_url), chain.dev_signer(0))
        finally:
            chain.down()
    for name, gas in figures.items():
        print(f"{name}: {gas:,}")


if __name__ == "__main__":
    main()
