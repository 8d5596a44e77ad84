"""An application's history as staff read it: Beijing time, names next to codes, reasons in words,
step labels, the actor's role and the transaction of every event.

:meth:`~zhangdian_sdk.facades.ledger.LedgerFacade.history` gives the raw events; this module adds what
the chain knows about them (the service's steps, the departments' names, the actor's roles) and the
catalogues' words (events, statuses, reasons, procedure kinds). The CLI prints it as text and, with
``--json``, as the :meth:`ReadableEvent.as_json` records (the same facts, machine-readable).

Usage::

    for event in readable_history(client, app_id):
        print(event.time_beijing, event.event_zh, event.transaction_hash)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from zhangdian_sdk.core import messages, reasons, workflow
from zhangdian_sdk.core.codes import bytes32_to_code
from zhangdian_sdk.core.errors import ZhangdianError
from zhangdian_sdk.core.events import DecodedEvent, decode_log, paged_logs
from zhangdian_sdk.core.gbt39046 import ProcedureKind
from zhangdian_sdk.core.models import (
    Application,
    ApplicationStatus,
    ApprovalStep,
    HistoryEntry,
    OfficerRole,
    timestamp_to_datetime,
)
from zhangdian_sdk.core.workdays import BEIJING, beijing

if TYPE_CHECKING:
    from zhangdian_sdk.client import ZhangdianClient

__all__ = [
    "RELATED_EVENTS",
    "ApplicationNames",
    "CorrectionNote",
    "Named",
    "ReadableEvent",
    "StepLabel",
    "application_names",
    "readable_history",
    "related_entries",
    "step_label",
]

# Event arguments that are unix times (deadlines are written as Beijing days ending 24:00).
_TIMES = frozenset({"deadline", "completedAt", "dueAt", "escalatedAt", "windowEnd", "replacedAt"})
# Event arguments that are codes of a department.
_DEPARTMENTS = frozenset({"supervisor", "feeDepartment", "issuer", "reviewer", "newIssuer", "oldIssuer"})
# Events of other contracts about an application that its history shows (issue 18), by contract: the
# appeals of it (行政复议), the corrections of its decision (更正), and what became of its completion
# certificate (revoked on appeal, replaced, corrected, revoked, suspended).
RELATED_EVENTS: dict[str, frozenset[str]] = {
    "AppealRegistry": frozenset(
        {"AppealFiled", "AppealAccepted", "AppealExtended", "AppealDecided", "AppealWithdrawn"}
    ),
    "CorrectionRegistry": frozenset({"DecisionCorrected", "CertificateCorrected"}),
    "CertificateRegistry": frozenset(
        {
            "CertificateRevokedOnAppeal",
            "CertificateRevoked",
            "BatchRevoked",
            "CertificateSuspended",
            "CertificateReinstated",
            "CertificateReplaced",
            "BatchReplaced",
        }
    ),
}
# Where an event of another contract names its acting department.
_ACTING_DEPARTMENT = ("department", "reviewer", "issuer", "oldIssuer")
# Arguments whose value is an ASCII code in a bytes32 (a correction's field).
_CODE_ARGUMENTS = frozenset({"field"})
# Ledger decisions a correction of the field "reasonCode" corrects (the last one before it).
_DECISIONS_WITH_REASONS = ("ApplicationRejected", "SupplementRequested", "ApplicationWithdrawn")
# Roles in the order an officer most likely acted with them (a clerk's events are the most common).
_ROLE_ORDER = (OfficerRole.CLERK, OfficerRole.APPROVER, OfficerRole.ISSUER, OfficerRole.MANAGER)
# Events a clerk records (the ledger checks the clerk role of the application's department).
_CLERK_EVENTS = frozenset(
    {"ApplicationSubmitted", "ApplicationAccepted", "ApplicationResubmitted", "ApplicationWithdrawn"}
)
# Statuses in which no approval step runs yet (a decision then is the intake's, not a step's).
_BEFORE_STEPS = frozenset({None, ApplicationStatus.SUBMITTED})


@dataclass(frozen=True)
class Named:
    """A code with its names: a department, a service, a role."""

    code: str
    zh: str
    en: str

    @property
    def shown(self) -> str:
        """``ZD-XPSJ 张店区行政审批服务局 / Administrative Approval Service Bureau``; the code alone without names."""
        if not self.zh and not self.en:
            return self.code
        return f"{self.code} {self.zh} / {self.en}"

    def as_json(self) -> dict[str, str]:
        return {"code": self.code, "zh": self.zh, "en": self.en}


@dataclass(frozen=True)
class StepLabel:
    """An approval step as staff name it: ``第 2 步 审批 / step 2 approval``."""

    index: int  # 0-based, as the chain counts
    department: str
    role: OfficerRole
    zh: str
    en: str

    @property
    def shown(self) -> str:
        return f"{self.zh} / {self.en}"

    def as_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "number": self.index + 1,
            "department": self.department,
            "role": self.role.name,
            "zh": self.zh,
            "en": self.en,
        }


def step_label(index: int, step: ApprovalStep | None) -> StepLabel:
    """``第 {n} 步 {kind}``: the step's kind from the role that acts on it (审批 approval, 发证 issuing ...)."""
    role = step.role if step is not None else OfficerRole.APPROVER
    number = index + 1
    return StepLabel(
        index,
        step.department if step is not None else "",
        role,
        messages.text("sdk.step_label", "zh", number=number, kind=messages.label("step_kind", role.name, "zh")),
        messages.text("sdk.step_label", "en", number=number, kind=messages.label("step_kind", role.name, "en")),
    )


@dataclass(frozen=True)
class ReadableEvent:
    """One event of an application's history, with everything in words."""

    number: int  # 1-based position in the history
    event: str
    event_zh: str
    event_en: str
    block_number: int
    transaction_hash: str
    log_index: int
    time: datetime | None  # in Beijing time
    department: Named | None
    actor: str | None
    actor_roles: tuple[Named, ...]  # the roles the actor holds in the acting department (code: role name)
    step: StepLabel | None
    status_after: ApplicationStatus | None
    reason: reasons.Reason | None
    details: dict[str, str] = field(default_factory=dict)  # the other arguments, as shown
    raw: dict[str, Any] = field(default_factory=dict)  # the arguments as the chain has them
    # 已更正: the corrections of this entry (its record stays as it was; each correction is appended).
    corrections: tuple[CorrectionNote, ...] = ()

    @property
    def corrected(self) -> bool:
        return bool(self.corrections)

    @property
    def time_beijing(self) -> str:
        """``2026-11-29 05:26:13`` (Beijing time), "" when the block time is unknown."""
        return self.time.strftime("%Y-%m-%d %H:%M:%S") if self.time else ""

    @property
    def actor_shown(self) -> str:
        """``0xD51d…67a6 受理 Clerk of ZD-XPSJ``; the address alone when it holds no role there."""
        if self.actor is None:
            return ""
        if not self.actor_roles:
            return self.actor
        return f"{self.actor} ({'; '.join(f'{r.zh} / {r.en}' for r in self.actor_roles)})"

    def as_json(self) -> dict[str, Any]:
        """The event as ``--json`` prints it: the history entry's fields as the SDK names them (``event``,
        ``department`` and ``details`` as the chain has them; ``timestamp`` in ISO Beijing time), and the
        same facts in words beside them (names next to codes, the step, the actor's roles, the reason)."""
        return {
            "number": self.number,
            "event": self.event,
            "event_words": {"zh": self.event_zh, "en": self.event_en},
            "timestamp": self.time.isoformat() if self.time else None,
            "time_beijing": self.time_beijing or None,
            "block_number": self.block_number,
            "transaction_hash": self.transaction_hash,
            "log_index": self.log_index,
            "department": self.department.code if self.department else None,
            "department_name": {"zh": self.department.zh, "en": self.department.en} if self.department else None,
            "actor": self.actor,
            "actor_roles": [role.as_json() for role in self.actor_roles],
            "step": self.step.as_json() if self.step else None,
            "status_after": (
                {"name": self.status_after.name, "zh": self.status_after.label_zh, "en": self.status_after.label_en}
                if self.status_after
                else None
            ),
            "reason": (
                {
                    "kind": self.reason.kind.value,
                    "code": self.reason.code,
                    "zh": self.reason.text_zh,
                    "en": self.reason.text_en,
                    "known": self.reason.known,
                }
                if self.reason
                else None
            ),
            "details": self.raw,
            "details_shown": self.details,
            "corrected": self.corrected,
            "corrections": [note.as_json() for note in self.corrections],
        }


@dataclass(frozen=True)
class CorrectionNote:
    """A correction of an entry of the history (更正): which event corrected it, who, when and why, and the
    right value in words (a corrected reason code as that reason's text)."""

    number: int  # the correcting event's number in the history
    field: str  # the corrected field ("reasonCode", "opinionHash", a certificate field)
    value_zh: str
    value_en: str
    reason: reasons.Reason | None
    time: datetime | None
    actor: str | None
    department: Named | None
    transaction_hash: str

    @property
    def time_beijing(self) -> str:
        return self.time.strftime("%Y-%m-%d %H:%M:%S") if self.time else ""

    @property
    def shown(self) -> str:
        """``已更正 / corrected 2026-11-29 10:00:00: reasonCode → 2 <text>; 原因 reason ...; by 0x.. (dept)``."""
        who = self.actor or ""
        if self.department is not None:
            who = f"{who} ({self.department.shown})"
        why = f"; 原因 reason {self.reason.code} {self.reason.both}" if self.reason else ""
        return (
            f"已更正 / corrected {self.time_beijing} (event {self.number}): {self.field} → "
            f"{self.value_zh} / {self.value_en}{why}; 经办 by {who}"
        )

    def as_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "field": self.field,
            "value": {"zh": self.value_zh, "en": self.value_en},
            "reason": (
                {
                    "kind": self.reason.kind.value,
                    "code": self.reason.code,
                    "zh": self.reason.text_zh,
                    "en": self.reason.text_en,
                }
                if self.reason
                else None
            ),
            "timestamp": self.time.isoformat() if self.time else None,
            "time_beijing": self.time_beijing or None,
            "actor": self.actor,
            "department": self.department.as_json() if self.department else None,
            "transaction_hash": self.transaction_hash,
        }


class _Names:
    """Department names, service steps and officers' roles read from the chain once each."""

    def __init__(self, client: ZhangdianClient) -> None:
        self._client = client
        self._departments: dict[str, Named] = {}
        self._services: dict[str, Named] = {}
        self._roles: dict[tuple[str, str], tuple[Named, ...]] = {}

    def department(self, code: str) -> Named:
        if code not in self._departments:
            try:
                found = self._client.departments.get(code)
                self._departments[code] = Named(code, found.name_zh, found.name_en)
            except ZhangdianError:  # not (or no longer) registered: the code alone
                self._departments[code] = Named(code, "", "")
        return self._departments[code]

    def service(self, code: str) -> Named:
        if code not in self._services:
            try:
                definition = self._client.catalog.get(code).definition
                self._services[code] = Named(code, definition.name_zh, definition.name_en)
            except ZhangdianError:
                self._services[code] = Named(code, "", "")
        return self._services[code]

    def roles(self, department: str, actor: str, likely: OfficerRole | None) -> tuple[Named, ...]:
        """The officer roles ``actor`` holds in ``department`` now, as ``审批 Approver of ZD-XPSJ``;
        the role the event needed is asked first and, when held, is the one shown."""
        key = (department, actor)
        if key not in self._roles:
            order = ((likely,) if likely else ()) + tuple(r for r in _ROLE_ORDER if r != likely)
            held: list[OfficerRole] = []
            try:
                for role in order:
                    if self._client.departments.has_role(department, actor, role):
                        held.append(role)
                        if role == likely:
                            break
            except ZhangdianError:
                held = []
            self._roles[key] = tuple(_role_named(role, department) for role in held)
        return self._roles[key]


def _role_named(role: OfficerRole, department: str) -> Named:
    return Named(
        role.name,
        messages.text("sdk.officer_of", "zh", role=role.label_zh, department=department),
        messages.text("sdk.officer_of", "en", role=role.label_en, department=department),
    )


@dataclass(frozen=True)
class ApplicationNames:
    """The names an application's codes stand for: its service, its department, the running step."""

    service: Named
    department: Named
    step: StepLabel | None
    step_department: Named | None

    def as_json(self) -> dict[str, Any]:
        return {
            "service_name": {"zh": self.service.zh, "en": self.service.en},
            "department_name": {"zh": self.department.zh, "en": self.department.en},
            "step": self.step.as_json() if self.step else None,
            "step_department": self.step_department.as_json() if self.step_department else None,
        }


def application_names(client: ZhangdianClient, app: Application) -> ApplicationNames:
    """The service's and departments' names of ``app``, and its running step's label (None when no step
    runs: before acceptance, after the last one)."""
    names = _Names(client)
    try:
        service = client.catalog.get(app.service, app.service_version)
        steps: tuple[ApprovalStep, ...] = service.definition.steps
        named = Named(app.service, service.definition.name_zh, service.definition.name_en)
    except ZhangdianError:
        steps, named = (), Named(app.service, "", "")
    step = None
    if (app.status in workflow.RUNNING or app.status == ApplicationStatus.SPECIAL_PROCEDURE) and app.current_step < len(
        steps
    ):
        step = step_label(app.current_step, steps[app.current_step])
    return ApplicationNames(
        named,
        names.department(app.department),
        step,
        names.department(step.department) if step is not None and step.department else None,
    )


def readable_history(client: ZhangdianClient, application: bytes) -> list[ReadableEvent]:
    """The application's events, oldest first, in words (see the module's docstring)."""
    app = client.ledger.get(application)
    try:
        steps: tuple[ApprovalStep, ...] = client.catalog.get(app.service, app.service_version).definition.steps
    except ZhangdianError:
        steps = ()
    names = _Names(client)
    entries = list(client.ledger.history(application))
    entries += related_entries(client, client.ledger.resolve(application), entries)
    entries.sort(key=lambda entry: (entry.block_number, entry.log_index))
    return mark_corrections(list(_readable(entries, steps, names)))


def related_entries(client: ZhangdianClient, application: bytes, ledger: list[HistoryEntry]) -> list[HistoryEntry]:
    """The events of the suite's other contracts about the application (:data:`RELATED_EVENTS`): its appeals
    (their events name it second, after the appeal's id), the corrections of its decision, its completion
    certificate's revocation on appeal, and what happened to that certificate (by its root). A contract
    the deployment lacks (an older suite) adds nothing."""
    w3 = client.w3
    deployment = client.deployment
    start, head = deployment.start_block, w3.eth.block_number
    contracts = deployment.contracts
    wanted: list[tuple[str, bytes, int]] = []
    if "AppealRegistry" in contracts:
        wanted.append(("AppealRegistry", application, 2))
    if "CorrectionRegistry" in contracts:
        wanted.append(("CorrectionRegistry", application, 1))
    if "CertificateRegistry" in contracts:
        wanted.append(("CertificateRegistry", application, 1))
        roots = {
            str(entry.details["root"]).lower()
            for entry in ledger
            if entry.event == "ApplicationCertificateIssued" and isinstance(entry.details.get("root"), str)
        }
        wanted += [("CertificateRegistry", bytes.fromhex(root.removeprefix("0x")), 1) for root in sorted(roots)]
    found: dict[tuple[str, int], DecodedEvent] = {}
    for name, subject, position in wanted:
        address = contracts[name].address
        for logs in paged_logs(w3, address, subject, start, head, position=position):
            for log in logs:
                event = decode_log(log)
                if event is not None and event.name in RELATED_EVENTS[name]:
                    found[(event.transaction_hash, event.log_index)] = event
    times: dict[int, int] = {}
    entries = []
    for event in found.values():
        if event.block_number not in times:
            times[event.block_number] = int(w3.eth.get_block(event.block_number)["timestamp"])
        entries.append(history_entry(event, times[event.block_number]))
    return entries


def history_entry(event: DecodedEvent, timestamp: int | None) -> HistoryEntry:
    """An event of another contract as an entry of the application's history (no status of its own)."""
    department = next((event.args[name] for name in _ACTING_DEPARTMENT if name in event.args), None)
    details: dict[str, Any] = {}
    for name, value in event.args.items():
        if name in {"actor", "department"}:
            continue
        if (name in _CODE_ARGUMENTS or name in _DEPARTMENTS) and isinstance(value, bytes):
            details[name] = bytes32_to_code(value)
        elif isinstance(value, bytes):
            details[name] = "0x" + value.hex()
        else:
            details[name] = value
    return HistoryEntry(
        event=event.name,
        block_number=event.block_number,
        transaction_hash=event.transaction_hash,
        log_index=event.log_index,
        timestamp=timestamp_to_datetime(timestamp) if timestamp is not None else None,
        department=bytes32_to_code(department) if isinstance(department, bytes) else department,
        actor=event.args.get("actor"),
        status_after=None,
        details=details,
    )


def mark_corrections(events: list[ReadableEvent]) -> list[ReadableEvent]:
    """Each corrected entry gets a :class:`CorrectionNote` per correction (the entry itself stays as the
    chain recorded it); each correction says which entry it corrects and the right value in words."""
    marked = list(events)
    for position, event in enumerate(marked):
        if event.event not in {"DecisionCorrected", "CertificateCorrected"}:
            continue
        field_name = str(event.raw.get("field", ""))
        target = _corrected_entry(marked[:position], event.event, field_name)
        value_zh, value_en = _corrected_value(field_name, event.raw.get("correctedValue"), target)
        note = CorrectionNote(
            number=event.number,
            field=field_name,
            value_zh=value_zh,
            value_en=value_en,
            reason=event.reason,
            time=event.time,
            actor=event.actor,
            department=event.department,
            transaction_hash=event.transaction_hash,
        )
        details = dict(event.details)
        details["correctedValue"] = f"{value_zh} / {value_en}"
        if target is not None:
            index = marked.index(target)
            marked[index] = replace(target, corrections=(*target.corrections, note))
            details["corrects"] = f"{target.number}. {target.event_zh} / {target.event_en}"
        marked[position] = replace(event, details=details)
    return marked


def _corrected_entry(before: list[ReadableEvent], event: str, field_name: str) -> ReadableEvent | None:
    """The entry a correction corrects: the last decision carrying the field (a reason code: the last
    rejection, supplement request or withdrawal), or for a certificate the last issuance."""
    for candidate in reversed(before):
        if event == "CertificateCorrected":
            if candidate.event == "ApplicationCertificateIssued":
                return candidate
            continue
        if candidate.event in RELATED_EVENTS["CorrectionRegistry"]:
            continue
        if field_name == "reasonCode":
            if candidate.event in _DECISIONS_WITH_REASONS:
                return candidate
        elif field_name in candidate.raw:
            return candidate
    return None


def _corrected_value(field_name: str, value: Any, target: ReadableEvent | None) -> tuple[str, str]:
    """The right value in words: a corrected reason code as its text in the corrected entry's kind."""
    text = str(value) if value is not None else ""
    if field_name == "reasonCode" and isinstance(value, str) and value.startswith("0x"):
        code = int(value, 16)
        if target is not None and target.reason is not None:
            reason = reasons.describe(target.reason.kind, code)
            return f"{code} {reason.text_zh}", f"{code} {reason.text_en}"
        return str(code), str(code)
    return text, text


def _readable(
    entries: Iterable[HistoryEntry], steps: tuple[ApprovalStep, ...], names: _Names
) -> Iterable[ReadableEvent]:
    before: ApplicationStatus | None = None
    for number, entry in enumerate(entries, start=1):
        step = None
        index = entry.details.get("stepIndex")
        if isinstance(index, int) and before not in _BEFORE_STEPS:
            step = step_label(index, steps[index] if index < len(steps) else None)
        likely = OfficerRole.CLERK if entry.event in _CLERK_EVENTS or step is None else step.role
        roles: tuple[Named, ...] = ()
        if entry.actor and entry.department:
            roles = names.roles(entry.department, entry.actor, likely)
        reason = None
        details: dict[str, str] = {}
        for name, value in entry.details.items():
            found = reasons.of_event(entry.event, name, value)
            if found is not None:
                reason = found
                continue
            shown = _shown(name, value, names)
            if shown is not None:
                details[name] = shown
        yield ReadableEvent(
            number=number,
            event=entry.event,
            event_zh=messages.label("event", entry.event, "zh"),
            event_en=messages.label("event", entry.event, "en"),
            block_number=entry.block_number,
            transaction_hash=entry.transaction_hash,
            log_index=entry.log_index,
            time=entry.timestamp.astimezone(BEIJING) if entry.timestamp else None,
            department=names.department(entry.department) if entry.department else None,
            actor=entry.actor,
            actor_roles=roles,
            step=step,
            status_after=entry.status_after or (before if entry.event not in workflow.EVENTS else None),
            reason=reason,
            details=details,
            raw=dict(entry.details),
        )
        before = entry.status_after or before


def _shown(name: str, value: Any, names: _Names) -> str | None:
    """An event argument in words, or None for one that says nothing (a zero hash, the step index,
    which the step label shows)."""
    if name == "stepIndex":
        return None
    if isinstance(value, str) and value.startswith("0x") and not value[2:].strip("0"):
        return None
    if name in _TIMES and isinstance(value, int) and not isinstance(value, bool):
        return f"{beijing(value)} 北京时间 Beijing time" if value else None
    if name == "service" and isinstance(value, str):
        return names.service(value).shown
    if name in _DEPARTMENTS and isinstance(value, str):
        return names.department(value).shown
    if name == "outcome" and isinstance(value, int) and not isinstance(value, bool):
        return _outcome_words(value)
    if name == "reopenedStep" and isinstance(value, int) and not isinstance(value, bool):
        return f"第 {value} 步 / step {value}" if value else None
    if name == "kind" and isinstance(value, int):
        try:
            kind = ProcedureKind(value)
        except ValueError:
            return str(value)
        return f"{value} {kind.label_zh} / {kind.label_en}"
    return str(value)


# The outcomes of an appeal (IAppealRegistry.AppealOutcome), by value.
_OUTCOMES = ("NONE", "UPHELD", "REVOKED", "CHANGED", "CONFIRMED_UNLAWFUL")


def _outcome_words(value: int) -> str:
    """``2 撤销 / Revoked``: the outcome's labels from the message catalogue (kind ``appeal_outcome``)."""
    name = _OUTCOMES[value] if 0 <= value < len(_OUTCOMES) else str(value)
    found = messages.catalogue()["labels"].get("appeal_outcome", {}).get(name)
    if found:
        return f"{value} {found['zh']} / {found['en']}"
    return f"{value} {name}"
