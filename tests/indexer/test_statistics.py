"""The transparency statistics' overdue figures, on an index written directly (no chain needed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, insert

from zhangdian_sdk.core.models import ApplicationStatus as S
from zhangdian_sdk.services.indexer import IndexReader
from zhangdian_sdk.services.indexer.schema import applications, blocks, checkpoint
from zhangdian_sdk.services.indexer.sync import prepare_schema

NOW = 1_790_000_000  # the last indexed block's time
HOUR = 3600


def _row(number: int, status: S, *, deadline: int, completed_at: int = 0, department: str = "ZD-A") -> dict[str, Any]:
    return {
        "id": f"0x{number:064x}",
        "service": "SVC",
        "service_version": 1,
        "department": department,
        "applicant_commitment": "0x" + "11" * 32,
        "status": int(status),
        "resume_status": 0,
        "current_step": 0,
        "step_count": 1,
        "submitted_at": NOW - 100 * HOUR,
        "updated_at": NOW - HOUR,
        "deadline": deadline,
        "completed_at": completed_at,
        "last_block": 10,
        "number": f"N-{number}",
        "parent_id": None,
        "follow_on_count": 0,
    }


def test_overdue_figures_count_open_past_deadline_at_the_indexed_time_and_late_completions(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path}/index.db")
    prepare_schema(engine)
    rows = [
        _row(1, S.IN_REVIEW, deadline=NOW - HOUR),  # open, past its deadline: overdue
        _row(2, S.ACCEPTED, deadline=NOW - 1),  # overdue by a second
        _row(3, S.IN_REVIEW, deadline=NOW + HOUR),  # open, not yet due
        _row(4, S.SUBMITTED, deadline=0),  # not accepted: no deadline yet
        _row(5, S.SUPPLEMENT_REQUESTED, deadline=NOW - HOUR),  # the clock stands still during 补正
        _row(6, S.SPECIAL_PROCEDURE, deadline=NOW - HOUR),  # and during 特别程序
        _row(7, S.COMPLETED, deadline=NOW - 10 * HOUR, completed_at=NOW - 5 * HOUR),  # completed late
        _row(8, S.COMPLETED, deadline=NOW - 10 * HOUR, completed_at=NOW - 20 * HOUR),  # completed in time
        _row(9, S.REJECTED, deadline=NOW - HOUR),  # concluded: not overdue
        _row(10, S.IN_REVIEW, deadline=NOW - HOUR, department="ZD-B"),
    ]
    with engine.begin() as connection:
        connection.execute(insert(applications), rows)
        connection.execute(insert(blocks).values(number=10, hash="0x" + "ab" * 32, timestamp=NOW))
        connection.execute(
            insert(checkpoint).values(id=1, chain_id=31337, block_number=10, block_hash="0x" + "ab" * 32)
        )
    reader = IndexReader(engine)
    assert reader.last_block() is not None
    assert (reader.last_block().number, reader.last_block().timestamp) == (10, NOW)  # type: ignore[union-attr]
    by_department = {g.key: g for g in reader.statistics("department")}
    a = by_department["ZD-A"]
    assert (a.overdue_open, a.completed_late) == (2, 1)
    assert a.on_time_rate == 0.5
    assert (by_department["ZD-B"].overdue_open, by_department["ZD-B"].completed_late) == (1, 0)
    # "Now" is the index's last block, not the wall clock: an hour later application 3 is overdue too.
    later = {g.key: g for g in reader.statistics("department", now=NOW + 2 * HOUR)}
    assert later["ZD-A"].overdue_open == 3
    (service,) = reader.statistics("service")
    assert (service.key, service.overdue_open, service.completed_late, service.total) == ("SVC", 3, 1, 10)


def test_an_index_never_synced_has_no_last_block_and_counts_nothing_overdue(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path}/index.db")
    prepare_schema(engine)
    reader = IndexReader(engine)
    assert reader.last_block() is None
    assert reader.statistics() == []
