"""The GB/T 39046 办件 records of a date range, read from the index (what ``zhangdian report export``
writes): 办件受理 (acceptance), 办件过程 (process) and 办件结果 (result), as CSV with a header row of the
standard's field names or as JSON with the same keys.

The mapping from ledger events to records is :mod:`zhangdian_sdk.core.gbt39046`; this module picks the
applications with an event in the range, replays each one's events from the index and keeps the
records filed inside the range (dates are Beijing days, both ends included).

Usage::

    records = export_records("sqlite:///index.db", date(2026, 1, 1), date(2026, 1, 31))
    paths = write_records(records, Path("out"), "csv")
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import create_engine, select
from sqlalchemy.engine import Engine

from zhangdian_sdk.core import messages
from zhangdian_sdk.core.errors import ConfigurationError, InvalidInputError
from zhangdian_sdk.core.gbt39046 import (
    ACCEPTANCE_FIELDS,
    PROCESS_FIELDS,
    RESULT_FIELDS,
    Case,
    Directory,
    beijing_day_bounds,
    case_records,
    format_time,
)
from zhangdian_sdk.services.indexer.schema import applications, blocks, check_schema, checkpoint, events

__all__ = ["DATA_SETS", "ExportedRecords", "export_records", "synced_text", "write_records"]

Format = Literal["csv", "json"]

DATA_SETS: dict[str, tuple[str, ...]] = {
    "acceptance": ACCEPTANCE_FIELDS,
    "process": PROCESS_FIELDS,
    "result": RESULT_FIELDS,
}
"""The three data sets by file stem, with their columns (办件受理, 办件过程, 办件结果)."""

_LEDGER = "ApplicationLedger"
_CHUNK = 200


@dataclass
class ExportedRecords:
    """The records of a range by data set, oldest first, and how far the index was synced."""

    start: date
    end: date
    synced_until: int  # block time of the last indexed block (unix seconds)
    stale: bool  # the index ends before the range does (and before now): records may be missing
    rows: dict[str, list[dict[str, str]]] = field(default_factory=lambda: {name: [] for name in DATA_SETS})


@dataclass(frozen=True)
class _Event:
    name: str
    args: dict[str, Any]
    timestamp: int


def export_records(
    database: str | Engine,
    start: date,
    end: date,
    *,
    directory: Directory | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    now: int | None = None,
) -> ExportedRecords:
    """The records filed from ``start`` to ``end`` (Beijing days, inclusive).

    Raises :class:`~zhangdian_sdk.core.errors.InvalidInputError` when ``start`` is after ``end``, and
    :class:`~zhangdian_sdk.core.errors.ConfigurationError` when the index was never synced.
    ``on_progress(done, total)`` is called after each chunk of applications.
    """
    if start > end:
        raise InvalidInputError(
            f"{messages.text('sdk.report_bad_range', 'zh', start=start, end=end)} / "
            f"{messages.text('sdk.report_bad_range', 'en', start=start, end=end)}"
        )
    engine = database if isinstance(database, Engine) else create_engine(database, future=True)
    check_schema(engine)
    low, high = beijing_day_bounds(start, end)
    with engine.connect() as connection:
        indexed = connection.execute(select(checkpoint.c.block_number)).scalar_one_or_none()
        if indexed is None:
            raise ConfigurationError(
                f"{messages.text('sdk.report_index_empty', 'zh')} / {messages.text('sdk.report_index_empty', 'en')}"
            )
        synced_until = connection.execute(
            select(blocks.c.timestamp).where(blocks.c.number == indexed)
        ).scalar_one_or_none()
        subjects = [
            subject
            for (subject,) in connection.execute(
                select(events.c.subject)
                .where(
                    events.c.contract == _LEDGER, events.c.timestamp.between(low, high), events.c.subject.is_not(None)
                )
                .distinct()
                .order_by(events.c.subject)
            )
        ]
        synced = int(synced_until or 0)
        out = ExportedRecords(start, end, synced, stale=synced < min(high, now if now is not None else high))
        found: list[tuple[int, str, dict[str, str]]] = []
        for offset in range(0, len(subjects), _CHUNK):
            part = subjects[offset : offset + _CHUNK]
            found.extend(_records_of(connection, part, directory, low, high))
            if on_progress is not None:
                on_progress(min(offset + _CHUNK, len(subjects)), len(subjects))
    for at, data_set, row in sorted(found, key=lambda item: (item[0], item[2]["办件编号"])):
        del at
        out.rows[data_set].append(row)
    return out


def _records_of(
    connection: Any, subjects: Sequence[str], directory: Directory | None, low: int, high: int
) -> list[tuple[int, str, dict[str, str]]]:
    rows = connection.execute(select(applications).where(applications.c.id.in_(subjects))).mappings()
    cases = {row["id"]: Case(row["number"], row["service"], row["department"]) for row in rows}
    by_subject: dict[str, list[_Event]] = {subject: [] for subject in cases}
    logged = connection.execute(
        select(events.c.subject, events.c.name, events.c.args, events.c.timestamp)
        .where(events.c.contract == _LEDGER, events.c.subject.in_(list(cases)))
        .order_by(events.c.block_number, events.c.log_index)
    )
    for subject, name, args, timestamp in logged:
        by_subject[subject].append(_Event(name, json.loads(args), int(timestamp)))
    found: list[tuple[int, str, dict[str, str]]] = []
    for subject, case in cases.items():
        records = case_records(case, by_subject[subject], directory)
        for data_set, filed in (
            ("acceptance", records.acceptance),
            ("process", records.process),
            ("result", records.result),
        ):
            found.extend((at, data_set, row) for at, row in filed if low <= at <= high)
    return found


def write_records(records: ExportedRecords, out_dir: Path, fmt: Format = "csv") -> list[Path]:
    """Write one file per data set (``acceptance-<from>-<to>.csv`` ...) into ``out_dir``; CSV in UTF-8
    with a byte-order mark (spreadsheet programs then read the Chinese headers right)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    span = f"{records.start:%Y%m%d}-{records.end:%Y%m%d}"
    paths: list[Path] = []
    for data_set, fields in DATA_SETS.items():
        path = out_dir / f"{data_set}-{span}.{fmt}"
        rows = records.rows[data_set]
        if fmt == "json":
            path.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        else:
            with path.open("w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.DictWriter(handle, fieldnames=list(fields))
                writer.writeheader()
                writer.writerows(rows)
        paths.append(path)
    return paths


def synced_text(records: ExportedRecords) -> str:
    """The staleness warning in both languages."""
    values = {"synced": format_time(records.synced_until), "until": f"{records.end:%Y-%m-%d}"}
    zh = messages.text("sdk.report_index_stale", "zh", **values)
    return f"{zh} / {messages.text('sdk.report_index_stale', 'en', **values)}"
