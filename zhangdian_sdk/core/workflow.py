"""The application workflow (办件流程), modelled once: the statuses an application moves through, the
ledger events that move it, and how a sequence of those events replays into what the ledger holds.

The ApplicationLedger contract is the authority; this module says what its events mean, so that every
reader of events derives statuses the same way: :meth:`~zhangdian_sdk.facades.ledger.LedgerFacade.history`,
the indexer's projection and, through them, the portal. ``tests/ape/test_workflow_model.py`` drives
random actions on a chain and checks that replaying the emitted events gives what ``getApplication``,
``progressOf``, ``childrenOf`` and ``followOnFailed`` report.

Pure: no web3, no I/O. An event is anything with a ``name`` and ``args`` (a decoded log's
:class:`~zhangdian_sdk.core.events.DecodedEvent`, an indexer row, or :class:`Event`), each event of one
application in the order the chain emitted them (the ledger's events are indexed by the application
id, or by the parent's id for follow-ons, as their first topic).

Usage::

    state = replay(decode_logs(logs_of_one_application))
    print(state.status.label, state.current_step)
    for event, after in walk(events):
        print(event.name, after.status)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Protocol, TypeVar

from zhangdian_sdk.core.models import ApplicationStatus

__all__ = [
    "DECIDABLE",
    "EVENTS",
    "INITIAL",
    "RECORD_EVENTS",
    "RUNNING",
    "SOURCES",
    "WITHDRAWABLE",
    "Event",
    "LedgerEvent",
    "WorkflowState",
    "evolve",
    "fits",
    "replay",
    "shown_step",
    "step_done",
    "walk",
]

S = ApplicationStatus

RUNNING = frozenset({S.ACCEPTED, S.IN_REVIEW})
"""Statuses with a step running: it can be approved, flagged overdue, escalated or deemed approved."""
DECIDABLE = frozenset({S.SUBMITTED, S.ACCEPTED, S.IN_REVIEW, S.APPROVED})
"""Statuses in which an officer may reject or ask for a supplement (Approved: while completion waits)."""
WITHDRAWABLE = frozenset({S.SUBMITTED, S.ACCEPTED, S.IN_REVIEW, S.SUPPLEMENT_REQUESTED, S.SPECIAL_PROCEDURE})
"""Statuses from which the applicant may withdraw."""

SOURCES: Mapping[str, frozenset[ApplicationStatus]] = {
    "ApplicationSubmitted": frozenset({S.NONE}),
    "ApplicationAccepted": frozenset({S.SUBMITTED}),
    "StepApproved": RUNNING,
    "StepDeemedApproved": RUNNING,
    "ApplicationOverdue": RUNNING,
    "StepEscalated": RUNNING,
    # After the last step's approval, in the same transaction.
    "ApplicationApproved": RUNNING,
    "CompletionDeferred": frozenset({S.APPROVED}),
    "ApplicationCompleted": frozenset({S.APPROVED}),
    "ApplicationRejected": DECIDABLE,
    "SupplementRequested": DECIDABLE,
    "ApplicationResubmitted": frozenset({S.SUPPLEMENT_REQUESTED}),
    "ApplicationWithdrawn": WITHDRAWABLE,
    # 特别程序: the open step's clock stops while it runs.
    "SpecialProcedureStarted": RUNNING,
    "SpecialProcedureEnded": frozenset({S.SPECIAL_PROCEDURE}),
    # A completed parent's follow-on applications.
    "FollowOnOpened": frozenset({S.COMPLETED}),
    "FollowOnFailed": frozenset({S.COMPLETED}),
    "FollowOnRetried": frozenset({S.COMPLETED}),
    # 行政复议 (issue 18): an appeal revoked the decision and the appeal registry reopened it at a step.
    "ApplicationReopened": frozenset({S.REJECTED, S.APPROVED, S.COMPLETED}),
}
"""Every ledger event about one application, with the statuses the ledger emits it in."""

EVENTS = frozenset(SOURCES)
"""The ledger's events this model knows; every one indexed by an application id (a test checks the ABI)."""

RECORD_EVENTS = frozenset(
    {
        "ApplicationSubmitted",
        "ApplicationAccepted",
        "StepApproved",
        "StepDeemedApproved",
        "ApplicationApproved",
        "ApplicationCompleted",
        "ApplicationRejected",
        "SupplementRequested",
        "ApplicationResubmitted",
        "ApplicationWithdrawn",
        "SpecialProcedureStarted",
        "SpecialProcedureEnded",
        "ApplicationReopened",
    }
)
"""The events that change the application's record (``getApplication``: status, step, deadline, time
of the last change); the others change its progress flag or its follow-ons, or only inform."""


class LedgerEvent(Protocol):
    """What the model reads of an event: its name and its arguments by name."""

    @property
    def name(self) -> str: ...

    @property
    def args(self) -> Mapping[str, Any]: ...


@dataclass(frozen=True)
class Event:
    """A ledger event by name and arguments, for callers without a decoded log."""

    name: str
    args: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class WorkflowState:
    """Where an application stands, as its events tell it (the ledger's record, progress and links).

    ``step_count`` is None until known: the events carry it only at approval (a caller that knows the
    service version's step count passes it in the state it starts from). Times are unix seconds, ids
    as the events carry them (bytes from a decoded log, hex text from the indexer).
    """

    status: ApplicationStatus = ApplicationStatus.NONE
    resume_status: ApplicationStatus = ApplicationStatus.NONE  # where a resubmission (or a procedure's end) returns
    current_step: int = 0
    step_count: int | None = None
    deadline: int = 0  # the promised deadline: set on acceptance, moved on by time stopped (补正, 特别程序)
    completed_at: int = 0
    flagged_step: int = 0  # one more than the step flagged overdue last, 0 if none (``progressOf``)
    children: tuple[Any, ...] = ()  # follow-on applications opened, in order (``childrenOf``)
    failed_follow_ons: frozenset[Any] = frozenset()  # follow-on services that failed to open, not retried


INITIAL = WorkflowState()
"""Before the application exists."""

E = TypeVar("E", bound=LedgerEvent)


def fits(state: WorkflowState, event: LedgerEvent) -> bool:
    """Whether the ledger can emit ``event`` for an application in ``state`` (False for unknown events)."""
    sources = SOURCES.get(event.name)
    return sources is not None and state.status in sources


def evolve(state: WorkflowState, event: LedgerEvent) -> WorkflowState:
    """The state after one event. Events the model does not know leave the state as it is.

    The chain is the authority, so an event that does not :func:`fit <fits>` is applied all the same
    (a reader that starts in the middle of a history still follows the chain).
    """
    name, args = event.name, event.args
    if name == "ApplicationSubmitted":
        return WorkflowState(status=S.SUBMITTED, step_count=state.step_count)
    if name == "ApplicationAccepted":
        return replace(state, status=S.ACCEPTED, deadline=int(args["deadline"]))
    if name in {"StepApproved", "StepDeemedApproved"}:
        following = int(args["stepIndex"]) + 1
        if state.step_count is not None and following >= state.step_count:
            return state  # the last step: ApplicationApproved follows in the same transaction
        return replace(state, status=S.IN_REVIEW, current_step=following)
    if name == "ApplicationApproved":
        # The open step stays the last one; without a known step count the approvals told it.
        count = state.step_count if state.step_count is not None else state.current_step
        return replace(state, status=S.APPROVED, step_count=count, current_step=max(count - 1, 0))
    if name == "ApplicationCompleted":
        return replace(state, status=S.COMPLETED, completed_at=int(args["completedAt"]))
    if name == "ApplicationRejected":
        return replace(state, status=S.REJECTED)
    if name == "ApplicationWithdrawn":
        return replace(state, status=S.WITHDRAWN)
    if name == "SupplementRequested":
        return replace(state, status=S.SUPPLEMENT_REQUESTED, resume_status=state.status)
    if name in {"ApplicationResubmitted", "SpecialProcedureEnded"}:
        return replace(state, status=state.resume_status, resume_status=S.NONE, deadline=int(args["deadline"]))
    if name == "SpecialProcedureStarted":
        return replace(state, status=S.SPECIAL_PROCEDURE, resume_status=state.status)
    if name == "ApplicationReopened":
        # The step is open again: its clock, the overdue flag and the completion restart; the promised
        # deadline restarts from the reopening (the event carries it).
        return replace(
            state,
            status=S.IN_REVIEW,
            resume_status=S.NONE,
            current_step=int(args["stepIndex"]),
            deadline=int(args["deadline"]),
            completed_at=0,
            flagged_step=0,
        )
    if name == "ApplicationOverdue":
        return replace(state, flagged_step=int(args["stepIndex"]) + 1)
    if name == "FollowOnOpened":
        return replace(state, children=(*state.children, args["childId"]))
    if name == "FollowOnFailed":
        return replace(state, failed_follow_ons=state.failed_follow_ons | {args["service"]})
    if name == "FollowOnRetried":
        return replace(state, failed_follow_ons=state.failed_follow_ons - {args["service"]})
    return state  # StepEscalated, CompletionDeferred, and events of other contracts


def walk(events: Iterable[E], state: WorkflowState = INITIAL) -> Iterator[tuple[E, WorkflowState]]:
    """Each event with the state after it, oldest first (an application's timeline)."""
    for event in events:
        state = evolve(state, event)
        yield event, state


def replay(events: Iterable[LedgerEvent], state: WorkflowState = INITIAL) -> WorkflowState:
    """The state after all ``events``, from ``state`` (before the application exists by default)."""
    for event in events:
        state = evolve(state, event)
    return state


def step_done(status: ApplicationStatus, current_step: int, step: int) -> bool:
    """Whether ``step`` was approved already: every step of an approved or completed application, and
    the steps before the open one otherwise."""
    return status in (S.APPROVED, S.COMPLETED) or current_step > step


def shown_step(current_step: int, step_count: int) -> int:
    """The step to show a citizen as "step n of m", counted from 1 (the last one once all are done)."""
    return min(current_step + 1, step_count)
