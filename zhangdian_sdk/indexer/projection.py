"""How the ledger's events change the applications table: the rules of the workflow, replayed."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from zhangdian_sdk.indexer.schema import applications, events, services
from zhangdian_sdk.models import ApplicationStatus as S

__all__ = ["apply_event", "replay_application"]


def apply_event(
    connection: Connection, name: str, subject: str | None, args: dict[str, Any], block: int, timestamp: int
) -> None:
    """Update the projections for one decoded event (events the projections ignore change nothing)."""
    if name == "ServicePublished":
        connection.execute(
            insert(services).values(
                code=args["service"],
                version=args["version"],
                owner_department=args["ownerDepartment"],
                step_count=args["stepCount"],
            )
        )
        return
    if subject is None:
        return
    if name == "ApplicationSubmitted":
        step_count = connection.execute(
            select(services.c.step_count).where(
                services.c.code == args["service"], services.c.version == args["serviceVersion"]
            )
        ).scalar_one_or_none()
        connection.execute(
            insert(applications).values(
                id=subject,
                service=args["service"],
                service_version=args["serviceVersion"],
                department=args["department"],
                applicant_commitment=args["applicantCommitment"],
                status=S.SUBMITTED,
                resume_status=0,
                current_step=0,
                step_count=step_count or 1,
                submitted_at=timestamp,
                updated_at=timestamp,
                deadline=0,
                completed_at=0,
                last_block=block,
            )
        )
        return
    row = connection.execute(select(applications).where(applications.c.id == subject)).mappings().first()
    if row is None:
        return
    changes: dict[str, Any] = {"updated_at": timestamp, "last_block": block}
    if name == "ApplicationAccepted":
        changes |= {"status": S.ACCEPTED, "deadline": args["deadline"]}
    elif name == "StepApproved":
        if args["stepIndex"] + 1 < row["step_count"]:
            changes |= {"status": S.IN_REVIEW, "current_step": args["stepIndex"] + 1}
    elif name == "ApplicationApproved":
        changes |= {"status": S.APPROVED}
    elif name == "ApplicationCompleted":
        changes |= {"status": S.COMPLETED, "completed_at": args["completedAt"]}
    elif name == "ApplicationRejected":
        changes |= {"status": S.REJECTED}
    elif name == "SupplementRequested":
        changes |= {"status": S.SUPPLEMENT_REQUESTED, "resume_status": row["status"]}
    elif name == "ApplicationResubmitted":
        changes |= {"status": row["resume_status"], "resume_status": 0, "deadline": args["deadline"]}
    elif name == "ApplicationWithdrawn":
        changes |= {"status": S.WITHDRAWN}
    else:
        return
    connection.execute(update(applications).where(applications.c.id == subject).values(**changes))


def replay_application(connection: Connection, application_id: str) -> None:
    """Rebuild one application's row from the events still in the table (after a reorg)."""
    connection.execute(delete(applications).where(applications.c.id == application_id))
    rows = connection.execute(
        select(events).where(events.c.subject == application_id).order_by(events.c.block_number, events.c.log_index)
    ).mappings()
    for row in rows:
        apply_event(
            connection, row["name"], row["subject"], json.loads(row["args"]), row["block_number"], row["timestamp"]
        )
