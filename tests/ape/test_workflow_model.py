"""Property: the SDK's workflow model (zhangdian_sdk.core.workflow) agrees with the contract. Officers,
keepers and time act at random on applications of services with every deadline policy, completion
rules and follow-ons; after each action, replaying each application's emitted events through the
model gives what the ledger reports (status, resume status, step, deadline, overdue flag, follow-ons),
and every event was one the model expects in the state before it."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
from ape.exceptions import ContractLogicError
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from tests.ape.conftest import APPROVER, CLERK, DAY, NO_NATIONAL, code, hours
from tests.depth import examples
from zhangdian_sdk.core import workflow
from zhangdian_sdk.core.models import ApplicationStatus

FLAG_ONLY, ESCALATE, DEEMED = 0, 1, 2
ZERO = b"\0" * 32
PEOPLE = ["clerk", "approver", "inspector", "scjgj_clerk", "outsider"]
CHILD, WITH_DEEMED, WITH_ESCALATION = code("WF-CHILD"), code("WF-DEEMED"), code("WF-ESCALATE")
SERVICES = [code("SVC-3"), WITH_DEEMED, WITH_ESCALATION]
MAX_APPLICATIONS = 3


def _definition(owner: str, steps: list[tuple[str, int]], follow_ons: list[bytes]) -> tuple[Any, ...]:
    limit = hours(10 * DAY)
    return (
        code(owner),
        limit,
        limit,
        "流程模型",
        "Workflow model",
        [(code(d), r, 24) for d, r in steps],
        [],
        follow_ons,
        NO_NATIONAL,
    )


@pytest.fixture
def people(ledger: Any, project: Any, catalog: Any, registry: Any, accounts: Any, admin: Any) -> dict[str, Any]:
    """Publishes the child, deemed-approval and escalation services; returns who acts, by name."""
    people = dict(zip(PEOPLE, [accounts[1], accounts[2], accounts[3], accounts[7], accounts[5]], strict=True))
    registry.grantOfficerRole(code("ZD-SCJGJ"), people["scjgj_clerk"], CLERK, sender=admin)
    waiting = project.WaitingPeriodRule.deploy(ledger, DAY, sender=admin)
    catalog.publishService(CHILD, _definition("ZD-SCJGJ", [("ZD-SCJGJ", APPROVER)], []), sender=admin)
    two_steps = [("ZD-XPSJ", APPROVER), ("ZD-SCJGJ", APPROVER)]
    catalog.publishService(WITH_DEEMED, _definition("ZD-XPSJ", two_steps, [CHILD]), sender=admin)
    catalog.setAutomation(WITH_DEEMED, 1, ([waiting], DEEMED, ZERO, ZERO, ZERO), sender=admin)
    catalog.publishService(WITH_ESCALATION, _definition("ZD-XPSJ", [("ZD-XPSJ", APPROVER)], [CHILD]), sender=admin)
    catalog.setAutomation(WITH_ESCALATION, 1, ([], ESCALATE, code("ZD-SCJGJ"), ZERO, ZERO), sender=admin)
    return people


def _record(ledger: Any, receipt: Any, events: dict[bytes, list[workflow.Event]]) -> None:
    """Add the receipt's ledger events to their applications' (or parents') lists."""
    for log in receipt.events:
        if log.contract_address != ledger.address:
            continue
        args = dict(log.event_arguments)
        subject = args.get("applicationId", args.get("parentId"))
        if subject is not None:
            events.setdefault(bytes(subject), []).append(workflow.Event(log.event_name, args))


def _check(ledger: Any, app: bytes, events: list[workflow.Event]) -> workflow.WorkflowState:
    """Replaying ``events`` gives what the ledger holds for ``app``; each event fits the state before it."""
    state = workflow.INITIAL
    for event in events:
        assert workflow.fits(state, event), (event.name, state.status)
        state = workflow.evolve(state, event)
    record = ledger.getApplication(app)
    assert ApplicationStatus(record.status) == state.status
    assert ApplicationStatus(record.resumeStatus) == state.resume_status
    assert (record.currentStep, record.deadline) == (state.current_step, state.deadline)
    assert state.step_count in (None, record.stepCount)
    if state.status == ApplicationStatus.COMPLETED:
        assert record.updatedAt == state.completed_at
    assert ledger.progressOf(app).flaggedStep == state.flagged_step
    assert [bytes(child) for child in ledger.childrenOf(app)] == [bytes(c) for c in state.children]
    assert ledger.followOnFailed(app, CHILD) == any(bytes(s) == CHILD for s in state.failed_follow_ons)
    # Knowing the step count from the start (as the indexer does) ends in the same state.
    known = workflow.replay(events, workflow.WorkflowState(step_count=record.stepCount))
    assert known == replace(state, step_count=record.stepCount)
    return state


def test_deemed_approval_deferred_completion_and_a_retried_follow_on_replay_as_on_chain(
    ledger: Any, registry: Any, chain: Any, people: dict[str, Any], admin: Any
) -> None:
    events: dict[bytes, list[workflow.Event]] = {}

    def do(receipt: Any) -> None:
        _record(ledger, receipt, events)

    do(ledger.submit(("N-7", WITH_DEEMED, b"\x11" * 32, []), sender=people["clerk"]))
    (app,) = events
    do(ledger.accept(app, sender=people["clerk"]))
    chain.pending_timestamp = ledger.stepDeadline(app) + 1
    do(ledger.flagOverdue(app, sender=people["outsider"]))  # deemed approved: step 1 opens
    assert _check(ledger, app, events[app]).current_step == 1
    do(ledger.approve(app, 1, ZERO, sender=people["inspector"]))  # approved; the waiting period defers it
    assert _check(ledger, app, events[app]).status == ApplicationStatus.APPROVED
    registry.setDepartmentActive(code("ZD-SCJGJ"), False, sender=admin)
    chain.pending_timestamp += DAY
    do(ledger.complete(app, sender=people["outsider"]))  # the follow-on's department is inactive: it fails
    assert _check(ledger, app, events[app]).failed_follow_ons
    registry.setDepartmentActive(code("ZD-SCJGJ"), True, sender=admin)
    do(ledger.retryFollowOn(app, CHILD, sender=admin))
    assert [e.name for e in events[app]] == [
        "ApplicationSubmitted",
        "ApplicationAccepted",
        "ApplicationOverdue",
        "StepDeemedApproved",
        "StepApproved",
        "ApplicationApproved",
        "CompletionDeferred",
        "ApplicationCompleted",
        "FollowOnFailed",
        "FollowOnOpened",
        "FollowOnRetried",
    ]
    for application, emitted in events.items():
        _check(ledger, application, emitted)
    assert len(events) == 2  # the parent and its follow-on


def test_a_special_procedure_replays_as_on_chain(ledger: Any, chain: Any, people: dict[str, Any]) -> None:
    events: dict[bytes, list[workflow.Event]] = {}
    _record(ledger, ledger.submit(("N-9", WITH_ESCALATION, b"\x11" * 32, []), sender=people["clerk"]), events)
    (app,) = events
    _record(ledger, ledger.accept(app, sender=people["clerk"]), events)
    _record(ledger, ledger.startSpecialProcedure(app, 1, 3, sender=people["approver"]), events)
    state = _check(ledger, app, events[app])
    assert (state.status, state.resume_status) == (ApplicationStatus.SPECIAL_PROCEDURE, ApplicationStatus.ACCEPTED)
    chain.pending_timestamp += 5 * DAY
    _record(ledger, ledger.endSpecialProcedure(app, 1, sender=people["approver"]), events)
    assert _check(ledger, app, events[app]).status == ApplicationStatus.ACCEPTED


def test_escalation_and_a_supplement_replay_as_on_chain(ledger: Any, chain: Any, people: dict[str, Any]) -> None:
    events: dict[bytes, list[workflow.Event]] = {}
    submission = ("N-8", WITH_ESCALATION, b"\x11" * 32, [])
    _record(ledger, ledger.submit(submission, sender=people["clerk"]), events)
    (app,) = events
    _record(ledger, ledger.accept(app, sender=people["clerk"]), events)
    _record(ledger, ledger.requestSupplement(app, 4, sender=people["approver"]), events)
    assert _check(ledger, app, events[app]).resume_status == ApplicationStatus.ACCEPTED
    chain.pending_timestamp += 3 * DAY  # the deadline does not run during the supplement
    _record(ledger, ledger.resubmit(app, ZERO, sender=people["clerk"]), events)
    assert _check(ledger, app, events[app]).deadline > ledger.getApplication(app).submittedAt + 10 * DAY
    chain.pending_timestamp = ledger.stepDeadline(app) + 1
    _record(ledger, ledger.flagOverdue(app, sender=people["outsider"]), events)  # escalated to ZD-SCJGJ
    _record(ledger, ledger.approve(app, 0, ZERO, sender=people["inspector"]), events)  # the supervisor acts
    assert [e.name for e in events[app]][-6:] == [
        "ApplicationOverdue",
        "StepEscalated",
        "StepApproved",
        "ApplicationApproved",
        "ApplicationCompleted",
        "FollowOnOpened",
    ]
    for application, emitted in events.items():
        assert _check(ledger, application, emitted).status in {ApplicationStatus.COMPLETED, ApplicationStatus.SUBMITTED}


def test_replaying_the_emitted_events_gives_what_the_ledger_reports(
    ledger: Any, registry: Any, chain: Any, people: dict[str, Any], admin: Any
) -> None:
    numbers = iter(range(10**8, 10**9))

    class WorkflowMachine(RuleBasedStateMachine):
        @initialize()
        def fresh_chain(self) -> None:
            self.snapshot = chain.snapshot()
            self.events: dict[bytes, list[workflow.Event]] = {}
            self.scjgj_active = True

        def teardown(self) -> None:
            chain.restore(self.snapshot)

        def _app(self, pick: int) -> bytes | None:
            apps = list(self.events)
            return apps[pick % len(apps)] if apps else None

        def _do(self, call: Any) -> None:
            """Run an action; whatever the chain accepted, record its ledger events by application."""
            try:
                receipt = call()
            except ContractLogicError:
                return
            _record(ledger, receipt, self.events)

        @rule(service=st.sampled_from(SERVICES))
        def submit(self, service: bytes) -> None:
            if sum(1 for app in self.events if ledger.parentOf(app) == ZERO) < MAX_APPLICATIONS:
                submission = (f"N-{next(numbers)}", service, b"\x11" * 32, [])
                self._do(lambda: ledger.submit(submission, sender=people["clerk"]))

        def _clerk(self, app: bytes) -> Any:
            """The receiving department's clerk."""
            scjgj = ledger.getApplication(app).department == code("ZD-SCJGJ")
            return people["scjgj_clerk" if scjgj else "clerk"]

        def _decider(self, app: bytes, who: str) -> Any:
            """Mostly the officer of the open step (or the clerk when none is open), sometimes anyone."""
            if who != "right":
                return people[who]
            try:
                _index, step = ledger.currentStep(app)
            except ContractLogicError:
                return self._clerk(app)
            return people["inspector" if step[0] == code("ZD-SCJGJ") else "approver"]  # the step's department

        @rule(pick=st.integers(0, 99), who=st.sampled_from(["right", "right", "outsider"]))
        def accept(self, pick: int, who: str) -> None:
            if (app := self._app(pick)) is not None:
                sender = self._clerk(app) if who == "right" else people[who]
                self._do(lambda: ledger.accept(app, sender=sender))

        @rule(
            pick=st.integers(0, 99),
            who=st.sampled_from(["right", "right", "right", *PEOPLE]),
            off_by=st.sampled_from([0, 0, 0, 1, -1]),
        )
        def approve(self, pick: int, who: str, off_by: int) -> None:
            if (app := self._app(pick)) is not None:
                index = max(ledger.getApplication(app).currentStep + off_by, 0)
                self._do(lambda: ledger.approve(app, index, ZERO, sender=self._decider(app, who)))

        @rule(pick=st.integers(0, 99), who=st.sampled_from(["right", *PEOPLE]), now=st.integers(0, 3))
        def reject(self, pick: int, who: str, now: int) -> None:
            if now == 0 and (app := self._app(pick)) is not None:  # seldom: it ends the application
                self._do(lambda: ledger.reject(app, 9, sender=self._decider(app, who)))

        @rule(pick=st.integers(0, 99), who=st.sampled_from(["right", "right", *PEOPLE]))
        def request_supplement(self, pick: int, who: str) -> None:
            if (app := self._app(pick)) is not None:
                self._do(lambda: ledger.requestSupplement(app, 4, sender=self._decider(app, who)))

        @rule(pick=st.integers(0, 99), who=st.sampled_from(["right", "right", "outsider"]))
        def resubmit(self, pick: int, who: str) -> None:
            if (app := self._app(pick)) is not None:
                sender = self._clerk(app) if who == "right" else people[who]
                self._do(lambda: ledger.resubmit(app, b"\x05" * 32, sender=sender))

        @rule(pick=st.integers(0, 99), who=st.sampled_from(["right", "right", *PEOPLE]), kind=st.integers(0, 3))
        def start_special_procedure(self, pick: int, who: str, kind: int) -> None:
            if (app := self._app(pick)) is not None:
                self._do(lambda: ledger.startSpecialProcedure(app, kind, 6, sender=self._decider(app, who)))

        @rule(pick=st.integers(0, 99), who=st.sampled_from(["right", "right", "outsider"]))
        def end_special_procedure(self, pick: int, who: str) -> None:
            if (app := self._app(pick)) is not None:
                self._do(lambda: ledger.endSpecialProcedure(app, 1, sender=self._decider(app, who)))

        @rule(pick=st.integers(0, 99), now=st.integers(0, 3))
        def withdraw(self, pick: int, now: int) -> None:
            if now == 0 and (app := self._app(pick)) is not None:  # seldom: it ends the application
                self._do(lambda: ledger.withdraw(app, 2, sender=self._clerk(app)))

        def _advance(self, pick: int) -> None:
            """The next step of the usual path, by the one whose turn it is."""
            if (app := self._app(pick)) is None:
                return
            record = ledger.getApplication(app)
            status = ApplicationStatus(record.status)
            if status == ApplicationStatus.SUBMITTED:
                self._do(lambda: ledger.accept(app, sender=self._clerk(app)))
            elif status in workflow.RUNNING:
                officer = self._decider(app, "right")
                self._do(lambda: ledger.approve(app, record.currentStep, ZERO, sender=officer))
            elif status == ApplicationStatus.SUPPLEMENT_REQUESTED:
                self._do(lambda: ledger.resubmit(app, ZERO, sender=self._clerk(app)))
            elif status == ApplicationStatus.SPECIAL_PROCEDURE:
                self._do(lambda: ledger.endSpecialProcedure(app, 1, sender=self._decider(app, "right")))
            elif status == ApplicationStatus.APPROVED:
                self._do(lambda: ledger.complete(app, sender=people["outsider"]))

        @rule(pick=st.integers(0, 99))
        def advance(self, pick: int) -> None:
            self._advance(pick)

        @rule(pick=st.integers(0, 99))
        def advance_another(self, pick: int) -> None:
            self._advance(pick)

        @rule(days=st.integers(1, 3))
        def time_passes(self, days: int) -> None:
            chain.pending_timestamp += days * DAY

        @rule(pick=st.integers(0, 99), late=st.booleans())
        def flag_overdue(self, pick: int, late: bool) -> None:
            """A keeper flags the open step, mostly once its deadline has passed."""
            if (app := self._app(pick)) is not None:
                deadline = ledger.stepDeadline(app)
                if late and deadline >= chain.pending_timestamp:
                    chain.pending_timestamp = deadline + 1
                self._do(lambda: ledger.flagOverdue(app, sender=people["outsider"]))

        @rule(pick=st.integers(0, 99))
        def complete(self, pick: int) -> None:
            if (app := self._app(pick)) is not None:
                self._do(lambda: ledger.complete(app, sender=people["outsider"]))

        @rule()
        def toggle_follow_on_department(self) -> None:
            self.scjgj_active = not self.scjgj_active
            registry.setDepartmentActive(code("ZD-SCJGJ"), self.scjgj_active, sender=admin)

        @rule(pick=st.integers(0, 99))
        def retry_follow_on(self, pick: int) -> None:
            if (app := self._app(pick)) is not None:
                self._do(lambda: ledger.retryFollowOn(app, CHILD, sender=admin))

        @invariant()
        def the_model_replays_what_the_ledger_holds(self) -> None:
            for app, events in self.events.items():
                _check(ledger, app, events)

    run_state_machine_as_test(
        WorkflowMachine,
        settings=settings(
            max_examples=examples(10),
            stateful_step_count=40,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
