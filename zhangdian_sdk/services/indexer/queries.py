"""Reading the index: applications, their timelines, material use, and transparency statistics."""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass
from typing import Any

from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import Engine

from zhangdian_sdk.core.models import ApplicationStatus, RatingScore
from zhangdian_sdk.services.indexer.schema import applications, blocks, check_schema, checkpoint, events, ratings

__all__ = ["ApplicationRecord", "GroupStatistics", "IndexReader", "IndexedBlock", "RatingStatistics"]

_FINAL_OK = {ApplicationStatus.COMPLETED}
# The promised deadline's clock stands still while the applicant supplies materials (补正) and during a
# special procedure (特别程序): the ledger moves the deadline on when it resumes, so these are not overdue.
_CLOCK_STOPPED = {ApplicationStatus.SUPPLEMENT_REQUESTED, ApplicationStatus.SPECIAL_PROCEDURE}


@dataclass(frozen=True)
class IndexedBlock:
    """The last block the index holds completely, and its time (unix seconds, from the chain's header)."""

    number: int
    timestamp: int


@dataclass(frozen=True)
class GroupStatistics:
    """Counts and timeliness of one department's or service's applications."""

    key: str
    counts: dict[str, int]
    total: int
    on_time_rate: float | None  # completed by their deadline / completed with a deadline
    median_hours: float | None  # submission to completion
    overdue_open: int = 0  # still open, past the promised deadline (at the last indexed block's time)
    completed_late: int = 0  # completed after the promised deadline


@dataclass(frozen=True)
class RatingStatistics:
    """The 好差评 of one department's or service's applications: ``counts[score]`` for scores 1..5."""

    key: str
    counts: dict[int, int]
    total: int
    satisfied_rate: float | None  # 满意率: 非常满意, 满意 or 基本满意 (scores 1 to 3) among all
    negative: int  # 不满意 or 非常不满意 (差评): score 4 or 5


@dataclass(frozen=True)
class ApplicationRecord:
    """Everything the lookup page shows of one application, read from the index in one connection: its
    row, its events (timeline), its parent and follow-on rows, its rating and its completion certificate's
    issuance and the events about that certificate (revocation, suspension, reinstatement)."""

    row: dict[str, Any]
    timeline: list[dict[str, Any]]
    parent: dict[str, Any] | None
    children: list[dict[str, Any]]
    rating: int | None
    certificate_events: list[dict[str, Any]]


class LookupQueries:
    """The portal lookup's reads (mixed into :class:`IndexReader`): by number hash, one application with
    all it shows, and where the index stands. A few indexed queries each, whatever the history's length."""

    engine: Engine

    def indexed_head(self) -> tuple[int, int] | None:
        """The last indexed block and its timestamp (None before the first sync)."""
        with self.engine.connect() as connection:
            row = connection.execute(
                select(checkpoint.c.block_number, blocks.c.timestamp).join(
                    blocks, blocks.c.number == checkpoint.c.block_number, isouter=True
                )
            ).first()
        return None if row is None else (int(row[0]), int(row[1] or 0))

    def applications_by_number(self, number_hash: str) -> list[dict[str, Any]]:
        """The applications whose 办件编号 hashes to ``number_hash`` (0x-hex), one per department, with
        the department the applicant's commitment names (a follow-on carries its first parent's)."""
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(applications.c.id, applications.c.department, applications.c.parent_id)
                .where(applications.c.number_hash == number_hash.lower())
                .order_by(applications.c.department, applications.c.id)
            ).all()
            found = []
            for app_id, department, parent_id in rows:
                found.append(
                    {
                        "id": app_id,
                        "department": department,
                        "commitment_department": _root_department(connection, parent_id) or department,
                    }
                )
        return found

    def lookup(self, application_id: str) -> ApplicationRecord | None:
        """One application with its timeline, links, rating and completion certificate, or None."""
        application_id = application_id.lower()
        with self.engine.connect() as connection:
            row = connection.execute(select(applications).where(applications.c.id == application_id)).mappings().first()
            if row is None:
                return None
            timeline = [
                event_row(r)
                for r in connection.execute(
                    select(events)
                    .where(events.c.subject == application_id)
                    .order_by(events.c.block_number, events.c.log_index)
                ).mappings()
            ]
            timeline = sorted(
                timeline + _appeal_events(connection, application_id),
                key=lambda event: (event["blockNumber"], event["logIndex"]),
            )
            parent = None
            if row["parent_id"]:
                found = (
                    connection.execute(select(applications).where(applications.c.id == row["parent_id"]))
                    .mappings()
                    .first()
                )
                parent = dict(found) if found else None
            children = [
                dict(child)
                for child in connection.execute(
                    select(applications)
                    .where(applications.c.parent_id == application_id)
                    .order_by(applications.c.number)
                ).mappings()
            ]
            score = connection.execute(
                select(ratings.c.score).where(ratings.c.application_id == application_id)
            ).scalar_one_or_none()
            issued = [e for e in timeline if e["name"] == "ApplicationCertificateIssued"]
            certificate_events: list[dict[str, Any]] = []
            if issued:
                root = str(issued[-1]["args"]["root"]).lower()
                certificate_events = [
                    event_row(r)
                    for r in connection.execute(
                        select(events)
                        .where(events.c.subject == root, events.c.contract == "CertificateRegistry")
                        .order_by(events.c.block_number, events.c.log_index)
                    ).mappings()
                ]
        return ApplicationRecord(
            row=dict(row),
            timeline=timeline,
            parent=parent,
            children=children,
            rating=None if score is None else int(score),
            certificate_events=certificate_events,
        )


def _appeal_events(connection: Any, application_id: str) -> list[dict[str, Any]]:
    """The events of the application's appeals (行政复议, issue 18): an appeal's events are indexed by the
    appeal's id, and each names the original as ``originalId``; its filing is found by that name (few
    applications are appealed: the scan reads the AppealFiled rows alone, by the events' name index)."""
    filed = [
        event_row(r)
        for r in connection.execute(
            select(events).where(
                events.c.name == "AppealFiled",
                events.c.contract == "AppealRegistry",
                events.c.args.contains(application_id),
            )
        ).mappings()
    ]
    appeal_ids = sorted(
        {
            str(e["args"]["appealId"]).lower()
            for e in filed
            if str(e["args"].get("originalId", "")).lower() == application_id
        }
    )
    if not appeal_ids:
        return []
    return [
        event_row(r)
        for r in connection.execute(
            select(events).where(events.c.subject.in_(appeal_ids), events.c.contract == "AppealRegistry")
        ).mappings()
    ]


def _root_department(connection: Any, parent_id: str | None) -> str | None:
    """The department of the first application of a chain of follow-ons (whose commitment they share)."""
    department = None
    seen: set[str] = set()
    while parent_id and parent_id not in seen:
        seen.add(parent_id)
        found = connection.execute(
            select(applications.c.department, applications.c.parent_id).where(applications.c.id == parent_id)
        ).first()
        if found is None:
            break
        department, parent_id = found
    return department


class IndexReader(LookupQueries):
    """Read-only queries on an index database."""

    def __init__(self, database_url: str | Engine) -> None:
        self.engine = database_url if isinstance(database_url, Engine) else create_engine(database_url, future=True)
        check_schema(self.engine)

    def indexed_block(self) -> int | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(checkpoint.c.block_number)).first()
        return int(row[0]) if row else None

    def last_block(self) -> IndexedBlock | None:
        """The last indexed block and its timestamp (None before the first sync), read from the index only."""
        with self.engine.connect() as connection:
            number = connection.execute(select(checkpoint.c.block_number)).scalar_one_or_none()
            if number is None:
                return None
            # The checkpoint's block is remembered with it; after a rollback the newest one before it.
            timestamp = connection.execute(
                select(blocks.c.timestamp).where(blocks.c.number <= number).order_by(blocks.c.number.desc()).limit(1)
            ).scalar_one_or_none()
        return IndexedBlock(int(number), int(timestamp or 0))

    def application(self, application_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(applications).where(applications.c.id == application_id)).mappings().first()
        return dict(row) if row else None

    def timeline(self, subject: str) -> list[dict[str, Any]]:
        """Every event about an application, material or certificate, oldest first."""
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(events).where(events.c.subject == subject).order_by(events.c.block_number, events.c.log_index)
            ).mappings()
            return [event_row(row) for row in rows]

    def transaction(self, transaction_hash: str) -> list[dict[str, Any]]:
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(events).where(events.c.transaction_hash == transaction_hash).order_by(events.c.log_index)
            ).mappings()
            return [event_row(row) for row in rows]

    def material_uses(self, material_ids: list[str]) -> list[dict[str, Any]]:
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(events)
                .where(events.c.name == "MaterialUsed", events.c.subject.in_(material_ids))
                .order_by(events.c.block_number, events.c.log_index)
            ).mappings()
            return [event_row(row) for row in rows]

    def count(self) -> int:
        with self.engine.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(applications)).scalar_one())

    def statistics(self, by: str = "department", *, now: int | None = None) -> list[GroupStatistics]:
        """Per department (or service): counts by status, on-time rate, median processing time, and the
        overdue figures: open past the deadline and completed late. "Now" for the open ones is ``now``,
        by default the last indexed block's time (the index's own present, not the wall clock)."""
        column = applications.c.department if by == "department" else applications.c.service
        if now is None:
            last = self.last_block()
            now = last.timestamp if last else 0
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(
                    column,
                    applications.c.status,
                    applications.c.submitted_at,
                    applications.c.deadline,
                    applications.c.completed_at,
                )
            ).all()
        groups: dict[str, list[Any]] = {}
        for row in rows:
            groups.setdefault(row[0], []).append(row)
        result = []
        for key in sorted(groups):
            members = groups[key]
            counts: dict[str, int] = {}
            for member in members:
                name = ApplicationStatus(member[1]).name
                counts[name] = counts.get(name, 0) + 1
            done = [m for m in members if m[1] in _FINAL_OK and m[4]]
            timed = [m for m in done if m[3]]
            on_time = sum(1 for m in timed if m[4] <= m[3]) / len(timed) if timed else None
            median = statistics.median((m[4] - m[2]) / 3600 for m in done) if done else None
            late = sum(1 for m in timed if m[4] > m[3])
            overdue = sum(
                1
                for m in members
                if m[3] and m[3] < now and not ApplicationStatus(m[1]).is_final and m[1] not in _CLOCK_STOPPED
            )
            result.append(GroupStatistics(key, counts, len(members), on_time, median, overdue, late))
        return result

    def ratings(self, by: str = "department") -> list[RatingStatistics]:
        """Per department (or service): how many ratings of each score, their mean, and the 差评."""
        column = ratings.c.department if by == "department" else ratings.c.service
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(column, ratings.c.score, func.count()).group_by(column, ratings.c.score)
            ).all()
        groups: dict[str, dict[int, int]] = {}
        for key, score, count in rows:
            groups.setdefault(key, dict.fromkeys(range(1, 6), 0))[int(score)] = int(count)
        result = []
        for key in sorted(groups):
            counts = groups[key]
            total = sum(counts.values())
            satisfied = sum(n for score, n in counts.items() if RatingScore(score).satisfied)
            rate = satisfied / total if total else None
            result.append(RatingStatistics(key, counts, total, rate, counts[4] + counts[5]))
        return result


def event_row(row: Any) -> dict[str, Any]:
    """An events-table row as the readers return it (arguments decoded from their JSON)."""
    return {
        "name": row["name"],
        "contract": row["contract"],
        "subject": row["subject"],
        "blockNumber": row["block_number"],
        "transactionHash": row["transaction_hash"],
        "logIndex": row["log_index"],
        "timestamp": row["timestamp"],
        "department": row["department"],
        "args": json.loads(row["args"]),
    }
