"""A certificate is named by its leaf's preimage, which the chain hashes: no root or inner node of a
batch ever answers as a certificate (issue 12, finding 6)."""

from __future__ import annotations

from typing import Any

import ape
import pytest

from tests.ape.conftest import ISSUER, code
from zhangdian_sdk.core.merkle import StandardMerkleTree, leaf_hash

TYPES = ["bytes32", "bytes32"]
ISSUED_BY = code("ZD-XPSJ")


@pytest.fixture
def issuer(registry: Any, accounts: Any, admin: Any) -> Any:
    officer = accounts[6]
    if not registry.hasOfficerRole(ISSUED_BY, officer, ISSUER):  # another module's fixture may hold it
        registry.grantOfficerRole(ISSUED_BY, officer, ISSUER, sender=admin)
    return officer


def _tree(size: int) -> StandardMerkleTree:
    return StandardMerkleTree.of(
        [[bytes([i + 1]) * 32, bytes([0x80 + i]) * 32] for i in range(size)],
        TYPES,
    )


def _node_proof(tree: StandardMerkleTree, index: int) -> list[bytes]:
    """The sibling hashes from node ``index`` of the tree array up to the root."""
    proof = []
    while index > 0:
        proof.append(tree.tree[index - 1 if index % 2 == 0 else index + 1])
        index = (index - 1) // 2
    return proof


def _inner_nodes(tree: StandardMerkleTree) -> list[int]:
    """Every node that is not a leaf: the root and the nodes between it and the leaves."""
    return [i for i in range(len(tree.tree)) if 2 * i + 2 < len(tree.tree)]


def _as_leaf_attempts(tree: StandardMerkleTree, index: int) -> list[tuple[bytes, bytes, list[bytes]]]:
    """Every way an attacker may present inner node ``index`` as a certificate: its own 64-byte
    preimage (its two children, in hashing order) as (certificateId, digest), or the node itself as
    either word, each with the node's true proof and with an empty proof."""
    left, right = sorted((tree.tree[2 * index + 1], tree.tree[2 * index + 2]))
    node = tree.tree[index]
    attempts = []
    for proof in (_node_proof(tree, index), []):
        attempts += [(left, right, proof), (right, left, proof), (node, bytes(32), proof), (bytes(32), node, proof)]
    return attempts


def test_the_chain_hashes_the_leaf_exactly_as_the_sdk(certificates: Any) -> None:
    tree = _tree(3)
    for i, (certificate_id, digest) in enumerate(tree.values):
        assert certificates.certificateLeaf(certificate_id, digest) == tree.leaf(i)
        assert tree.leaf(i) == leaf_hash([certificate_id, digest], TYPES)


@pytest.mark.parametrize("size", [2, 3, 5])
def test_no_root_or_inner_node_of_a_revoked_batch_is_reported_valid(
    certificates: Any, issuer: Any, chain: Any, size: int
) -> None:
    """issue 12, finding 6: on main, ``certificateStatus(root, issuer, root, [])`` said "issued, not
    revoked" for a batch whose certificate was revoked (an empty proof leads from the root to itself).
    Now the leaf is hashed on chain from (certificateId, digest), and no inner node's preimage passes."""
    tree = _tree(size)
    certificates.issueBatch(tree.root, ISSUED_BY, size, sender=issuer)
    revoked = certificates.revokeCertificate(tree.root, ISSUED_BY, *tree.values[0], tree.proof(0), 3, sender=issuer)

    # The revoked certificate is reported revoked; its siblings are still valid.
    status = certificates.certificateStatus(tree.root, ISSUED_BY, *tree.values[0], tree.proof(0))
    assert (status.issued, status.certificateRevokedBlock, status.reasonCode) == (True, revoked.block_number, 3)
    assert not certificates.validAt(tree.root, ISSUED_BY, *tree.values[0], tree.proof(0), chain.blocks.head.number)
    for i in range(1, size):
        assert certificates.validAt(tree.root, ISSUED_BY, *tree.values[i], tree.proof(i), chain.blocks.head.number)

    for index in _inner_nodes(tree):
        for certificate_id, digest, proof in _as_leaf_attempts(tree, index):
            status = certificates.certificateStatus(tree.root, ISSUED_BY, certificate_id, digest, proof)
            assert not status.issued, (index, proof)
            assert not certificates.validAt(
                tree.root, ISSUED_BY, certificate_id, digest, proof, chain.blocks.head.number
            ), (index, proof)


def test_revoke_certificate_cannot_revoke_the_root_or_an_inner_node(certificates: Any, issuer: Any) -> None:
    """issue 12, finding 6: on main an issuer could "revoke" the root or an inner node as if it were a
    certificate (recording a revocation no verifier would ever see). Now it reverts with InvalidProof."""
    tree = _tree(4)
    certificates.issueBatch(tree.root, ISSUED_BY, 4, sender=issuer)
    for index in _inner_nodes(tree):
        for certificate_id, digest, proof in _as_leaf_attempts(tree, index):
            with ape.reverts(certificates.InvalidProof):
                certificates.revokeCertificate(tree.root, ISSUED_BY, certificate_id, digest, proof, 1, sender=issuer)
    # Every real certificate is still valid, and each one can still be revoked on its own.
    for i in range(4):
        assert certificates.certificateStatus(tree.root, ISSUED_BY, *tree.values[i], tree.proof(i)).issued
        assert certificates.certificateStatus(tree.root, ISSUED_BY, *tree.values[i], tree.proof(i)).reasonCode == 0
    certificates.revokeCertificate(tree.root, ISSUED_BY, *tree.values[2], tree.proof(2), 1, sender=issuer)


def test_a_revoked_single_certificate_is_reported_revoked(certificates: Any, issuer: Any, chain: Any) -> None:
    """issue 12, finding 6: a batch of one (its root is its leaf) verifies by its preimage, and once
    revoked it is reported revoked, whether asked with an empty proof or anything else."""
    tree = _tree(1)
    assert tree.root == tree.leaf(0)
    issued = certificates.issueBatch(tree.root, ISSUED_BY, 1, sender=issuer)
    assert certificates.validAt(tree.root, ISSUED_BY, *tree.values[0], [], issued.block_number)
    assert not certificates.certificateStatus(tree.root, ISSUED_BY, tree.root, bytes(32), []).issued
    revoked = certificates.revokeCertificate(tree.root, ISSUED_BY, *tree.values[0], [], 8, sender=issuer)
    status = certificates.certificateStatus(tree.root, ISSUED_BY, *tree.values[0], [])
    assert (status.issued, status.certificateRevokedBlock, status.reasonCode) == (True, revoked.block_number, 8)
    assert not certificates.validAt(tree.root, ISSUED_BY, *tree.values[0], [], chain.blocks.head.number)
    assert certificates.validAt(tree.root, ISSUED_BY, *tree.values[0], [], revoked.block_number - 1)


@pytest.mark.parametrize("who", ["clerk", "approver", "inspector", "manager", "outsider"])
def test_only_an_issuer_of_the_department_revokes_even_with_a_real_leaf(
    certificates: Any, issuer: Any, who: str, request: Any
) -> None:
    tree = _tree(2)
    certificates.issueBatch(tree.root, ISSUED_BY, 2, sender=issuer)
    caller = request.getfixturevalue(who)
    for department in (ISSUED_BY, code("ZD-SCJGJ"), bytes(32)):
        with ape.reverts(certificates.NotAnIssuer):
            certificates.revokeCertificate(tree.root, department, *tree.values[0], tree.proof(0), 1, sender=caller)
    assert certificates.certificateStatus(tree.root, ISSUED_BY, *tree.values[0], tree.proof(0)).reasonCode == 0


def test_a_completion_certificate_needs_a_registered_issuer_an_application_and_a_type(
    certificates: Any, admin: Any, accounts: Any
) -> None:
    """Issue 12 hardening (matrix finding 5, defence in depth): a LEDGER_ROLE holder stored a completion
    certificate for application 0, issuer 0 and type 0; each zero (and an unregistered issuer) is refused."""
    ledger_stand_in = accounts[7]
    certificates.grantRole(certificates.LEDGER_ROLE(), ledger_stand_in, sender=admin)
    zero, application, licence, root = b"\0" * 32, b"\xa7" * 32, code("LICENCE"), b"\x08" * 32
    with ape.reverts(certificates.UnknownDepartment, department=zero):
        certificates.issueForApplication(zero, zero, zero, root, sender=ledger_stand_in)
    with ape.reverts(certificates.UnknownDepartment, department=code("ZD-NONE")):
        certificates.issueForApplication(application, code("ZD-NONE"), licence, root, sender=ledger_stand_in)
    with ape.reverts(certificates.MissingApplicationId):
        certificates.issueForApplication(zero, ISSUED_BY, licence, root, sender=ledger_stand_in)
    with ape.reverts(certificates.MissingCertificateType):
        certificates.issueForApplication(application, ISSUED_BY, zero, root, sender=ledger_stand_in)
    receipt = certificates.issueForApplication(application, ISSUED_BY, licence, root, sender=ledger_stand_in)
    assert len(receipt.events.filter(certificates.ApplicationCertificateIssued)) == 1
