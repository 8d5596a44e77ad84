"""行政复议 (administrative reconsideration): appeals against the ledger's decisions (AppealRegistry).

An appeal is filed for the applicant by a clerk of the reviewing body (复议机关) the service's appeal
terms name, within the filing window after a rejection, approval or completion; it is accepted (受理),
may be extended once with a reason (延期), and is decided by an approver of the reviewing body: upheld
(维持), revoked (撤销: the completion certificate is revoked and the original may be reopened at a named
step), changed (变更) or confirmed unlawful (确认违法); the applicant may withdraw it before (撤回).

An appeal is named by its id (0x + 64 hex) or by its original application (an id or the office's
application number): that names the original's latest appeal, so the citizen's receipt code, which
finds the original, finds its appeals too.

Every write is idempotent where the chain can tell (accepting an accepted appeal, deciding a decided one
with the same outcome ...): it returns ``already_recorded`` instead of failing.

Usage::

    filed = client.appeals.file("ZD-2026-110007", grounds_hash=keccak(grounds))
    client.appeals.accept(filed.appeal_id)
    client.appeals.decide(filed.appeal_id, AppealOutcome.REVOKED, reason_code=2,
                          decision_hash=keccak(decision), reopen_step=0)
    client.appeals.get("ZD-2026-110007").outcome.label   # 撤销 Revoked
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from zhangdian_sdk.core._results import already_recorded
from zhangdian_sdk.core.codec import StructCodec
from zhangdian_sdk.core.codes import code_to_bytes32, is_application_id
from zhangdian_sdk.core.context import ChainContext
from zhangdian_sdk.core.errors import InvalidInputError, ZhangdianError
from zhangdian_sdk.core.events import decode_log, paged_logs
from zhangdian_sdk.core.models import (
    Appeal,
    AppealOutcome,
    AppealStatus,
    AppealTerms,
    TransactionResult,
    timestamp_to_datetime,
)
from zhangdian_sdk.facades.facade import Facade
from zhangdian_sdk.facades.ledger import ApplicationRef, LedgerFacade

__all__ = [
    "AppealEvent",
    "AppealRef",
    "AppealsFacade",
    "FiledAppeal",
    "NoAppealError",
    "parse_outcome",
]

AppealRef = str | bytes
_LOG_CHUNK_BLOCKS = 50_000


def _reopened(raw: Any) -> int | None:
    """The stored step plus one (0: not reopened) as the 0-based step, or None."""
    return int(raw) - 1 if int(raw) else None


_APPEAL = StructCodec(Appeal, "AppealRegistry", "Appeal", converters={"reopened_step": _reopened})
_TERMS = StructCodec(AppealTerms, "AppealRegistry", "AppealTerms")


class NoAppealError(ZhangdianError, LookupError):
    """The application named has no appeal (raised by the SDK when an appeal is named by its original)."""


@dataclass(frozen=True)
class FiledAppeal:
    """What :meth:`AppealsFacade.file` recorded: the new appeal's id and the transaction."""

    appeal_id: bytes
    transaction: TransactionResult

    @property
    def id_hex(self) -> str:
        return "0x" + self.appeal_id.hex()


@dataclass(frozen=True)
class AppealEvent:
    """One event of an appeal, oldest first (:meth:`AppealsFacade.events`)."""

    event: str
    block_number: int
    transaction_hash: str
    timestamp: datetime | None
    actor: str | None
    args: dict[str, Any]


class AppealsFacade(Facade):
    """Reads and writes the AppealRegistry; originals are named as the ledger names applications."""

    contract_name = "AppealRegistry"

    def __init__(self, chain: ChainContext, *, ledger: LedgerFacade) -> None:
        super().__init__(chain)
        self._ledger = ledger

    # -- naming -------------------------------------------------------------------------------

    def resolve(self, appeal: AppealRef, *, department: str | None = None) -> bytes:
        """The id of ``appeal``: an appeal id as it is; an application (id or number, in ``department``
        if given) names its latest appeal (:class:`NoAppealError` if it has none)."""
        if isinstance(appeal, bytes) or is_application_id(appeal):
            raw = appeal if isinstance(appeal, bytes) else bytes.fromhex(appeal.removeprefix("0x"))
            if len(raw) != 32:
                raise InvalidInputError("复议 ID 须为 32 字节 / an appeal id has 32 bytes")
            if self._status(raw) != AppealStatus.NONE:
                return raw
        original = self._ledger.resolve(appeal, department=department)
        appeals = self.appeal_ids_of(original)
        if not appeals:
            shown = appeal if isinstance(appeal, str) else "0x" + appeal.hex()
            raise NoAppealError(
                f"办件 {shown} 没有行政复议申请 / application {shown} has no appeal (行政复议) on chain"
            )
        return appeals[-1]

    def appeal_id_for(self, original: ApplicationRef, index: int) -> bytes:
        """The id the ``index``-th appeal (from 0) of ``original`` has or will have."""
        function = self._contract.functions.appealIdFor(self._ledger.resolve(original), index)
        return bytes(self._call(function))

    # -- writes -------------------------------------------------------------------------------

    def set_terms(self, terms: AppealTerms, *, service: str | None = None) -> TransactionResult:
        """Set the appeal terms of ``service``, or the default for every service without its own (None).

        No-op when the default is set to what it is already (a service's own terms are always sent:
        equal to the default they still pin the service to them)."""
        if terms.reviewer is None:
            raise InvalidInputError("复议机关必填 / the terms need a reviewing body (reviewer department)")
        for name, days in (("window", terms.window_days), ("review", terms.review_days)):
            if not 1 <= days <= 65535:
                raise InvalidInputError(f"{name} 天数无效 / {name} days {days} must be between 1 and 65535")
        if not 0 <= terms.extension_days <= 65535:
            raise InvalidInputError(f"延期天数无效 / extension days {terms.extension_days} must be 0 to 65535")
        key = code_to_bytes32(service) if service else bytes(32)
        return self._write(
            self._contract.functions.setAppealTerms(key, _TERMS.encode(terms)),
            already=lambda: service is None and self.terms() == terms,
        )

    def file(self, original: ApplicationRef, *, grounds_hash: bytes, department: str | None = None) -> FiledAppeal:
        """File an appeal against the current decision on ``original`` for its applicant (a clerk of the
        reviewing body). If its latest appeal is open with the same grounds, nothing is sent.

        Raises the contract's errors before anything is sent: ``AppealWindowClosed`` (its message names the
        window's end in Beijing time), ``NotAppealable``, ``AppealPending``, ``NoAppealTerms``,
        ``NotReviewingOfficer``."""
        _hash32(grounds_hash, "复议申请书哈希", "grounds hash")
        original_id = self._ledger.resolve(original, department=department)
        existing = self.appeal_ids_of(original_id)
        if existing:
            latest = self.get(existing[-1])
            if latest.status.is_open and latest.grounds_hash == grounds_hash:
                return FiledAppeal(latest.appeal_id, already_recorded())
        appeal_id = self.appeal_id_for(original_id, len(existing))
        result = self._write(self._contract.functions.file(original_id, grounds_hash))
        return FiledAppeal(appeal_id, result)

    def accept(self, appeal: AppealRef) -> TransactionResult:
        """Accept (受理) a filed appeal; its review deadline starts. No-op if accepted already."""
        record = self.get(appeal)
        return self._write(
            self._contract.functions.accept(record.appeal_id), already=record.status == AppealStatus.ACCEPTED
        )

    def extend(self, appeal: AppealRef, *, reason_code: int) -> TransactionResult:
        """Extend the review deadline once (延期, an approver of the reviewing body) for ``reason_code``
        (reason kind appeal_extension). No-op if it was extended already."""
        record = self.get(appeal)
        return self._write(
            self._contract.functions.extend(record.appeal_id, _reason(reason_code)),
            already=record.extended and record.status == AppealStatus.ACCEPTED,
        )

    def decide(
        self,
        appeal: AppealRef,
        outcome: AppealOutcome | str | int,
        *,
        reason_code: int,
        decision_hash: bytes,
        reopen_step: int | None = None,
    ) -> TransactionResult:
        """Decide an accepted appeal (an approver of the reviewing body). ``outcome`` is an
        :class:`AppealOutcome` (or its word or label: ``revoked``, ``撤销`` ...); ``reopen_step`` (0-based,
        only with REVOKED) reopens the original at that step. No-op if decided already the same way."""
        chosen = parse_outcome(outcome)
        _hash32(decision_hash, "复议决定书哈希", "decision hash")
        if reopen_step is not None:
            if chosen != AppealOutcome.REVOKED:
                raise InvalidInputError(
                    f"只有撤销决定可以重新办理 / only a revoked decision reopens the original, not {chosen.label_en}"
                )
            if not 0 <= reopen_step < self.no_reopen:
                raise InvalidInputError(f"环节无效 / step {reopen_step} must be between 0 and {self.no_reopen - 1}")
        record = self.get(appeal)
        step = self.no_reopen if reopen_step is None else reopen_step
        return self._write(
            self._contract.functions.decide(record.appeal_id, int(chosen), _reason(reason_code), decision_hash, step),
            already=record.status == AppealStatus.DECIDED and record.outcome == chosen,
        )

    def withdraw(self, appeal: AppealRef, *, reason_code: int) -> TransactionResult:
        """Withdraw an open appeal at the applicant's request (撤回; reason kind withdrawal).
        No-op if it was withdrawn already."""
        record = self.get(appeal)
        return self._write(
            self._contract.functions.withdraw(record.appeal_id, _reason(reason_code)),
            already=record.status == AppealStatus.WITHDRAWN,
        )

    # -- reads --------------------------------------------------------------------------------

    def get(self, appeal: AppealRef, *, department: str | None = None) -> Appeal:
        """The appeal's record (named as :meth:`resolve` names it)."""
        appeal_id = self.resolve(appeal, department=department)
        return _APPEAL.decode(self._call(self._contract.functions.getAppeal(appeal_id)), appeal_id=appeal_id)

    def appeal_ids_of(self, original: ApplicationRef) -> list[bytes]:
        """The ids of the appeals of an application, oldest first."""
        return [bytes(a) for a in self._call(self._contract.functions.appealsOf(self._ledger.resolve(original)))]

    def appeals_of(self, original: ApplicationRef, *, department: str | None = None) -> list[Appeal]:
        """The appeals of an application, oldest first."""
        original_id = self._ledger.resolve(original, department=department)
        return [self.get(appeal_id) for appeal_id in self.appeal_ids_of(original_id)]

    def window_end(self, original: ApplicationRef, *, department: str | None = None) -> datetime | None:
        """When the window to appeal the current decision on ``original`` ends (None: not appealable now)."""
        function = self._contract.functions.appealWindowEnd(self._ledger.resolve(original, department=department))
        return timestamp_to_datetime(int(self._call(function)))

    def filed_window_end(self, appeal: AppealRef) -> datetime | None:
        """The end of the window the appeal was filed in (from its ``AppealFiled`` event)."""
        for event in self.events(appeal):
            if event.event == "AppealFiled":
                return timestamp_to_datetime(int(event.args["windowEnd"]))
        return None

    def terms(self, service: str | None = None) -> AppealTerms:
        """The terms that apply to ``service`` (its own, else the default), or the default (None)."""
        key = code_to_bytes32(service) if service else bytes(32)
        return _TERMS.decode(self._call(self._contract.functions.appealTerms(key)))

    @property
    def no_reopen(self) -> int:
        """The contract's ``NO_REOPEN`` step value (not reopening)."""
        return int(self._call(self._contract.functions.NO_REOPEN()))

    def events(self, appeal: AppealRef, *, chunk_blocks: int = _LOG_CHUNK_BLOCKS) -> Iterator[AppealEvent]:
        """The appeal's events, oldest first, read from the chain page by page."""
        appeal_id = self.resolve(appeal)
        w3 = self._chain.w3
        times: dict[int, int] = {}
        start, head = self._chain.deployment.start_block, w3.eth.block_number
        for logs in paged_logs(w3, self._contract.address, appeal_id, start, head, chunk_blocks):
            for log in logs:
                event = decode_log(log)
                if event is None:
                    continue
                if event.block_number not in times:
                    times[event.block_number] = int(w3.eth.get_block(event.block_number)["timestamp"])
                yield AppealEvent(
                    event=event.name,
                    block_number=event.block_number,
                    transaction_hash=event.transaction_hash,
                    timestamp=timestamp_to_datetime(times[event.block_number]),
                    actor=event.args.get("actor"),
                    args={k: v for k, v in event.args.items() if k not in {"appealId", "actor"}},
                )

    def _status(self, appeal_id: bytes) -> AppealStatus:
        record = _APPEAL.decode(self._call(self._contract.functions.getAppeal(appeal_id)), appeal_id=appeal_id)
        return record.status


def parse_outcome(outcome: AppealOutcome | str | int) -> AppealOutcome:
    """An outcome from its member, number, word (``revoked``, ``confirmed-unlawful``) or label (``撤销``);
    None (0) is refused: an appeal is decided with an outcome."""
    try:
        if isinstance(outcome, AppealOutcome):
            chosen = outcome
        elif isinstance(outcome, int) or (isinstance(outcome, str) and outcome.strip().isdigit()):
            chosen = AppealOutcome(int(outcome))
        else:
            chosen = AppealOutcome.parse(outcome)
    except ValueError:
        chosen = AppealOutcome.NONE
    if chosen == AppealOutcome.NONE:
        words = ", ".join(f"{m.word} ({m.label_zh})" for m in AppealOutcome if m != AppealOutcome.NONE)
        raise InvalidInputError(f"复议结果无效 / unknown appeal outcome {outcome!r}: expected one of {words}")
    return chosen


def _hash32(value: bytes, zh: str, en: str) -> bytes:
    if len(value) != 32 or not any(value):
        raise InvalidInputError(f"{zh}须为 32 字节且非零 / the {en} must be 32 non-zero bytes")
    return value


def _reason(code: int) -> int:
    if not 1 <= code <= 65535:
        raise InvalidInputError(f"原因代码无效 / reason code {code} must be between 1 and 65535")
    return code
