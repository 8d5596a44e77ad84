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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from eth_abi.abi import decode as abi_decode
from eth_abi.abi import encode as abi_encode
from eth_utils.crypto import keccak
from web3 import HTTPProvider
from web3.types import RPCEndpoint

from zhangdian_sdk.core._files import open_private_append, open_private_lock, write_private
from zhangdian_sdk.core.codec import abi_type, function_abi
from zhangdian_sdk.core.codes import application_id, bytes32_to_code, code_to_bytes32, number_hash
from zhangdian_sdk.core.errors import InvalidInputError, UnknownApplicationNumber, UnknownService, ZhangdianError
from zhangdian_sdk.core.identifiers import validate_applicant_id
from zhangdian_sdk.core.models import ApplicationStatus
from zhangdian_sdk.core.privacy import applicant_commitment, new_salt
from zhangdian_sdk.facades.ledger import NewApplication
from zhangdian_sdk.services.spreadsheet import read_table

if TYPE_CHECKING:
    from zhangdian_sdk.client import ZhangdianClient

__all__ = [
    "DecisionReport",
    "ImportLocked",
    "ImportReport",
    "RowConflict",
    "RowError",
    "RowsRejected",
    "ServiceTerms",
    "accept_from_file",
    "approve_from_file",
    "approve_report",
    "import_applications",
    "read_rows",
    "service_terms",
    "validate_rows",
]

COLUMNS = ("application_number", "service", "applicant_id", "applicant_commitment", "materials")
REQUIRED = ("application_number", "service")  # and one of applicant_id / applicant_commitment, row by row
_HEX32 = re.compile(r"^0x[0-9a-fA-F]{64}$")


@dataclass(frozen=True)
class RowError:
    """One problem in one row (row numbers count the header as row 1, as a spreadsheet does).

    ``message`` is bilingual ("中文 / English"); ``where`` names the file (and the sheet of an XLSX).
    """

    row: int
    column: str
    message: str
    where: str = ""

    def __str__(self) -> str:
        place = f"{self.where}: " if self.where else ""
        return f"{place}第 {self.row} 行 {self.column} 列 / row {self.row}, {self.column}: {self.message}"


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


def read_rows(
    path: Path,
    *,
    columns: tuple[str, ...] = COLUMNS,
    required: tuple[str, ...] = REQUIRED,
    encoding: str | None = None,
    sheet: str | None = None,
) -> list[dict[str, str]]:
    """The data rows of a CSV (UTF-8 with or without BOM, GBK/GB18030 detected, or ``encoding``) or
    XLSX file (``sheet``, or the sheet with the expected header), keyed by column name."""
    return read_table(path, columns=columns, required=required, encoding=encoding, sheet=sheet).rows


@dataclass(frozen=True)
class ServiceTerms:
    """What an import needs of one service, read from the catalogue once per service: its owner (the
    department its applications go to) and how many materials it requires; None if unknown or closed."""

    owner: str
    materials: int


def service_terms(client: ZhangdianClient, services: Iterable[str]) -> dict[str, ServiceTerms | None]:
    """The terms of each service named, one catalogue read per service (never one per row)."""
    terms: dict[str, ServiceTerms | None] = {}
    for service in dict.fromkeys(services):
        if not service:
            terms[service] = None
            continue
        try:
            found = client.catalog.get(service)
        except (UnknownService, ZhangdianError):
            terms[service] = None
            continue
        definition = found.definition
        terms[service] = (
            ServiceTerms(definition.owner_department, len(definition.required_material_types)) if found.active else None
        )
    return terms


def validate_rows(
    client: ZhangdianClient,
    rows: list[dict[str, str]],
    *,
    numbers: list[int] | None = None,
    where: str = "",
    terms: dict[str, ServiceTerms | None] | None = None,
) -> list[RowError]:
    """Every problem in every row, found without sending anything (bilingual, naming file, row, column)."""
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    if terms is None:
        terms = service_terms(client, (row.get("service", "") for row in rows))
    numbers = numbers or list(range(2, len(rows) + 2))

    def error(row: int, column: str, message: str) -> None:
        errors.append(RowError(row, column, message, where))

    for index, row in zip(numbers, rows, strict=True):
        number = row.get("application_number", "")
        if not number:
            error(index, "application_number", "办件编号为空 / the application number is empty")
        else:
            try:
                number_hash(number)
            except InvalidInputError:
                error(index, "application_number", f"办件编号 {number!r} 无效 / invalid number {number!r}")
            if number in seen:
                error(
                    index,
                    "application_number",
                    f"{number} 与第 {seen[number]} 行重复 / {number} repeats row {seen[number]}",
                )
            seen.setdefault(number, index)
        service = row.get("service", "")
        found = terms.get(service)
        if not service:
            error(index, "service", "事项编码为空 / the service code is empty")
        elif found is None:
            error(index, "service", f"事项 {service} 不存在或已停办 / unknown or closed service {service}")
        has_id, commitment = bool(row.get("applicant_id")), row.get("applicant_commitment", "")
        if has_id == bool(commitment):
            error(
                index,
                "applicant_id",
                "applicant_id 与 applicant_commitment 须填且只填一项 / give exactly one of applicant_id or "
                "applicant_commitment",
            )
        elif commitment and not _HEX32.match(commitment):
            error(index, "applicant_commitment", "应为 0x 加 64 位十六进制数 / must be 0x and 64 hex digits")
        elif has_id:
            try:
                validate_applicant_id(row["applicant_id"])
            except InvalidInputError as err:
                error(index, "applicant_id", str(err))
        materials = [m for m in row.get("materials", "").split(";") if m.strip()]
        if any(not _HEX32.match(m.strip()) for m in materials):
            error(
                index,
                "materials",
                "材料编号为 0x 加 64 位十六进制数, 以 ; 分隔 / material ids are 0x and 64 hex digits, separated by ;",
            )
        elif found is not None and len(materials) != found.materials:
            error(
                index,
                "materials",
                f"填了 {len(materials)} 个材料, 该事项需要 {found.materials} 个 / {len(materials)} given, the service "
                f"requires {found.materials}",
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
    encoding: str | None = None,
    sheet: str | None = None,
) -> ImportReport:
    """Check every row, then submit what is not on chain yet in pipelined batches.

    One import per file at a time: a lock next to the journal (:class:`ImportLocked` if another
    import holds it). A row already on chain counts as done only if its record there has the row's
    service, department and commitment (recomputed from the row's identity and the journal's salt);
    otherwise the row is a :class:`RowConflict` in the report, never a success. Receipt codes are
    written only after each one was checked against the commitment on chain. ``progress(done, total)``
    is first called once every row is checked (never when a row is rejected), then as batches are mined.
    """
    journal = journal or path.with_suffix(path.suffix + ".journal")
    receipts = receipts or path.with_suffix(path.suffix + ".receipts.csv")
    with _import_lock(journal, path):
        table = read_table(path, columns=COLUMNS, required=REQUIRED, encoding=encoding, sheet=sheet)
        if not {"applicant_id", "applicant_commitment"} & set(table.header):
            raise InvalidInputError(
                f"{table.where}: 缺少列 applicant_id (或 applicant_commitment) / missing column applicant_id (or "
                "applicant_commitment) in the header row (row 1)"
            )
        terms = service_terms(client, (row.get("service", "") for row in table.rows))
        errors = validate_rows(client, table.rows, numbers=table.numbers, where=table.where, terms=terms)
        if errors:
            raise RowsRejected(errors)
        owners = {service: found.owner for service, found in terms.items() if found is not None}
        return _import_locked(client, table.rows, table.numbers, owners, journal, receipts, batch_size, progress)


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
    numbers: list[int],
    owners: dict[str, str],
    journal: Path,
    receipts: Path,
    batch_size: int | None,
    progress: Callable[[int, int], None] | None,
) -> ImportReport:
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
        for index, row in zip(numbers, rows, strict=True):
            number, service = row["application_number"], row["service"]
            owner, record = owners[service], on_chain.get(ids[number])
            fresh: tuple[bytes, bytes | None] | None = None
            if number not in fixed and record is None:  # a new row: fix its salt once, in the journal
                fixed[number], fresh = _fix_commitment(row, owner)
                log.write(json.dumps({"fixed": number, **fixed[number]}) + "\n")
            try:
                if record is not None:  # another service or department: not the row's, whatever the journal says
                    _check_owner(record, service, owner)
                # a salt fixed just now gives its commitment; one read from the journal is recomputed
                commitment, salt = fresh or _expected_commitment(row, fixed.get(number), owner)
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
    batches = len(client.ledger.submit_new(applications, batch_size=batch_size, on_progress=mined)) if pending else 0
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
        batches,
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


def _records(client: ZhangdianClient, application_ids: list[bytes]) -> dict[bytes, _OnChain]:
    """The records on chain among ``application_ids``: service, department, applicant commitment.

    Which ids exist is asked with ``statusMany`` (500 ids a call), then the records that exist are
    read with ``getApplication``; every call is a raw ``eth_call``, sent in JSON-RPC batches.
    """
    flags: list[int] = []
    for start in range(0, len(application_ids), _STATUS_CHUNK):
        part = application_ids[start : start + _STATUS_CHUNK]
        ((statuses, _steps, _counts),) = _raw_calls(client, "statusMany", [[part]])
        flags += statuses
    wanted = [app_id for app_id, status in zip(application_ids, flags, strict=True) if status != 0]
    word = _record_words()
    found: dict[bytes, _OnChain] = {}
    for app_id, data in zip(
        wanted, _raw_results(client, "getApplication", [[app_id] for app_id in wanted]), strict=True
    ):
        found[app_id] = _OnChain(
            service=data[word["service"]],
            commitment=data[word["applicantCommitment"]],
            department=data[word["department"]],
        )
    return found


def _record_words() -> dict[str, slice]:
    """Where service, commitment and department sit in ``getApplication``'s return data.

    The Application struct is static (every member one 32-byte word), so each member is a fixed slice
    of the data, read without decoding the fourteen words of 10,000 records; the positions come
    from the ABI, and a struct that stops being static is refused here rather than misread.
    """
    (output,) = function_abi("ApplicationLedger", "getApplication")["outputs"]
    components = output["components"]
    static = {"bytes32", "address", "bool", *(f"uint{n}" for n in range(8, 257, 8))}
    if any(component["type"] not in static for component in components):
        raise ZhangdianError("getApplication 的返回值不再是定长结构 / getApplication no longer returns a static struct")
    return {c["name"]: slice(32 * i, 32 * (i + 1)) for i, c in enumerate(components)}


def _raw_calls(client: ZhangdianClient, function: str, arguments: list[list[Any]]) -> list[tuple[Any, ...]]:
    """The decoded outputs of many read-only ledger calls (see :func:`_raw_results`)."""
    outputs = [abi_type(item) for item in function_abi("ApplicationLedger", function)["outputs"]]
    return [tuple(abi_decode(outputs, data)) for data in _raw_results(client, function, arguments)]


def _raw_results(client: ZhangdianClient, function: str, arguments: list[list[Any]]) -> list[bytes]:
    """The return data of many read-only ledger calls: raw ``eth_call`` requests sent in JSON-RPC
    batches of :data:`_READ_BATCH` where the provider takes batches (one round trip, no per-call
    middleware), one by one otherwise."""
    spec = function_abi("ApplicationLedger", function)
    inputs = [abi_type(item) for item in spec["inputs"]]
    selector = keccak(text=f"{function}({','.join(inputs)})")[:4]
    address = client.contract("ApplicationLedger").address
    provider = client.w3.provider
    results: list[bytes] = []
    for start in range(0, len(arguments), _READ_BATCH):
        requests: list[tuple[RPCEndpoint, Any]] = [
            (
                RPCEndpoint("eth_call"),
                [{"to": address, "data": "0x" + (selector + abi_encode(inputs, args)).hex()}, "latest"],
            )
            for args in arguments[start : start + _READ_BATCH]
        ]
        if isinstance(provider, HTTPProvider) and len(requests) > 1:
            responses = provider.make_batch_request(requests)
            if not isinstance(responses, list):
                raise ZhangdianError(f"节点拒绝批量读取 / the node refused a batch read: {responses}")
        else:
            responses = [provider.make_request(method, params) for method, params in requests]
        for response in responses:
            if "error" in response or "result" not in response:
                raise ZhangdianError(f"读取链上记录失败 / reading the ledger failed: {response.get('error')}")
            results.append(bytes.fromhex(str(response["result"]).removeprefix("0x")))
    return results


_READ_BATCH = 500
_STATUS_CHUNK = 500


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


def _fix_commitment(row: dict[str, str], department: str) -> tuple[dict[str, str], tuple[bytes, bytes | None]]:
    """The journal entry of a new row and its (commitment, salt)."""
    if row.get("applicant_commitment"):
        given = row["applicant_commitment"].lower()
        return {"commitment": given}, (bytes.fromhex(given[2:]), None)
    salt = new_salt()
    commitment = applicant_commitment(row["applicant_id"], salt, department=department)
    return {"commitment": "0x" + commitment.hex(), "salt": salt.hex()}, (commitment, salt)


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


@dataclass(frozen=True)
class DecisionReport:
    """What a bulk decision did: rows read, applications sent (in ``batches`` transactions), rows
    skipped because the decision is on chain already, and rows not waiting for it (with their status)."""

    rows: int
    sent: int
    batches: int
    already: tuple[str, ...] = ()
    not_waiting: tuple[tuple[str, str], ...] = ()


def _resolve_rows(
    client: ZhangdianClient, rows: list[dict[str, str]], numbers: list[int], where: str
) -> tuple[list[tuple[int, dict[str, str], bytes]], list[RowError]]:
    """Each row's application id (from its service's owner when the row names the service, else looked
    up in every department), and the rows whose number is invalid or not on chain."""
    errors: list[RowError] = []
    terms = service_terms(client, {row["service"] for row in rows if row.get("service")})
    found: list[tuple[int, dict[str, str], bytes | None]] = []
    lookup: list[str] = []
    for index, row in zip(numbers, rows, strict=True):
        number, service = row.get("application_number", ""), row.get("service", "")
        try:
            number_hash(number)
        except InvalidInputError:
            errors.append(
                RowError(index, "application_number", f"办件编号 {number!r} 无效 / invalid number {number!r}", where)
            )
            continue
        if service:
            known = terms.get(service)
            if known is None:
                errors.append(
                    RowError(
                        index, "service", f"事项 {service} 不存在或已停办 / unknown or closed service {service}", where
                    )
                )
                continue
            found.append((index, row, _application_id(number, known.owner)))
        else:
            found.append((index, row, None))
            lookup.append(number)
    resolved: dict[str, bytes] = {}
    if lookup:
        try:  # every number in a few calls; row by row only to say which rows are wrong
            resolved = dict(zip(lookup, client.ledger.resolve_many(lookup), strict=True))
        except (InvalidInputError, UnknownApplicationNumber):
            for number in lookup:
                with contextlib.suppress(InvalidInputError, UnknownApplicationNumber):
                    resolved[number] = client.ledger.resolve(number)
    out: list[tuple[int, dict[str, str], bytes]] = []
    for index, row, app_id in found:
        app_id = app_id or resolved.get(row["application_number"])
        if app_id is None:
            errors.append(RowError(index, "application_number", _NO_SUCH, where))
            continue
        out.append((index, row, app_id))
    states = client.ledger.states([app_id for _index, _row, app_id in out])
    missing = {app_id for app_id, (status, _s, _c) in states.items() if status == ApplicationStatus.NONE}
    errors += [
        RowError(index, "application_number", _NO_SUCH, where) for index, _row, app_id in out if app_id in missing
    ]
    return [entry for entry in out if entry[2] not in missing], errors


_NO_SUCH = "链上没有此办件 / no such application on chain"


def accept_from_file(
    client: ZhangdianClient,
    path: Path,
    *,
    encoding: str | None = None,
    sheet: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DecisionReport:
    """Accept (受理) every application of an import file (or any file with an application_number
    column; a service column, if present, names the department) that is still waiting, with the
    ledger's ``acceptBatch`` (``MAX_BATCH`` a call). Every row is checked first; nothing is sent if one
    is wrong. Applications accepted already (or further on) are reported, never sent again.
    """
    table = read_table(path, columns=COLUMNS, required=("application_number",), encoding=encoding, sheet=sheet)
    resolved, errors = _resolve_rows(client, table.rows, table.numbers, table.where)
    if errors:
        raise RowsRejected(errors)
    states = client.ledger.states([app_id for _index, _row, app_id in resolved])
    waiting: list[bytes] = []
    already: list[str] = []
    not_waiting: list[tuple[str, str]] = []
    for _index, row, app_id in dict((entry[2], entry) for entry in resolved).values():
        status = states[app_id][0]
        number = row["application_number"]
        if status == ApplicationStatus.SUBMITTED:
            waiting.append(app_id)
        elif status in _ACCEPTED_OR_LATER:
            already.append(number)
        else:
            not_waiting.append((number, status.label))
    results = _sent_with_progress(
        len(waiting), progress, lambda mined: client.ledger.accept_many(waiting, on_progress=mined)
    )
    return DecisionReport(len(table.rows), len(waiting), len(results), tuple(already), tuple(not_waiting))


T = TypeVar("T")


def _sent_with_progress(
    total: int,
    progress: Callable[[int, int], None] | None,
    send: Callable[[Callable[[int], None]], list[T]],
) -> list[T]:
    """``send(mined)`` for ``total`` records, reporting ``(done, total)`` as batches are mined; nothing
    is sent (and no progress shown) when there is nothing to do."""
    if total == 0:
        return []
    done = 0

    def mined(count: int) -> None:
        nonlocal done
        done += count
        if progress is not None:
            progress(done, total)

    if progress is not None:
        progress(0, total)
    return send(mined)


_ACCEPTED_OR_LATER = frozenset(
    {
        ApplicationStatus.ACCEPTED,
        ApplicationStatus.IN_REVIEW,
        ApplicationStatus.APPROVED,
        ApplicationStatus.COMPLETED,
        ApplicationStatus.SPECIAL_PROCEDURE,
        ApplicationStatus.SUPPLEMENT_REQUESTED,
    }
)


def approve_from_file(
    client: ZhangdianClient,
    path: Path,
    *,
    opinion_hash: bytes | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[int, int]:
    """Approve the named steps of a CSV/XLSX (columns application_number, step; the step counted from
    0 as the ledger does), with the ledger's ``approveBatch``; every row is checked first.

    Returns (rows, batches sent); steps already approved are skipped, so a rerun is safe.
    """
    report = approve_report(client, path, opinion_hash=opinion_hash, encoding=encoding, sheet=sheet, progress=progress)
    return report.rows, report.batches


def approve_report(
    client: ZhangdianClient,
    path: Path,
    *,
    opinion_hash: bytes | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DecisionReport:
    """:func:`approve_from_file` with the full report (steps approved already listed)."""
    table = read_table(
        path, columns=(*COLUMNS, "step"), required=("application_number", "step"), encoding=encoding, sheet=sheet
    )
    resolved, errors = _resolve_rows(client, table.rows, table.numbers, table.where)
    wanted: list[tuple[bytes, int, int, str]] = []
    for index, row, app_id in resolved:
        try:
            step = int(row.get("step", ""))
        except ValueError:
            errors.append(
                RowError(
                    index,
                    "step",
                    f"环节序号不是数字: {row.get('step')!r} / not a number: {row.get('step')!r}",
                    table.where,
                )
            )
            continue
        wanted.append((app_id, step, index, row["application_number"]))
    states = client.ledger.states([app_id for app_id, _step, _row, _n in wanted])
    todo: list[tuple[bytes, int]] = []
    already: list[str] = []
    for app_id, step, index, number in wanted:
        status, current, count = states[app_id]
        if not 0 <= step < count:
            errors.append(
                RowError(
                    index,
                    "step",
                    f"环节 {step} 不存在 (该事项有 {count} 个环节, 从 0 起算) / step {step} does not exist "
                    f"(the service has {count}, counted from 0)",
                    table.where,
                )
            )
        elif status in {ApplicationStatus.APPROVED, ApplicationStatus.COMPLETED} or (
            status != ApplicationStatus.SUBMITTED and current > step
        ):
            already.append(number)
        else:
            todo.append((app_id, step))
    if errors:
        raise RowsRejected(sorted(errors, key=lambda e: e.row))
    results = _sent_with_progress(
        len(todo),
        progress,
        lambda mined: client.ledger.approve_many(todo, opinion_hash=opinion_hash, on_progress=mined),
    )
    return DecisionReport(len(table.rows), len(todo), len(results), tuple(already))
