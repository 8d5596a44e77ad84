"""The anchors of the gas benchmark build and run: EAS and OpenAttestation's DocumentStore deploy from
their npm packages onto anvil and do the work they are measured by, and the benchmark compares our
rows with them (benchmarks/anchors.py, benchmarks/run.py)."""

from __future__ import annotations

from eth_utils.crypto import keccak
from web3 import Web3

from benchmarks import anchors
from benchmarks.run import _against_anchors
from zhangdian_sdk.core.tx import TransactionSender
from zhangdian_sdk.ops.localchain import LocalChain


def test_anchors_deploy_and_measure_on_anvil(w3: Web3, anvil_chain: LocalChain) -> None:
    figures = anchors.measure_anchors(w3, anvil_chain.dev_signer(7), bulk=3, batch=8)

    assert set(figures) == {
        anchors.EAS_ATTEST,
        anchors.EAS_REVOKE,
        anchors.EAS_MULTI_REVOKE,
        anchors.OA_ISSUE,
        anchors.OA_REVOKE,
        anchors.OA_MULTICALL_REVOKE,
        anchors.OA_MULTICALL_REVOKE_ROOTS,
    }
    # Each stores at least one new slot (22,100) on top of the 21,000 of a transaction, or its share of it.
    assert figures[anchors.EAS_ATTEST] > 21_000 + 4 * 22_100  # an attestation takes several slots
    assert 21_000 + 22_100 < figures[anchors.EAS_REVOKE] < figures[anchors.EAS_ATTEST]
    assert 21_000 + 22_100 < figures[anchors.OA_ISSUE] < figures[anchors.OA_REVOKE]
    for shared in (anchors.EAS_MULTI_REVOKE, anchors.OA_MULTICALL_REVOKE, anchors.OA_MULTICALL_REVOKE_ROOTS):
        assert 22_100 < figures[shared] < figures[anchors.OA_REVOKE]


def test_document_store_revokes_the_proved_document_only(w3: Web3, anvil_chain: LocalChain) -> None:
    """The Merkle tree the benchmark builds is the one the store verifies: a proved document is
    revoked, its neighbours under the same root stay valid."""
    tx = TransactionSender(w3, anvil_chain.dev_signer(8))
    artifact = anchors.document_store_artifact()
    store = w3.eth.contract(
        address=tx.deploy(artifact.abi, artifact.bytecode, "test", tx.address)["contractAddress"], abi=artifact.abi
    )
    documents = [keccak(b"doc%d" % i) for i in range(8)]
    root, proofs = anchors.merkle_tree(documents)
    tx.send(store.functions.issue(root))
    revoke = store.get_function_by_signature("revoke(bytes32,bytes32,bytes32[])")
    tx.send(revoke(root, documents[5], proofs[5]))

    is_revoked = store.get_function_by_signature("isRevoked(bytes32,bytes32,bytes32[])")
    assert is_revoked(root, documents[5], proofs[5]).call()
    assert not is_revoked(root, documents[4], proofs[4]).call()
    is_active = store.get_function_by_signature("isActive(bytes32,bytes32,bytes32[])")
    assert is_active(root, documents[4], proofs[4]).call()


def test_benchmark_compares_rows_with_the_anchors_of_its_run() -> None:
    measured = {
        anchors.EAS_ATTEST: 200_000,
        anchors.EAS_REVOKE: 60_000,
        anchors.EAS_MULTI_REVOKE: 28_000,
        anchors.OA_ISSUE: 50_000,
        anchors.OA_REVOKE: 64_000,
        anchors.OA_MULTICALL_REVOKE: 40_000,
        anchors.OA_MULTICALL_REVOKE_ROOTS: 32_000,
    }
    rows = {"submit application": 140_000, "approve step (not last)": 66_000, "register material": 300_000}

    text = "\n".join(_against_anchors(rows, measured))

    assert "| EAS revoke | 60,000 |" in text
    assert "submit vs EAS `attest` (64 bytes of data): 0.70x (140,000 against 200,000)" in text
    assert "approve a step vs EAS `revoke`: 1.10x (66,000 against 60,000)" in text
    assert "material registration vs EAS `attest`: 1.50x" in text
    # Rows absent from the run get no line; a bulk revocation row, once present, is compared per certificate.
    assert "revoke one certificate" not in text
    assert "multiRevoke` per item" not in text
    rows["revoke 100 certificates in one transaction (shared bitmap words)"] = 500_000
    text = "\n".join(_against_anchors(rows, measured))
    assert (
        "revoke 100 certificates in one transaction (shared bitmap words), per certificate, vs EAS `multiRevoke` "
        "per item: 0.18x (5,000 against 28,000)"
    ) in text
    # The benchmark's own bulk rows are already per certificate: they are not divided again.
    rows["revoke 100 certificates in one transaction sharing status words, per certificate"] = 3_860
    text = "\n".join(_against_anchors(rows, measured))
    assert (
        "revoke 100 certificates in one transaction sharing status words, per certificate, vs EAS "
        "`multiRevoke` per item: 0.14x (3,860 against 28,000)"
    ) in text
