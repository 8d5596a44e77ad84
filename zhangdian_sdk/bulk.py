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
no record missing, none twice. The salts go to a receipts file for the office to hand out.

Usage: ``report = import_applications(client, Path("applications.csv"), progress=print)``.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zhangdian_sdk.codes import number_hash
from zhangdian_sdk.errors import InvalidInputError, UnknownApplicationNumber, UnknownService, ZhangdianError
from zhangdian_sdk.ledger import MAX_BATCH, NewApplication
from zhangdian_sdk.privacy import applicant_commitment, new_salt

if TYPE_CHECKING:
    from zhangdian_sdk.client import ZhangdianClient

__all__ = [
    "ImportReport",
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
class ImportReport:
    """What an import did."""

    rows: int
    already_on_chain: int
    submitted: int
    batches: int
    receipts_file: Path | None


def read_rows(path: Path, *, columns: tuple[str, ...] = COLUMNS) -> list[dict[str, str]]:
    """The data rows of a CSV (UTF-8, with or without BOM) or XLSX file, keyed by column name."""
    if path.suffix.lower() == ".xlsx":
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
    batch_size: int = MAX_BATCH,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Check every row, then submit what is not on chain yet in pipelined batches."""
    rows = read_rows(path)
    errors = validate_rows(client, rows)
    if errors:
        raise RowsRejected(errors)
    journal = journal or path.with_suffix(path.suffix + ".journal")
    receipts = receipts or path.with_suffix(path.suffix + ".receipts.csv")
    fixed = _load_journal(journal)
    applications = []
    with journal.open("a", encoding="utf-8") as log:
        for row in rows:
            number = row["application_number"]
            if number not in fixed:
                fixed[number] = _fix_commitment(client, row)
                log.write(json.dumps({"fixed": number, **fixed[number]}) + "\n")
            materials = tuple(bytes.fromhex(m.strip()[2:]) for m in row.get("materials", "").split(";") if m.strip())
            commitment = bytes.fromhex(fixed[number]["commitment"][2:])
            applications.append(NewApplication(number, row["service"], commitment, materials))
        log.flush()
    _write_receipts(receipts, fixed)
    on_chain = client.ledger.existing([client.ledger.id_for(a) for a in applications])
    pending = [a for a in applications if client.ledger.id_for(a) not in on_chain]
    done = len(applications) - len(pending)
    if progress is not None:
        progress(done, len(applications))

    def mined(count: int) -> None:
        nonlocal done
        done += count
        with journal.open("a", encoding="utf-8") as log:
            log.write(json.dumps({"mined": count, "done": done}) + "\n")
        if progress is not None:
            progress(done, len(applications))

    results = client.ledger.submit_many(pending, batch_size=batch_size, on_progress=mined) if pending else []
    return ImportReport(len(applications), len(on_chain), len(pending), len(results), receipts)


def _material_count(client: ZhangdianClient, service: str) -> int | None:
    try:
        found = client.catalog.get(service)
    except (UnknownService, ZhangdianError):
        return None
    return len(found.definition.required_material_types) if found.active else None


def _fix_commitment(client: ZhangdianClient, row: dict[str, str]) -> dict[str, str]:
    if row.get("applicant_commitment"):
        return {"commitment": row["applicant_commitment"].lower()}
    owner = client.catalog.get(row["service"]).definition.owner_department
    salt = new_salt()
    commitment = applicant_commitment(row["applicant_id"], salt, department=owner)
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
            yield json.loads(line)
        except ValueError:
            continue  # a line cut by a crash: its row is fixed again from the next run's journal


def _write_receipts(path: Path, fixed: dict[str, dict[str, str]]) -> None:
    with_salt = {number: entry["salt"] for number, entry in fixed.items() if "salt" in entry}
    if not with_salt:
        return
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["application_number", "receipt_code"])
        writer.writerows(sorted(with_salt.items()))
    path.chmod(0o600)


def approve_from_file(
    client: ZhangdianClient, path: Path, *, progress: Callable[[int], None] | None = None
) -> tuple[int, int]:
    """Approve the named steps of a CSV/XLSX (columns application_number, step), checking every row first.

    Returns (rows, batches sent); steps already approved are skipped, so a rerun is safe.
    """
    rows = read_rows(path, columns=("application_number", "step"))
    errors: list[RowError] = []
    wanted: list[tuple[bytes, int, int]] = []
    for index, row in enumerate(rows, start=2):
        try:
            app_id = client.ledger.resolve(row.get("application_number", ""))
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
    states = client.ledger._states([app_id for app_id, _step, _row in wanted])
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
