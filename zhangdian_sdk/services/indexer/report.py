"""The GB/T 39046 办件 records of a date range, read from the index (what ``zhangdian report export``
writes): 办件受理 (acceptance), 办件过程 (process), 办件结果 (result) and 政务服务绩效评价 (evaluation,
the 好差评), as CSV with a header row of the standard's field names or as JSON with the same keys, and the
ratings of the range per department and per service.

Names and national codes (事项名称, 基本编码, 实施编码, 受理单位统一社会信用代码, 办件类型) come from the
chain's catalogue and department registry through :func:`directory_from_chain`; the index holds codes.

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

from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core import messages
from zhangdian_sdk.core.errors import ConfigurationError, InvalidInputError
from zhangdian_sdk.core.gbt39046 import (
    ACCEPTANCE_FIELDS,
    EVALUATION_FIELDS,
    PROCESS_FIELDS,
    RESULT_FIELDS,
    Case,
    Directory,
    beijing_day_bounds,
    case_records,
    evaluation_record,
    format_time,
)
from zhangdian_sdk.core.models import CaseType, RatingScore
from zhangdian_sdk.services.indexer.schema import applications, blocks, check_schema, checkpoint, events, ratings

__all__ = [
    "DATA_SETS",
    "RATING_SUMMARY_FIELDS",
    "ExportedRecords",
    "directory_from_chain",
    "export_records",
    "synced_text",
    "write_records",
]

Format = Literal["csv", "json"]

DATA_SETS: dict[str, tuple[str, ...]] = {
    "acceptance": ACCEPTANCE_FIELDS,
    "process": PROCESS_FIELDS,
    "result": RESULT_FIELDS,
    "evaluation": EVALUATION_FIELDS,
}
"""The data sets by file stem, with their columns (办件受理, 办件过程, 办件结果, 政务服务绩效评价)."""

RATING_SUMMARY_FIELDS: tuple[str, ...] = (
    "统计维度",
    "名称",
    "代码",
    "评价数",
    *(score.label_zh for score in RatingScore),
    "满意率",
    "差评数",
)
"""The ratings of the range per department (部门) and per service (事项), written beside the records."""

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
    rating_summary: list[dict[str, str]] = field(default_factory=list)


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
        rated = connection.execute(
            select(applications.c.number, ratings.c.department, ratings.c.service, ratings.c.score, ratings.c.timestamp)
            .join(applications, applications.c.id == ratings.c.application_id)
            .where(ratings.c.timestamp.between(low, high))
        ).all()
    for number, _department, _service, score, timestamp in rated:
        found.append((int(timestamp), "evaluation", evaluation_record(number, int(score), int(timestamp), directory)))
    out.rating_summary = _rating_summary([(d, s, int(score)) for _n, d, s, score, _t in rated], directory)
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


def _rating_summary(rated: Sequence[tuple[str, str, int]], directory: Directory | None) -> list[dict[str, str]]:
    """Counts per score, 满意率 and 差评 per department, then per service (names from the directory)."""
    d = directory or Directory()
    rows: list[dict[str, str]] = []
    for dimension, by_service, name_of in (("部门", False, d.department), ("事项", True, d.service)):
        groups: dict[str, list[int]] = {}
        for department, service, score in rated:
            groups.setdefault(service if by_service else department, []).append(score)
        for key in sorted(groups):
            scores = [RatingScore(score) for score in groups[key]]
            satisfied = sum(1 for score in scores if score.satisfied)
            row = {"统计维度": dimension, "名称": name_of(key), "代码": key, "评价数": str(len(scores))}
            row |= {score.label_zh: str(scores.count(score)) for score in RatingScore}
            row |= {"满意率": f"{satisfied / len(scores):.2%}", "差评数": str(len(scores) - satisfied)}
            rows.append(row)
    return rows


def directory_from_chain(client: ZhangdianClient, *, region: str = "") -> Directory:
    """Names, credit codes and national codes from the chain: the department registry and each service's
    latest catalogue version. ``region`` defaults to the departments' 行政区划 when they share one."""
    departments = list(client.departments.list())
    services = [(found.code, found.definition) for found in client.catalog.list()]
    regions = {str(department.region_code) for department in departments}
    return Directory(
        department_names={department.code: department.name_zh for department in departments},
        department_credit_codes={department.code: department.credit_code for department in departments},
        service_names={code: definition.name_zh for code, definition in services},
        basic_codes={code: d.national.basic_code for code, d in services if d.national.basic_code},
        implementation_codes={
            code: d.national.implementation_code for code, d in services if d.national.implementation_code
        },
        case_types={code: int(d.national.case_type) for code, d in services if d.national.case_type != CaseType.NONE},
        region=region or (next(iter(regions)) if len(regions) == 1 else ""),
    )


def write_records(records: ExportedRecords, out_dir: Path, fmt: Format = "csv") -> list[Path]:
    """Write one file per data set (``acceptance-<from>-<to>.csv`` ...) and the rating summary
    (``ratings-<from>-<to>.csv``) into ``out_dir``; CSV in UTF-8 with a byte-order mark (spreadsheet
    programs then read the Chinese headers right)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    span = f"{records.start:%Y%m%d}-{records.end:%Y%m%d}"
    paths: list[Path] = []
    tables = {name: (fields, records.rows[name]) for name, fields in DATA_SETS.items()}
    tables["ratings"] = (RATING_SUMMARY_FIELDS, records.rating_summary)
    for data_set, (fields, rows) in tables.items():
        path = out_dir / f"{data_set}-{span}.{fmt}"
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
