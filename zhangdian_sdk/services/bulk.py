"""Bulk import of applications from a spreadsheet (CSV or XLSX), safe to interrupt and run again.

Columns (a header row, any order; see ``examples/applications-sample.csv``):

==================== ===========================================================================
application_number   the office's application number (required)
service              the service code (required)
applicant_id         the applicant's ID or credit code: hashed here with a fresh salt, never sent
applicant_commitment or the commitment itself (0x + 64 hex); one of the two is required
materials            material ids for the service's required types, in order, separated by ``;``
==================== ===========================================================================

Every row is checked before anything is sent, and all bad rows are reported with their row
numbers. A journal next to the file fixes each row's commitment (and salt) on the first run and
records every batch sent, so a second run after a crash sends exactly what is not on chain yet:
no record missing, none twice. One import per file runs at a time (a lock next to the journal).
A row already on chain counts as done only if the record there is the row's (service, department,
and the commitment recomputed from the row's identity and the journal's salt); anything else is a
:class:`RowConflict`. The salts go to a receipts file (0600) for the office to hand out, each one
checked against the commitment on chain first.

Usage: ``report = import_applications(client, Path("applications.csv"), progress=print)``.
"""

from __future__ import annotations

import contextlib
import csv
import fcntl
import io
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zhangdian_sdk.core._files import open_private_append, open_private_lock, write_private
from zhangdian_sdk.core.codec import named
from zhangdian_sdk.core.codes import application_id, bytes32_to_code, code_to_bytes32, number_hash
from zhangdian_sdk.core.errors import InvalidInputError, UnknownApplicationNumber, UnknownService, ZhangdianError
from zhangdian_sdk.core.extras import require_extra
from zhangdian_sdk.core.identifiers import validate_applicant_id
from zhangdian_sdk.core.privacy import applicant_commitment, new_salt
from zhangdian_sdk.facades.ledger import NewApplication

if TYPE_CHECKING:
    from zhangdian_sdk.client import ZhangdianClient

__all__ = [
    "ImportLocked",
    "ImportReport",
    "RowConflict",
    "RowError",
    "RowsRejected",
    "approve_from_file",
    "import_applications",
    "read_rows",
    "validate_rows",
]

COLUMNS = ("application_number", "service", "applicant_id", "applicant_commitment", "materials")
_HEX32 = re.compile(r"^0x[0-9a-fA-F]{64}$")


@dataclass(frozen=True)
class RowError:
    """One problem in one row (row numbers count the header as row 1, as a spreadsheet does)."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, {self.column}: {self.message}"


class RowsRejected(InvalidInputError):
    """Some rows are invalid; nothing was sent."""

    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        super().__init__(
            f"{len(errors)} 行有误, 未发送任何记录 / {len(errors)} problems in the file; nothing was sent: "
            + "; ".join(map(str, errors[:5]))
            + (" …" if len(errors) > 5 else "")
        )


@dataclass(frozen=True)
class RowConflict:
    """A row that cannot be counted as done: the chain (or the journal) holds something else for it.

    No receipt code is written for such a row: the record on chain is not the row's applicant's.
    """

    row: int
    application_number: str
    reason: str

    def __str__(self) -> str:
        return f"第 {self.row} 行 / row {self.row} ({self.application_number}): {self.reason}"


class ImportLocked(ZhangdianError):
    """Another import of the same file holds its lock; running both would give conflicting salts."""

    def __init__(self, lock_file: Path, source: Path) -> None:
        self.lock_file = lock_file
        super().__init__(
            f"另一个导入进程正在处理 {source} (锁文件 {lock_file}), 请等待其结束后再运行 / "
            f"another import of {source} is running (it holds {lock_file}); wait for it to finish, then run again"
        )


@dataclass(frozen=True)
class ImportReport:
    """What an import did.

    ``already_on_chain`` counts rows whose record on chain was checked against the row (service,
    department and commitment); ``conflicts`` lists the rows on chain with something else (never
    counted as done, no receipt code); ``receipt_codes`` counts the codes written, each one checked
    against the commitment on chain.
    """

    rows: int
    already_on_chain: int
    submitted: int
    batches: int
    receipts_file: Path | None
    conflicts: tuple[RowConflict, ...] = ()
    receipt_codes: int = 0


@dataclass(frozen=True)
class _OnChain:
    service: bytes
    department: bytes
    commitment: bytes


def read_rows(path: Path, *, columns: tuple[str, ...] = COLUMNS) -> list[dict[str, str]]:
    """The data rows of a CSV (UTF-8, with or without BOM) or XLSX file, keyed by column name."""
    if path.suffix.lower() == ".xlsx":
        require_extra("spreadsheet")
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True, data_only=True).active
        if sheet is None:
            raise InvalidInputError(f"{path} has no worksheet")
        values = [
            ["" if cell is None else str(cell).strip() for cell in row] for row in sheet.iter_rows(values_only=True)
        ]
    else:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            values = [[cell.strip() for cell in row] for row in csv.reader(handle)]
    if not values:
        raise InvalidInputError(f"{path} is empty")
    header = [name.lower() for name in values[0]]
    unknown = [name for name in header if name and name not in columns]
    if unknown:
        raise InvalidInputError(f"unknown columns {unknown}; the columns are {', '.join(columns)}")
    return [dict(zip(header, row, strict=False)) for row in values[1:] if any(row)]


def validate_rows(client: ZhangdianClient, rows: list[dict[str, str]]) -> list[RowError]:
    """Every problem in every row, found without sending anything."""
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    required: dict[str, int | None] = {}
    for index, row in enumerate(rows, start=2):
        number = row.get("application_number", "")
        try:
            number_hash(number)
        except InvalidInputError:
            errors.append(RowError(index, "application_number", f"invalid number {number!r}"))
        if number in seen:
            errors.append(RowError(index, "application_number", f"{number} repeats row {seen[number]}"))
        seen.setdefault(number, index)
        service = row.get("service", "")
        if service not in required:
            required[service] = _material_count(client, service)
        if required[service] is None:
            errors.append(RowError(index, "service", f"unknown or closed service {service!r}"))
        has_id, commitment = bool(row.get("applicant_id")), row.get("applicant_commitment", "")
        if has_id == bool(commitment):
            errors.append(RowError(index, "applicant_id", "give exactly one of applicant_id or applicant_commitment"))
        elif commitment and not _HEX32.match(commitment):
            errors.append(RowError(index, "applicant_commitment", "must be 0x and 64 hex digits"))
        elif has_id:
            try:
                validate_applicant_id(row["applicant_id"])
            except InvalidInputError as error:
                errors.append(RowError(index, "applicant_id", str(error)))
        materials = [m for m in row.get("materials", "").split(";") if m.strip()]
        if any(not _HEX32.match(m.strip()) for m in materials):
            errors.append(RowError(index, "materials", "material ids are 0x and 64 hex digits, separated by ;"))
        elif required[service] is not None and len(materials) != required[service]:
            errors.append(
                RowError(index, "materials", f"{len(materials)} given, the service requires {required[service]}")
            )
    return errors


def import_applications(
    client: ZhangdianClient,
    path: Path,
    *,
    journal: Path | None = None,
    receipts: Path | None = None,
    batch_size: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Check every row, then submit what is not on chain yet in pipelined batches.

    One import per file at a time: a lock next to the journal (:class:`ImportLocked` if another
    import holds it). A row already on chain counts as done only if its record there has the row's
    service, department and commitment (recomputed from the row's identity and the journal's salt);
    otherwise the row is a :class:`RowConflict` in the report, never a success. Receipt codes are
    written only after each one was checked against the commitment on chain.
    """
    journal = journal or path.with_suffix(path.suffix + ".journal")
    receipts = receipts or path.with_suffix(path.suffix + ".receipts.csv")
    with _import_lock(journal, path):
        rows = read_rows(path)
        errors = validate_rows(client, rows)
        if errors:
            raise RowsRejected(errors)
        return _import_locked(client, rows, journal, receipts, batch_size, progress)


@dataclass(frozen=True)
class _Expected:
    """What the chain must hold for one row: the row's record with the journal's commitment."""

    row: int
    number: str
    service: str
    department: str
    application_id: bytes
    commitment: bytes
    salt: bytes | None


class _Conflict(Exception):
    def __init__(self, reason: str) -> None:
        self.reason = reason


def _import_locked(
    client: ZhangdianClient,
    rows: list[dict[str, str]],
    journal: Path,
    receipts: Path,
    batch_size: int | None,
    progress: Callable[[int, int], None] | None,
) -> ImportReport:
    owners = {service: _owner(client, service) for service in {row["service"] for row in rows}}
    ids = {
        row["application_number"]: _application_id(row["application_number"], owners[row["service"]]) for row in rows
    }
    on_chain = _records(client, list(ids.values()))
    fixed = _load_journal(journal)
    conflicts: list[RowConflict] = []
    verified: list[_Expected] = []
    pending: list[_Expected] = []
    materials: dict[str, tuple[bytes, ...]] = {}
    with open_private_append(journal) as log:
        for index, row in enumerate(rows, start=2):
            number, service = row["application_number"], row["service"]
            owner, record = owners[service], on_chain.get(ids[number])
            if number not in fixed and record is None:  # a new row: fix its salt once, in the journal
                fixed[number] = _fix_commitment(row, owner)
                log.write(json.dumps({"fixed": number, **fixed[number]}) + "\n")
            try:
                if record is not None:  # another service or department: not the row's, whatever the journal says
                    _check_owner(record, service, owner)
                commitment, salt = _expected_commitment(row, fixed.get(number), owner)
                expected = _Expected(index, number, service, owner, ids[number], commitment, salt)
                if record is not None:
                    _check_record(record, expected)
            except _Conflict as conflict:
                conflicts.append(RowConflict(index, number, conflict.reason))
                continue
            (verified if record is not None else pending).append(expected)
            materials[number] = tuple(
                bytes.fromhex(m.strip()[2:]) for m in row.get("materials", "").split(";") if m.strip()
            )
        log.flush()
        os.fsync(log.fileno())
    total = len(verified) + len(pending)
    done = len(verified)
    if progress is not None:
        progress(done, total)

    def mined(count: int) -> None:
        nonlocal done
        done += count
        with open_private_append(journal) as log:
            log.write(json.dumps({"mined": count, "done": done}) + "\n")
        if progress is not None:
            progress(done, total)

    applications = [NewApplication(e.number, e.service, e.commitment, materials[e.number]) for e in pending]
    results = client.ledger.submit_many(applications, batch_size=batch_size, on_progress=mined) if pending else []
    after = _records(client, [e.application_id for e in pending])
    for expected in pending:  # what was sent is checked on chain too before its receipt code is written
        try:
            record = after.get(expected.application_id)
            if record is None:
                raise _Conflict(_NOT_RECORDED)
            _check_record(record, expected)
        except _Conflict as conflict:
            conflicts.append(RowConflict(expected.row, expected.number, conflict.reason))
            continue
        verified.append(expected)
    codes = _write_receipts(receipts, verified)
    return ImportReport(
        len(rows),
        total - len(pending),
        len(pending),
        len(results),
        receipts,
        tuple(sorted(conflicts, key=lambda c: c.row)),
        codes,
    )


_NOT_RECORDED = "发送后链上仍无此办件 / not on chain after it was sent"


def _application_id(number: str, department: str) -> bytes:
    """The on-chain id of a row's application: the one place bulk import computes it.

    ``department`` is the owner of the row's service (the department the id belongs to).
    """
    return application_id(number, department)


def _material_count(client: ZhangdianClient, service: str) -> int | None:
    try:
        found = client.catalog.get(service)
    except (UnknownService, ZhangdianError):
        return None
    return len(found.definition.required_material_types) if found.active else None


def _owner(client: ZhangdianClient, service: str) -> str:
    return client.catalog.get(service).definition.owner_department


def _records(client: ZhangdianClient, application_ids: list[bytes]) -> dict[bytes, _OnChain]:
    """The records on chain among ``application_ids``: service, department, applicant commitment."""
    contract = client.contract("ApplicationLedger")
    found: dict[bytes, _OnChain] = {}
    present = client.ledger.existing(application_ids)
    for app_id in application_ids:
        if app_id in present:
            record = named(
                "ApplicationLedger", "getApplication", client.call(contract.functions.getApplication(app_id))
            )
            found[app_id] = _OnChain(
                service=bytes(record["service"]),
                commitment=bytes(record["applicantCommitment"]),
                department=bytes(record["department"]),
            )
    return found


def _expected_commitment(
    row: dict[str, str], entry: dict[str, str] | None, department: str
) -> tuple[bytes, bytes | None]:
    """The commitment the row must have on chain and its receipt code, from the row and the journal.

    The commitment is recomputed from the row's identity and the journal's salt, never taken from
    the journal on trust: a changed or damaged salt is a conflict.
    """
    given = row.get("applicant_commitment", "").lower()
    if given:
        if entry is not None and ("salt" in entry or entry.get("commitment", given).lower() != given):
            raise _Conflict(
                "本行与首次导入时的日志不一致 / the row differs from what the journal recorded on the first run"
            )
        return bytes.fromhex(given[2:]), None
    if entry is None or "salt" not in entry:
        raise _Conflict(
            "办件已在链上, 但本文件的日志中没有它的回执码: 该记录不是从本文件提交的 (或日志已丢失) / already on chain, "
            "but this file's journal holds no receipt code for it: the record there was not submitted from this "
            "file (or the journal was lost)"
        )
    try:
        salt = bytes.fromhex(entry["salt"])
        commitment = applicant_commitment(row["applicant_id"], salt, department=department)
    except (ValueError, InvalidInputError):
        raise _Conflict("日志中的回执码无效 / the journal's receipt code for this row is not valid") from None
    if entry.get("commitment", "").lower() != "0x" + commitment.hex():
        raise _Conflict(
            "日志中的回执码与其承诺不符 (日志被改动?) / the journal's receipt code does not give the journal's "
            "commitment for this applicant (was the journal changed?)"
        )
    return commitment, salt


def _check_record(record: _OnChain, expected: _Expected) -> None:
    """Raise a conflict unless the record on chain is the row's: same service, department, commitment."""
    _check_owner(record, expected.service, expected.department)
    if record.commitment != expected.commitment:
        raise _Conflict(
            "办件已在链上, 但申请人承诺不同: 该记录不属于本行的申请人 / already on chain with another applicant "
            "commitment: the record there is not this row's applicant's, no receipt code is given"
        )


def _check_owner(record: _OnChain, service: str, department: str) -> None:
    if record.service != code_to_bytes32(service):
        shown = bytes32_to_code(record.service)
        raise _Conflict(f"办件已在链上, 但属于事项 {shown} / already on chain under service {shown}, not {service}")
    if record.department != code_to_bytes32(department):
        shown = bytes32_to_code(record.department)
        raise _Conflict(f"办件已在链上, 但属于部门 {shown} / already on chain for department {shown}, not {department}")


@contextlib.contextmanager
def _import_lock(journal: Path, source: Path) -> Iterator[None]:
    """Hold the lock file next to the journal for the whole import; fail at once if it is held."""
    lock_file = journal.with_name(journal.name + ".lock")
    handle = open_private_lock(lock_file)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ImportLocked(lock_file, source) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        os.close(handle)


def _fix_commitment(row: dict[str, str], department: str) -> dict[str, str]:
    if row.get("applicant_commitment"):
        return {"commitment": row["applicant_commitment"].lower()}
    salt = new_salt()
    commitment = applicant_commitment(row["applicant_id"], salt, department=department)
    return {"commitment": "0x" + commitment.hex(), "salt": salt.hex()}


def _load_journal(journal: Path) -> dict[str, dict[str, str]]:
    fixed: dict[str, dict[str, str]] = {}
    if journal.exists():
        for entry in _entries(journal):
            if "fixed" in entry:
                number = entry.pop("fixed")
                fixed[number] = {k: str(v) for k, v in entry.items()}
    return fixed


def _entries(journal: Path) -> Iterator[dict[str, Any]]:
    for line in journal.read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue  # a line cut by a crash: its row is fixed again from the next run's journal
        if isinstance(entry, dict):
            yield entry


def _write_receipts(path: Path, verified: list[_Expected]) -> int:
    """Write the receipt codes of the rows checked on chain (0600, atomically); returns how many."""
    codes = sorted((e.number, e.salt.hex()) for e in verified if e.salt is not None)
    if not codes and not path.exists():
        return 0
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(["application_number", "receipt_code"])
    writer.writerows(codes)
    write_private(path, out.getvalue())
    return len(codes)


def approve_from_file(
    client: ZhangdianClient, path: Path, *, progress: Callable[[int], None] | None = None
) -> tuple[int, int]:
    """Approve the named steps of a CSV/XLSX (columns application_number, step), checking every row first.

    Returns (rows, batches sent); steps already approved are skipped, so a rerun is safe.
    """
    rows = read_rows(path, columns=("application_number", "step"))
    errors: list[RowError] = []
    wanted: list[tuple[bytes, int, int]] = []
    try:  # every number in a few calls; row by row only to say which rows are wrong
        ids: list[bytes | None] = list(client.ledger.resolve_many([row.get("application_number", "") for row in rows]))
    except (InvalidInputError, UnknownApplicationNumber):
        ids = [None] * len(rows)
    for index, (row, known_id) in enumerate(zip(rows, ids, strict=True), start=2):
        try:
            app_id = known_id or client.ledger.resolve(row.get("application_number", ""))
        except InvalidInputError as err:
            errors.append(RowError(index, "application_number", str(err)))
            continue
        except UnknownApplicationNumber:
            errors.append(RowError(index, "application_number", "no such application on chain"))
            continue
        try:
            step = int(row.get("step", ""))
        except ValueError:
            errors.append(RowError(index, "step", f"not a number: {row.get('step')!r}"))
            continue
        wanted.append((app_id, step, index))
    states = client.ledger.states([app_id for app_id, _step, _row in wanted])
    for app_id, step, index in wanted:
        status, _current, count = states[app_id]
        if status == 0:
            errors.append(RowError(index, "application_number", "no such application on chain"))
        elif not 0 <= step < count:
            errors.append(RowError(index, "step", f"step {step} does not exist (the service has {count})"))
    if errors:
        raise RowsRejected(errors)
    results = client.ledger.approve_many([(app_id, step) for app_id, step, _row in wanted], on_progress=progress)
    return len(rows), len(results)
