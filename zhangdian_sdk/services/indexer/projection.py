"""How the ledger's events change the applications table: the rules of the workflow, replayed.

:func:`evolve` maps :func:`zhangdian_sdk.core.workflow.evolve` onto the table's columns, a pure function
from a row and an event to the next row; :class:`ProjectionBatch` applies a range of events in memory
and writes the rows once, and :func:`replay_application` rebuilds one row after a reorg.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from eth_utils.crypto import keccak
from sqlalchemy import bindparam, delete, insert, select, update
from sqlalchemy.engine import Connection

from zhangdian_sdk.core import workflow
from zhangdian_sdk.core.codes import follow_on_number
from zhangdian_sdk.core.models import ApplicationStatus as S
from zhangdian_sdk.services.indexer.bulk import insert_dicts
from zhangdian_sdk.services.indexer.schema import applications, events, ratings, services

__all__ = ["ProjectionBatch", "evolve", "replay_application"]

Row = dict[str, Any]


def evolve(
    row: Row | None,
    name: str,
    subject: str,
    args: dict[str, Any],
    block: int,
    timestamp: int,
    step_count: Callable[[str, int], int],
) -> Row | None:
    """The application row after one ledger event (``None`` if the event changes no known row).

    The workflow's rules are :mod:`zhangdian_sdk.core.workflow`'s; this maps them onto the table's columns.
    """
    if name not in workflow.RECORD_EVENTS:
        return None
    if name == "ApplicationSubmitted":
        number = args.get("number", "")
        submitted = _submitted_row(step_count(args["service"], args["serviceVersion"])).copy()
        submitted.update(
            id=subject,
            service=args["service"],
            service_version=args["serviceVersion"],
            department=args["department"],
            applicant_commitment=args["applicantCommitment"],
            number=number,
            number_hash=_number_hash(number),
            submitted_at=timestamp,
            updated_at=timestamp,
            last_block=block,
        )
        return submitted
    if row is None:
        return None
    before = _state(row)
    state = workflow.evolve(before, workflow.Event(name, args))
    return {
        **row,
        **_columns(state),
        **_progress(row, before, state, name, args, timestamp),
        "updated_at": timestamp,
        "last_block": block,
    }


# The reason kind (zhangdian_sdk.core.reasons.ReasonKind) an event puts in force, and its code argument.
_REASONS = {
    "ApplicationRejected": ("rejection", "reasonCode"),
    "SupplementRequested": ("supplement", "reasonCode"),
    "ApplicationWithdrawn": ("withdrawal", "reasonCode"),
    "SpecialProcedureStarted": ("special_procedure", "reasonCode"),
}
_NO_REASON: Row = {"reason_kind": None, "reason_code": 0, "reason_step": None}


def _progress(
    row: Row, before: workflow.WorkflowState, after: workflow.WorkflowState, name: str, args: dict[str, Any], now: int
) -> Row:
    """The columns the workflow state does not hold: the reason in force, the open step's start and the
    stopped clock, as the ledger keeps them (``progressOf``, ``suspendedAt``)."""
    changed: Row = {}
    if name in _REASONS:
        kind, argument = _REASONS[name]
        step = args.get("stepIndex")
        changed.update(
            reason_kind=kind, reason_code=int(args[argument]), reason_step=None if step is None else int(step)
        )
    elif name in {"ApplicationResubmitted", "SpecialProcedureEnded", "ApplicationReopened"}:
        changed.update(_NO_REASON)
    if name in {"ApplicationAccepted", "ApplicationReopened"} or (
        name in {"StepApproved", "StepDeemedApproved"} and after.current_step != before.current_step
    ):
        changed["step_started_at"] = now
    if name in {"SupplementRequested", "SpecialProcedureStarted"}:
        changed["suspended_at"] = now
    elif name in {"ApplicationResubmitted", "SpecialProcedureEnded", "ApplicationReopened"}:
        changed["suspended_at"] = 0
    return changed


def _number_hash(number: str) -> str:
    """keccak-256 of the number as the ledger got it (what ``number_hash`` gives for its normal form)."""
    return "0x" + _keccak_hex(number.encode()) if number else ""


def _keccak_hex_portable(data: bytes) -> str:
    return keccak(data).hex()


try:  # pysha3's C keccak: a tenth of eth-hash's cost, which counts once per indexed application
    from sha3 import keccak_256 as _keccak_256

    def _keccak_hex(data: bytes) -> str:
        return str(_keccak_256(data).hexdigest())

except ImportError:  # pragma: no cover - an environment without the index extra's pysha3
    _keccak_hex = _keccak_hex_portable


def _state(row: Row) -> workflow.WorkflowState:
    """The workflow state a row holds."""
    return workflow.WorkflowState(
        status=S(row["status"]),
        resume_status=S(row["resume_status"]),
        current_step=row["current_step"],
        step_count=row["step_count"],
        deadline=row["deadline"],
        completed_at=row["completed_at"],
    )


@cache
def _submitted(step_count: int) -> Row:
    """The columns of a just-submitted application (the workflow's state after ApplicationSubmitted depends
    on the step count alone): computed once per step count, not once per application."""
    known = workflow.WorkflowState(step_count=step_count)
    return _columns(workflow.evolve(known, workflow.Event("ApplicationSubmitted", {})))


@cache
def _submitted_row(step_count: int) -> Row:
    """The columns every just-submitted application with ``step_count`` steps shares (copied per row)."""
    return {
        "parent_id": None,
        "follow_on_count": 0,
        **_submitted(step_count),
        **_NO_REASON,
        "step_started_at": 0,
        "suspended_at": 0,
    }


def _columns(state: workflow.WorkflowState) -> Row:
    """The row's columns of a workflow state."""
    return {
        "status": int(state.status),
        "resume_status": int(state.resume_status),
        "current_step": state.current_step,
        "step_count": state.step_count,
        "deadline": state.deadline,
        "completed_at": state.completed_at,
    }


class ProjectionBatch:
    """Applies the events of one block range in memory, then writes every changed row at once."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._rows: dict[str, Row] = {}
        self._absent: set[str] = set()  # subjects preload found no row for (not yet submitted)
        self._new: set[str] = set()
        self._changed: set[str] = set()
        self._step_counts: dict[tuple[str, int], int] = {}

    def apply(self, name: str, subject: str | None, args: dict[str, Any], block: int, timestamp: int) -> None:
        if name == "ServicePublished":
            self._connection.execute(
                insert(services).values(
                    code=args["service"],
                    version=args["version"],
                    owner_department=args["ownerDepartment"],
                    step_count=args["stepCount"],
                )
            )
            self._step_counts[(args["service"], args["version"])] = args["stepCount"]
            return
        if subject is None:
            return
        if name == "FollowOnOpened":
            self._number_follow_on(subject, str(args["childId"]))
            return
        if name == "ApplicationRated":
            self._connection.execute(
                insert(ratings).values(
                    application_id=subject,
                    service=args["service"],
                    department=args["department"],
                    score=args["score"],
                    block_number=block,
                    timestamp=timestamp,
                )
            )
            return
        row = self._row(subject)
        result = evolve(row, name, subject, args, block, timestamp, self._step_count)
        if result is None:
            return
        self._rows[subject] = result
        if name == "ApplicationSubmitted":
            self._new.add(subject)
        else:
            self._changed.add(subject)

    def _number_follow_on(self, parent_id: str, child_id: str) -> None:
        """Gives a follow-on the 办件编号 derived from its parent's (the ledger opens it without one)."""
        parent, child = self._row(parent_id), self._row(child_id)
        if parent is None or child is None:
            return
        position = parent["follow_on_count"] + 1
        self._rows[parent_id] = {**parent, "follow_on_count": position}
        number = follow_on_number(parent["number"], position, bytes.fromhex(child_id.removeprefix("0x")))
        self._rows[child_id] = {
            **child,
            "number": number,
            "number_hash": _number_hash(number),
            "parent_id": parent_id,
        }
        for subject in (parent_id, child_id):
            if subject not in self._new:
                self._changed.add(subject)

    def preload_for(self, events: Iterable[tuple[str, str | None]]) -> None:
        """Read the rows the events (name, subject, in order) will touch. A subject whose first event here
        is its submission is not read: the submission makes its row whatever was there (nothing was)."""
        first: dict[str, str] = {}
        for name, subject in events:
            if subject is not None and subject not in first:
                first[subject] = name
        self._absent.update(s for s, name in first.items() if name == "ApplicationSubmitted" and s not in self._rows)
        self.preload({s for s, name in first.items() if name != "ApplicationSubmitted"})

    def preload(self, subjects: set[str]) -> None:
        """Read the rows the range will touch in a few queries."""
        wanted = [s for s in subjects if s not in self._rows]
        for start in range(0, len(wanted), 500):
            part = wanted[start : start + 500]
            for row in self._connection.execute(select(applications).where(applications.c.id.in_(part))).mappings():
                self._rows[row["id"]] = dict(row)
        self._absent.update(s for s in wanted if s not in self._rows)

    def flush(self) -> None:
        if self._new:
            insert_dicts(self._connection, applications, [self._rows[s] for s in self._new])
        changed = [s for s in self._changed if s not in self._new]
        if changed:
            statement = (
                update(applications)
                .where(applications.c.id == bindparam("key"))
                .values({column: bindparam(column) for column in _MUTABLE})
            )
            self._connection.execute(
                statement, [{"key": s, **{c: self._rows[s][c] for c in _MUTABLE}} for s in changed]
            )

    def _row(self, subject: str) -> Row | None:
        """The subject's row as the batch has it: applied, preloaded, known absent, else read."""
        if subject in self._rows:
            return self._rows[subject]
        if subject in self._absent:
            return None
        return self._load(subject)

    def _load(self, subject: str) -> Row | None:
        found = self._connection.execute(select(applications).where(applications.c.id == subject)).mappings().first()
        return dict(found) if found else None

    def _step_count(self, service: str, version: int) -> int:
        key = (service, version)
        if key not in self._step_counts:
            found = self._connection.execute(
                select(services.c.step_count).where(services.c.code == service, services.c.version == version)
            ).scalar_one_or_none()
            self._step_counts[key] = int(found or 1)
        return self._step_counts[key]


_MUTABLE = (
    "status",
    "resume_status",
    "current_step",
    "updated_at",
    "deadline",
    "completed_at",
    "last_block",
    "number",
    "number_hash",
    "parent_id",
    "follow_on_count",
    "reason_kind",
    "reason_code",
    "reason_step",
    "step_started_at",
    "suspended_at",
)


def replay_application(connection: Connection, application_id: str) -> None:
    """Rebuild one application's row and rating from the events still in the table (after a reorg)."""
    connection.execute(delete(applications).where(applications.c.id == application_id))
    connection.execute(delete(ratings).where(ratings.c.application_id == application_id))
    batch = ProjectionBatch(connection)
    rows = connection.execute(
        select(events).where(events.c.subject == application_id).order_by(events.c.block_number, events.c.log_index)
    ).mappings()
    for row in rows:
        batch.apply(row["name"], row["subject"], json.loads(row["args"]), row["block_number"], row["timestamp"])
    batch.flush()
    _renumber_follow_on(connection, application_id)


def _renumber_follow_on(connection: Connection, application_id: str) -> None:
    """A rebuilt follow-on takes its number again from its parent's FollowOnOpened events."""
    opened = connection.execute(
        select(events.c.subject).where(events.c.name == "FollowOnOpened", events.c.args.contains(application_id))
    ).first()
    if opened is None:
        return
    parent_id = opened[0]
    siblings = connection.execute(
        select(events.c.args)
        .where(events.c.name == "FollowOnOpened", events.c.subject == parent_id)
        .order_by(events.c.block_number, events.c.log_index)
    ).all()
    children = [json.loads(args)["childId"] for (args,) in siblings]
    parent_number = connection.execute(
        select(applications.c.number).where(applications.c.id == parent_id)
    ).scalar_one_or_none()
    if parent_number is None or application_id not in children:
        return
    position = children.index(application_id) + 1
    number = follow_on_number(parent_number, position, bytes.fromhex(application_id.removeprefix("0x")))
    connection.execute(
        update(applications)
        .where(applications.c.id == application_id)
        .values(number=number, number_hash=_number_hash(number), parent_id=parent_id)
    )
