"""行政复议 on chain: an appeal against a rejection, approval or completion is filed by a clerk of the
reviewing body within the window, accepted, extended once, and decided by its approver; a revoked
decision's completion certificate is revoked with the appeal as reason and the original may be reopened
at a named step, decided again, and completed again with a new certificate and no second follow-on."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import count
from typing import Any

import ape
import pytest
from eth_abi import encode
from eth_utils import keccak

from tests.ape.conftest import (
    APPROVED,
    APPROVER,
    CLERK,
    COMPLETED,
    DAY,
    IN_REVIEW,
    NO_NATIONAL,
    REJECTED,
    SUBMITTED,
    code,
    hours,
    submitted_id,
)
from zhangdian_sdk.core.models import DeadlinePolicy

ZERO = b"\0" * 32
GROUNDS = keccak(text="复议申请书")
DECISION = keccak(text="复议决定书")
REVIEWER = code("ZD-FZJ")  # the district government's reviewing office (复议机构)
# AppealStatus and AppealOutcome (IAppealRegistry)
NONE, FILED, ACCEPTED_APPEAL, DECIDED, WITHDRAWN_APPEAL = range(5)
NO_OUTCOME, UPHELD, REVOKED, CHANGED, CONFIRMED_UNLAWFUL = range(5)
NO_REOPEN = 255
REVOKED_ON_APPEAL = 10
# Reason codes of the catalogue's kinds appeal_outcome, appeal_extension and withdrawal.
FACTS_CLEAR, FACTS_UNCLEAR, CASE_COMPLEX, AT_APPLICANTS_REQUEST = 1, 2, 1, 1
TERMS = (REVIEWER, 60, 60, 30)  # reviewer, windowDays, reviewDays, extensionDays
LICENCE, ISSUER = code("BIZ-LICENCE"), code("ZD-SCJGJ")
COMMITMENT = b"\x5a" * 32
_numbers: Iterator[int] = count(10**6)
_services: Iterator[int] = count(1)


@pytest.fixture
def officers(accounts: Any) -> dict[str, Any]:
    return {
        "gov_clerk": accounts[6],
        "gov_approver": accounts[7],
        "other_clerk": accounts[8],  # a clerk of ZD-SCJGJ, a department that is not the reviewing body
    }


@pytest.fixture
def reviewing_body(registry: Any, admin: Any, officers: dict[str, Any]) -> bytes:
    """The reviewing office registered, with its clerk and approver (no appeal terms yet)."""
    registry.registerDepartment(REVIEWER, 370303, b"113703030042351144", "张店区司法局", "Justice Bureau", sender=admin)
    registry.grantOfficerRole(REVIEWER, officers["gov_clerk"], CLERK, sender=admin)
    registry.grantOfficerRole(REVIEWER, officers["gov_approver"], APPROVER, sender=admin)
    registry.grantOfficerRole(code("ZD-SCJGJ"), officers["other_clerk"], CLERK, sender=admin)
    return REVIEWER


@pytest.fixture
def appeals(deployed_suite: dict[str, Any], ledger: Any, reviewing_body: bytes, admin: Any) -> Any:
    """The appeal registry with the default terms: the reviewing office, 60 days to file, 60 to decide, +30."""
    contract = deployed_suite["AppealRegistry"]
    contract.setAppealTerms(ZERO, TERMS, sender=admin)
    return contract


@pytest.fixture
def rejected(ledger: Any, clerk: Any, approver: Any) -> Callable[..., bytes]:
    """``rejected()``: a one-step application (SVC-1) accepted and rejected at its step; its id."""

    def make() -> bytes:
        app = submitted_id(ledger, ledger.submit((f"AP-{next(_numbers)}", code("SVC-1"), COMMITMENT, []), sender=clerk))
        ledger.accept(app, sender=clerk)
        ledger.reject(app, 7, sender=approver)
        return app

    return make


@pytest.fixture
def licensed(catalog: Any, admin: Any) -> Callable[..., tuple[bytes, bytes]]:
    """``licensed()``: a new three-step service issuing a business licence on completion and opening a
    follow-on service; returns (service, follow-on service)."""

    def definition(follow_ons: list[bytes], steps: list[tuple[str, int]]) -> tuple[Any, ...]:
        return (
            code("ZD-XPSJ"),
            hours(10 * DAY),
            hours(10 * DAY),
            "复议测试事项",
            "Appeal test service",
            [(code(d), role, 24) for d, role in steps],
            [],
            follow_ons,
            NO_NATIONAL,
        )

    def make() -> tuple[bytes, bytes]:
        number = next(_services)
        child, service = code(f"APL-CHILD-{number}"), code(f"APL-{number}")
        catalog.publishService(child, definition([], [("ZD-XPSJ", APPROVER)]), sender=admin)
        steps = [("ZD-XPSJ", APPROVER), ("ZD-SCJGJ", APPROVER), ("ZD-XPSJ", APPROVER)]
        catalog.publishService(service, definition([child], steps), sender=admin)
        catalog.setAutomation(service, 1, ([], DeadlinePolicy.FLAG_ONLY, ZERO, LICENCE, ISSUER), sender=admin)
        return service, child

    return make


def _through_steps(ledger: Any, app: bytes, start: int, approver: Any, inspector: Any) -> Any:
    """Approve steps ``start``.. of a three-step licensed application; returns the last receipt."""
    receipt = None
    for step in range(start, 3):
        receipt = ledger.approve(app, step, ZERO, sender=inspector if step == 1 else approver)
    return receipt


@pytest.fixture
def completed(
    ledger: Any, licensed: Callable[..., tuple[bytes, bytes]], clerk: Any, approver: Any, inspector: Any
) -> Callable[..., tuple[bytes, bytes, Any]]:
    """``completed()``: a licensed application completed with its certificate and follow-on; returns
    (its id, the follow-on service, the completing receipt)."""

    def make() -> tuple[bytes, bytes, Any]:
        service, child = licensed()
        app = submitted_id(ledger, ledger.submit((f"AP-{next(_numbers)}", service, COMMITMENT, []), sender=clerk))
        ledger.accept(app, sender=clerk)
        receipt = _through_steps(ledger, app, 0, approver, inspector)
        assert ledger.getApplication(app).status == COMPLETED
        return app, child, receipt

    return make


def _root(app: bytes, service: bytes, completed_at: int) -> tuple[bytes, bytes]:
    """The completion certificate's digest and root, as the ledger computes them."""
    digest = keccak(
        encode(["bytes32", "bytes32", "uint32", "bytes32", "uint40"], [LICENCE, service, 1, COMMITMENT, completed_at])
    )
    return digest, keccak(keccak(encode(["bytes32", "bytes32"], [app, digest])))


def _file(appeals: Any, app: bytes, officers: dict[str, Any]) -> bytes:
    receipt = appeals.file(app, GROUNDS, sender=officers["gov_clerk"])
    (event,) = receipt.events.filter(appeals.AppealFiled)
    return bytes(event.appealId)


def _accepted(appeals: Any, app: bytes, officers: dict[str, Any]) -> bytes:
    appeal = _file(appeals, app, officers)
    appeals.accept(appeal, sender=officers["gov_clerk"])
    return appeal


# --- the paths ------------------------------------------------------------------------------------


def test_a_rejection_is_appealed_accepted_and_upheld(
    appeals: Any, ledger: Any, chain: Any, rejected: Callable[..., bytes], officers: dict[str, Any]
) -> None:
    app = rejected()
    decided_at = ledger.getApplication(app).updatedAt
    assert appeals.appealWindowEnd(app) == decided_at + 60 * DAY
    receipt = appeals.file(app, GROUNDS, sender=officers["gov_clerk"])
    (filed,) = receipt.events.filter(appeals.AppealFiled)
    appeal = appeals.appealIdFor(app, 0)
    tag = keccak(text="zhangdian.AppealRegistry.appealId")
    assert appeal == keccak(encode(["bytes32", "bytes32", "uint256"], [tag, app, 0]))
    assert (filed.appealId, filed.originalId, filed.reviewer, filed.windowEnd, filed.groundsHash, filed.actor) == (
        appeal,
        app,
        REVIEWER,
        decided_at + 60 * DAY,
        GROUNDS,
        officers["gov_clerk"].address,
    )
    assert list(appeals.appealsOf(app)) == [appeal]
    record = appeals.getAppeal(appeal)
    assert (record.originalId, record.reviewer, record.status, record.groundsHash) == (app, REVIEWER, FILED, GROUNDS)
    assert (record.filedAt, record.acceptedAt, record.deadline) == (receipt.timestamp, 0, 0)

    chain.pending_timestamp += DAY
    receipt = appeals.accept(appeal, sender=officers["gov_clerk"])
    (accepted,) = receipt.events.filter(appeals.AppealAccepted)
    assert (accepted.appealId, accepted.originalId, accepted.deadline) == (appeal, app, receipt.timestamp + 60 * DAY)
    record = appeals.getAppeal(appeal)
    assert (record.status, record.acceptedAt, record.deadline) == (
        ACCEPTED_APPEAL,
        receipt.timestamp,
        receipt.timestamp + 60 * DAY,
    )

    receipt = appeals.decide(appeal, UPHELD, FACTS_CLEAR, DECISION, NO_REOPEN, sender=officers["gov_approver"])
    (decided,) = receipt.events.filter(appeals.AppealDecided)
    assert (decided.outcome, decided.reasonCode, decided.decisionHash, decided.reopenedStep, decided.actor) == (
        UPHELD,
        FACTS_CLEAR,
        DECISION,
        0,
        officers["gov_approver"].address,
    )
    assert not receipt.events.filter(ledger.ApplicationReopened)
    record = appeals.getAppeal(appeal)
    assert (record.status, record.outcome, record.reasonCode, record.decidedAt, record.decisionHash) == (
        DECIDED,
        UPHELD,
        FACTS_CLEAR,
        receipt.timestamp,
        DECISION,
    )
    assert ledger.getApplication(app).status == REJECTED  # upheld: the rejection stands


@pytest.mark.parametrize("outcome", [CHANGED, CONFIRMED_UNLAWFUL, REVOKED])
def test_other_outcomes_without_a_reopening_leave_the_rejection_in_place(
    appeals: Any, ledger: Any, rejected: Callable[..., bytes], officers: dict[str, Any], outcome: int
) -> None:
    app = rejected()
    before = ledger.getApplication(app)
    appeal = _accepted(appeals, app, officers)
    receipt = appeals.decide(appeal, outcome, FACTS_UNCLEAR, DECISION, NO_REOPEN, sender=officers["gov_approver"])
    assert receipt.events.filter(appeals.AppealDecided)[0].outcome == outcome
    assert not receipt.events.filter(ledger.ApplicationReopened)
    assert appeals.getAppeal(appeal).outcome == outcome
    assert ledger.getApplication(app) == before


def test_a_revoked_rejection_reopens_the_original_at_the_named_step_with_its_clock_restarted(
    appeals: Any,
    ledger: Any,
    chain: Any,
    clerk: Any,
    approver: Any,
    inspector: Any,
    officers: dict[str, Any],
    licensed: Callable[..., tuple[bytes, bytes]],
) -> None:
    service, _ = licensed()
    app = submitted_id(ledger, ledger.submit((f"AP-{next(_numbers)}", service, COMMITMENT, []), sender=clerk))
    ledger.accept(app, sender=clerk)
    ledger.approve(app, 0, ZERO, sender=approver)
    chain.pending_timestamp += 2 * DAY  # step 1 is overdue and flagged before its rejection
    ledger.flagOverdue(app, sender=officers["gov_clerk"])
    ledger.reject(app, 7, sender=inspector)
    assert ledger.progressOf(app).flaggedStep == 2
    appeal = _accepted(appeals, app, officers)
    chain.pending_timestamp += 5 * DAY

    receipt = appeals.decide(appeal, REVOKED, FACTS_UNCLEAR, DECISION, 1, sender=officers["gov_approver"])
    now = receipt.timestamp
    (decided,) = receipt.events.filter(appeals.AppealDecided)
    assert decided.reopenedStep == 2  # the step plus one
    (reopened,) = receipt.events.filter(ledger.ApplicationReopened)
    assert (reopened.applicationId, reopened.appealId, reopened.stepIndex, reopened.deadline, reopened.actor) == (
        app,
        appeal,
        1,
        now + 10 * DAY,  # the promised 10 days (in hours) from now, as on acceptance
        appeals.address,
    )
    record = ledger.getApplication(app)
    assert (record.status, record.currentStep, record.deadline, record.updatedAt) == (IN_REVIEW, 1, now + 10 * DAY, now)
    progress = ledger.progressOf(app)
    assert (progress.stepStartedAt, progress.approvedAt, progress.flaggedStep) == (now, 0, 0)
    assert ledger.stepDeadline(app) == now + DAY  # the step's own limit runs again from now
    assert appeals.getAppeal(appeal).reopenedStep == 2
    assert appeals.appealWindowEnd(app) == 0  # no decision to appeal while it is in review
    with ape.reverts(ledger.StepMismatch, applicationId=app, expected=0, current=1):
        ledger.approve(app, 0, ZERO, sender=approver)

    _through_steps(ledger, app, 1, approver, inspector)
    assert ledger.getApplication(app).status == COMPLETED
    # The new decision can be appealed again, from its own time.
    assert appeals.appealWindowEnd(app) == ledger.getApplication(app).updatedAt + 60 * DAY
    second = _file(appeals, app, officers)
    assert second == appeals.appealIdFor(app, 1)
    assert list(appeals.appealsOf(app)) == [appeal, second]


def test_a_revoked_completion_revokes_its_certificate_and_completing_again_issues_a_new_one_once(
    appeals: Any,
    ledger: Any,
    certificates: Any,
    chain: Any,
    approver: Any,
    inspector: Any,
    officers: dict[str, Any],
    completed: Callable[..., tuple[bytes, bytes, Any]],
) -> None:
    app, child_service, first = completed()
    record = ledger.getApplication(app)
    old_digest, old_root = _root(app, record.service, record.updatedAt)
    assert first.events.filter(certificates.ApplicationCertificateIssued)[0].root == old_root
    child = ledger.followOnId(app, child_service)
    assert list(ledger.childrenOf(app)) == [child]
    count_before = ledger.applicationCount()
    appeal = _accepted(appeals, app, officers)
    chain.pending_timestamp += DAY

    receipt = appeals.decide(appeal, REVOKED, FACTS_UNCLEAR, DECISION, 0, sender=officers["gov_approver"])
    (revoked,) = receipt.events.filter(certificates.CertificateRevokedOnAppeal)
    assert (revoked.applicationId, revoked.appealId, revoked.issuer, revoked.root, revoked.reasonCode) == (
        app,
        appeal,
        ISSUER,
        old_root,
        REVOKED_ON_APPEAL,
    )
    assert receipt.events.filter(ledger.ApplicationReopened)[0].stepIndex == 0
    assert not certificates.validAt(old_root, ISSUER, app, old_digest, [], receipt.block_number)
    assert certificates.validAt(old_root, ISSUER, app, old_digest, [], receipt.block_number - 1)

    chain.pending_timestamp += DAY
    again = _through_steps(ledger, app, 0, approver, inspector)
    completed_at = again.events.filter(ledger.ApplicationCompleted)[0].completedAt
    new_digest, new_root = _root(app, record.service, completed_at)
    assert new_root != old_root
    (issued,) = again.events.filter(certificates.ApplicationCertificateIssued)
    assert (issued.applicationId, issued.root, issued.issuer) == (app, new_root, ISSUER)
    assert certificates.validAt(new_root, ISSUER, app, new_digest, [], again.block_number)
    assert not certificates.validAt(old_root, ISSUER, app, old_digest, [], again.block_number)
    # The follow-on opened by the first completion is neither opened again nor recorded as failed.
    assert not again.events.filter(ledger.FollowOnOpened)
    assert not again.events.filter(ledger.FollowOnFailed)
    assert not ledger.followOnFailed(app, child_service)
    assert list(ledger.childrenOf(app)) == [child]
    assert ledger.applicationCount() == count_before
    assert ledger.getApplication(child).status == SUBMITTED


def test_a_revoked_completion_without_a_reopening_loses_its_certificate_and_stays_completed(
    appeals: Any,
    ledger: Any,
    certificates: Any,
    officers: dict[str, Any],
    completed: Callable[..., tuple[bytes, bytes, Any]],
) -> None:
    app, _, _ = completed()
    record = ledger.getApplication(app)
    digest, root = _root(app, record.service, record.updatedAt)
    appeal = _accepted(appeals, app, officers)
    receipt = appeals.decide(appeal, REVOKED, FACTS_UNCLEAR, DECISION, NO_REOPEN, sender=officers["gov_approver"])
    assert receipt.events.filter(certificates.CertificateRevokedOnAppeal)[0].root == root
    assert not receipt.events.filter(ledger.ApplicationReopened)
    assert ledger.getApplication(app).status == COMPLETED
    assert not certificates.validAt(root, ISSUER, app, digest, [], receipt.block_number)


def test_a_certificate_its_issuer_revoked_already_does_not_block_the_revocation_on_appeal(
    appeals: Any,
    ledger: Any,
    certificates: Any,
    registry: Any,
    admin: Any,
    accounts: Any,
    officers: dict[str, Any],
    completed: Callable[..., tuple[bytes, bytes, Any]],
) -> None:
    app, _, _ = completed()
    record = ledger.getApplication(app)
    digest, root = _root(app, record.service, record.updatedAt)
    issuer_officer = accounts[9]
    registry.grantOfficerRole(ISSUER, issuer_officer, 3, sender=admin)  # OfficerRole.Issuer
    certificates.revokeCertificate(root, ISSUER, app, digest, [], 4, sender=issuer_officer)
    appeal = _accepted(appeals, app, officers)
    receipt = appeals.decide(appeal, REVOKED, FACTS_UNCLEAR, DECISION, 0, sender=officers["gov_approver"])
    assert not receipt.events.filter(certificates.CertificateRevokedOnAppeal)  # it stays revoked, reason 4
    assert receipt.events.filter(ledger.ApplicationReopened)[0].applicationId == app
    assert appeals.getAppeal(appeal).status == DECIDED


def test_a_revoked_completion_whose_certificate_was_replaced_revokes_the_replacement(
    appeals: Any,
    ledger: Any,
    certificates: Any,
    registry: Any,
    admin: Any,
    accounts: Any,
    chain: Any,
    officers: dict[str, Any],
    completed: Callable[..., tuple[bytes, bytes, Any]],
) -> None:
    """换发 before the appeal: the certificate now in the completion certificate's place is revoked with
    reason 10 (CertificateRegistry 1.7.0), the decision recorded and the application reopened as before."""
    app, _, _ = completed()
    record = ledger.getApplication(app)
    digest, root = _root(app, record.service, record.updatedAt)
    issuer_officer = accounts[9]
    registry.grantOfficerRole(ISSUER, issuer_officer, 3, sender=admin)  # OfficerRole.Issuer
    new_id, new_digest = b"\x6e" * 32, b"\x6f" * 32
    new_root = keccak(keccak(encode(["bytes32", "bytes32"], [new_id, new_digest])))
    certificates.issueBatch(new_root, ISSUER, 1, sender=issuer_officer)
    certificates.replaceCertificate(
        (root, ISSUER, app, digest, []), (new_root, ISSUER, new_id, new_digest, []), 1, sender=issuer_officer
    )
    appeal = _accepted(appeals, app, officers)
    receipt = appeals.decide(appeal, REVOKED, FACTS_UNCLEAR, DECISION, 0, sender=officers["gov_approver"])
    (revoked,) = receipt.events.filter(certificates.CertificateRevokedOnAppeal)
    assert (revoked.applicationId, revoked.appealId, revoked.issuer, revoked.root, revoked.reasonCode) == (
        app,
        appeal,
        ISSUER,
        new_root,
        REVOKED_ON_APPEAL,
    )
    status = certificates.certificateStatus(new_root, ISSUER, new_id, new_digest, [])
    assert (status.state, status.reasonCode) == (2, REVOKED_ON_APPEAL)  # CertificateState.Revoked
    assert not certificates.validAt(new_root, ISSUER, new_id, new_digest, [], receipt.block_number)
    assert certificates.validAt(new_root, ISSUER, new_id, new_digest, [], receipt.block_number - 1)
    assert certificates.certificateStatus(root, ISSUER, app, digest, []).state == 5  # CertificateState.Replaced
    assert receipt.events.filter(ledger.ApplicationReopened)[0].applicationId == app
    assert appeals.getAppeal(appeal).status == DECIDED


def test_a_paused_certificate_registry_holds_the_revocation_and_the_decision(
    appeals: Any,
    ledger: Any,
    certificates: Any,
    admin: Any,
    officers: dict[str, Any],
    completed: Callable[..., tuple[bytes, bytes, Any]],
) -> None:
    app, _, _ = completed()
    appeal = _accepted(appeals, app, officers)
    certificates.pause(sender=admin)
    with ape.reverts(appeals.EnforcedPause):  # the certificate registry's, passed on
        appeals.decide(appeal, REVOKED, FACTS_UNCLEAR, DECISION, 0, sender=officers["gov_approver"])
    assert appeals.getAppeal(appeal).status == ACCEPTED_APPEAL
    assert ledger.getApplication(app).status == COMPLETED


def test_an_upheld_completion_keeps_its_certificate(
    appeals: Any,
    ledger: Any,
    certificates: Any,
    officers: dict[str, Any],
    completed: Callable[..., tuple[bytes, bytes, Any]],
) -> None:
    app, _, _ = completed()
    record = ledger.getApplication(app)
    digest, root = _root(app, record.service, record.updatedAt)
    appeal = _accepted(appeals, app, officers)
    receipt = appeals.decide(appeal, UPHELD, FACTS_CLEAR, DECISION, NO_REOPEN, sender=officers["gov_approver"])
    assert not receipt.events.filter(certificates.CertificateRevokedOnAppeal)
    assert certificates.validAt(root, ISSUER, app, digest, [], receipt.block_number)


def test_an_approved_application_awaiting_completion_can_be_appealed_and_reopened(
    project: Any,
    appeals: Any,
    ledger: Any,
    catalog: Any,
    admin: Any,
    clerk: Any,
    approver: Any,
    officers: dict[str, Any],
) -> None:
    rule = project.WaitingPeriodRule.deploy(ledger, DAY, sender=admin)
    service = code("SVC-1")
    catalog.setAutomation(service, 1, ([rule], DeadlinePolicy.FLAG_ONLY, ZERO, ZERO, ZERO), sender=admin)
    app = submitted_id(ledger, ledger.submit((f"AP-{next(_numbers)}", service, COMMITMENT, []), sender=clerk))
    ledger.accept(app, sender=clerk)
    ledger.approve(app, 0, ZERO, sender=approver)
    assert ledger.getApplication(app).status == APPROVED  # deferred by the waiting period
    appeal = _accepted(appeals, app, officers)
    receipt = appeals.decide(appeal, REVOKED, FACTS_UNCLEAR, DECISION, 0, sender=officers["gov_approver"])
    assert receipt.events.filter(ledger.ApplicationReopened)[0].stepIndex == 0
    assert ledger.getApplication(app).status == IN_REVIEW
    assert ledger.progressOf(app).approvedAt == 0


def test_the_deadline_is_extended_once_with_a_reason_before_it_passes(
    appeals: Any, chain: Any, rejected: Callable[..., bytes], officers: dict[str, Any]
) -> None:
    appeal = _accepted(appeals, rejected(), officers)
    deadline = appeals.getAppeal(appeal).deadline
    with ape.reverts(appeals.MissingAppealReason, appealId=appeal):
        appeals.extend(appeal, 0, sender=officers["gov_approver"])
    chain.pending_timestamp = deadline  # the last second before it passes
    receipt = appeals.extend(appeal, CASE_COMPLEX, sender=officers["gov_approver"])
    (extended,) = receipt.events.filter(appeals.AppealExtended)
    assert (extended.appealId, extended.deadline, extended.reasonCode) == (appeal, deadline + 30 * DAY, CASE_COMPLEX)
    record = appeals.getAppeal(appeal)
    assert (record.extended, record.deadline) == (True, deadline + 30 * DAY)
    with ape.reverts(appeals.AlreadyExtended, appealId=appeal):
        appeals.extend(appeal, CASE_COMPLEX, sender=officers["gov_approver"])
    # A late decision is still recorded: the deadline is for supervision, not a bar.
    chain.pending_timestamp = deadline + 31 * DAY
    appeals.decide(appeal, UPHELD, FACTS_CLEAR, DECISION, NO_REOPEN, sender=officers["gov_approver"])


def test_an_extension_after_the_deadline_is_refused_with_the_deadline(
    appeals: Any, chain: Any, rejected: Callable[..., bytes], officers: dict[str, Any]
) -> None:
    appeal = _accepted(appeals, rejected(), officers)
    deadline = appeals.getAppeal(appeal).deadline
    chain.pending_timestamp = deadline + 1
    with ape.reverts(appeals.AppealDeadlinePassed, appealId=appeal, deadline=deadline):
        appeals.extend(appeal, CASE_COMPLEX, sender=officers["gov_approver"])


def test_the_terms_in_force_at_filing_govern_the_appeal(
    appeals: Any, admin: Any, rejected: Callable[..., bytes], officers: dict[str, Any]
) -> None:
    appeal = _file(appeals, rejected(), officers)
    appeals.setAppealTerms(ZERO, (REVIEWER, 60, 90, 10), sender=admin)
    accepted = appeals.accept(appeal, sender=officers["gov_clerk"])
    assert appeals.getAppeal(appeal).deadline == accepted.timestamp + 60 * DAY  # not 90
    extended = appeals.extend(appeal, CASE_COMPLEX, sender=officers["gov_approver"])
    assert extended.events.filter(appeals.AppealExtended)[0].deadline == accepted.timestamp + 90 * DAY  # 60 + 30


@pytest.mark.parametrize("accept", [False, True])
def test_the_applicant_withdraws_an_open_appeal_and_may_file_again(
    appeals: Any, ledger: Any, rejected: Callable[..., bytes], officers: dict[str, Any], accept: bool
) -> None:
    app = rejected()
    appeal = _accepted(appeals, app, officers) if accept else _file(appeals, app, officers)
    with ape.reverts(appeals.MissingAppealReason, appealId=appeal):
        appeals.withdraw(appeal, 0, sender=officers["gov_clerk"])
    receipt = appeals.withdraw(appeal, AT_APPLICANTS_REQUEST, sender=officers["gov_clerk"])
    (withdrawn,) = receipt.events.filter(appeals.AppealWithdrawn)
    assert (withdrawn.appealId, withdrawn.originalId, withdrawn.reasonCode) == (appeal, app, AT_APPLICANTS_REQUEST)
    record = appeals.getAppeal(appeal)
    assert (record.status, record.reasonCode, record.decidedAt) == (
        WITHDRAWN_APPEAL,
        AT_APPLICANTS_REQUEST,
        receipt.timestamp,
    )
    for action in (
        lambda: appeals.withdraw(appeal, AT_APPLICANTS_REQUEST, sender=officers["gov_clerk"]),
        lambda: appeals.accept(appeal, sender=officers["gov_clerk"]),
        lambda: appeals.decide(appeal, UPHELD, FACTS_CLEAR, DECISION, NO_REOPEN, sender=officers["gov_approver"]),
    ):
        with ape.reverts(appeals.WrongAppealStatus, appealId=appeal, status=WITHDRAWN_APPEAL):
            action()
    assert _file(appeals, app, officers) == appeals.appealIdFor(app, 1)
    assert ledger.getApplication(app).status == REJECTED


# --- the filing window ----------------------------------------------------------------------------


def test_the_window_includes_its_last_second_and_the_error_names_its_end(
    appeals: Any, ledger: Any, chain: Any, rejected: Callable[..., bytes], officers: dict[str, Any]
) -> None:
    late, in_time = rejected(), rejected()
    window_end = ledger.getApplication(late).updatedAt + 60 * DAY
    chain.pending_timestamp = window_end + 1
    with ape.reverts(appeals.AppealWindowClosed, originalId=late, windowEnd=window_end):
        appeals.file(late, GROUNDS, sender=officers["gov_clerk"])
    in_time_end = ledger.getApplication(in_time).updatedAt + 60 * DAY
    chain.pending_timestamp = in_time_end
    receipt = appeals.file(in_time, GROUNDS, sender=officers["gov_clerk"])
    assert receipt.timestamp == in_time_end
    assert receipt.events.filter(appeals.AppealFiled)[0].windowEnd == in_time_end


def test_a_services_own_terms_replace_the_default(
    appeals: Any, ledger: Any, admin: Any, chain: Any, rejected: Callable[..., bytes], officers: dict[str, Any]
) -> None:
    receipt = appeals.setAppealTerms(code("SVC-1"), (code("ZD-SCJGJ"), 15, 30, 0), sender=admin)
    (event,) = receipt.events.filter(appeals.AppealTermsSet)
    assert (event.service, event.reviewer, event.windowDays, event.reviewDays, event.extensionDays) == (
        code("SVC-1"),
        code("ZD-SCJGJ"),
        15,
        30,
        0,
    )
    assert appeals.appealTerms(code("SVC-1")) == (code("ZD-SCJGJ"), 15, 30, 0)
    assert appeals.appealTerms(code("SVC-3")) == TERMS
    app = rejected()
    assert appeals.appealWindowEnd(app) == ledger.getApplication(app).updatedAt + 15 * DAY
    # The reviewing body of SVC-1 is now ZD-SCJGJ: the district office's clerk may not file.
    with ape.reverts(appeals.NotReviewingOfficer, caller=officers["gov_clerk"], reviewer=code("ZD-SCJGJ"), role=CLERK):
        appeals.file(app, GROUNDS, sender=officers["gov_clerk"])
    receipt = appeals.file(app, GROUNDS, sender=officers["other_clerk"])
    assert receipt.events.filter(appeals.AppealFiled)[0].reviewer == code("ZD-SCJGJ")


# --- every refusal --------------------------------------------------------------------------------


def test_without_terms_nothing_can_be_appealed(
    deployed_suite: dict[str, Any], reviewing_body: bytes, rejected: Callable[..., bytes], officers: dict[str, Any]
) -> None:
    contract = deployed_suite["AppealRegistry"]
    app = rejected()
    assert contract.appealTerms(code("SVC-1")) == (ZERO, 0, 0, 0)
    assert contract.appealWindowEnd(app) == 0
    with ape.reverts(contract.NoAppealTerms, service=code("SVC-1")):
        contract.file(app, GROUNDS, sender=officers["gov_clerk"])


def test_invalid_terms_are_refused_and_only_the_appeal_admin_sets_terms(
    appeals: Any, admin: Any, officers: dict[str, Any], outsider: Any
) -> None:
    service = code("SVC-1")
    for terms in [(ZERO, 60, 60, 30), (code("ZD-NONE"), 60, 60, 30), (REVIEWER, 0, 60, 30), (REVIEWER, 60, 0, 30)]:
        with ape.reverts(appeals.InvalidAppealTerms, service=service):
            appeals.setAppealTerms(service, terms, sender=admin)
    for caller in (outsider, officers["gov_approver"]):
        with ape.reverts(
            appeals.AccessControlUnauthorizedAccount, account=caller, neededRole=appeals.APPEAL_ADMIN_ROLE()
        ):
            appeals.setAppealTerms(service, TERMS, sender=caller)


def test_only_a_decision_can_be_appealed(
    appeals: Any,
    ledger: Any,
    clerk: Any,
    approver: Any,
    inspector: Any,
    officers: dict[str, Any],
) -> None:
    unknown = b"\x99" * 32
    with ape.reverts(ledger.UnknownApplication, applicationId=unknown):
        appeals.file(unknown, GROUNDS, sender=officers["gov_clerk"])
    assert appeals.appealWindowEnd(unknown) == 0
    app = submitted_id(ledger, ledger.submit((f"AP-{next(_numbers)}", code("SVC-3"), COMMITMENT, []), sender=clerk))
    with ape.reverts(appeals.NotAppealable, originalId=app, status=SUBMITTED):
        appeals.file(app, GROUNDS, sender=officers["gov_clerk"])
    ledger.accept(app, sender=clerk)
    ledger.approve(app, 0, ZERO, sender=approver)
    with ape.reverts(appeals.NotAppealable, originalId=app, status=IN_REVIEW):
        appeals.file(app, GROUNDS, sender=officers["gov_clerk"])
    ledger.withdraw(app, 1, sender=clerk)
    with ape.reverts(appeals.NotAppealable, originalId=app, status=8):  # Withdrawn
        appeals.file(app, GROUNDS, sender=officers["gov_clerk"])
    assert appeals.appealWindowEnd(app) == 0


def test_one_open_appeal_at_a_time_and_every_document_hash_required(
    appeals: Any, rejected: Callable[..., bytes], officers: dict[str, Any]
) -> None:
    app = rejected()
    with ape.reverts(appeals.MissingDocumentHash, appealId=appeals.appealIdFor(app, 0)):
        appeals.file(app, ZERO, sender=officers["gov_clerk"])
    appeal = _file(appeals, app, officers)
    with ape.reverts(appeals.AppealPending, originalId=app, appealId=appeal):
        appeals.file(app, GROUNDS, sender=officers["gov_clerk"])
    appeals.accept(appeal, sender=officers["gov_clerk"])
    with ape.reverts(appeals.AppealPending, originalId=app, appealId=appeal):
        appeals.file(app, GROUNDS, sender=officers["gov_clerk"])
    with ape.reverts(appeals.MissingDocumentHash, appealId=appeal):
        appeals.decide(appeal, UPHELD, FACTS_CLEAR, ZERO, NO_REOPEN, sender=officers["gov_approver"])


def test_an_appeal_moves_only_forward(appeals: Any, rejected: Callable[..., bytes], officers: dict[str, Any]) -> None:
    unknown = b"\x42" * 32
    clerk_, approver_ = officers["gov_clerk"], officers["gov_approver"]
    for action in (
        lambda: appeals.accept(unknown, sender=clerk_),
        lambda: appeals.extend(unknown, CASE_COMPLEX, sender=approver_),
        lambda: appeals.decide(unknown, UPHELD, FACTS_CLEAR, DECISION, NO_REOPEN, sender=approver_),
        lambda: appeals.withdraw(unknown, AT_APPLICANTS_REQUEST, sender=clerk_),
    ):
        with ape.reverts(appeals.UnknownAppeal, appealId=unknown):
            action()
    assert appeals.getAppeal(unknown).status == NONE
    appeal = _file(appeals, rejected(), officers)
    with ape.reverts(appeals.WrongAppealStatus, appealId=appeal, status=FILED):
        appeals.extend(appeal, CASE_COMPLEX, sender=approver_)
    with ape.reverts(appeals.WrongAppealStatus, appealId=appeal, status=FILED):
        appeals.decide(appeal, UPHELD, FACTS_CLEAR, DECISION, NO_REOPEN, sender=approver_)
    appeals.accept(appeal, sender=clerk_)
    with ape.reverts(appeals.WrongAppealStatus, appealId=appeal, status=ACCEPTED_APPEAL):
        appeals.accept(appeal, sender=clerk_)
    appeals.decide(appeal, UPHELD, FACTS_CLEAR, DECISION, NO_REOPEN, sender=approver_)
    for action in (
        lambda: appeals.accept(appeal, sender=clerk_),
        lambda: appeals.extend(appeal, CASE_COMPLEX, sender=approver_),
        lambda: appeals.decide(appeal, UPHELD, FACTS_CLEAR, DECISION, NO_REOPEN, sender=approver_),
        lambda: appeals.withdraw(appeal, AT_APPLICANTS_REQUEST, sender=clerk_),
    ):
        with ape.reverts(appeals.WrongAppealStatus, appealId=appeal, status=DECIDED):
            action()


def test_an_outcome_is_required_and_only_a_revocation_reopens(
    appeals: Any, rejected: Callable[..., bytes], officers: dict[str, Any]
) -> None:
    appeal = _accepted(appeals, rejected(), officers)
    approver_ = officers["gov_approver"]
    with ape.reverts(appeals.InvalidOutcome, appealId=appeal, outcome=NO_OUTCOME):
        appeals.decide(appeal, NO_OUTCOME, FACTS_CLEAR, DECISION, NO_REOPEN, sender=approver_)
    for outcome in (UPHELD, CHANGED, CONFIRMED_UNLAWFUL):
        with ape.reverts(appeals.InvalidOutcome, appealId=appeal, outcome=outcome):
            appeals.decide(appeal, outcome, FACTS_CLEAR, DECISION, 0, sender=approver_)
    with ape.reverts(appeals.MissingAppealReason, appealId=appeal):
        appeals.decide(appeal, UPHELD, 0, DECISION, NO_REOPEN, sender=approver_)
    assert appeals.getAppeal(appeal).status == ACCEPTED_APPEAL


def test_a_reopening_at_a_step_the_service_does_not_have_fails_whole(
    appeals: Any, ledger: Any, rejected: Callable[..., bytes], officers: dict[str, Any]
) -> None:
    app = rejected()  # SVC-1: one step
    appeal = _accepted(appeals, app, officers)
    with ape.reverts(ledger.NoSuchStep, applicationId=app, stepIndex=1, stepCount=1):
        appeals.decide(appeal, REVOKED, FACTS_UNCLEAR, DECISION, 1, sender=officers["gov_approver"])
    assert appeals.getAppeal(appeal).status == ACCEPTED_APPEAL
    assert ledger.getApplication(app).status == REJECTED


def test_only_the_appeal_registry_reopens_and_only_a_decision(
    appeals: Any,
    ledger: Any,
    admin: Any,
    clerk: Any,
    outsider: Any,
    officers: dict[str, Any],
    rejected: Callable[..., bytes],
) -> None:
    app = rejected()
    role = ledger.APPEAL_ROLE()
    assert role == keccak(text="APPEAL_ROLE")
    assert ledger.hasRole(role, appeals.address)
    for caller in (outsider, admin, clerk, officers["gov_approver"]):
        with ape.reverts(ledger.AccessControlUnauthorizedAccount, account=caller, neededRole=role):
            ledger.reopen(app, 0, b"\x01" * 32, sender=caller)
    ledger.grantRole(role, admin, sender=admin)  # to reach the ledger's own checks directly
    with ape.reverts(ledger.NoSuchStep, applicationId=app, stepIndex=255, stepCount=1):
        ledger.reopen(app, 255, b"\x01" * 32, sender=admin)
    with ape.reverts(ledger.UnknownApplication, applicationId=b"\x99" * 32):
        ledger.reopen(b"\x99" * 32, 0, b"\x01" * 32, sender=admin)
    ledger.reopen(app, 0, b"\x01" * 32, sender=admin)
    with ape.reverts(ledger.WrongStatus, applicationId=app, status=IN_REVIEW):
        ledger.reopen(app, 0, b"\x01" * 32, sender=admin)
    ledger.pause(sender=admin)
    with ape.reverts(ledger.EnforcedPause):
        ledger.reopen(app, 0, b"\x01" * 32, sender=admin)


def test_only_the_reviewing_bodys_officers_act_each_in_their_role(
    appeals: Any,
    registry: Any,
    admin: Any,
    clerk: Any,
    approver: Any,
    outsider: Any,
    officers: dict[str, Any],
    rejected: Callable[..., bytes],
) -> None:
    app = rejected()
    gov_clerk, gov_approver, other_clerk = officers["gov_clerk"], officers["gov_approver"], officers["other_clerk"]
    # Filing: a clerk of the reviewing body only; not the original's own department, not another
    # department's clerk, not the reviewing body's approver, not an outsider.
    for caller in (clerk, other_clerk, gov_approver, outsider, approver):
        with ape.reverts(appeals.NotReviewingOfficer, caller=caller, reviewer=REVIEWER, role=CLERK):
            appeals.file(app, GROUNDS, sender=caller)
    appeal = _file(appeals, app, officers)
    for caller in (clerk, other_clerk, gov_approver, outsider):
        with ape.reverts(appeals.NotReviewingOfficer, caller=caller, reviewer=REVIEWER, role=CLERK):
            appeals.accept(appeal, sender=caller)
        with ape.reverts(appeals.NotReviewingOfficer, caller=caller, reviewer=REVIEWER, role=CLERK):
            appeals.withdraw(appeal, AT_APPLICANTS_REQUEST, sender=caller)
    appeals.accept(appeal, sender=gov_clerk)
    # Extending and deciding: an approver of the reviewing body only.
    for caller in (approver, gov_clerk, other_clerk, outsider):
        with ape.reverts(appeals.NotReviewingOfficer, caller=caller, reviewer=REVIEWER, role=APPROVER):
            appeals.extend(appeal, CASE_COMPLEX, sender=caller)
        with ape.reverts(appeals.NotReviewingOfficer, caller=caller, reviewer=REVIEWER, role=APPROVER):
            appeals.decide(appeal, UPHELD, FACTS_CLEAR, DECISION, NO_REOPEN, sender=caller)
    # A deactivated reviewing body acts no more.
    registry.setDepartmentActive(REVIEWER, False, sender=admin)
    with ape.reverts(appeals.NotReviewingOfficer, caller=gov_approver, reviewer=REVIEWER, role=APPROVER):
        appeals.decide(appeal, UPHELD, FACTS_CLEAR, DECISION, NO_REOPEN, sender=gov_approver)


def test_appeals_stop_while_paused(
    appeals: Any, admin: Any, outsider: Any, rejected: Callable[..., bytes], officers: dict[str, Any]
) -> None:
    app = rejected()
    appeal = _file(appeals, app, officers)
    with ape.reverts(appeals.AccessControlUnauthorizedAccount, account=outsider, neededRole=appeals.PAUSER_ROLE()):
        appeals.pause(sender=outsider)
    appeals.pause(sender=admin)
    for action in (
        lambda: appeals.file(rejected(), GROUNDS, sender=officers["gov_clerk"]),
        lambda: appeals.accept(appeal, sender=officers["gov_clerk"]),
        lambda: appeals.withdraw(appeal, AT_APPLICANTS_REQUEST, sender=officers["gov_clerk"]),
    ):
        with ape.reverts(appeals.EnforcedPause):
            action()
    appeals.unpause(sender=admin)
    appeals.accept(appeal, sender=officers["gov_clerk"])
    appeals.pause(sender=admin)
    for action in (
        lambda: appeals.extend(appeal, CASE_COMPLEX, sender=officers["gov_approver"]),
        lambda: appeals.decide(appeal, UPHELD, FACTS_CLEAR, DECISION, NO_REOPEN, sender=officers["gov_approver"]),
    ):
        with ape.reverts(appeals.EnforcedPause):
            action()


def test_the_registry_names_its_suite_and_version(
    appeals: Any, deployed_suite: dict[str, Any], admin: Any, ledger: Any
) -> None:
    assert appeals.version() == "1.0.0"
    assert appeals.ledger() == ledger.address
    assert appeals.certificates() == deployed_suite["CertificateRegistry"].address
    assert appeals.departments() == deployed_suite["DepartmentRegistry"].address
    assert appeals.catalog() == deployed_suite["ServiceCatalog"].address
    assert (appeals.NO_REOPEN(), appeals.REVOKED_ON_APPEAL()) == (NO_REOPEN, REVOKED_ON_APPEAL)
    assert appeals.hasRole(appeals.APPEAL_ADMIN_ROLE(), admin)
    assert appeals.APPEAL_ADMIN_ROLE() == keccak(text="APPEAL_ADMIN_ROLE")
