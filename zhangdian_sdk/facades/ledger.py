"""Applications (办件): submit, move through the workflow, read status and history.

Every write is idempotent where the chain can tell: submitting an application that is already on
chain with the same service and applicant returns ``already_recorded`` instead of failing or
recording twice; an approval names the step it approves, so a retried approval can never approve
the next step.

An application number names an application together with its receiving department (the ledger
derives the id from both, so no department can take another's numbers). Every method accepts a
0x id or a number; a number is looked up in every department (:meth:`LedgerFacade.resolve`), and
one that several departments use needs ``resolve(number, department=...)``.

Usage::

    client.ledger.submit("ZD-2026-000123", service="ZD-GTGSH-SL", applicant_commitment=commitment)
    client.ledger.accept("ZD-2026-000123")
    for entry in client.ledger.history("ZD-2026-000123"):
        print(entry.event, entry.status_after)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import Any

from eth_abi.abi import encode as abi_encode
from eth_utils.abi import function_abi_to_4byte_selector

from zhangdian_sdk.core import workflow
from zhangdian_sdk.core._results import result_of
from zhangdian_sdk.core.codec import StructCodec, abi_type, by_name, function_abi, named
from zhangdian_sdk.core.codes import (
    application_id_for,
    application_number,
    bytes32_to_code,
    code_to_bytes32,
    is_application_id,
    number_hash,
    parse_application_id,
)
from zhangdian_sdk.core.context import ChainContext
from zhangdian_sdk.core.errors import (
    AlreadyFlagged,
    ApplicationAlreadyExists,
    ContractError,
    FollowOnAlreadyOpen,
    InvalidInputError,
    UnknownApplication,
    UnknownApplicationNumber,
    decode_revert,
)
from zhangdian_sdk.core.events import decode_log, paged_logs
from zhangdian_sdk.core.models import (
    Application,
    ApplicationStatus,
    HistoryEntry,
    KeeperView,
    Links,
    TransactionResult,
    timestamp_to_datetime,
)
from zhangdian_sdk.core.tx import EncodedCall
from zhangdian_sdk.facades.catalog import CatalogFacade
from zhangdian_sdk.facades.departments import DepartmentsFacade
from zhangdian_sdk.facades.facade import Facade

__all__ = ["LedgerFacade", "NewApplication"]

ApplicationRef = str | bytes
_LOG_CHUNK_BLOCKS = 50_000
# A submission batch is sized by the gas its entries may take, so that a batch of applications carrying
# the most materials (16) still fits a block. Upper bounds with a margin over what benchmarks/run.py
# measures: a record with its event in a batch (97,238), and each attached material's cold type,
# validity and consent checks, its stored id and its use event. Half of a 30M block leaves room for
# other transactions of the same block; 100 entries without materials still make one batch.
_SUBMISSION_GAS = 120_000
_ATTACHED_MATERIAL_GAS = 100_000
_SUBMIT_BATCH_GAS = 15_000_000


@dataclass(frozen=True)
class NewApplication:
    """One application to submit: the office's number, the service, the applicant commitment, and
    one material id per material type the service requires (in the catalogue's order)."""

    application_number: str
    service: str
    applicant_commitment: bytes
    materials: tuple[bytes, ...] = ()

    @property
    def number_hash(self) -> bytes:
        """What the submission carries; the id is derived on chain with the receiving department
        (:meth:`LedgerFacade.id_for`)."""
        return number_hash(self.application_number)


_APPLICATION = StructCodec(Application, "ApplicationLedger", "Application", omitted={"resumeStatus", "suspendedAt"})
_KEEPER_VIEW = StructCodec(KeeperView, "ApplicationLedger", "KeeperView")


class LedgerFacade(Facade):
    """Reads and writes the ApplicationLedger; numbers are looked up in the departments of
    ``departments`` and new applications go to the receiving department ``catalog`` names."""

    contract_name = "ApplicationLedger"

    def __init__(self, chain: ChainContext, *, departments: DepartmentsFacade, catalog: CatalogFacade) -> None:
        super().__init__(chain)
        self._departments_facade = departments
        self._catalog = catalog
        self._department_codes: tuple[bytes, ...] | None = None

    # -- ids --------------------------------------------------------------------------------

    def resolve(self, application: ApplicationRef, *, department: str | None = None) -> bytes:
        """The id of ``application``: a 32-byte id (bytes or 0x hex) as it is, or an application number.

        With ``department`` the number's id in that department is returned (not checked on chain).
        Without, the number is looked up in every registered department in one call: raises
        :class:`~zhangdian_sdk.core.errors.UnknownApplicationNumber` if none has it, and
        :class:`~zhangdian_sdk.core.errors.InvalidInputError` if several do (name the department then).

        Usage: ``client.ledger.resolve("ZD-2026-000123")``.
        """
        if isinstance(application, bytes):
            if len(application) != 32:
                raise InvalidInputError("办件 ID 须为 32 字节 / an application id has 32 bytes")
            return application
        if is_application_id(application) or department is not None:
            return parse_application_id(application, department)
        return _the_one(application, self.lookup_number(application))

    def resolve_many(self, applications: Sequence[ApplicationRef]) -> list[bytes]:
        """:meth:`resolve` for many, in order, with a few ``statusMany`` calls in all rather than one a
        number (each number's id in every department, 500 ids a call). Raises as :meth:`resolve` for the
        first number that no department, or several, have.

        Usage: ``client.ledger.resolve_many(["ZD-2026-000123", "ZD-2026-000124"])``.
        """
        numbers = sorted({a for a in applications if isinstance(a, str) and not is_application_id(a)})
        departments = self._departments()
        candidates = {
            number: [(department, application_id_for(department, number_hash(number))) for department in departments]
            for number in numbers
        }
        on_chain = self.existing([app_id for pairs in candidates.values() for _department, app_id in pairs])
        if any(not any(app_id in on_chain for _d, app_id in pairs) for pairs in candidates.values()):
            self._department_codes = None  # a department registered since the list was read: look again
            if self._departments() != departments:
                return self.resolve_many(applications)
        found = {
            number: {bytes32_to_code(department): app_id for department, app_id in pairs if app_id in on_chain}
            for number, pairs in candidates.items()
        }
        return [_the_one(a, found[a]) if isinstance(a, str) and a in found else self.resolve(a) for a in applications]

    def lookup_number(self, application: str | bytes) -> dict[str, bytes]:
        """Department code -> application id, for every department that has an application with this
        number (or, given bytes, this number hash); one ``statusMany`` call."""
        hashed = application if isinstance(application, bytes) else number_hash(application)
        if len(hashed) != 32:
            raise InvalidInputError("编号哈希须为 32 字节 / a number hash has 32 bytes")
        found = self._with_number(hashed, self._departments())
        if not found and self._department_codes is not None:
            # A department registered since the list was read would be missed: read it once more.
            self._department_codes = None
            found = self._with_number(hashed, self._departments())
        return found

    def receiving_department(self, service: str) -> bytes:
        """The department (bytes32) a new application of ``service`` goes to: the owner of its newest
        version, read from the catalogue once per service. Raises ``UnknownService``/``ServiceInactive``."""
        return self._catalog.receiving_department(service)

    def id_for(self, new: NewApplication) -> bytes:
        """The id the ledger will give ``new``: its number in its service's receiving department."""
        return application_id_for(self.receiving_department(new.service), new.number_hash)

    def _departments(self) -> tuple[bytes, ...]:
        if self._department_codes is None:
            self._department_codes = self._departments_facade.codes()
        return self._department_codes

    def _with_number(self, hashed: bytes, departments: Sequence[bytes]) -> dict[str, bytes]:
        if not departments:
            return {}
        candidates = [application_id_for(department, hashed) for department in departments]
        flags = self._exist(candidates)
        return {
            bytes32_to_code(department): app_id
            for department, app_id, flag in zip(departments, candidates, flags, strict=True)
            if flag
        }

    # -- writes -----------------------------------------------------------------------------

    def submit(
        self,
        application: str,
        *,
        service: str,
        applicant_commitment: bytes,
        materials: tuple[bytes, ...] = (),
    ) -> TransactionResult:
        """Submit an application; if it is on chain already with the same content, do nothing.

        ``application`` is the office's application number; the id is the number's in the service's
        receiving department. ``materials`` holds one material id per required material type of the
        service, in order; each must be valid and consented to for the receiving department.
        """
        if not isinstance(application, str) or is_application_id(application):
            raise InvalidInputError("提交需要办件编号 / submit takes the application number, not an id")
        new = NewApplication(application, service, applicant_commitment, tuple(materials))
        return self._write(
            self._contract.functions.submit(_submission(new)), already=lambda: self._already_submitted(new)
        )

    def submit_many(
        self,
        applications: Iterable[NewApplication],
        *,
        batch_size: int | None = None,
        on_progress: Callable[[int], None] | None = None,
    ) -> list[TransactionResult]:
        """Submit many applications in batches, skipping those already on chain.

        A batch holds at most ``batch_size`` entries (by default the ledger's ``MAX_BATCH``) and fewer
        when they carry many materials, so that each transaction fits within half a block's gas.

        Raises :class:`~zhangdian_sdk.core.errors.ApplicationAlreadyExists` before sending anything if
        an id is on chain with a different service or applicant.
        """
        batch_size = self._batch_size(batch_size)
        unique = _unique(applications, self.id_for)
        on_chain = self.existing([self.id_for(new) for new in unique])
        pending = [new for new in unique if self.id_for(new) not in on_chain or not self._already_submitted(new)]
        return self.submit_new(pending, batch_size=batch_size, on_progress=on_progress)

    def submit_new(
        self,
        applications: Sequence[NewApplication],
        *,
        batch_size: int | None = None,
        on_progress: Callable[[int], None] | None = None,
    ) -> list[TransactionResult]:
        """Submit applications the caller has checked are not on chain (bulk import does, under its
        lock), in ``submitBatch`` calls sent pipelined; batches of one shape share one simulation."""
        batches = _submission_batches(list(applications), self._batch_size(batch_size))
        selector = function_abi_to_4byte_selector(self._contract.get_function_by_name("submitBatch").abi)
        submissions = abi_type(function_abi("ApplicationLedger", "submitBatch")["inputs"][0])
        calls = [
            EncodedCall(self._contract.address, selector + abi_encode([submissions], [[_submission(n) for n in batch]]))
            for batch in batches
        ]
        shapes = [_batch_shape(batch) for batch in batches]
        return self._send_batches(calls, [len(b) for b in batches], on_progress, shapes)

    def accept(self, application: ApplicationRef) -> TransactionResult:
        """Accept (受理) a submitted application; no-op if it is accepted already."""
        app = self.get(application)
        return self._write(
            self._contract.functions.accept(app.application_id), already=app.status == ApplicationStatus.ACCEPTED
        )

    def accept_many(
        self, applications: Sequence[ApplicationRef], *, on_progress: Callable[[int], None] | None = None
    ) -> list[TransactionResult]:
        """Accept many applications in batches; those accepted already are skipped."""
        states = self.states(self.resolve_many(applications))
        unknown = [app_id for app_id, (status, _step, _count) in states.items() if status == ApplicationStatus.NONE]
        if unknown:
            raise UnknownApplication({"applicationId": unknown[0]})
        ids = [app_id for app_id, (status, _step, _count) in states.items() if status == ApplicationStatus.SUBMITTED]
        size = self.max_batch
        batches = [ids[i : i + size] for i in range(0, len(ids), size)]
        calls = [self._contract.functions.acceptBatch(batch) for batch in batches]
        return self._send_batches(calls, [len(b) for b in batches], on_progress)

    def approve(
        self, application: ApplicationRef, *, step: int | None = None, opinion_hash: bytes | None = None
    ) -> TransactionResult:
        """Approve the current step (or ``step``, if given: then a retry never approves twice)."""
        app = self.get(application)
        index = app.current_step if step is None else step
        return self._write(
            self._contract.functions.approve(app.application_id, index, opinion_hash or bytes(32)),
            already=step is not None and _step_done(app, step),
        )

    def approve_many(
        self,
        steps: Sequence[tuple[ApplicationRef, int]],
        *,
        opinion_hash: bytes | None = None,
        on_progress: Callable[[int], None] | None = None,
    ) -> list[TransactionResult]:
        """Approve the named step of many applications; steps already approved are skipped."""
        wanted = list(
            zip(self.resolve_many([reference for reference, _step in steps]), [s for _r, s in steps], strict=True)
        )
        states = self.states([app_id for app_id, _step in wanted])
        todo = []
        for app_id, step in wanted:
            status, current, count = states[app_id]
            if status == ApplicationStatus.NONE:
                raise UnknownApplication({"applicationId": app_id})
            if not _step_done_by_state(status, current, count, step):
                todo.append(by_name("ApplicationLedger", "StepApproval", {"applicationId": app_id, "stepIndex": step}))
        size = self.max_batch
        batches = [todo[i : i + size] for i in range(0, len(todo), size)]
        calls = [self._contract.functions.approveBatch(batch, opinion_hash or bytes(32)) for batch in batches]
        return self._send_batches(calls, [len(b) for b in batches], on_progress)

    def reject(self, application: ApplicationRef, *, reason_code: int) -> TransactionResult:
        """Reject the application with the office's reason code; no-op if rejected already."""
        app = self.get(application)
        return self._write(
            self._contract.functions.reject(app.application_id, _reason(reason_code)),
            already=app.status == ApplicationStatus.REJECTED,
        )

    def request_supplement(self, application: ApplicationRef, *, reason_code: int) -> TransactionResult:
        """Ask the applicant for a supplement (补正); no-op if one is already requested."""
        app = self.get(application)
        return self._write(
            self._contract.functions.requestSupplement(app.application_id, _reason(reason_code)),
            already=app.status == ApplicationStatus.SUPPLEMENT_REQUESTED,
        )

    def resubmit(self, application: ApplicationRef, *, supplement_hash: bytes | None = None) -> TransactionResult:
        """Record the supplement; the application resumes at the step where it stopped."""
        app_id = self._id(application)
        return self._write(self._contract.functions.resubmit(app_id, supplement_hash or bytes(32)))

    def withdraw(self, application: ApplicationRef, *, reason_code: int) -> TransactionResult:
        """Withdraw the application at the applicant's request; no-op if withdrawn already."""
        app = self.get(application)
        return self._write(
            self._contract.functions.withdraw(app.application_id, _reason(reason_code)),
            already=app.status == ApplicationStatus.WITHDRAWN,
        )

    def start_special_procedure(self, application: ApplicationRef, *, kind: int, reason_code: int) -> TransactionResult:
        """Start a special procedure (特别程序, ``kind`` from :class:`~zhangdian_sdk.core.gbt39046.ProcedureKind`)
        on the open step; its clock stops until :meth:`end_special_procedure`. No-op if one is running."""
        app = self.get(application)
        if not 1 <= kind <= 255:
            raise InvalidInputError(f"特别程序种类无效 / special procedure kind {kind} must be between 1 and 255")
        return self._write(
            self._contract.functions.startSpecialProcedure(app.application_id, kind, _reason(reason_code)),
            already=app.status == ApplicationStatus.SPECIAL_PROCEDURE,
        )

    def end_special_procedure(self, application: ApplicationRef, *, result_code: int) -> TransactionResult:
        """End the running special procedure with ``result_code``; the step's clock runs again."""
        app_id = self._id(application)
        return self._write(self._contract.functions.endSpecialProcedure(app_id, _reason(result_code)))

    def complete(self, application: ApplicationRef) -> TransactionResult:
        """Complete an approved application whose conditions now hold; no-op if completed already.

        Raises the blocking rule's exception (e.g. ``WaitingPeriodNotOver``) before sending anything.
        """
        app = self.get(application)
        return self._write(
            self._contract.functions.complete(app.application_id), already=app.status == ApplicationStatus.COMPLETED
        )

    def flag_overdue(self, application: ApplicationRef) -> TransactionResult:
        """Flag the open step as overdue and apply the service's deadline policy (anyone may);
        no-op if this step was flagged already."""
        return self._write(self._contract.functions.flagOverdue(self._id(application)), raced=(AlreadyFlagged,))

    def retry_follow_on(self, parent: ApplicationRef, *, service: str) -> TransactionResult:
        """Open again the follow-on under ``service`` that failed when ``parent`` completed, once its
        cause is fixed (a clerk of the follow-on's department, or governance); no-op if it is open already.

        Raises :class:`~zhangdian_sdk.core.errors.FollowOnNotFailed` when no failure is recorded, or the
        child's own reason (e.g. ``DepartmentInactive``) while the cause persists, before sending anything.
        """
        parent_id = self._id(parent)
        service_id = code_to_bytes32(service)
        child = bytes(self._call(self._contract.functions.followOnId(parent_id, service_id)))
        return self._write(
            self._contract.functions.retryFollowOn(parent_id, service_id),
            already=lambda: bool(self._call(self._contract.functions.exists(child))),
            raced=(FollowOnAlreadyOpen,),  # opened by someone else in the meantime
        )

    def follow_on_failed(self, parent: ApplicationRef, *, service: str) -> bool:
        """Whether the follow-on under ``service`` failed to open when ``parent`` completed and was not
        opened since (it can be retried with :meth:`retry_follow_on`)."""
        function = self._contract.functions.followOnFailed(self._id(parent), code_to_bytes32(service))
        return bool(self._call(function))

    def completion_blocker(self, application: ApplicationRef) -> ContractError | None:
        """Why an approved application cannot complete now (the rule's exception), or None if it can."""
        reason = bytes(self._call(self._contract.functions.completionBlocker(self._id(application))))
        return decode_revert(reason) if reason else None

    def step_deadline(self, application: ApplicationRef) -> datetime | None:
        """When the open step becomes overdue; None when no step is running."""
        return timestamp_to_datetime(int(self._call(self._contract.functions.stepDeadline(self._id(application)))))

    def links(self, application: ApplicationRef) -> Links:
        """The parent that opened this application and the follow-on applications it opened."""
        app_id = self._id(application)
        parent = bytes(self._call(self._contract.functions.parentOf(app_id)))
        children = self._call(self._contract.functions.childrenOf(app_id))
        return Links(parent=parent if any(parent) else None, children=tuple(bytes(c) for c in children))

    def materials_of(self, application: ApplicationRef) -> tuple[bytes, ...]:
        """The material ids attached to the application, in the catalogue's order."""
        return tuple(bytes(m) for m in self._call(self._contract.functions.materialsOf(self._id(application))))

    def keeper_views(self, application_ids: Sequence[bytes], *, chunk: int = 300) -> list[KeeperView]:
        """Status, open step, step deadline and overdue flag of many applications, a few calls in all."""
        views: list[KeeperView] = []
        for start in range(0, len(application_ids), chunk):
            part = list(application_ids[start : start + chunk])
            records = self._call(self._contract.functions.keeperViews(part))
            views.extend(
                _KEEPER_VIEW.decode(record, application_id=app_id) for app_id, record in zip(part, records, strict=True)
            )
        return views

    # -- reads ------------------------------------------------------------------------------

    def exists(self, application: ApplicationRef) -> bool:
        """Whether the application is on chain; a number counts if any department has it."""
        if isinstance(application, str) and not is_application_id(application):
            return bool(self.lookup_number(application))
        return bool(self._call(self._contract.functions.exists(self._id(application))))

    def get(self, application: ApplicationRef) -> Application:
        """The application's record; raises :class:`~zhangdian_sdk.core.errors.UnknownApplication`."""
        app_id = self._id(application)
        record = self._call(self._contract.functions.getApplication(app_id))
        return _application(app_id, record, self._overdue(record))

    def _overdue(self, record: tuple[Any, ...]) -> bool:
        """Still running and past its deadline at the latest block (as ``flagOverdue`` would judge)."""
        fields = named("ApplicationLedger", "getApplication", record)
        status, deadline = ApplicationStatus(fields["status"]), int(fields["deadline"])
        if status not in workflow.RUNNING or deadline == 0:
            return False
        return int(self._chain.w3.eth.get_block("latest")["timestamp"]) > deadline

    def _exist(self, application_ids: list[bytes]) -> list[bool]:
        """Whether each id is on chain, from one ``statusMany`` call (unknown ids answer status None)."""
        found = named(
            "ApplicationLedger", "statusMany", self._call(self._contract.functions.statusMany(application_ids))
        )
        return [status != ApplicationStatus.NONE for status in found["statuses"]]

    def existing(self, application_ids: Sequence[bytes], *, chunk: int = 500) -> set[bytes]:
        """Which of the ids are on chain, asked in a few calls rather than one per id."""
        found: set[bytes] = set()
        for start in range(0, len(application_ids), chunk):
            part = list(application_ids[start : start + chunk])
            flags = self._exist(part)
            found.update(app_id for app_id, flag in zip(part, flags, strict=True) if flag)
        return found

    def states(
        self, application_ids: Sequence[bytes], *, chunk: int = 500
    ) -> dict[bytes, tuple[ApplicationStatus, int, int]]:
        """Status, current step and step count of many applications, a few calls in all.

        Usage: ``status, step, count = client.ledger.states([app_id])[app_id]``.
        """
        states: dict[bytes, tuple[ApplicationStatus, int, int]] = {}
        for start in range(0, len(application_ids), chunk):
            part = list(application_ids[start : start + chunk])
            found = named("ApplicationLedger", "statusMany", self._call(self._contract.functions.statusMany(part)))
            rows = zip(part, found["statuses"], found["steps"], found["stepCounts"], strict=True)
            for app_id, status, step, count in rows:
                states[app_id] = (ApplicationStatus(status), int(step), int(count))
        return states

    def count(self) -> int:
        """How many applications were ever submitted."""
        return int(self._call(self._contract.functions.applicationCount()))

    def history(self, application: ApplicationRef, *, chunk_blocks: int = _LOG_CHUNK_BLOCKS) -> Iterator[HistoryEntry]:
        """The application's timeline from the chain's events, oldest first, read page by page."""
        app_id = self._id(application)
        w3 = self._chain.w3
        start = self._chain.deployment.start_block
        head = w3.eth.block_number
        timestamps: dict[int, int] = {}
        state = workflow.INITIAL
        for logs in paged_logs(w3, self._contract.address, app_id, start, head, chunk_blocks):
            for log in logs:
                event = decode_log(log)
                if event is None:
                    continue
                state = workflow.evolve(state, event)
                if event.block_number not in timestamps:
                    timestamps[event.block_number] = int(w3.eth.get_block(event.block_number)["timestamp"])
                department = event.args.get("department")
                yield HistoryEntry(
                    event=event.name,
                    block_number=event.block_number,
                    transaction_hash=event.transaction_hash,
                    log_index=event.log_index,
                    timestamp=timestamp_to_datetime(timestamps[event.block_number]),
                    department=bytes32_to_code(department) if department is not None else None,
                    actor=event.args.get("actor"),
                    status_after=state.status if state.status != ApplicationStatus.NONE else None,
                    details=_details(event.args),
                )

    # -- helpers ----------------------------------------------------------------------------

    @cached_property
    def max_batch(self) -> int:
        """The most entries one batch call takes: the ledger's ``MAX_BATCH``, read once."""
        return int(self._call(self._contract.functions.MAX_BATCH()))

    def _batch_size(self, size: int | None) -> int:
        if size is None:
            return self.max_batch
        if not 1 <= size <= self.max_batch:
            raise InvalidInputError(f"批量大小超出范围 / batch size {size} must be between 1 and {self.max_batch}")
        return size

    def _id(self, application: ApplicationRef) -> bytes:
        return self.resolve(application)

    def _already_submitted(self, new: NewApplication) -> bool:
        app_id = self.id_for(new)
        if not self._call(self._contract.functions.exists(app_id)):
            return False
        record = named(
            "ApplicationLedger", "getApplication", self._call(self._contract.functions.getApplication(app_id))
        )
        if (
            record["service"] == code_to_bytes32(new.service)
            and record["applicantCommitment"] == new.applicant_commitment
        ):
            return True
        raise ApplicationAlreadyExists({"applicationId": app_id})

    def _send_batches(
        self,
        calls: list[Any],
        sizes: list[int],
        on_progress: Callable[[int], None] | None,
        shapes: list[Any] | None = None,
    ) -> list[TransactionResult]:
        def mined(index: int, _receipt: Any) -> None:
            if on_progress is not None:
                on_progress(sizes[index])

        receipts = self._chain.sender.send_many(calls, on_mined=mined, shapes=shapes)
        return [result_of(receipt, decode_events=False) for receipt in receipts]


def _application(app_id: bytes, record: tuple[Any, ...], overdue: bool) -> Application:
    return _APPLICATION.decode(record, application_id=app_id, overdue=overdue)


def _details(args: dict[str, Any]) -> dict[str, Any]:
    shown: dict[str, Any] = {}
    for name, value in args.items():
        if name in {"applicationId", "department", "actor"}:
            continue
        if name in {"service", "supervisor"}:
            shown[name] = bytes32_to_code(value)
        elif name == "reason" and isinstance(value, bytes):
            error = decode_revert(value)
            shown[name] = f"{error.message_zh} / {error.message_en}"
        elif isinstance(value, bytes):
            shown[name] = "0x" + value.hex()
        else:
            shown[name] = value
    return shown


def _step_done(app: Application, step: int) -> bool:
    """Whether ``step`` was approved already, as the chain shows it."""
    return _step_done_by_state(app.status, app.current_step, app.step_count, step)


def _step_done_by_state(status: ApplicationStatus, current: int, count: int, step: int) -> bool:
    if not 0 <= step < count:
        raise InvalidInputError(f"没有这个环节 / step {step} does not exist: the service has {count} steps")
    return workflow.step_done(status, current, step)


def _the_one(application: str, found: dict[str, bytes]) -> bytes:
    """The id of a number from the departments that have it: exactly one, or a clear error."""
    if not found:
        raise UnknownApplicationNumber({"applicationNumber": application.strip()})
    if len(found) > 1:
        names = ", ".join(sorted(found))
        raise InvalidInputError(
            f"办件编号 {application.strip()} 在多个部门登记 ({names}), 请指明部门 (--department) / "
            f"application number {application.strip()} exists in several departments ({names}): "
            "name the department (--department)"
        )
    return next(iter(found.values()))


def _submission_batches(pending: list[NewApplication], batch_size: int) -> list[list[NewApplication]]:
    """Consecutive batches of at most ``batch_size`` entries whose gas stays within one block's share."""
    batches: list[list[NewApplication]] = []
    batch: list[NewApplication] = []
    gas = 0
    for new in pending:
        entry_gas = _SUBMISSION_GAS + _ATTACHED_MATERIAL_GAS * len(new.materials)
        if batch and (len(batch) == batch_size or gas + entry_gas > _SUBMIT_BATCH_GAS):
            batches.append(batch)
            batch, gas = [], 0
        batch.append(new)
        gas += entry_gas
    if batch:
        batches.append(batch)
    return batches


def _batch_shape(batch: list[NewApplication]) -> tuple[int, tuple[str, ...], int]:
    """Batches with the same size, services in the same order and the same number of materials
    cost the same gas."""
    services = tuple(new.service for new in batch)
    return (len(batch), services if len(set(services)) > 1 else services[:1], sum(len(n.materials) for n in batch))


def _submission(new: NewApplication) -> tuple[Any, ...]:
    if len(new.applicant_commitment) != 32:
        raise InvalidInputError("申请人承诺须为 32 字节 / the applicant commitment must have 32 bytes")
    if any(len(material) != 32 for material in new.materials):
        raise InvalidInputError("材料 ID 须为 32 字节 / a material id has 32 bytes")
    return by_name(
        "ApplicationLedger",
        "Submission",
        {
            "number": application_number(new.application_number),
            "service": code_to_bytes32(new.service),
            "applicantCommitment": new.applicant_commitment,
            "materials": list(new.materials),
        },
    )


def _unique(applications: Iterable[NewApplication], id_for: Callable[[NewApplication], bytes]) -> list[NewApplication]:
    seen: dict[bytes, NewApplication] = {}
    for new in applications:
        previous = seen.setdefault(id_for(new), new)
        if previous != new:
            raise InvalidInputError(
                "同一办件出现两次且内容不同 / "
                f"application {new.application_number} appears twice with different content"
            )
    return list(seen.values())


def _reason(code: int) -> int:
    if not 1 <= code <= 65535:
        raise InvalidInputError(f"原因代码无效 / reason code {code} must be between 1 and 65535")
    return code
