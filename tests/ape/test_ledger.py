"""ApplicationLedger: every transition, every revert with its arguments, every role path."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ape
import pytest
from eth_utils.crypto import keccak

from tests.ape.conftest import (
    ACCEPTED,
    APPROVER,
    CLERK,
    COMPLETED,
    DAY,
    IN_REVIEW,
    NO_NATIONAL,
    REJECTED,
    SPECIAL,
    SUBMITTED,
    SUPPLEMENT,
    WITHDRAWN,
    app_id,
    code,
    definition,
    submitted_id,
)

Submit = Callable[..., bytes]


def test_the_full_workflow_in_order(ledger: Any, submit: Submit, clerk: Any, approver: Any, inspector: Any) -> None:
    app = submit()
    record = ledger.getApplication(app)
    assert (record.status, record.currentStep, record.stepCount, record.serviceVersion) == (SUBMITTED, 0, 3, 1)
    assert ledger.applicationCount() == 1

    receipt = ledger.accept(app, sender=clerk)
    (accepted,) = receipt.events.filter(ledger.ApplicationAccepted)
    assert accepted.applicationId == app
    assert accepted.deadline == ledger.getApplication(app).deadline
    ledger.approve(app, 0, b"\x01" * 32, sender=approver)
    assert ledger.getApplication(app).status == IN_REVIEW
    ledger.approve(app, 1, b"\0" * 32, sender=inspector)
    receipt = ledger.approve(app, 2, b"\0" * 32, sender=approver)
    names = [log.event_name for log in receipt.events]
    assert names == ["StepApproved", "ApplicationApproved", "ApplicationCompleted"]
    assert ledger.getApplication(app).status == COMPLETED
    with ape.reverts(ledger.WrongStatus, applicationId=app, status=COMPLETED):
        ledger.currentStep(app)


def test_only_the_right_officer_acts_on_each_step(
    ledger: Any, submit: Submit, clerk: Any, approver: Any, inspector: Any, outsider: Any
) -> None:
    app = submit()
    with ape.reverts(ledger.UnauthorizedOfficer, account=approver, department=code("ZD-XPSJ"), role=CLERK):
        ledger.accept(app, sender=approver)
    ledger.accept(app, sender=clerk)
    with ape.reverts(ledger.UnauthorizedOfficer, account=inspector, department=code("ZD-XPSJ"), role=APPROVER):
        ledger.approve(app, 0, b"\0" * 32, sender=inspector)
    with ape.reverts(ledger.UnauthorizedOfficer, account=outsider, department=code("ZD-XPSJ"), role=APPROVER):
        ledger.approve(app, 0, b"\0" * 32, sender=outsider)
    ledger.approve(app, 0, b"\0" * 32, sender=approver)
    with ape.reverts(ledger.UnauthorizedOfficer, account=approver, department=code("ZD-SCJGJ"), role=APPROVER):
        ledger.approve(app, 1, b"\0" * 32, sender=approver)
    with ape.reverts(ledger.StepMismatch, applicationId=app, expected=0, current=1):
        ledger.approve(app, 0, b"\0" * 32, sender=approver)
    with ape.reverts(ledger.StepMismatch, applicationId=app, expected=2, current=1):
        ledger.approve(app, 2, b"\0" * 32, sender=inspector)


def test_deactivated_departments_and_revoked_officers_stop_at_once(
    ledger: Any, registry: Any, submit: Submit, admin: Any, clerk: Any
) -> None:
    app = submit()
    registry.setDepartmentActive(code("ZD-XPSJ"), False, sender=admin)
    with ape.reverts(ledger.DepartmentInactive, department=code("ZD-XPSJ")):
        ledger.accept(app, sender=clerk)
    registry.setDepartmentActive(code("ZD-XPSJ"), True, sender=admin)
    registry.revokeOfficerRole(code("ZD-XPSJ"), clerk, CLERK, sender=admin)
    with ape.reverts(ledger.UnauthorizedOfficer, account=clerk, department=code("ZD-XPSJ"), role=CLERK):
        ledger.accept(app, sender=clerk)


def test_submission_reverts(ledger: Any, catalog: Any, submit: Submit, clerk: Any, admin: Any, approver: Any) -> None:
    ledger.submit(("N-04", code("SVC-3"), b"\x11" * 32, []), sender=clerk)
    with ape.reverts(ledger.ApplicationAlreadyExists, applicationId=app_id("N-04")):
        ledger.submit(("N-04", code("SVC-3"), b"\x11" * 32, []), sender=clerk)
    for bad in ("", "N" * 51, "ZD 2026", "ZD_2026", "ZD/2026", "办件-1", "ZD-2026\n"):
        with ape.reverts(ledger.InvalidApplicationNumber, number=bad):
            ledger.submit((bad, code("SVC-3"), b"\x11" * 32, []), sender=clerk)
    longest = "Az09-" * 10
    receipt = ledger.submit((longest, code("SVC-3"), b"\x11" * 32, []), sender=clerk)
    (event,) = receipt.events.filter(ledger.ApplicationSubmitted)
    assert event.number == longest
    assert bytes(event.applicationId) == app_id(longest)
    with ape.reverts(ledger.InvalidApplicantCommitment, applicationId=app_id("N-05")):
        ledger.submit(("N-05", code("SVC-3"), b"\0" * 32, []), sender=clerk)
    with ape.reverts(catalog.UnknownService, service=code("NOPE")):
        ledger.submit(("N-05", code("NOPE"), b"\x11" * 32, []), sender=clerk)
    with ape.reverts(ledger.UnauthorizedOfficer, account=approver, department=code("ZD-XPSJ"), role=CLERK):
        ledger.submit(("N-05", code("SVC-3"), b"\x11" * 32, []), sender=approver)
    with ape.reverts(ledger.MaterialCountMismatch, applicationId=app_id("N-05"), given=1, required=0):
        ledger.submit(("N-05", code("SVC-3"), b"\x11" * 32, [b"\x09" * 32]), sender=clerk)
    with ape.reverts(ledger.UnknownApplication, applicationId=b"\x06" * 32):
        ledger.accept(b"\x06" * 32, sender=clerk)
    catalog.setServiceActive(code("SVC-3"), False, sender=admin)
    with ape.reverts(catalog.ServiceInactive, service=code("SVC-3")):
        submit()


def test_the_id_is_bound_to_the_receiving_department(ledger: Any, clerk: Any) -> None:
    """The ledger derives the id from the service owner and the number hash (issue 12, finding 2)."""
    number_hash = keccak(text="N-42")
    assert ledger.applicationIdFor(code("ZD-XPSJ"), number_hash) == app_id(number_hash, "ZD-XPSJ")
    assert ledger.applicationIdFor(code("ZD-SCJGJ"), number_hash) != ledger.applicationIdFor(
        code("ZD-XPSJ"), number_hash
    )
    receipt = ledger.submit(("N-42", code("SVC-1"), b"\x11" * 32, []), sender=clerk)
    assert submitted_id(ledger, receipt) == app_id(number_hash, "ZD-XPSJ")
    assert not ledger.exists(number_hash)


@pytest.fixture
def foreign_clerk(accounts: Any, registry: Any, catalog: Any, admin: Any) -> Any:
    """A clerk of ZD-SCJGJ, which owns the service SVC-B."""
    account = accounts[6]
    registry.grantOfficerRole(code("ZD-SCJGJ"), account, CLERK, sender=admin)
    catalog.publishService(code("SVC-B"), definition([("ZD-SCJGJ", APPROVER)], owner="ZD-SCJGJ"), sender=admin)
    return account


def test_a_zero_service_is_refused_and_nothing_is_stored(ledger: Any, catalog: Any, clerk: Any, outsider: Any) -> None:
    """Service 0 used to skip the catalogue and the clerk check (issue 12, finding 1)."""
    zero_service = ("N-21", b"\0" * 32, b"\x11" * 32, [])
    for who in (outsider, clerk):
        with ape.reverts(catalog.UnknownService, service=b"\0" * 32):
            ledger.submit(zero_service, sender=who)
        with ape.reverts(catalog.UnknownService, service=b"\0" * 32):
            ledger.submitBatch([zero_service], sender=who)
        with ape.reverts(catalog.UnknownService, service=b"\0" * 32):
            ledger.submitBatch([zero_service, ("N-22", b"\0" * 32, b"\x11" * 32, [])], sender=who)
    with ape.reverts(catalog.UnknownService, service=b"\0" * 32):
        ledger.submitBatch([("N-23", code("SVC-1"), b"\x11" * 32, []), zero_service], sender=clerk)
    assert ledger.applicationCount() == 0
    for number_hash in (keccak(text="N-21"), keccak(text="N-22"), keccak(text="N-23")):
        assert not ledger.exists(number_hash)
        assert not ledger.exists(app_id(number_hash))
        assert not ledger.exists(ledger.applicationIdFor(b"\0" * 32, number_hash))


def test_no_one_but_the_owners_clerk_submits_in_any_form(
    ledger: Any,
    catalog: Any,
    clerk: Any,
    approver: Any,
    manager: Any,
    inspector: Any,
    outsider: Any,
    foreign_clerk: Any,
) -> None:
    """Outsiders and officers of other departments, with every role, cannot submit (issue 12, findings 1 and 2)."""
    entry = ("N-31", code("SVC-1"), b"\x11" * 32, [])
    zero_service = ("N-31", b"\0" * 32, b"\x11" * 32, [])
    # approver and manager hold other roles of ZD-XPSJ; inspector and foreign_clerk serve ZD-SCJGJ.
    for who in (outsider, approver, manager, inspector, foreign_clerk):
        with ape.reverts(ledger.UnauthorizedOfficer, account=who, department=code("ZD-XPSJ"), role=CLERK):
            ledger.submit(entry, sender=who)
        with ape.reverts(ledger.UnauthorizedOfficer, account=who, department=code("ZD-XPSJ"), role=CLERK):
            ledger.submitBatch([entry], sender=who)
        with ape.reverts(catalog.UnknownService, service=b"\0" * 32):
            ledger.submit(zero_service, sender=who)
        with ape.reverts(catalog.UnknownService, service=b"\0" * 32):
            ledger.submitBatch([zero_service], sender=who)
    own = ("N-32", code("SVC-B"), b"\x11" * 32, [])
    # A batch that opens with the caller's own service cannot carry another department's entry.
    with ape.reverts(ledger.UnauthorizedOfficer, account=foreign_clerk, department=code("ZD-XPSJ"), role=CLERK):
        ledger.submitBatch([own, entry], sender=foreign_clerk)
    with ape.reverts(ledger.UnauthorizedOfficer, account=clerk, department=code("ZD-SCJGJ"), role=CLERK):
        ledger.submitBatch([entry, own], sender=clerk)
    assert ledger.applicationCount() == 0


def test_another_departments_clerk_cannot_take_a_number(ledger: Any, clerk: Any, foreign_clerk: Any) -> None:
    """A clerk of ZD-SCJGJ submitting ZD-XPSJ's numbers does not make them unusable (issue 12, finding 2)."""
    numbers = [f"N-{i}" for i in range(500, 503)]
    ledger.submitBatch([(n, code("SVC-B"), b"\x66" * 32, []) for n in numbers], sender=foreign_clerk)
    ledger.submit((numbers[0], code("SVC-1"), b"\x11" * 32, []), sender=clerk)
    ledger.submitBatch([(n, code("SVC-1"), b"\x11" * 32, []) for n in numbers[1:]], sender=clerk)
    assert ledger.applicationCount() == 6
    for number_hash in numbers:
        ours, theirs = app_id(number_hash, "ZD-XPSJ"), app_id(number_hash, "ZD-SCJGJ")
        assert ours != theirs
        record, other = ledger.getApplication(ours), ledger.getApplication(theirs)
        assert (record.department, record.service, record.applicantCommitment) == (
            code("ZD-XPSJ"),
            code("SVC-1"),
            b"\x11" * 32,
        )
        assert (other.department, other.service, other.applicantCommitment) == (
            code("ZD-SCJGJ"),
            code("SVC-B"),
            b"\x66" * 32,
        )
    ledger.accept(app_id(numbers[0]), sender=clerk)
    with ape.reverts(ledger.UnauthorizedOfficer, account=foreign_clerk, department=code("ZD-XPSJ"), role=CLERK):
        ledger.withdraw(app_id(numbers[1]), 1, sender=foreign_clerk)


def test_a_submission_cannot_take_a_follow_on_id(
    ledger: Any, catalog: Any, admin: Any, clerk: Any, approver: Any, foreign_clerk: Any
) -> None:
    """Follow-on ids are predictable; no number hash submitted by any clerk yields one (issue 12, finding 1)."""
    catalog.publishService(
        code("SVC-P"),
        (*definition([("ZD-XPSJ", APPROVER)])[:7], [code("SVC-B"), code("SVC-1")], NO_NATIONAL),
        sender=admin,
    )
    receipt = ledger.submit(("N-51", code("SVC-P"), b"\x77" * 32, []), sender=clerk)
    parent = submitted_id(ledger, receipt)
    children = [ledger.followOnId(parent, code("SVC-B")), ledger.followOnId(parent, code("SVC-1"))]
    # Everything a squatter could hand in: the child ids themselves, the parent id, the service codes.
    guesses = [bytes(guess).hex()[:50] for guess in (*children, parent)] + ["SVC-B", "SVC-1"]
    for guess in guesses:
        ledger.submit((guess, code("SVC-1"), b"\x11" * 32, []), sender=clerk)
        ledger.submit((guess, code("SVC-B"), b"\x11" * 32, []), sender=foreign_clerk)
    assert not any(ledger.exists(child) for child in children)
    ledger.accept(parent, sender=clerk)
    receipt = ledger.approve(parent, 0, b"\0" * 32, sender=approver)
    assert [e.childId for e in receipt.events.filter(ledger.FollowOnOpened)] == children
    assert not receipt.events.filter(ledger.FollowOnFailed)
    assert [ledger.getApplication(child).applicantCommitment for child in children] == [b"\x77" * 32] * 2


def test_an_application_keeps_the_service_version_it_started_with(
    ledger: Any, catalog: Any, submit: Submit, admin: Any, clerk: Any, approver: Any
) -> None:
    from tests.ape.conftest import definition

    app = submit()
    catalog.updateService(code("SVC-3"), definition([("ZD-XPSJ", APPROVER)]), sender=admin)
    newer = submit()
    assert ledger.getApplication(app).stepCount == 3
    assert (ledger.getApplication(newer).stepCount, ledger.getApplication(newer).serviceVersion) == (1, 2)
    ledger.accept(app, sender=clerk)
    ledger.approve(app, 0, b"\0" * 32, sender=approver)
    assert ledger.getApplication(app).status == IN_REVIEW  # still three steps


def test_supplement_resumes_at_the_same_step_and_extends_the_deadline(
    ledger: Any, chain: Any, submit: Submit, clerk: Any, approver: Any, inspector: Any
) -> None:
    app = submit()
    ledger.accept(app, sender=clerk)
    ledger.approve(app, 0, b"\0" * 32, sender=approver)
    deadline = ledger.getApplication(app).deadline
    with ape.reverts(ledger.MissingReasonCode, applicationId=app):
        ledger.requestSupplement(app, 0, sender=inspector)
    receipt = ledger.requestSupplement(app, 12, sender=inspector)
    assert receipt.events.filter(ledger.SupplementRequested)[0].stepIndex == 1
    with ape.reverts(ledger.WrongStatus, applicationId=app, status=SUPPLEMENT):
        ledger.approve(app, 1, b"\0" * 32, sender=inspector)
    requested_at = ledger.getApplication(app).suspendedAt
    chain.pending_timestamp += 3 * DAY
    receipt = ledger.resubmit(app, b"\x07" * 32, sender=clerk)
    record = ledger.getApplication(app)
    assert (record.status, record.currentStep) == (IN_REVIEW, 1)
    resumed_at = record.updatedAt
    assert record.deadline == deadline + (resumed_at - requested_at)
    assert receipt.events.filter(ledger.ApplicationResubmitted)[0].supplementHash == b"\x07" * 32


def test_a_special_procedure_stops_the_clock_of_the_open_step(
    ledger: Any, chain: Any, submit: Submit, clerk: Any, approver: Any, inspector: Any, outsider: Any
) -> None:
    """特别程序 (issue 14): started and ended by the open step's officer; the deadlines move on by its time."""
    app = submit()
    ledger.accept(app, sender=clerk)
    ledger.approve(app, 0, b"\0" * 32, sender=approver)  # step 1 belongs to ZD-SCJGJ's approver (inspector)
    deadline = ledger.getApplication(app).deadline
    started_at = ledger.progressOf(app).stepStartedAt
    for who, department in ((approver, "ZD-SCJGJ"), (clerk, "ZD-SCJGJ"), (outsider, "ZD-SCJGJ")):
        with ape.reverts(ledger.UnauthorizedOfficer, account=who, department=code(department), role=APPROVER):
            ledger.startSpecialProcedure(app, 3, 7, sender=who)
    with ape.reverts(ledger.MissingProcedureCode, applicationId=app):
        ledger.startSpecialProcedure(app, 0, 7, sender=inspector)
    with ape.reverts(ledger.MissingReasonCode, applicationId=app):
        ledger.startSpecialProcedure(app, 3, 0, sender=inspector)
    with ape.reverts(ledger.WrongStatus, applicationId=app, status=IN_REVIEW):
        ledger.endSpecialProcedure(app, 1, sender=inspector)
    receipt = ledger.startSpecialProcedure(app, 3, 7, sender=inspector)
    (event,) = receipt.events.filter(ledger.SpecialProcedureStarted)
    assert (event.department, event.stepIndex, event.kind, event.reasonCode) == (code("ZD-SCJGJ"), 1, 3, 7)
    record = ledger.getApplication(app)
    assert (record.status, record.resumeStatus, record.currentStep) == (SPECIAL, IN_REVIEW, 1)
    stopped_at = record.suspendedAt
    assert not _overdue(ledger, chain, app)
    assert ledger.stepDeadline(app) == 0
    with ape.reverts(ledger.WrongStatus, applicationId=app, status=SPECIAL):
        ledger.startSpecialProcedure(app, 3, 7, sender=inspector)  # double start
    for refused in (
        lambda: ledger.approve(app, 1, b"\0" * 32, sender=inspector),
        lambda: ledger.reject(app, 1, sender=inspector),
        lambda: ledger.requestSupplement(app, 1, sender=inspector),
        lambda: ledger.flagOverdue(app, sender=clerk),
        lambda: ledger.resubmit(app, b"\0" * 32, sender=clerk),
    ):
        with ape.reverts(ledger.WrongStatus, applicationId=app, status=SPECIAL):
            refused()
    chain.pending_timestamp += 20 * DAY
    with ape.reverts(ledger.UnauthorizedOfficer, account=approver, department=code("ZD-SCJGJ"), role=APPROVER):
        ledger.endSpecialProcedure(app, 1, sender=approver)
    with ape.reverts(ledger.MissingProcedureCode, applicationId=app):
        ledger.endSpecialProcedure(app, 0, sender=inspector)
    receipt = ledger.endSpecialProcedure(app, 2, sender=inspector)
    record = ledger.getApplication(app)
    stopped = record.updatedAt - stopped_at
    assert (record.status, record.resumeStatus, record.suspendedAt) == (IN_REVIEW, 0, 0)
    (ended,) = receipt.events.filter(ledger.SpecialProcedureEnded)
    assert (ended.stepIndex, ended.resultCode, ended.deadline) == (1, 2, record.deadline)
    assert record.deadline - deadline == ledger.progressOf(app).stepStartedAt - started_at == stopped
    assert record.deadline - deadline >= 20 * DAY
    with ape.reverts(ledger.WrongStatus, applicationId=app, status=IN_REVIEW):
        ledger.endSpecialProcedure(app, 2, sender=inspector)  # double end
    ledger.approve(app, 1, b"\0" * 32, sender=inspector)


def test_a_special_procedure_can_be_withdrawn_from(ledger: Any, submit: Submit, clerk: Any, approver: Any) -> None:
    app = submit()
    ledger.accept(app, sender=clerk)
    ledger.startSpecialProcedure(app, 1, 1, sender=approver)
    ledger.withdraw(app, 4, sender=clerk)
    assert ledger.getApplication(app).status == WITHDRAWN
    with ape.reverts(ledger.WrongStatus, applicationId=app, status=WITHDRAWN):
        ledger.endSpecialProcedure(app, 1, sender=approver)


def test_a_supplement_before_acceptance_returns_to_submitted(ledger: Any, submit: Submit, clerk: Any) -> None:
    app = submit()
    ledger.requestSupplement(app, 3, sender=clerk)
    ledger.resubmit(app, b"\0" * 32, sender=clerk)
    assert ledger.getApplication(app).status == SUBMITTED
    assert ledger.getApplication(app).deadline == 0


def test_overdue_is_visible_after_the_deadline(ledger: Any, chain: Any, submit: Submit, clerk: Any) -> None:
    app = submit()
    assert not _overdue(ledger, chain, app)
    ledger.accept(app, sender=clerk)
    assert not _overdue(ledger, chain, app)
    chain.mine(timestamp=ledger.getApplication(app).deadline + 1)
    assert _overdue(ledger, chain, app)


def test_rejection_by_clerk_before_and_by_step_officer_after_acceptance(
    ledger: Any, submit: Submit, clerk: Any, approver: Any, inspector: Any
) -> None:
    early = submit()
    receipt = ledger.reject(early, 21, sender=clerk)
    assert receipt.events.filter(ledger.ApplicationRejected)[0].reasonCode == 21
    late = submit()
    ledger.accept(late, sender=clerk)
    with ape.reverts(ledger.UnauthorizedOfficer, account=clerk, department=code("ZD-XPSJ"), role=APPROVER):
        ledger.reject(late, 22, sender=clerk)
    ledger.reject(late, 22, sender=approver)
    with ape.reverts(ledger.WrongStatus, applicationId=late, status=REJECTED):
        ledger.reject(late, 22, sender=approver)
    assert inspector


@pytest.mark.parametrize("steps_before", [0, 1, 2])
def test_withdrawal_from_every_open_status_and_never_after_the_end(
    ledger: Any, submit: Submit, clerk: Any, approver: Any, inspector: Any, steps_before: int
) -> None:
    app = submit()
    if steps_before >= 1:
        ledger.accept(app, sender=clerk)
    if steps_before >= 2:
        ledger.requestSupplement(app, 1, sender=approver)
    ledger.withdraw(app, 2, sender=clerk)
    assert ledger.getApplication(app).status == WITHDRAWN
    with ape.reverts(ledger.WrongStatus, applicationId=app, status=WITHDRAWN):
        ledger.withdraw(app, 2, sender=clerk)
    with ape.reverts(ledger.MissingReasonCode, applicationId=app):
        ledger.withdraw(app, 0, sender=clerk)


# Which statuses each action accepts (the ledger's status bitmaps); every other status is WrongStatus.
# Approved (reached only through a deferred completion) is covered in test_automation.
STATUS_GUARDS: dict[str, set[int]] = {
    "accept": {SUBMITTED},
    "approve": {ACCEPTED, IN_REVIEW},
    "flagOverdue": {ACCEPTED, IN_REVIEW},
    "reject": {SUBMITTED, ACCEPTED, IN_REVIEW},
    "requestSupplement": {SUBMITTED, ACCEPTED, IN_REVIEW},
    "resubmit": {SUPPLEMENT},
    "withdraw": {SUBMITTED, ACCEPTED, IN_REVIEW, SUPPLEMENT, SPECIAL},
    "complete": set(),
    "currentStep": {ACCEPTED, IN_REVIEW, SUPPLEMENT, SPECIAL},
    "startSpecialProcedure": {ACCEPTED, IN_REVIEW},
    "endSpecialProcedure": {SPECIAL},
}


def test_each_action_is_refused_in_exactly_the_statuses_outside_its_guard(
    ledger: Any, submit: Submit, clerk: Any, approver: Any, inspector: Any
) -> None:
    """Issue 13: one status guard over allowed-status bitmaps; each set is checked here against the enum."""
    statuses = (SUBMITTED, ACCEPTED, IN_REVIEW, SUPPLEMENT, REJECTED, COMPLETED, WITHDRAWN, SPECIAL)
    apps = {status: submit() for status in statuses}
    for status in (ACCEPTED, IN_REVIEW, SUPPLEMENT, COMPLETED, SPECIAL):
        ledger.accept(apps[status], sender=clerk)
    for status in (IN_REVIEW, COMPLETED):
        ledger.approve(apps[status], 0, b"\0" * 32, sender=approver)
    ledger.approve(apps[COMPLETED], 1, b"\0" * 32, sender=inspector)
    ledger.approve(apps[COMPLETED], 2, b"\0" * 32, sender=approver)
    ledger.requestSupplement(apps[SUPPLEMENT], 1, sender=approver)
    ledger.reject(apps[REJECTED], 1, sender=clerk)
    ledger.withdraw(apps[WITHDRAWN], 1, sender=clerk)
    ledger.startSpecialProcedure(apps[SPECIAL], 3, 1, sender=approver)
    # Each action as a call (nothing changes); an allowed status may still refuse the caller or the timing.
    actions: dict[str, Callable[[bytes, int], Any]] = {
        "accept": lambda app, _: ledger.accept.call(app, sender=clerk),
        "approve": lambda app, step: ledger.approve.call(app, step, b"\0" * 32, sender=approver),
        "flagOverdue": lambda app, _: ledger.flagOverdue.call(app, sender=clerk),
        "reject": lambda app, _: ledger.reject.call(app, 1, sender=approver),
        "requestSupplement": lambda app, _: ledger.requestSupplement.call(app, 1, sender=approver),
        "resubmit": lambda app, _: ledger.resubmit.call(app, b"\0" * 32, sender=clerk),
        "withdraw": lambda app, _: ledger.withdraw.call(app, 1, sender=clerk),
        "complete": lambda app, _: ledger.complete.call(app, sender=clerk),
        "currentStep": lambda app, _: ledger.currentStep(app),
        "startSpecialProcedure": lambda app, _: ledger.startSpecialProcedure.call(app, 3, 1, sender=approver),
        "endSpecialProcedure": lambda app, _: ledger.endSpecialProcedure.call(app, 1, sender=approver),
    }
    assert set(actions) == set(STATUS_GUARDS)
    for name, action in actions.items():
        for status, app in apps.items():
            assert ledger.getApplication(app).status == status
            step = ledger.getApplication(app).currentStep
            if status in STATUS_GUARDS[name]:
                refused: Exception | None = None
                try:
                    action(app, step)
                except ape.exceptions.ContractLogicError as error:
                    refused = error
                # Refused, if at all, for another reason (the caller, a step not yet overdue), never its status.
                assert not isinstance(refused, ledger.WrongStatus), (name, status)
            else:
                with ape.reverts(ledger.WrongStatus, applicationId=app, status=status):
                    action(app, step)
    unknown = b"\x99" * 32
    for action in actions.values():
        with ape.reverts(ledger.UnknownApplication, applicationId=unknown):
            action(unknown, 0)


def test_batches_are_bounded_and_all_or_nothing(ledger: Any, submit: Submit, clerk: Any, approver: Any) -> None:
    entries = [(f"N-{i}", code("SVC-1"), b"\x11" * 32, []) for i in range(10_000, 10_100)]
    ledger.submitBatch(entries, sender=clerk)
    assert ledger.applicationCount() == 100
    with ape.reverts(ledger.InvalidBatchSize, size=0, max=100):
        ledger.submitBatch([], sender=clerk)
    too_many = [(f"N-{i}", code("SVC-1"), b"\x11" * 32, []) for i in range(20_000, 20_101)]
    with ape.reverts(ledger.InvalidBatchSize, size=101, max=100):
        ledger.submitBatch(too_many, sender=clerk)
    mixed = [("N-33", code("SVC-1"), b"\x11" * 32, []), entries[0]]
    with ape.reverts(ledger.ApplicationAlreadyExists, applicationId=app_id(entries[0][0])):
        ledger.submitBatch(mixed, sender=clerk)
    assert not ledger.exists(app_id("N-33"))
    ids = [app_id(e[0]) for e in entries[:50]]
    ledger.acceptBatch(ids, sender=clerk)
    ledger.approveBatch([(i, 0) for i in ids], b"\0" * 32, sender=approver)
    assert {ledger.getApplication(i).status for i in ids} == {COMPLETED}
    with ape.reverts(ledger.InvalidBatchSize, size=101, max=100):
        ledger.acceptBatch([app_id(e[0]) for e in too_many], sender=clerk)


def test_pause_blocks_every_write_and_only_the_admin_resumes(
    ledger: Any, submit: Submit, admin: Any, clerk: Any, outsider: Any
) -> None:
    app = submit()
    with ape.reverts(ledger.AccessControlUnauthorizedAccount, account=outsider, neededRole=ledger.PAUSER_ROLE()):
        ledger.pause(sender=outsider)
    ledger.pause(sender=admin)
    with ape.reverts(ledger.EnforcedPause):
        ledger.accept(app, sender=clerk)
    with ape.reverts(ledger.EnforcedPause):
        submit()
    with ape.reverts(ledger.AccessControlUnauthorizedAccount, account=clerk, neededRole=b"\0" * 32):
        ledger.unpause(sender=clerk)
    ledger.unpause(sender=admin)
    ledger.accept(app, sender=clerk)
    assert ledger.version() == "1.5.0"


def _overdue(ledger: Any, chain: Any, app: bytes) -> bool:
    """What the SDK shows as overdue: a running step past the application's deadline at the head block."""
    record = ledger.getApplication(app)
    running = record.status in (ACCEPTED, IN_REVIEW)
    return running and record.deadline != 0 and chain.blocks.head.timestamp > record.deadline
