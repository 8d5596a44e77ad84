"""Replacing certificates (换发/补发) and revoking a completion certificate on appeal (issue 18, item 3;
CertificateRegistry 1.6.0; 1.7.0 revokes the certificate that replaced it instead): the old certificate
becomes Replaced (terminal, invalid from the replacement's block), both sides name each other with when
and why, a batch replacement replaces every certificate of the batch; every unauthorized caller and every
invalid argument reverts with its own error."""

from __future__ import annotations

from typing import Any

import ape
import pytest

from tests.ape.conftest import ISSUER, code
from zhangdian_sdk.core.merkle import StandardMerkleTree
from zhangdian_sdk.core.models import CertificateState

TYPES = ["bytes32", "bytes32"]
XPSJ = code("ZD-XPSJ")
SCJGJ = code("ZD-SCJGJ")
ZERO = b"\x00" * 32
CHANGE_OF_DETAILS, LOST, RENEWAL, RENAMED = 1, 2, 3, 4
REVOKED_ON_APPEAL = 10
APPEAL = b"\xa9" * 32


@pytest.fixture
def issuer(registry: Any, accounts: Any, admin: Any) -> Any:
    """An Issuer of ZD-XPSJ and of ZD-SCJGJ (a department merged into another needs both)."""
    officer = accounts[6]
    for department in (XPSJ, SCJGJ):
        if not registry.hasOfficerRole(department, officer, ISSUER):
            registry.grantOfficerRole(department, officer, ISSUER, sender=admin)
    return officer


@pytest.fixture
def other_issuer(registry: Any, accounts: Any, admin: Any) -> Any:
    """An Issuer of ZD-SCJGJ only."""
    officer = accounts[7]
    if not registry.hasOfficerRole(SCJGJ, officer, ISSUER):
        registry.grantOfficerRole(SCJGJ, officer, ISSUER, sender=admin)
    return officer


@pytest.fixture
def appeals(certificates: Any, accounts: Any, admin: Any) -> Any:
    """A stand-in for the appeal registry: the holder of APPEAL_ROLE."""
    stand_in = accounts[9]
    certificates.grantRole(certificates.APPEAL_ROLE(), stand_in, sender=admin)
    return stand_in


@pytest.fixture
def ledger_stand_in(certificates: Any, accounts: Any, admin: Any) -> Any:
    stand_in = accounts[8]
    certificates.grantRole(certificates.LEDGER_ROLE(), stand_in, sender=admin)
    return stand_in


def _batch(certificates: Any, issuer: Any, seed: int, count: int = 3, department: bytes = XPSJ) -> StandardMerkleTree:
    built = StandardMerkleTree.of(
        [[bytes([seed + i]) * 32, bytes([0x80 + seed + i]) * 32] for i in range(count)], TYPES
    )
    certificates.issueBatch(built.root, department, count, sender=issuer)
    return built


def _ref(tree: StandardMerkleTree, i: int = 0, department: bytes = XPSJ) -> tuple[Any, ...]:
    return (tree.root, department, *tree.values[i], tree.proof(i))


def _status(certificates: Any, ref: tuple[Any, ...]) -> Any:
    return certificates.certificateStatus(*ref)


def _completion(certificates: Any, ledger_stand_in: Any, number: int, department: bytes = XPSJ) -> tuple[Any, ...]:
    """A completion certificate issued the ledger's way; returns its CertificateRef."""
    application = bytes([0x30, number]) + b"\x00" * 30
    digest = bytes([0xD0, number]) + b"\x00" * 30
    root = certificates.certificateLeaf(application, digest)
    certificates.issueForApplication(application, department, code("LICENCE"), root, sender=ledger_stand_in)
    return (bytes(root), department, application, digest, [])


# ---- revokeForAppeal ----


def test_revoke_for_appeal_revokes_the_completion_certificate(
    certificates: Any, ledger_stand_in: Any, appeals: Any, chain: Any
) -> None:
    ref = _completion(certificates, ledger_stand_in, 1)
    root, issuer, application = ref[0], ref[1], ref[2]
    receipt = certificates.revokeForAppeal(application, issuer, root, REVOKED_ON_APPEAL, APPEAL, sender=appeals)
    [revoked] = list(receipt.decode_logs(certificates.CertificateRevoked))
    assert (revoked.leaf, revoked.root, revoked.issuer, revoked.state, revoked.reasonCode, revoked.actor) == (
        root,
        root,
        issuer,
        CertificateState.REVOKED,
        REVOKED_ON_APPEAL,
        appeals.address,
    )
    [on_appeal] = list(receipt.decode_logs(certificates.CertificateRevokedOnAppeal))
    assert (on_appeal.applicationId, on_appeal.appealId, on_appeal.issuer, on_appeal.root, on_appeal.reasonCode) == (
        application,
        APPEAL,
        issuer,
        root,
        REVOKED_ON_APPEAL,
    )
    status = _status(certificates, ref)
    assert (status.state, status.reasonCode, status.certificateRevokedBlock) == (
        CertificateState.REVOKED,
        REVOKED_ON_APPEAL,
        receipt.block_number,
    )
    assert not certificates.validAt(*ref, chain.blocks.head.number)
    assert certificates.validAt(*ref, receipt.block_number - 1)


def test_revoke_for_appeal_reverts(
    certificates: Any, ledger_stand_in: Any, appeals: Any, issuer: Any, clerk: Any, outsider: Any
) -> None:
    ref = _completion(certificates, ledger_stand_in, 2)
    root, department, application = ref[0], ref[1], ref[2]
    for caller in (issuer, clerk, outsider, ledger_stand_in):  # only APPEAL_ROLE
        with ape.reverts(certificates.AccessControlUnauthorizedAccount):
            certificates.revokeForAppeal(application, department, root, REVOKED_ON_APPEAL, APPEAL, sender=caller)
    with ape.reverts(certificates.UnknownBatch):  # no completion certificate of that application
        certificates.revokeForAppeal(b"\x31" * 32, department, root, REVOKED_ON_APPEAL, APPEAL, sender=appeals)
    with ape.reverts(certificates.UnknownBatch):  # an issuer's batch is not a completion certificate
        tree = _batch(certificates, issuer, 0x60, 1)
        certificates.revokeForAppeal(tree.values[0][0], XPSJ, tree.root, REVOKED_ON_APPEAL, APPEAL, sender=appeals)
    with ape.reverts(certificates.UnknownBatch):  # another department
        certificates.revokeForAppeal(application, SCJGJ, root, REVOKED_ON_APPEAL, APPEAL, sender=appeals)
    with ape.reverts(certificates.MissingRevocationReason):
        certificates.revokeForAppeal(application, department, root, 0, APPEAL, sender=appeals)
    certificates.revokeCertificate(*ref, 7, sender=issuer)
    with ape.reverts(certificates.CertificateAlreadyRevoked):  # already revoked by its issuer
        certificates.revokeForAppeal(application, department, root, REVOKED_ON_APPEAL, APPEAL, sender=appeals)
    assert _status(certificates, ref).reasonCode == 7


def test_revoke_for_appeal_twice(certificates: Any, ledger_stand_in: Any, appeals: Any) -> None:
    ref = _completion(certificates, ledger_stand_in, 3)
    certificates.revokeForAppeal(ref[2], ref[1], ref[0], REVOKED_ON_APPEAL, APPEAL, sender=appeals)
    with ape.reverts(certificates.CertificateAlreadyRevoked, leaf=ref[0]):
        certificates.revokeForAppeal(ref[2], ref[1], ref[0], REVOKED_ON_APPEAL, APPEAL, sender=appeals)


# ---- revokeForAppeal of a replaced completion certificate (1.7.0) ----


def _revoked_on_appeal(certificates: Any, receipt: Any) -> tuple[Any, Any]:
    """The transaction's one CertificateRevoked and one CertificateRevokedOnAppeal."""
    [revoked] = list(receipt.decode_logs(certificates.CertificateRevoked))
    [on_appeal] = list(receipt.decode_logs(certificates.CertificateRevokedOnAppeal))
    return revoked, on_appeal


def test_revoke_for_appeal_revokes_the_certificate_that_replaced_the_completion_certificate(
    certificates: Any, ledger_stand_in: Any, appeals: Any, issuer: Any, chain: Any
) -> None:
    """换发 once: the completion certificate is Replaced already, so the appeal revokes its replacement,
    a certificate of a batch of three (root and leaf differ), with reason 10; its siblings stay valid."""
    completion = _completion(certificates, ledger_stand_in, 40)
    new = _batch(certificates, issuer, 0x64)
    certificates.replaceCertificate(completion, _ref(new, 1), CHANGE_OF_DETAILS, sender=issuer)
    receipt = certificates.revokeForAppeal(
        completion[2], XPSJ, completion[0], REVOKED_ON_APPEAL, APPEAL, sender=appeals
    )
    revoked, on_appeal = _revoked_on_appeal(certificates, receipt)
    assert (revoked.leaf, revoked.root, revoked.issuer, revoked.state, revoked.reasonCode, revoked.actor) == (
        new.leaf(1),
        new.root,
        XPSJ,
        CertificateState.REVOKED,
        REVOKED_ON_APPEAL,
        appeals.address,
    )
    assert (on_appeal.applicationId, on_appeal.appealId, on_appeal.issuer, on_appeal.root, on_appeal.reasonCode) == (
        completion[2],
        APPEAL,
        XPSJ,
        new.root,
        REVOKED_ON_APPEAL,
    )
    status = _status(certificates, _ref(new, 1))
    assert (status.state, status.reasonCode, status.certificateRevokedBlock) == (
        CertificateState.REVOKED,
        REVOKED_ON_APPEAL,
        receipt.block_number,
    )
    assert not certificates.validAt(*_ref(new, 1), chain.blocks.head.number)
    assert certificates.validAt(*_ref(new, 1), receipt.block_number - 1)
    # The completion certificate stays Replaced (as its link says) and the replacement's siblings valid.
    old_status = _status(certificates, completion)
    assert (old_status.state, old_status.reasonCode) == (CertificateState.REPLACED, CHANGE_OF_DETAILS)
    assert _status(certificates, _ref(new, 0)).state == CertificateState.VALID
    assert _status(certificates, _ref(new, 2)).state == CertificateState.VALID
    with ape.reverts(certificates.CertificateAlreadyRevoked, leaf=new.leaf(1)):  # nothing more to revoke
        certificates.revokeForAppeal(completion[2], XPSJ, completion[0], REVOKED_ON_APPEAL, APPEAL, sender=appeals)


def test_revoke_for_appeal_follows_a_chain_across_departments_and_completion_certificates(
    certificates: Any, ledger_stand_in: Any, appeals: Any, issuer: Any
) -> None:
    """换发 twice, through another application's completion certificate (its own revocation key) to a
    certificate of another department: the last one is revoked and the events name it and its issuer."""
    completion = _completion(certificates, ledger_stand_in, 41)
    middle = _completion(certificates, ledger_stand_in, 42)
    last = _batch(certificates, issuer, 0x68, 2, SCJGJ)
    certificates.replaceCertificate(completion, middle, CHANGE_OF_DETAILS, sender=issuer)
    certificates.replaceCertificate(middle, _ref(last, 1, SCJGJ), RENAMED, sender=issuer)
    receipt = certificates.revokeForAppeal(
        completion[2], XPSJ, completion[0], REVOKED_ON_APPEAL, APPEAL, sender=appeals
    )
    revoked, on_appeal = _revoked_on_appeal(certificates, receipt)
    assert (revoked.leaf, revoked.root, revoked.issuer, revoked.reasonCode) == (
        last.leaf(1),
        last.root,
        SCJGJ,
        REVOKED_ON_APPEAL,
    )
    assert (on_appeal.applicationId, on_appeal.issuer, on_appeal.root) == (completion[2], SCJGJ, last.root)
    status = _status(certificates, _ref(last, 1, SCJGJ))
    assert (status.state, status.reasonCode) == (CertificateState.REVOKED, REVOKED_ON_APPEAL)
    assert _status(certificates, middle).state == CertificateState.REPLACED
    assert _status(certificates, completion).state == CertificateState.REPLACED
    assert _status(certificates, _ref(last, 0, SCJGJ)).state == CertificateState.VALID


def test_revoke_for_appeal_of_a_replacement_that_ended_or_was_suspended(
    certificates: Any, ledger_stand_in: Any, appeals: Any, issuer: Any
) -> None:
    ended = _completion(certificates, ledger_stand_in, 43)
    withdrawn = _batch(certificates, issuer, 0x6A, 1)
    certificates.replaceCertificate(ended, _ref(withdrawn), LOST, sender=issuer)
    certificates.endCertificate(*_ref(withdrawn), int(CertificateState.WITHDRAWN), 4, sender=issuer)
    with ape.reverts(certificates.CertificateAlreadyRevoked, leaf=withdrawn.leaf(0)):
        certificates.revokeForAppeal(ended[2], XPSJ, ended[0], REVOKED_ON_APPEAL, APPEAL, sender=appeals)
    assert _status(certificates, _ref(withdrawn)).state == CertificateState.WITHDRAWN  # its own end stands

    in_revoked_batch = _completion(certificates, ledger_stand_in, 44)
    batch = _batch(certificates, issuer, 0x6B, 2)
    certificates.replaceCertificate(in_revoked_batch, _ref(batch), LOST, sender=issuer)
    certificates.revokeBatch(batch.root, XPSJ, 4, sender=issuer)
    with ape.reverts(certificates.CertificateAlreadyRevoked, leaf=batch.leaf(0)):
        certificates.revokeForAppeal(
            in_revoked_batch[2], XPSJ, in_revoked_batch[0], REVOKED_ON_APPEAL, APPEAL, sender=appeals
        )

    suspended = _completion(certificates, ledger_stand_in, 45)
    held = _batch(certificates, issuer, 0x6D, 1)
    certificates.replaceCertificate(suspended, _ref(held), LOST, sender=issuer)
    certificates.suspendCertificate(*_ref(held), 5, sender=issuer)
    certificates.revokeForAppeal(suspended[2], XPSJ, suspended[0], REVOKED_ON_APPEAL, APPEAL, sender=appeals)
    status = _status(certificates, _ref(held))
    assert (status.state, status.reasonCode, status.suspendedBlock) == (CertificateState.REVOKED, REVOKED_ON_APPEAL, 0)


def test_revoke_for_appeal_stops_at_a_replacement_replaced_with_its_batch(
    certificates: Any, ledger_stand_in: Any, appeals: Any, issuer: Any
) -> None:
    """replaceBatch names no single certificate of the new batch: the chain ends at the replaced one, the
    appeal registry records its decision all the same (it accepts CertificateAlreadyReplaced)."""
    completion = _completion(certificates, ledger_stand_in, 46)
    old = _batch(certificates, issuer, 0x6E, 2)
    new = _batch(certificates, issuer, 0x70, 2)
    certificates.replaceCertificate(completion, _ref(old, 1), LOST, sender=issuer)
    certificates.replaceBatch(old.root, XPSJ, new.root, XPSJ, RENAMED, sender=issuer)
    with ape.reverts(certificates.CertificateAlreadyReplaced, leaf=old.leaf(1)):
        certificates.revokeForAppeal(completion[2], XPSJ, completion[0], REVOKED_ON_APPEAL, APPEAL, sender=appeals)


def test_revoke_for_appeal_follows_at_most_max_appeal_replacements_links(
    certificates: Any, ledger_stand_in: Any, appeals: Any, issuer: Any
) -> None:
    """A chain of exactly MAX_APPEAL_REPLACEMENTS links is followed to its end; one link more stops the
    walk at the bound (CertificateAlreadyReplaced naming the last certificate reached) and changes nothing."""
    most = certificates.MAX_APPEAL_REPLACEMENTS()
    assert most == 16
    chain_of = _batch(certificates, issuer, 0x01, most + 1)  # certificate i is replaced by certificate i + 1
    longest = _completion(certificates, ledger_stand_in, 47)
    certificates.replaceCertificate(longest, _ref(chain_of, 0), RENEWAL, sender=issuer)
    for i in range(most - 1):
        certificates.replaceCertificate(_ref(chain_of, i), _ref(chain_of, i + 1), RENEWAL, sender=issuer)
    # most links: completion -> 0 -> ... -> most - 1, the last live.
    receipt = certificates.revokeForAppeal(longest[2], XPSJ, longest[0], REVOKED_ON_APPEAL, APPEAL, sender=appeals)
    revoked, _ = _revoked_on_appeal(certificates, receipt)
    assert revoked.leaf == chain_of.leaf(most - 1)
    assert _status(certificates, _ref(chain_of, most - 1)).reasonCode == REVOKED_ON_APPEAL
    print(f"\ngas of revokeForAppeal, {most} replacements followed: {receipt.gas_used}")
    assert receipt.gas_used < 500_000

    too_long = _completion(certificates, ledger_stand_in, 48)
    more = _batch(certificates, issuer, 0x40, most + 1)
    certificates.replaceCertificate(too_long, _ref(more, 0), RENEWAL, sender=issuer)
    for i in range(most):
        certificates.replaceCertificate(_ref(more, i), _ref(more, i + 1), RENEWAL, sender=issuer)
    # most + 1 links: the walk stops at certificate most - 1, itself replaced.
    with ape.reverts(certificates.CertificateAlreadyReplaced, leaf=more.leaf(most - 1)):
        certificates.revokeForAppeal(too_long[2], XPSJ, too_long[0], REVOKED_ON_APPEAL, APPEAL, sender=appeals)
    assert _status(certificates, _ref(more, most)).state == CertificateState.VALID


def test_revoke_for_appeal_gas_with_and_without_a_replacement(
    certificates: Any, ledger_stand_in: Any, appeals: Any, issuer: Any
) -> None:
    plain = _completion(certificates, ledger_stand_in, 49)
    without = certificates.revokeForAppeal(plain[2], XPSJ, plain[0], REVOKED_ON_APPEAL, APPEAL, sender=appeals)
    replaced = _completion(certificates, ledger_stand_in, 50)
    new = _batch(certificates, issuer, 0x72, 1)
    certificates.replaceCertificate(replaced, _ref(new), LOST, sender=issuer)
    once = certificates.revokeForAppeal(replaced[2], XPSJ, replaced[0], REVOKED_ON_APPEAL, APPEAL, sender=appeals)
    print(f"\ngas of revokeForAppeal: no replacement {without.gas_used}, one replacement {once.gas_used}")
    assert _status(certificates, _ref(new)).reasonCode == REVOKED_ON_APPEAL
    assert without.gas_used < once.gas_used < without.gas_used + 40_000


def test_only_the_appeal_registry_revokes_a_replacement_on_appeal(
    certificates: Any, ledger_stand_in: Any, appeals: Any, issuer: Any, other_issuer: Any, clerk: Any, outsider: Any
) -> None:
    completion = _completion(certificates, ledger_stand_in, 51)
    new = _batch(certificates, issuer, 0x73, 1)
    certificates.replaceCertificate(completion, _ref(new), LOST, sender=issuer)
    for caller in (issuer, other_issuer, clerk, outsider, ledger_stand_in):
        with ape.reverts(certificates.AccessControlUnauthorizedAccount):
            certificates.revokeForAppeal(completion[2], XPSJ, completion[0], REVOKED_ON_APPEAL, APPEAL, sender=caller)
    assert _status(certificates, _ref(new)).state == CertificateState.VALID


def test_revoke_for_appeal_stops_while_paused(
    certificates: Any, ledger_stand_in: Any, appeals: Any, admin: Any
) -> None:
    ref = _completion(certificates, ledger_stand_in, 5)
    certificates.pause(sender=admin)
    try:
        with ape.reverts(certificates.EnforcedPause):
            certificates.revokeForAppeal(ref[2], ref[1], ref[0], REVOKED_ON_APPEAL, APPEAL, sender=appeals)
    finally:
        certificates.unpause(sender=admin)


def test_version_is_1_7_0(certificates: Any) -> None:
    assert certificates.version() == "1.7.0"


# ---- replaceCertificate ----


def test_replace_one_certificate_links_both_ways(certificates: Any, issuer: Any, chain: Any) -> None:
    old = _batch(certificates, issuer, 0x10)
    new = _batch(certificates, issuer, 0x20, 1)
    receipt = certificates.replaceCertificate(_ref(old, 1), _ref(new), CHANGE_OF_DETAILS, sender=issuer)
    [event] = list(receipt.decode_logs(certificates.CertificateReplaced))
    assert (event.oldLeaf, event.newLeaf, event.issuer, event.oldCertificateId, event.newCertificateId) == (
        old.leaf(1),
        new.leaf(0),
        XPSJ,
        old.values[1][0],
        new.values[0][0],
    )
    assert (event.newRoot, event.newIssuer, event.reasonCode, event.actor) == (
        new.root,
        XPSJ,
        CHANGE_OF_DETAILS,
        issuer.address,
    )
    status = _status(certificates, _ref(old, 1))
    assert (status.state, status.reasonCode, status.certificateRevokedBlock) == (
        CertificateState.REPLACED,
        CHANGE_OF_DETAILS,
        receipt.block_number,
    )
    assert not certificates.validAt(*_ref(old, 1), chain.blocks.head.number)
    assert certificates.validAt(*_ref(old, 1), receipt.block_number - 1)
    assert certificates.validAt(*_ref(old, 0), chain.blocks.head.number)  # its siblings stay valid
    assert _status(certificates, _ref(new)).state == CertificateState.VALID

    when = chain.blocks[receipt.block_number].timestamp
    forward = certificates.replacementOf(old.leaf(1), old.root, XPSJ)
    assert (
        forward.leaf,
        forward.root,
        forward.issuer,
        forward.certificateId,
        forward.replacedAt,
        forward.reasonCode,
    ) == (
        new.leaf(0),
        new.root,
        XPSJ,
        new.values[0][0],
        when,
        CHANGE_OF_DETAILS,
    )
    back = certificates.replacedOf(new.leaf(0), new.root, XPSJ)
    assert (back.leaf, back.root, back.issuer, back.certificateId, back.replacedAt, back.reasonCode) == (
        old.leaf(1),
        old.root,
        XPSJ,
        old.values[1][0],
        when,
        CHANGE_OF_DETAILS,
    )
    # Nothing else is linked.
    assert certificates.replacementOf(old.leaf(0), old.root, XPSJ).replacedAt == 0
    assert certificates.replacedOf(old.leaf(1), old.root, XPSJ).replacedAt == 0
    assert certificates.replacementOf(new.leaf(0), new.root, XPSJ).replacedAt == 0


def test_a_replaced_certificate_is_final(certificates: Any, issuer: Any) -> None:
    old = _batch(certificates, issuer, 0x11)
    new = _batch(certificates, issuer, 0x21, 2)
    certificates.replaceCertificate(_ref(old), _ref(new), LOST, sender=issuer)
    with ape.reverts(certificates.CertificateAlreadyReplaced):  # replacing twice
        certificates.replaceCertificate(_ref(old), _ref(new, 1), LOST, sender=issuer)
    with ape.reverts(certificates.CertificateAlreadyReplaced):
        certificates.revokeCertificate(*_ref(old), 1, sender=issuer)
    with ape.reverts(certificates.CertificateAlreadyReplaced):
        certificates.endCertificate(*_ref(old), int(CertificateState.WITHDRAWN), 1, sender=issuer)
    with ape.reverts(certificates.CertificateAlreadyReplaced):
        certificates.suspendCertificate(*_ref(old), 1, sender=issuer)
    with ape.reverts(certificates.CertificateAlreadyReplaced):
        certificates.reinstateCertificate(*_ref(old), sender=issuer)
    with ape.reverts(certificates.NotATerminalState):  # the end state of endCertificate is not Replaced's way
        certificates.endCertificate(*_ref(old, 1), int(CertificateState.SUSPENDED), 1, sender=issuer)


def test_a_chain_of_replacements(certificates: Any, issuer: Any) -> None:
    """The replacement may itself be replaced later (a renewal of a renewed licence)."""
    first = _batch(certificates, issuer, 0x12, 1)
    second = _batch(certificates, issuer, 0x22, 1)
    third = _batch(certificates, issuer, 0x32, 1)
    certificates.replaceCertificate(_ref(first), _ref(second), RENEWAL, sender=issuer)
    certificates.replaceCertificate(_ref(second), _ref(third), RENEWAL, sender=issuer)
    assert _status(certificates, _ref(second)).state == CertificateState.REPLACED
    assert certificates.replacedOf(second.leaf(0), second.root, XPSJ).leaf == first.leaf(0)
    assert certificates.replacementOf(second.leaf(0), second.root, XPSJ).leaf == third.leaf(0)
    assert certificates.replacedOf(third.leaf(0), third.root, XPSJ).leaf == second.leaf(0)


def test_a_suspended_certificate_can_be_replaced(certificates: Any, issuer: Any) -> None:
    old = _batch(certificates, issuer, 0x13, 1)
    new = _batch(certificates, issuer, 0x23, 1)
    certificates.suspendCertificate(*_ref(old), 5, sender=issuer)
    certificates.replaceCertificate(_ref(old), _ref(new), LOST, sender=issuer)
    status = _status(certificates, _ref(old))
    assert (status.state, status.suspendedBlock) == (CertificateState.REPLACED, 0)


def test_replacement_by_another_department(certificates: Any, issuer: Any, other_issuer: Any) -> None:
    """A department renamed or merged: the new certificate is issued by the other department; the caller
    must be an Issuer of both."""
    old = _batch(certificates, issuer, 0x14, 1)
    new = _batch(certificates, other_issuer, 0x24, 1, SCJGJ)
    with ape.reverts(certificates.NotAnIssuer):  # an Issuer of the new department only
        certificates.replaceCertificate(_ref(old), _ref(new, 0, SCJGJ), RENAMED, sender=other_issuer)
    certificates.replaceCertificate(_ref(old), _ref(new, 0, SCJGJ), RENAMED, sender=issuer)
    forward = certificates.replacementOf(old.leaf(0), old.root, XPSJ)
    assert (forward.issuer, forward.root) == (SCJGJ, new.root)
    assert certificates.replacedOf(new.leaf(0), new.root, SCJGJ).issuer == XPSJ


def test_completion_certificates_replace_and_are_replaced(certificates: Any, issuer: Any, ledger_stand_in: Any) -> None:
    old = _completion(certificates, ledger_stand_in, 20)
    new = _completion(certificates, ledger_stand_in, 21)
    certificates.replaceCertificate(old, new, CHANGE_OF_DETAILS, sender=issuer)
    assert _status(certificates, old).state == CertificateState.REPLACED
    assert _status(certificates, new).state == CertificateState.VALID
    forward = certificates.replacementOf(old[0], old[0], XPSJ)
    assert (forward.leaf, forward.root, forward.certificateId) == (new[0], new[0], new[2])
    assert certificates.replacedOf(new[0], new[0], XPSJ).certificateId == old[2]


def test_invalid_replacements_revert(certificates: Any, issuer: Any, ledger_stand_in: Any) -> None:
    old = _batch(certificates, issuer, 0x15)
    new = _batch(certificates, issuer, 0x26, 3)
    with ape.reverts(certificates.InvalidReplacement):  # itself
        certificates.replaceCertificate(_ref(old), _ref(old), LOST, sender=issuer)
    revoked_cert = new
    certificates.revokeCertificate(*_ref(revoked_cert, 0), 3, sender=issuer)
    with ape.reverts(certificates.InvalidReplacement):  # a revoked certificate
        certificates.replaceCertificate(_ref(old), _ref(new, 0), LOST, sender=issuer)
    certificates.suspendCertificate(*_ref(new, 1), 3, sender=issuer)
    with ape.reverts(certificates.InvalidReplacement):  # a suspended certificate
        certificates.replaceCertificate(_ref(old), _ref(new, 1), LOST, sender=issuer)
    revoked_batch = _batch(certificates, issuer, 0x36, 1)
    certificates.revokeBatch(revoked_batch.root, XPSJ, 4, sender=issuer)
    with ape.reverts(certificates.InvalidReplacement):  # a certificate of a revoked batch
        certificates.replaceCertificate(_ref(old), _ref(revoked_batch), LOST, sender=issuer)
    with ape.reverts(certificates.UnknownBatch):  # an unknown certificate
        certificates.replaceCertificate(
            _ref(old), (b"\x77" * 32, XPSJ, b"\x01" * 32, b"\x02" * 32, []), LOST, sender=issuer
        )
    with ape.reverts(certificates.InvalidProof):  # a certificate its proof does not place
        certificates.replaceCertificate(_ref(old), (new.root, XPSJ, *new.values[2], new.proof(0)), LOST, sender=issuer)
    with ape.reverts(certificates.UnknownBatch):  # the old certificate unknown
        certificates.replaceCertificate(
            (b"\x78" * 32, XPSJ, b"\x01" * 32, b"\x02" * 32, []), _ref(new, 2), LOST, sender=issuer
        )
    with ape.reverts(certificates.InvalidProof):
        certificates.replaceCertificate(
            (old.root, XPSJ, *old.values[1], old.proof(0)), _ref(new, 2), LOST, sender=issuer
        )
    with ape.reverts(certificates.MissingReplacementReason):
        certificates.replaceCertificate(_ref(old), _ref(new, 2), 0, sender=issuer)
    # A certificate that already replaces another cannot replace a second one.
    certificates.replaceCertificate(_ref(old), _ref(new, 2), LOST, sender=issuer)
    with ape.reverts(certificates.InvalidReplacement):
        certificates.replaceCertificate(_ref(old, 1), _ref(new, 2), LOST, sender=issuer)
    # A replaced certificate cannot be a replacement.
    with ape.reverts(certificates.InvalidReplacement):
        certificates.replaceCertificate(_ref(old, 1), _ref(old), LOST, sender=issuer)
    # The old one revoked or of a revoked batch.
    certificates.revokeCertificate(*_ref(old, 1), 3, sender=issuer)
    spare = _batch(certificates, issuer, 0x46, 2)
    with ape.reverts(certificates.CertificateAlreadyRevoked):
        certificates.replaceCertificate(_ref(old, 1), _ref(spare), LOST, sender=issuer)
    certificates.revokeBatch(old.root, XPSJ, 4, sender=issuer)
    with ape.reverts(certificates.CertificateAlreadyRevoked):
        certificates.replaceCertificate(_ref(old, 2), _ref(spare), LOST, sender=issuer)


@pytest.mark.parametrize("who", ["clerk", "approver", "inspector", "manager", "outsider", "other_issuer"])
def test_only_an_issuer_of_both_departments_replaces(certificates: Any, issuer: Any, who: str, request: Any) -> None:
    caller = request.getfixturevalue(who)
    old = _batch(certificates, issuer, 0x16)
    new = _batch(certificates, issuer, 0x27)
    with ape.reverts(certificates.NotAnIssuer):
        certificates.replaceCertificate(_ref(old), _ref(new), LOST, sender=caller)
    with ape.reverts(certificates.NotAnIssuer):
        certificates.replaceBatch(old.root, XPSJ, new.root, XPSJ, RENAMED, sender=caller)
    assert _status(certificates, _ref(old)).state == CertificateState.VALID
    assert certificates.replacementOf(old.leaf(0), old.root, XPSJ).replacedAt == 0


def test_an_issuer_of_another_department_names_no_batch_of_its_own(
    certificates: Any, issuer: Any, other_issuer: Any
) -> None:
    """Naming its own department, the other issuer finds no such batch: the issuer is part of the key."""
    old = _batch(certificates, issuer, 0x17)
    new = _batch(certificates, issuer, 0x28)
    with ape.reverts(certificates.UnknownBatch):
        certificates.replaceCertificate(_ref(old, 0, SCJGJ), _ref(new, 0, SCJGJ), LOST, sender=other_issuer)
    with ape.reverts(certificates.UnknownBatch):
        certificates.replaceBatch(old.root, SCJGJ, new.root, SCJGJ, RENAMED, sender=other_issuer)


def test_replacing_stops_while_paused(certificates: Any, issuer: Any, admin: Any) -> None:
    old = _batch(certificates, issuer, 0x18)
    new = _batch(certificates, issuer, 0x29)
    certificates.pause(sender=admin)
    try:
        with ape.reverts(certificates.EnforcedPause):
            certificates.replaceCertificate(_ref(old), _ref(new), LOST, sender=issuer)
        with ape.reverts(certificates.EnforcedPause):
            certificates.replaceBatch(old.root, XPSJ, new.root, XPSJ, RENAMED, sender=issuer)
    finally:
        certificates.unpause(sender=admin)


# ---- replaceBatch ----


def test_replace_a_batch_replaces_every_certificate(
    certificates: Any, issuer: Any, other_issuer: Any, chain: Any
) -> None:
    old = _batch(certificates, issuer, 0x40)
    new = StandardMerkleTree.of([[old.values[i][0], bytes([0xE0 + i]) * 32] for i in range(3)], TYPES)
    certificates.issueBatch(new.root, SCJGJ, 3, sender=other_issuer)
    receipt = certificates.replaceBatch(old.root, XPSJ, new.root, SCJGJ, RENAMED, sender=issuer)
    [event] = list(receipt.decode_logs(certificates.BatchReplaced))
    assert (event.oldRoot, event.oldIssuer, event.newRoot, event.newIssuer, event.reasonCode, event.actor) == (
        old.root,
        XPSJ,
        new.root,
        SCJGJ,
        RENAMED,
        issuer.address,
    )
    when = chain.blocks[receipt.block_number].timestamp
    for i in range(3):
        status = _status(certificates, _ref(old, i))
        assert (status.state, status.reasonCode, status.certificateRevokedBlock) == (
            CertificateState.REPLACED,
            RENAMED,
            receipt.block_number,
        )
        assert not certificates.validAt(*_ref(old, i), chain.blocks.head.number)
        assert certificates.validAt(*_ref(old, i), receipt.block_number - 1)
        assert certificates.validAt(*_ref(new, i, SCJGJ), chain.blocks.head.number)
        forward = certificates.replacementOf(old.leaf(i), old.root, XPSJ)
        assert (forward.leaf, forward.root, forward.issuer, forward.certificateId, forward.replacedAt) == (
            ZERO,
            new.root,
            SCJGJ,
            ZERO,
            when,
        )
        back = certificates.replacedOf(new.leaf(i), new.root, SCJGJ)
        assert (back.leaf, back.root, back.issuer, back.certificateId, back.reasonCode) == (
            ZERO,
            old.root,
            XPSJ,
            ZERO,
            RENAMED,
        )
    # Every change of an old certificate, and of the batch, is refused now.
    for attempt in (
        lambda: certificates.suspendCertificate(*_ref(old, 0), 1, sender=issuer),
        lambda: certificates.revokeCertificate(*_ref(old, 1), 1, sender=issuer),
        lambda: certificates.replaceCertificate(_ref(old, 2), _ref(new, 0, SCJGJ), LOST, sender=issuer),
    ):
        with ape.reverts(certificates.CertificateAlreadyReplaced):
            attempt()
    with ape.reverts(certificates.BatchAlreadyReplaced):
        certificates.revokeBatch(old.root, XPSJ, 1, sender=issuer)
    spare = _batch(certificates, issuer, 0x50)
    with ape.reverts(certificates.BatchAlreadyReplaced):  # replacing twice
        certificates.replaceBatch(old.root, XPSJ, spare.root, XPSJ, RENAMED, sender=issuer)
    with ape.reverts(certificates.InvalidReplacement):  # the new batch replaces another already
        certificates.replaceBatch(spare.root, XPSJ, new.root, SCJGJ, RENAMED, sender=issuer)
    with ape.reverts(certificates.InvalidReplacement):  # a replaced batch is no replacement
        certificates.replaceBatch(spare.root, XPSJ, old.root, XPSJ, RENAMED, sender=issuer)
    with ape.reverts(certificates.InvalidReplacement):  # a certificate of a replaced batch neither
        certificates.replaceCertificate(_ref(spare), _ref(old, 0), LOST, sender=issuer)


def test_a_single_replacement_inside_a_replaced_batch_keeps_its_own_link(certificates: Any, issuer: Any) -> None:
    old = _batch(certificates, issuer, 0x41)
    single = _batch(certificates, issuer, 0x51, 1)
    new = _batch(certificates, issuer, 0x61)
    certificates.replaceCertificate(_ref(old, 0), _ref(single), LOST, sender=issuer)
    certificates.replaceBatch(old.root, XPSJ, new.root, XPSJ, RENAMED, sender=issuer)
    assert certificates.replacementOf(old.leaf(0), old.root, XPSJ).leaf == single.leaf(0)
    assert _status(certificates, _ref(old, 0)).reasonCode == LOST
    assert certificates.replacementOf(old.leaf(1), old.root, XPSJ).root == new.root
    assert _status(certificates, _ref(old, 1)).reasonCode == RENAMED


def test_invalid_batch_replacements_revert(certificates: Any, issuer: Any) -> None:
    old = _batch(certificates, issuer, 0x42)
    new = _batch(certificates, issuer, 0x52)
    unknown = b"\x79" * 32
    with ape.reverts(certificates.UnknownBatch):
        certificates.replaceBatch(unknown, XPSJ, new.root, XPSJ, RENAMED, sender=issuer)
    with ape.reverts(certificates.UnknownBatch):
        certificates.replaceBatch(old.root, XPSJ, unknown, XPSJ, RENAMED, sender=issuer)
    with ape.reverts(certificates.UnknownBatch):  # the batch is not the other department's
        certificates.replaceBatch(old.root, XPSJ, new.root, SCJGJ, RENAMED, sender=issuer)
    with ape.reverts(certificates.MissingReplacementReason):
        certificates.replaceBatch(old.root, XPSJ, new.root, XPSJ, 0, sender=issuer)
    with ape.reverts(certificates.InvalidReplacement):  # itself
        certificates.replaceBatch(old.root, XPSJ, old.root, XPSJ, RENAMED, sender=issuer)
    certificates.revokeBatch(new.root, XPSJ, 4, sender=issuer)
    with ape.reverts(certificates.InvalidReplacement):  # by a revoked batch
        certificates.replaceBatch(old.root, XPSJ, new.root, XPSJ, RENAMED, sender=issuer)
    with ape.reverts(certificates.BatchAlreadyRevoked):  # a revoked batch
        certificates.replaceBatch(new.root, XPSJ, old.root, XPSJ, RENAMED, sender=issuer)


def test_status_list_entries_can_be_set_replaced(certificates: Any, issuer: Any) -> None:
    """A status-list certificate (issueStatusBatch) is replaced through its status entry: Replaced is a
    terminal state of the list like the three ends (the link lives in the CertificateStatusSet event's
    transaction, see the SDK's replace for status-list certificates)."""
    certificates.enrolStatusSigner(XPSJ, issuer, sender=issuer)
    first = certificates.statusRecord(XPSJ).nextIndex
    certificates.issueStatusBatch(b"\x5a" * 32, XPSJ, first, 2, sender=issuer)
    receipt = certificates.setStatus(XPSJ, first, int(CertificateState.REPLACED), RENEWAL, sender=issuer)
    [event] = list(receipt.decode_logs(certificates.CertificateStatusSet))
    assert (event.state, event.reasonCode) == (CertificateState.REPLACED, RENEWAL)
    assert certificates.statusOf(XPSJ, first) == CertificateState.REPLACED
    with ape.reverts(certificates.CertificateStatusFinal):
        certificates.setStatus(XPSJ, first, int(CertificateState.VALID), 0, sender=issuer)
