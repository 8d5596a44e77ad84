"""The status list (issue 17, target 2): leaves bind a status index, an issuer's enrolled status signers
issue batch roots and move entries (one record read authorizes, bounds and pause-checks a call), and
the gas of the suite as deployed (ERC-1967 proxy) stays under the targets: a batch root at most 50,000,
one status change in a batch of 1,024 at most 55,000, 100 revocations sharing status words at most
5,000 a certificate. Every figure is a transaction's gasUsed."""

from __future__ import annotations

from typing import Any

import ape
import pytest

from tests.ape.conftest import ISSUER, code
from zhangdian_sdk.core.merkle import StandardMerkleTree, leaf_hash
from zhangdian_sdk.core.models import CertificateState

STATUS_TYPES = ["bytes32", "bytes32", "uint64"]
XPSJ, SCJGJ = code("ZD-XPSJ"), code("ZD-SCJGJ")
REVOKED, SUSPENDED, VALID = CertificateState.REVOKED, CertificateState.SUSPENDED, CertificateState.VALID

BATCH_ROOT_CEILING = 50_000
ONE_STATUS_CEILING = 55_000
BULK_SHARED_CEILING = 5_000  # a certificate
NO_LISTENER = "0x" + "00" * 20  # a deployment whose department registry tells nobody of role changes


@pytest.fixture
def signer(certificates: Any, registry: Any, accounts: Any, admin: Any) -> Any:
    """An Issuer of ZD-XPSJ, enrolled as its primary status signer."""
    officer = accounts[6]
    if not registry.hasOfficerRole(XPSJ, officer, ISSUER):
        registry.grantOfficerRole(XPSJ, officer, ISSUER, sender=admin)
    if not certificates.isStatusSigner(XPSJ, officer):
        certificates.enrolStatusSigner(XPSJ, officer, sender=officer)
    return officer


@pytest.fixture
def foreign(certificates: Any, registry: Any, accounts: Any, admin: Any) -> Any:
    """An Issuer of ZD-SCJGJ, enrolled there: a status signer of another department."""
    officer = accounts[7]
    if not registry.hasOfficerRole(SCJGJ, officer, ISSUER):
        registry.grantOfficerRole(SCJGJ, officer, ISSUER, sender=admin)
    if not certificates.isStatusSigner(SCJGJ, officer):
        certificates.enrolStatusSigner(SCJGJ, officer, sender=officer)
    return officer


def _batch(certificates: Any, signer: Any, size: int) -> tuple[StandardMerkleTree, int, Any]:
    """Issue a batch of ``size`` status-list leaves at the issuer's next index; the tree, first index, receipt."""
    first = certificates.statusRecord(XPSJ)[1]
    values = [[(i + 1).to_bytes(32, "big"), b"\xd1" * 32, first + i] for i in range(size)]
    tree = StandardMerkleTree.of(values, STATUS_TYPES)
    receipt = certificates.issueStatusBatch(tree.root, XPSJ, first, size, sender=signer)
    return tree, first, receipt


def test_the_leaf_binds_the_status_index_exactly_as_the_sdk(certificates: Any) -> None:
    certificate, digest = b"\x01" * 32, b"\x02" * 32
    assert bytes(certificates.statusLeaf(certificate, digest, 7)) == leaf_hash([certificate, digest, 7], STATUS_TYPES)
    # Another index is another leaf, and neither is the (certificateId, digest) leaf of the old format.
    assert certificates.statusLeaf(certificate, digest, 8) != certificates.statusLeaf(certificate, digest, 7)
    assert certificates.statusLeaf(certificate, digest, 7) != certificates.certificateLeaf(certificate, digest)


def test_a_batch_root_costs_at_most_50000_gas_and_allocates_indices_in_order(certificates: Any, signer: Any) -> None:
    _, first, receipt = _batch(certificates, signer, 1024)
    assert receipt.gas_used <= BATCH_ROOT_CEILING, receipt.gas_used
    (event,) = receipt.decode_logs(certificates.StatusBatchIssued)
    assert (event.issuer, event.firstIndex, event.count, event.actor) == (XPSJ, first, 1024, signer.address)
    _, second, again = _batch(certificates, signer, 3)
    assert second == first + 1024
    assert again.gas_used <= BATCH_ROOT_CEILING
    assert certificates.statusRecord(XPSJ)[1] == first + 1027


def test_a_stale_first_index_is_refused(certificates: Any, signer: Any) -> None:
    """Two officers building trees at once: the second must rebuild on the new next index."""
    _, first, _ = _batch(certificates, signer, 2)
    with ape.reverts(certificates.StatusIndexMismatch):
        certificates.issueStatusBatch(b"\x05" * 32, XPSJ, first, 2, sender=signer)


def test_one_status_change_in_a_batch_of_1024_costs_at_most_55000_gas(certificates: Any, signer: Any) -> None:
    _, first, _ = _batch(certificates, signer, 1024)
    revoked = certificates.setStatus(XPSJ, first + 512, REVOKED, 3, sender=signer)
    assert revoked.gas_used <= ONE_STATUS_CEILING, revoked.gas_used
    (event,) = revoked.decode_logs(certificates.CertificateStatusSet)
    assert (event.statusIndex, event.state, event.reasonCode, event.actor) == (first + 512, REVOKED, 3, signer.address)
    suspended = certificates.setStatus(XPSJ, first + 700, SUSPENDED, 4, sender=signer)
    assert suspended.gas_used <= ONE_STATUS_CEILING, suspended.gas_used
    assert certificates.statusOf(XPSJ, first + 512) == REVOKED
    assert certificates.statusOf(XPSJ, first + 700) == SUSPENDED
    assert certificates.statusOf(XPSJ, first + 511) == VALID


def test_suspend_reinstate_then_end(certificates: Any, signer: Any) -> None:
    _, first, _ = _batch(certificates, signer, 4)
    certificates.setStatus(XPSJ, first, SUSPENDED, 21, sender=signer)
    reinstated = certificates.setStatus(XPSJ, first, VALID, 0, sender=signer)  # no reason needed to reinstate
    assert [log.state for log in reinstated.decode_logs(certificates.CertificateStatusSet)] == [VALID]
    certificates.setStatus(XPSJ, first, CertificateState.WITHDRAWN, 9, sender=signer)
    assert certificates.statusOf(XPSJ, first) == CertificateState.WITHDRAWN
    for state in (VALID, SUSPENDED, REVOKED):
        with ape.reverts(certificates.CertificateStatusFinal):
            certificates.setStatus(XPSJ, first, state, 1, sender=signer)
    # The neighbours of the same word are untouched.
    assert [certificates.statusOf(XPSJ, first + i) for i in (1, 2, 3)] == [VALID] * 3


def test_100_revocations_sharing_words_cost_at_most_5000_gas_each(certificates: Any, signer: Any) -> None:
    _, first, _ = _batch(certificates, signer, 1024)
    indices = list(range(first + 100, first + 200))
    receipt = certificates.setStatuses(XPSJ, indices, REVOKED, 5, sender=signer)
    assert receipt.gas_used // 100 <= BULK_SHARED_CEILING, receipt.gas_used
    logs = receipt.decode_logs(certificates.CertificateStatusSet)
    assert [log.statusIndex for log in logs] == indices
    assert {log.reasonCode for log in logs} == {5}
    assert all(certificates.statusOf(XPSJ, i) == REVOKED for i in (indices[0], indices[63], indices[-1]))
    assert certificates.statusOf(XPSJ, first + 200) == VALID


def test_100_revocations_in_distinct_words_cost_one_fresh_word_each(certificates: Any, signer: Any) -> None:
    """Not sharing words: each certificate writes a word of its own (22,100 gas for a fresh slot)."""
    _, first, _ = _batch(certificates, signer, 6400)
    indices = [first + 64 * i for i in range(100)]
    receipt = certificates.setStatuses(XPSJ, indices, REVOKED, 5, sender=signer)
    assert 22_100 < receipt.gas_used // 100 <= 27_000, receipt.gas_used
    assert all(certificates.statusOf(XPSJ, i) == REVOKED for i in indices)


def test_an_index_beyond_what_was_issued_is_refused(certificates: Any, signer: Any) -> None:
    """No issuer pre-revokes certificates it has not issued yet."""
    _, first, _ = _batch(certificates, signer, 2)
    with ape.reverts(certificates.StatusIndexNotIssued):
        certificates.setStatus(XPSJ, first + 2, REVOKED, 1, sender=signer)
    with ape.reverts(certificates.StatusIndexNotIssued):
        certificates.setStatuses(XPSJ, [first, first + 2], REVOKED, 1, sender=signer)
    assert certificates.statusOf(XPSJ, first) == VALID  # the whole bulk call reverted


def test_zero_reason_and_empty_lists_are_refused(certificates: Any, signer: Any) -> None:
    _, first, _ = _batch(certificates, signer, 2)
    with ape.reverts(certificates.MissingRevocationReason):
        certificates.setStatus(XPSJ, first, REVOKED, 0, sender=signer)
    with ape.reverts(certificates.MissingRevocationReason):
        certificates.setStatuses(XPSJ, [first], SUSPENDED, 0, sender=signer)
    with ape.reverts(certificates.NoStatusIndices):
        certificates.setStatuses(XPSJ, [], REVOKED, 1, sender=signer)


def test_another_departments_signer_and_outsiders_cannot_write(
    certificates: Any, signer: Any, foreign: Any, outsider: Any, manager: Any
) -> None:
    _, first, _ = _batch(certificates, signer, 2)
    for caller in (foreign, outsider, manager):  # a Manager enrols signers but is not one
        with ape.reverts(certificates.NotAStatusSigner):
            certificates.setStatus(XPSJ, first, REVOKED, 1, sender=caller)
        with ape.reverts(certificates.NotAStatusSigner):
            certificates.issueStatusBatch(b"\x09" * 32, XPSJ, first + 2, 1, sender=caller)
    # ZD-SCJGJ's signer writes its own list only: the same index there is another entry.
    certificates.issueStatusBatch(b"\x09" * 32, SCJGJ, certificates.statusRecord(SCJGJ)[1], 1, sender=foreign)
    with ape.reverts(certificates.NotAnIssuer):
        certificates.enrolStatusSigner(XPSJ, foreign, sender=foreign)


def test_a_delegate_signs_and_a_stale_enrolment_is_dropped_by_anyone(
    certificates: Any, registry: Any, signer: Any, accounts: Any, admin: Any, manager: Any, outsider: Any
) -> None:
    delegate = accounts[8]
    registry.grantOfficerRole(XPSJ, delegate, ISSUER, sender=admin)
    enrolled = certificates.enrolStatusSigner(XPSJ, delegate, sender=manager)
    assert [(log.account, log.enrolled) for log in enrolled.decode_logs(certificates.StatusSignerChanged)] == [
        (delegate.address, True)
    ]
    assert certificates.statusRecord(XPSJ)[0] == signer.address  # the primary stays
    _, first, _ = _batch(certificates, delegate, 2)
    certificates.setStatus(XPSJ, first, REVOKED, 1, sender=delegate)
    # Still an Issuer: an outsider cannot drop it.
    with ape.reverts(certificates.NotAnIssuer):
        certificates.dropStatusSigner(XPSJ, delegate, sender=outsider)
    registry.setRoleListener(NO_LISTENER, sender=admin)  # else the revocation drops it (test_role_listener.py)
    registry.revokeOfficerRole(XPSJ, delegate, ISSUER, sender=admin)
    certificates.dropStatusSigner(XPSJ, delegate, sender=outsider)
    assert not certificates.isStatusSigner(XPSJ, delegate)
    with ape.reverts(certificates.NotAStatusSigner):
        certificates.setStatus(XPSJ, first + 1, REVOKED, 1, sender=delegate)


def test_pausing_stops_every_status_write_and_resuming_restores_them(
    certificates: Any, signer: Any, admin: Any
) -> None:
    _, first, _ = _batch(certificates, signer, 2)
    certificates.pause(sender=admin)
    assert certificates.statusRecord(XPSJ)[2]
    with ape.reverts(certificates.EnforcedPause):
        certificates.setStatus(XPSJ, first, REVOKED, 1, sender=signer)
    with ape.reverts(certificates.EnforcedPause):
        certificates.setStatuses(XPSJ, [first], REVOKED, 1, sender=signer)
    with ape.reverts(certificates.EnforcedPause):
        certificates.issueStatusBatch(b"\x0a" * 32, XPSJ, first + 2, 1, sender=signer)
    certificates.unpause(sender=admin)
    assert not certificates.statusRecord(XPSJ)[2]
    certificates.setStatus(XPSJ, first, REVOKED, 1, sender=signer)
    assert certificates.statusOf(XPSJ, first) == REVOKED


def test_the_status_word_holds_64_entries_of_4_bits(certificates: Any, signer: Any) -> None:
    _, first, _ = _batch(certificates, signer, 128)
    base = first - first % 64 + 64  # an index that opens a word, inside the batch
    certificates.setStatuses(XPSJ, [base, base + 1, base + 63], REVOKED, 2, sender=signer)
    word = certificates.statusWord(XPSJ, base // 64)
    assert word == int(REVOKED) | int(REVOKED) << 4 | int(REVOKED) << 252


def test_a_stale_enrolment_never_issues_nor_reinstates(
    certificates: Any, registry: Any, signer: Any, admin: Any, outsider: Any
) -> None:
    """Issuing and reinstating ask the department registry every time; suspending and ending trust the
    enrolment (the gas target) until anyone drops it, when the department registry has no role listener
    (with one, the revocation drops it: test_role_listener.py)."""
    registry.setRoleListener(NO_LISTENER, sender=admin)
    _, first, _ = _batch(certificates, signer, 3)
    certificates.setStatus(XPSJ, first, SUSPENDED, 1, sender=signer)
    registry.revokeOfficerRole(XPSJ, signer, ISSUER, sender=admin)
    with ape.reverts(certificates.NotAnIssuer):
        certificates.issueStatusBatch(b"\x0b" * 32, XPSJ, first + 3, 1, sender=signer)
    with ape.reverts(certificates.NotAnIssuer):
        certificates.setStatus(XPSJ, first, VALID, 0, sender=signer)
    with ape.reverts(certificates.NotAnIssuer):
        certificates.setStatuses(XPSJ, [first], VALID, 0, sender=signer)
    certificates.setStatus(XPSJ, first + 1, SUSPENDED, 1, sender=signer)  # the window without a listener
    certificates.dropStatusSigner(XPSJ, signer, sender=outsider)
    with ape.reverts(certificates.NotAStatusSigner):
        certificates.setStatus(XPSJ, first + 2, SUSPENDED, 1, sender=signer)


def test_a_deactivated_department_issues_nothing(certificates: Any, registry: Any, signer: Any, admin: Any) -> None:
    _, first, _ = _batch(certificates, signer, 1)
    registry.setRoleListener(NO_LISTENER, sender=admin)  # the registry's own check, without the listener
    registry.setDepartmentActive(XPSJ, False, sender=admin)
    with ape.reverts(certificates.NotAnIssuer):
        certificates.issueStatusBatch(b"\x0c" * 32, XPSJ, first + 1, 1, sender=signer)
