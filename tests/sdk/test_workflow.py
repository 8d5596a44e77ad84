"""The workflow model, one transition at a time, and against the ledger's ABI. The property test that
replays random chain histories through it is tests/ape/test_workflow_model.py."""

from __future__ import annotations

from typing import Any

import pytest

from zhangdian_sdk.core import workflow
from zhangdian_sdk.core.artifacts import load_artifact
from zhangdian_sdk.core.models import ApplicationStatus as S
from zhangdian_sdk.core.workflow import Event, WorkflowState, evolve, fits, replay, walk

SUBMITTED = Event("ApplicationSubmitted", {"serviceVersion": 1})
ACCEPTED = Event("ApplicationAccepted", {"deadline": 1_000})
APPROVED = Event("ApplicationApproved")
COMPLETED = Event("ApplicationCompleted", {"completedAt": 2_000})


def step(index: int, *, deemed: bool = False) -> Event:
    return Event("StepDeemedApproved" if deemed else "StepApproved", {"stepIndex": index})


def test_a_submission_starts_the_application_and_keeps_a_known_step_count() -> None:
    assert evolve(workflow.INITIAL, SUBMITTED) == WorkflowState(status=S.SUBMITTED)
    assert evolve(WorkflowState(step_count=3), SUBMITTED) == WorkflowState(status=S.SUBMITTED, step_count=3)


def test_acceptance_sets_the_promised_deadline() -> None:
    after = evolve(WorkflowState(status=S.SUBMITTED), ACCEPTED)
    assert (after.status, after.deadline) == (S.ACCEPTED, 1_000)


@pytest.mark.parametrize("deemed", [False, True])
def test_an_approved_step_opens_the_next_one(deemed: bool) -> None:
    after = evolve(WorkflowState(status=S.ACCEPTED, step_count=3), step(0, deemed=deemed))
    assert (after.status, after.current_step) == (S.IN_REVIEW, 1)


@pytest.mark.parametrize("known", [True, False])
def test_the_last_approval_leaves_the_last_step_open_and_approves(known: bool) -> None:
    """With the step count known the last step keeps its status until ApplicationApproved; without,
    the approvals tell the count. Either way the end state is the ledger's: the last step, Approved."""
    start = WorkflowState(status=S.IN_REVIEW, current_step=2, step_count=3 if known else None)
    after_step = evolve(start, step(2))
    assert after_step.status == (S.IN_REVIEW if not known else start.status)
    after = evolve(after_step, APPROVED)
    assert (after.status, after.current_step, after.step_count) == (S.APPROVED, 2, 3)


def test_completion_records_its_time() -> None:
    after = evolve(WorkflowState(status=S.APPROVED, step_count=1), COMPLETED)
    assert (after.status, after.completed_at) == (S.COMPLETED, 2_000)


@pytest.mark.parametrize(
    ("name", "status"), [("ApplicationRejected", S.REJECTED), ("ApplicationWithdrawn", S.WITHDRAWN)]
)
def test_rejection_and_withdrawal_end_the_application(name: str, status: S) -> None:
    after = evolve(WorkflowState(status=S.IN_REVIEW, current_step=1), Event(name, {"reasonCode": 3}))
    assert (after.status, after.current_step, after.status.is_final) == (status, 1, True)


@pytest.mark.parametrize("before", [S.SUBMITTED, S.ACCEPTED, S.IN_REVIEW, S.APPROVED])
def test_a_supplement_returns_to_where_it_stopped_and_moves_the_deadline(before: S) -> None:
    start = WorkflowState(status=before, current_step=1, deadline=1_000)
    asked = evolve(start, Event("SupplementRequested", {"stepIndex": 1, "reasonCode": 4}))
    assert (asked.status, asked.resume_status) == (S.SUPPLEMENT_REQUESTED, before)
    resumed = evolve(asked, Event("ApplicationResubmitted", {"stepIndex": 1, "deadline": 1_500}))
    assert resumed == WorkflowState(status=before, current_step=1, deadline=1_500)


def test_an_overdue_flag_is_recorded_and_escalation_or_deferral_change_nothing_else() -> None:
    start = WorkflowState(status=S.IN_REVIEW, current_step=1, step_count=3)
    flagged = evolve(start, Event("ApplicationOverdue", {"stepIndex": 1, "deadline": 9}))
    assert flagged == WorkflowState(status=S.IN_REVIEW, current_step=1, step_count=3, flagged_step=2)
    assert evolve(flagged, Event("StepEscalated", {"stepIndex": 1})) == flagged
    approved = WorkflowState(status=S.APPROVED, step_count=1)
    assert evolve(approved, Event("CompletionDeferred", {"reason": b"\x01"})) == approved


def test_follow_ons_are_linked_and_a_failure_stays_until_retried() -> None:
    parent = WorkflowState(status=S.COMPLETED)
    opened = evolve(parent, Event("FollowOnOpened", {"childId": b"c1", "service": b"A"}))
    failed = evolve(opened, Event("FollowOnFailed", {"service": b"B", "reason": b""}))
    assert (failed.children, failed.failed_follow_ons) == ((b"c1",), frozenset({b"B"}))
    reopened = evolve(failed, Event("FollowOnOpened", {"childId": b"c2", "service": b"B"}))
    retried = evolve(reopened, Event("FollowOnRetried", {"childId": b"c2", "service": b"B"}))
    assert (retried.status, retried.children, retried.failed_follow_ons) == (S.COMPLETED, (b"c1", b"c2"), frozenset())


def test_events_of_other_contracts_change_nothing() -> None:
    start = WorkflowState(status=S.ACCEPTED)
    assert evolve(start, Event("MaterialUsed", {"materialId": b"m"})) == start
    assert not fits(start, Event("MaterialUsed"))


def test_a_whole_history_replays_with_its_timeline() -> None:
    history = [
        SUBMITTED,
        ACCEPTED,
        step(0),
        Event("SupplementRequested", {"stepIndex": 1, "reasonCode": 2}),
        Event("ApplicationResubmitted", {"stepIndex": 1, "deadline": 1_200}),
        Event("ApplicationOverdue", {"stepIndex": 1, "deadline": 1_100}),
        step(1, deemed=True),
        APPROVED,
        COMPLETED,
    ]
    timeline = [after.status for _event, after in walk(history)]
    assert timeline == [S.SUBMITTED, S.ACCEPTED, S.IN_REVIEW, S.SUPPLEMENT_REQUESTED] + [S.IN_REVIEW] * 3 + [
        S.APPROVED,
        S.COMPLETED,
    ]
    final = replay(history)
    assert final == WorkflowState(
        status=S.COMPLETED, current_step=1, step_count=2, deadline=1_200, completed_at=2_000, flagged_step=2
    )
    state = workflow.INITIAL
    for event in history:  # every event of the story is one the ledger emits in the state before it
        assert fits(state, event), event.name
        state = evolve(state, event)


def test_an_event_out_of_place_does_not_fit_but_the_chain_is_followed() -> None:
    submitted = WorkflowState(status=S.SUBMITTED)
    assert not fits(submitted, step(0))
    assert not fits(WorkflowState(status=S.COMPLETED), Event("ApplicationWithdrawn"))
    assert evolve(submitted, step(0)).status == S.IN_REVIEW


def test_step_progress() -> None:
    assert workflow.step_done(S.IN_REVIEW, 2, 1)
    assert not workflow.step_done(S.IN_REVIEW, 2, 2)
    assert workflow.step_done(S.APPROVED, 2, 2)
    assert workflow.step_done(S.COMPLETED, 0, 0)
    assert [workflow.shown_step(current, 3) for current in (0, 1, 2)] == [1, 2, 3]


def _ledger_events() -> dict[str, dict[str, Any]]:
    return {item["name"]: item for item in load_artifact("ApplicationLedger").abi if item.get("type") == "event"}


def test_every_ledger_event_about_an_application_is_in_the_model() -> None:
    """Derived from the ABI: an event whose first argument is an indexed application (or parent) id
    is about one application; the model must know each, and know no event the ledger lacks."""
    abi = _ledger_events()
    about_applications = {
        name
        for name, item in abi.items()
        if item["inputs"]
        and item["inputs"][0]["indexed"]
        and item["inputs"][0]["name"] in {"applicationId", "parentId"}
    }
    assert about_applications == workflow.EVENTS
    assert workflow.RECORD_EVENTS <= workflow.EVENTS
    assert {"Paused", "RoleGranted"} <= set(abi) - workflow.EVENTS  # the rest is administration


@pytest.mark.parametrize("name", sorted(workflow.EVENTS))
def test_the_model_reads_only_arguments_the_events_have(name: str) -> None:
    """An event built from its ABI inputs alone replays from every status (a renamed argument fails)."""
    dummy = {"uint": 1, "bytes": b"\x01" * 32, "address": "0x" + "00" * 20, "string": "ZD-1"}
    inputs = _ledger_events()[name]["inputs"]
    event = Event(name, {field["name"]: dummy[field["type"].rstrip("0123456789")] for field in inputs})
    for status in S:
        assert isinstance(evolve(WorkflowState(status=status, step_count=3), event), WorkflowState)
