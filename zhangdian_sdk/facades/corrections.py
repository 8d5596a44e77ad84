"""更正: a department corrects a clerical error in its own decision or certificate, with a legal reason.

Nothing on the ledger or the certificate registry changes: the CorrectionRegistry appends each correction
(who, when, why, the field and its right value) next to the record, which stays as it was, so readers show
the original marked corrected. The contract lets only the department that made the record correct it: for a
decision an Approver of the department of the step it was decided at, or a Clerk of the receiving
department; for a certificate an Issuer of the issuing department.

A reason-code correction knows what it corrects: the previous value is the last correction of the field,
or else the reason code of the decision itself, read from the ledger's events (the rejection or the
supplement request), so the result says "reason 1 corrected to 2".

Usage::

    result = client.corrections.correct_reason_code("ZD-2026-000123", to=2, reason_code=1)
    result.summary_en  # 'reason 1 corrected to 2'
    client.corrections.decision_corrections("ZD-2026-000123")
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import IntEnum
from typing import Any

from eth_utils.crypto import keccak

from zhangdian_sdk.core import messages, reasons
from zhangdian_sdk.core.codes import bytes32_to_code, code_to_bytes32
from zhangdian_sdk.core.context import ChainContext
from zhangdian_sdk.core.errors import InvalidInputError
from zhangdian_sdk.core.models import TransactionResult
from zhangdian_sdk.facades.certificates import Certificate
from zhangdian_sdk.facades.facade import Facade
from zhangdian_sdk.facades.ledger import ApplicationRef, LedgerFacade

__all__ = [
    "CORRECTION_REASON_KIND",
    "DECISION_REASON_EVENTS",
    "REASON_CODE_FIELD",
    "Correction",
    "CorrectionResult",
    "CorrectionSubject",
    "CorrectionsFacade",
    "Subject",
    "correction_reason",
    "field_code",
]

REASON_CODE_FIELD = "reasonCode"
OPINION_HASH_FIELD = "opinionHash"
# The reason catalogue's kind of a correction's legal reason (shipped with issue 18's catalogue).
CORRECTION_REASON_KIND = "correction"
# The ledger events whose reasonCode is the decision's reason, and the catalogue kind of each.
DECISION_REASON_EVENTS = {
    "ApplicationRejected": "rejection",
    "SupplementRequested": "supplement",
}


class Subject(IntEnum):
    """What a correction corrects: ``ICorrectionRegistry.Subject``, named as in Solidity (the SDK's enums
    mirror the contracts' by name); :data:`CorrectionSubject` is the same enum under a clearer name."""

    NONE = 0
    DECISION = 1
    CERTIFICATE = 2

    @property
    def label_zh(self) -> str:
        return messages.label("correction_subject", self.name, "zh")

    @property
    def label_en(self) -> str:
        return messages.label("correction_subject", self.name, "en")


CorrectionSubject = Subject


@dataclass(frozen=True)
class Correction:
    """One correction as the chain keeps it; ``sequence`` counts the subject's corrections from 0."""

    subject: CorrectionSubject
    subject_id: bytes  # the application id or the certificate's leaf
    sequence: int
    department: str
    field: str
    corrected_value: bytes
    reason_code: int
    corrected_at: datetime
    actor: str

    @property
    def corrected_int(self) -> int:
        """The corrected value as a number (a reason code)."""
        return int.from_bytes(self.corrected_value, "big")

    @property
    def reason_zh(self) -> str:
        return correction_reason(self.reason_code)[0]

    @property
    def reason_en(self) -> str:
        return correction_reason(self.reason_code)[1]


@dataclass(frozen=True)
class CorrectionResult:
    """A correction sent (or found recorded already): what changed, from what, and why."""

    transaction: TransactionResult
    subject: CorrectionSubject
    subject_id: bytes
    field: str
    previous: int | bytes | None  # the value corrected (a reason code's previous code), None if unknown
    corrected: int | bytes
    reason_code: int
    sequence: int  # the correction's place among the subject's corrections

    @property
    def already_recorded(self) -> bool:
        return self.transaction.already_recorded

    def summary(self, language: str) -> str:
        """ "reason 1 corrected to 2" (or "field holderName corrected to 0x…") in ``language``."""
        if self.field == REASON_CODE_FIELD and self.previous is not None:
            return messages.text(
                "sdk.correction_reason_code", language, previous=self.previous, corrected=self.corrected
            )
        corrected = self.corrected if isinstance(self.corrected, int) else "0x" + self.corrected.hex()
        return messages.text("sdk.correction_field", language, field=self.field, corrected=corrected)

    @property
    def summary_zh(self) -> str:
        return self.summary("zh")

    @property
    def summary_en(self) -> str:
        return self.summary("en")


def correction_reason(code: int) -> tuple[str, str]:
    """The legal reason ``code`` of a correction in words (Chinese, English); a code the catalogue does not
    know reads "reason code N"."""
    try:
        reason = reasons.describe(CORRECTION_REASON_KIND, code)
    except ValueError:  # a catalogue without the kind `correction` yet
        return messages.text("sdk.reason_code", "zh", code=code), messages.text("sdk.reason_code", "en", code=code)
    return reason.text_zh, reason.text_en


def field_code(field: str) -> str:
    """The on-chain name of a field: ``reason-code`` and ``reason_code`` become ``reasonCode``; a name
    already in camelCase stays. Refuses what is not 1..32 printable ASCII characters."""
    text = field.strip()
    parts = [part for part in text.replace("_", "-").split("-") if part]
    name = parts[0] + "".join(part[:1].upper() + part[1:] for part in parts[1:]) if parts else ""
    if not name or len(name.encode()) > 32 or not all(0x21 <= ord(char) <= 0x7E for char in name):
        raise InvalidInputError(
            f"字段名 {field!r} 无效, 应为 1 至 32 个可打印 ASCII 字符 / "
            f"field {field!r} must be 1 to 32 printable ASCII characters"
        )
    return name


class CorrectionsFacade(Facade):
    """The CorrectionRegistry contract: correct decisions and certificates, and read the corrections."""

    contract_name = "CorrectionRegistry"

    def __init__(self, chain: ChainContext, *, ledger: LedgerFacade) -> None:
        super().__init__(chain)
        self._ledger = ledger

    # -- decisions ----------------------------------------------------------------------------

    def correct_reason_code(self, application: ApplicationRef, *, to: int, reason_code: int) -> CorrectionResult:
        """Correct the reason code of the decision on ``application`` (a rejection's or a supplement
        request's) to ``to``, for the legal reason ``reason_code`` (kind ``correction``)."""
        corrected = _code(to, "reason code")
        reason = _code(reason_code, "correction reason code")
        app_id = self._ledger.resolve(application)
        previous = self.current_reason_code(app_id)
        if previous is None:
            self._ledger.get(app_id)  # an unknown application is refused as such
            key = "sdk.correction_no_decision_reason"
            application_shown = application if isinstance(application, str) else "0x" + app_id.hex()
            raise InvalidInputError(
                f"{messages.text(key, 'zh', application=application_shown)} / "
                f"{messages.text(key, 'en', application=application_shown)}"
            )
        corrected_before = any(c.field == REASON_CODE_FIELD for c in self.decision_corrections(app_id))
        if previous == corrected and not corrected_before:
            raise InvalidInputError(
                f"办件的原因代码已是 {corrected}, 无需更正 / the decision's reason code is {corrected} already"
            )
        return self._correct_decision(app_id, REASON_CODE_FIELD, corrected.to_bytes(32, "big"), reason, previous)

    def correct_decision(
        self, application: ApplicationRef, *, field: str, value: bytes, reason_code: int
    ) -> CorrectionResult:
        """Correct field ``field`` (e.g. ``opinionHash``) of the decision on ``application`` to the 32-byte
        ``value``; a reason code goes through :meth:`correct_reason_code`, which knows its previous value."""
        name = field_code(field)
        word = _word(value)
        if name == REASON_CODE_FIELD:
            return self.correct_reason_code(application, to=int.from_bytes(word, "big"), reason_code=reason_code)
        reason = _code(reason_code, "correction reason code")
        app_id = self._ledger.resolve(application)
        previous = next(
            (c.corrected_value for c in reversed(self.decision_corrections(app_id)) if c.field == name), None
        )
        return self._correct_decision(app_id, name, word, reason, previous)

    def _correct_decision(
        self, app_id: bytes, field: str, value: bytes, reason_code: int, previous: int | bytes | None
    ) -> CorrectionResult:
        function = self._contract.functions.correctDecision(app_id, code_to_bytes32(field), value, reason_code)
        return self._send(CorrectionSubject.DECISION, app_id, field, value, reason_code, previous, function)

    def current_reason_code(self, application: ApplicationRef) -> int | None:
        """The reason code the decision on ``application`` stands with now: its last correction's, or the
        decision's own (from the ledger's events); None when it has no decision with a reason."""
        app_id = self._ledger.resolve(application)
        for correction in reversed(self.decision_corrections(app_id)):
            if correction.field == REASON_CODE_FIELD:
                return correction.corrected_int
        return self.decision_reason(app_id)[1]

    def decision_reason(self, application: ApplicationRef) -> tuple[str | None, int | None]:
        """The ledger's last decision with a reason on ``application``: (event name, reason code), read from
        the ledger's events; (None, None) if there is none."""
        found: tuple[str | None, int | None] = (None, None)
        for entry in self._ledger.history(application):
            if entry.event in DECISION_REASON_EVENTS and isinstance(entry.details.get("reasonCode"), int):
                found = (entry.event, int(entry.details["reasonCode"]))
        return found

    def decision_corrections(self, application: ApplicationRef) -> tuple[Correction, ...]:
        """The corrections of the decision on ``application``, oldest first."""
        return self.corrections_of(self._ledger.resolve(application))

    # -- certificates -------------------------------------------------------------------------

    def correct_certificate(
        self,
        certificate: Certificate,
        *,
        field: str,
        value: str | None = None,
        digest: bytes | None = None,
        reason_code: int,
    ) -> CorrectionResult:
        """Correct field ``field`` of ``certificate`` (an Issuer of its issuer signs): the right text
        ``value`` (recorded as its keccak256 digest, the text itself stays off chain) or its ``digest``."""
        if certificate.status_index is not None:
            key = "sdk.correction_status_list_certificate"
            raise InvalidInputError(f"{messages.text(key, 'zh')} / {messages.text(key, 'en')}")
        if (value is None) == (digest is None):
            raise InvalidInputError("请给出更正后的内容或其摘要之一 / give either the right value or its digest")
        name = field_code(field)
        corrected = keccak(text=value) if value is not None else _word(digest or b"")
        reason = _code(reason_code, "correction reason code")
        leaf = certificate.leaf
        previous = next((c.corrected_value for c in reversed(self.corrections_of(leaf)) if c.field == name), None)
        function = self._contract.functions.correctCertificate(
            certificate.root,
            code_to_bytes32(certificate.issuer),
            certificate.certificate_id,
            certificate.digest,
            list(certificate.proof),
            code_to_bytes32(name),
            corrected,
            reason,
        )
        return self._send(CorrectionSubject.CERTIFICATE, leaf, name, corrected, reason, previous, function)

    def certificate_corrections(self, certificate: Certificate) -> tuple[Correction, ...]:
        """The corrections of ``certificate``, oldest first."""
        return self.corrections_of(certificate.leaf)

    # -- reading ------------------------------------------------------------------------------

    def corrections_of(self, subject_id: bytes) -> tuple[Correction, ...]:
        """The corrections of a subject (an application id or a certificate leaf), oldest first."""
        records = self._call(self._contract.functions.correctionsOf(subject_id))
        return tuple(_correction(subject_id, index, record) for index, record in enumerate(records))

    def count(self) -> int:
        """How many corrections were recorded, of every subject."""
        return int(self._call(self._contract.functions.correctionCount()))

    # -- helpers ------------------------------------------------------------------------------

    def _send(
        self,
        subject: CorrectionSubject,
        subject_id: bytes,
        field: str,
        value: bytes,
        reason_code: int,
        previous: int | bytes | None,
        function: Any,
    ) -> CorrectionResult:
        before = self.corrections_of(subject_id)

        def recorded() -> bool:
            # a retry after a lost receipt: the subject's last correction of the field is this one already,
            # made by this signer; anyone else repeating it is sent, so the chain judges their authority
            last = next((c for c in reversed(before) if c.field == field), None)
            return (
                last is not None
                and last.corrected_value == value
                and last.reason_code == reason_code
                and last.actor.lower() == self._chain.sender.address.lower()
            )

        already: Callable[[], bool] = recorded
        transaction = self._write(function, already=already)
        after = self.corrections_of(subject_id) if not transaction.already_recorded else before
        sequence = next(c.sequence for c in reversed(after) if c.field == field)
        if field == REASON_CODE_FIELD:
            corrected: int | bytes = int.from_bytes(value, "big")
            if isinstance(previous, bytes):
                previous = int.from_bytes(previous, "big")
        else:
            corrected = value
        if transaction.already_recorded:
            # the previous value of a recorded correction is the one before it
            earlier = [c for c in after if c.field == field][:-1]
            if earlier:
                previous = earlier[-1].corrected_int if field == REASON_CODE_FIELD else earlier[-1].corrected_value
            elif field == REASON_CODE_FIELD and subject == CorrectionSubject.DECISION:
                previous = self.decision_reason(subject_id)[1]
            else:
                previous = None
        return CorrectionResult(transaction, subject, subject_id, field, previous, corrected, reason_code, sequence)


def _correction(subject_id: bytes, sequence: int, record: Any) -> Correction:
    subject, department, field, value, reason_code, corrected_at, actor = record
    return Correction(
        subject=CorrectionSubject(int(subject)),
        subject_id=subject_id,
        sequence=sequence,
        department=bytes32_to_code(bytes(department)),
        field=bytes32_to_code(bytes(field)),
        corrected_value=bytes(value),
        reason_code=int(reason_code),
        corrected_at=datetime.fromtimestamp(int(corrected_at), UTC),
        actor=str(actor),
    )


def _code(value: int, what: str) -> int:
    if isinstance(value, bool) or not 1 <= int(value) <= 65535:
        raise InvalidInputError(f"代码 {value} 无效, 应为 1 至 65535 / {what} {value} must be between 1 and 65535")
    return int(value)


def _word(value: bytes) -> bytes:
    if len(value) != 32 or not any(value):
        raise InvalidInputError("更正值应为 32 字节且不为零 / the corrected value must be 32 bytes, not all zero")
    return bytes(value)
