"""A certificate's status in the national vocabulary (issue 14, item 5): 有效, 暂扣 (suspended and
reinstated), and the terminal 撤销, 注销, 吊销; every illegal transition and every caller who is not an
Issuer of the batch's department reverts with its own error."""

from __future__ import annotations

from typing import Any

import ape
import pytest

from tests.ape.conftest import ISSUER, code
from zhangdian_sdk.core.merkle import StandardMerkleTree
from zhangdian_sdk.core.models import CertificateState

TYPES = ["bytes32", "bytes32"]
ISSUED_BY = code("ZD-XPSJ")
OTHER = code("ZD-SCJGJ")


@pytest.fixture
def issuer(registry: Any, accounts: Any, admin: Any) -> Any:
    officer = accounts[6]
    if not registry.hasOfficerRole(ISSUED_BY, officer, ISSUER):
        registry.grantOfficerRole(ISSUED_BY, officer, ISSUER, sender=admin)
    return officer


@pytest.fixture
def other_issuer(registry: Any, accounts: Any, admin: Any) -> Any:
    """An Issuer of another department (ZD-SCJGJ), not of the batch's."""
    officer = accounts[7]
    if not registry.hasOfficerRole(OTHER, officer, ISSUER):
        registry.grantOfficerRole(OTHER, officer, ISSUER, sender=admin)
    return officer


@pytest.fixture
def tree(certificates: Any, issuer: Any) -> StandardMerkleTree:
    built = StandardMerkleTree.of([[bytes([0x40 + i]) * 32, bytes([0xC0 + i]) * 32] for i in range(3)], TYPES)
    certificates.issueBatch(built.root, ISSUED_BY, 3, sender=issuer)
    return built


def _ref(tree: StandardMerkleTree, i: int = 0) -> tuple[Any, ...]:
    return (tree.root, ISSUED_BY, *tree.values[i], tree.proof(i))


def _status(certificates: Any, tree: StandardMerkleTree, i: int = 0) -> Any:
    return certificates.certificateStatus(*_ref(tree, i))


def test_a_fresh_certificate_is_valid(certificates: Any, tree: StandardMerkleTree) -> None:
    status = _status(certificates, tree)
    assert (status.issued, status.state, status.suspendedBlock, status.reasonCode) == (True, 0, 0, 0)


def test_suspend_then_reinstate(certificates: Any, tree: StandardMerkleTree, issuer: Any, chain: Any) -> None:
    suspended = certificates.suspendCertificate(*_ref(tree), 21, sender=issuer)
    assert [log.reasonCode for log in suspended.decode_logs(certificates.CertificateSuspended)] == [21]
    status = _status(certificates, tree)
    assert (status.state, status.suspendedBlock, status.reasonCode) == (
        CertificateState.SUSPENDED,
        suspended.block_number,
        21,
    )
    assert not certificates.validAt(*_ref(tree), chain.blocks.head.number)
    assert certificates.validAt(*_ref(tree), suspended.block_number - 1)
    assert certificates.validAt(*_ref(tree, 1), chain.blocks.head.number)  # its siblings are untouched

    reinstated = certificates.reinstateCertificate(*_ref(tree), sender=issuer)
    [log] = list(reinstated.decode_logs(certificates.CertificateReinstated))
    assert (log.leaf, log.issuer) == (tree.leaf(0), ISSUED_BY)
    status = _status(certificates, tree)
    assert (status.state, status.suspendedBlock, status.reasonCode) == (CertificateState.VALID, 0, 0)
    assert certificates.validAt(*_ref(tree), chain.blocks.head.number)


@pytest.mark.parametrize("state", [CertificateState.REVOKED, CertificateState.CANCELLED, CertificateState.WITHDRAWN])
def test_each_terminal_state_is_reported_and_final(
    certificates: Any, tree: StandardMerkleTree, issuer: Any, chain: Any, state: CertificateState
) -> None:
    certificates.suspendCertificate(*_ref(tree), 5, sender=issuer)  # a suspended certificate can still end
    ended = certificates.endCertificate(*_ref(tree), int(state), 9, sender=issuer)
    [log] = list(ended.decode_logs(certificates.CertificateRevoked))
    assert (log.leaf, log.state, log.reasonCode) == (tree.leaf(0), state, 9)
    status = _status(certificates, tree)
    assert (status.state, status.certificateRevokedBlock, status.suspendedBlock, status.reasonCode) == (
        state,
        ended.block_number,
        0,
        9,
    )
    assert not certificates.validAt(*_ref(tree), chain.blocks.head.number)
    with ape.reverts(certificates.CertificateAlreadyRevoked):
        certificates.suspendCertificate(*_ref(tree), 1, sender=issuer)
    with ape.reverts(certificates.CertificateAlreadyRevoked):
        certificates.reinstateCertificate(*_ref(tree), sender=issuer)
    with ape.reverts(certificates.CertificateAlreadyRevoked):
        certificates.endCertificate(*_ref(tree), int(CertificateState.REVOKED), 1, sender=issuer)
    with ape.reverts(certificates.CertificateAlreadyRevoked):
        certificates.revokeCertificate(*_ref(tree), 1, sender=issuer)


def test_revoke_certificate_is_the_revoked_end(certificates: Any, tree: StandardMerkleTree, issuer: Any) -> None:
    receipt = certificates.revokeCertificate(*_ref(tree), 4, sender=issuer)
    [log] = list(receipt.decode_logs(certificates.CertificateRevoked))
    assert log.state == CertificateState.REVOKED
    assert _status(certificates, tree).state == CertificateState.REVOKED


def test_a_revoked_batch_makes_every_certificate_revoked_and_final(
    certificates: Any, tree: StandardMerkleTree, issuer: Any
) -> None:
    certificates.revokeBatch(tree.root, ISSUED_BY, 2, sender=issuer)
    assert _status(certificates, tree, 2).state == CertificateState.REVOKED
    with ape.reverts(certificates.CertificateAlreadyRevoked):
        certificates.suspendCertificate(*_ref(tree, 2), 1, sender=issuer)


def test_illegal_transitions_revert(certificates: Any, tree: StandardMerkleTree, issuer: Any) -> None:
    with ape.reverts(certificates.CertificateNotSuspended):
        certificates.reinstateCertificate(*_ref(tree), sender=issuer)
    certificates.suspendCertificate(*_ref(tree), 3, sender=issuer)
    with ape.reverts(certificates.CertificateAlreadySuspended):
        certificates.suspendCertificate(*_ref(tree), 3, sender=issuer)
    with ape.reverts(certificates.MissingRevocationReason):
        certificates.suspendCertificate(*_ref(tree, 1), 0, sender=issuer)
    with ape.reverts(certificates.MissingRevocationReason):
        certificates.endCertificate(*_ref(tree, 1), int(CertificateState.CANCELLED), 0, sender=issuer)
    for state in (CertificateState.VALID, CertificateState.SUSPENDED):
        with ape.reverts(certificates.NotATerminalState):
            certificates.endCertificate(*_ref(tree, 1), int(state), 1, sender=issuer)
    with ape.reverts(certificates.InvalidProof):
        certificates.suspendCertificate(tree.root, ISSUED_BY, *tree.values[1], tree.proof(0), 1, sender=issuer)
    with ape.reverts(certificates.UnknownBatch):
        certificates.suspendCertificate(bytes([9]) * 32, ISSUED_BY, *tree.values[1], [], 1, sender=issuer)


def test_an_issuer_of_another_department_cannot_act(
    certificates: Any, tree: StandardMerkleTree, other_issuer: Any
) -> None:
    """Naming the batch's department, the other issuer is not its Issuer; naming its own department,
    there is no such batch: the batch's issuer is part of its key."""
    attempts = [
        lambda dept: certificates.suspendCertificate(
            tree.root, dept, *tree.values[0], tree.proof(0), 1, sender=other_issuer
        ),
        lambda dept: certificates.reinstateCertificate(
            tree.root, dept, *tree.values[0], tree.proof(0), sender=other_issuer
        ),
        lambda dept: certificates.endCertificate(
            tree.root, dept, *tree.values[0], tree.proof(0), int(CertificateState.WITHDRAWN), 1, sender=other_issuer
        ),
    ]
    for attempt in attempts:
        with ape.reverts(certificates.NotAnIssuer):
            attempt(ISSUED_BY)
        with ape.reverts(certificates.UnknownBatch):
            attempt(OTHER)
    assert _status(certificates, tree).state == CertificateState.VALID


@pytest.mark.parametrize("who", ["clerk", "approver", "inspector", "manager", "outsider"])
def test_only_an_issuer_changes_a_status(
    certificates: Any, tree: StandardMerkleTree, issuer: Any, who: str, request: Any
) -> None:
    caller = request.getfixturevalue(who)
    certificates.suspendCertificate(*_ref(tree, 1), 2, sender=issuer)
    with ape.reverts(certificates.NotAnIssuer):
        certificates.suspendCertificate(*_ref(tree), 1, sender=caller)
    with ape.reverts(certificates.NotAnIssuer):
        certificates.reinstateCertificate(*_ref(tree, 1), sender=caller)
    with ape.reverts(certificates.NotAnIssuer):
        certificates.endCertificate(*_ref(tree), int(CertificateState.CANCELLED), 1, sender=caller)
    assert _status(certificates, tree).state == CertificateState.VALID
    assert _status(certificates, tree, 1).state == CertificateState.SUSPENDED


def test_status_changes_stop_while_paused(certificates: Any, tree: StandardMerkleTree, issuer: Any, admin: Any) -> None:
    certificates.pause(sender=admin)
    try:
        with ape.reverts(certificates.EnforcedPause):
            certificates.suspendCertificate(*_ref(tree), 1, sender=issuer)
        with ape.reverts(certificates.EnforcedPause):
            certificates.endCertificate(*_ref(tree), int(CertificateState.CANCELLED), 1, sender=issuer)
        with ape.reverts(certificates.EnforcedPause):
            certificates.reinstateCertificate(*_ref(tree), sender=issuer)
    finally:
        certificates.unpause(sender=admin)
