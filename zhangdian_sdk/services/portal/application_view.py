"""The result page's application, built from the index and the names directory only: no chain read.

:func:`application_view` turns an :class:`~zhangdian_sdk.services.indexer.queries.ApplicationRecord`
into the :class:`~zhangdian_sdk.services.portal.schemas.ApplicationView` the API serves: names before
codes, Beijing times, the progress sentence and who holds the application, the reason in force from the
reason catalogue, the follow-on applications with their numbers, the completion certificate, the rating
form's data and the "verify it yourself" read call.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from zhangdian_sdk.core import messages, workflow
from zhangdian_sdk.core.codes import bytes32_to_code
from zhangdian_sdk.core.errors import decode_revert
from zhangdian_sdk.core.models import ApplicationStatus, CertificateState, OfficerRole, RatingScore, TimeUnit
from zhangdian_sdk.core.reasons import ReasonKind
from zhangdian_sdk.core.workdays import WorkCalendar, beijing, beijing_moment
from zhangdian_sdk.facades.completion import completion_root
from zhangdian_sdk.facades.ratings import RATEABLE_STATUSES
from zhangdian_sdk.services.indexer.queries import ApplicationRecord
from zhangdian_sdk.services.portal.directory import ServiceInfo
from zhangdian_sdk.services.portal.schemas import (
    ApplicationView,
    CertificateView,
    CorrectionView,
    Freshness,
    LinkedApplication,
    Named,
    ProgressView,
    RatingView,
    TimelineEntry,
    Words,
)
from zhangdian_sdk.services.portal.selfcheck import self_check
from zhangdian_sdk.services.portal.state import PortalState
from zhangdian_sdk.services.portal.values import reason_view, score_named

__all__ = ["application_view", "department_named", "service_info", "status_named"]

S = ApplicationStatus
_CONCLUDED = frozenset({S.REJECTED, S.WITHDRAWN, S.COMPLETED})
# The events that carry a reason code: its kind and the argument that holds it.
_EVENT_REASONS = {
    "ApplicationRejected": (ReasonKind.REJECTION, "reasonCode"),
    "SupplementRequested": (ReasonKind.SUPPLEMENT, "reasonCode"),
    "ApplicationWithdrawn": (ReasonKind.WITHDRAWAL, "reasonCode"),
    "SpecialProcedureStarted": (ReasonKind.SPECIAL_PROCEDURE, "reasonCode"),
    "SpecialProcedureEnded": (ReasonKind.SPECIAL_PROCEDURE_RESULT, "resultCode"),
    # 行政复议, 更正, 换发 (issue 18): an appeal's extension, outcome and withdrawal, a correction's legal
    # reason, a certificate's revocation on appeal.
    "AppealExtended": (ReasonKind.APPEAL_EXTENSION, "reasonCode"),
    "AppealDecided": (ReasonKind.APPEAL_OUTCOME, "reasonCode"),
    "AppealWithdrawn": (ReasonKind.WITHDRAWAL, "reasonCode"),
    "DecisionCorrected": (ReasonKind.CORRECTION, "reasonCode"),
    "CertificateRevokedOnAppeal": (ReasonKind.CERTIFICATE_REVOCATION, "reasonCode"),
}
# The outcomes of an appeal (IAppealRegistry.AppealOutcome) by value, as the labels name them.
_OUTCOMES = ("NONE", "UPHELD", "REVOKED", "CHANGED", "CONFIRMED_UNLAWFUL")
# Decisions whose reason code a correction of the field "reasonCode" corrects (the last one before it).
_DECISIONS_WITH_REASONS = ("ApplicationRejected", "SupplementRequested", "ApplicationWithdrawn")
_STOPS = {"SupplementRequested", "SpecialProcedureStarted"}
_RESTARTS = {"ApplicationResubmitted", "SpecialProcedureEnded"}


def _words(key: str, **arguments: Any) -> Words:
    return Words(
        zh=messages.text(f"portal.{key}", "zh", **arguments), en=messages.text(f"portal.{key}", "en", **arguments)
    )


def status_named(status: ApplicationStatus) -> Named:
    return Named(code=status.name, name=Words(zh=status.label_zh, en=status.label_en))


def department_named(state: PortalState, code: str) -> Named:
    """The department's names from the directory (its code as its name if they cannot be had now)."""
    try:
        return state.directory.department(code)
    except Exception:  # noqa: BLE001 - a name is never worth failing the page for
        return Named(code=code, name=Words(zh=code, en=code))


def service_info(state: PortalState, code: str, version: int) -> ServiceInfo | None:
    try:
        return state.directory.service(code, version)
    except Exception:  # noqa: BLE001 - as above: the page shows the code instead
        return None


def _service_named(info: ServiceInfo | None, code: str) -> Named:
    return info.named if info is not None else Named(code=code, name=Words(zh=code, en=code))


def _role(role: OfficerRole) -> Words:
    return Words(zh=role.label_zh, en=role.label_en)


def _progress(
    state: PortalState, row: Mapping[str, Any], status: ApplicationStatus, info: ServiceInfo | None
) -> ProgressView:
    """ "第 2 步 / 共 3 步: 审批, <部门>" and who holds the application now. Steps have no names on chain:
    a step is named by its role's label and its department's name."""
    count = int(row["step_count"])
    current = int(row["current_step"])
    step = workflow.shown_step(current, count)
    if status == S.SUBMITTED:
        department = department_named(state, row["department"])
        name = _role(OfficerRole.CLERK)
        text = Words(
            zh=messages.text(
                "portal.progress_acceptance", "zh", count=count, name=name.zh, department=department.name.zh
            ),
            en=messages.text(
                "portal.progress_acceptance", "en", count=count, name=name.en, department=department.name.en
            ),
        )
        holder = Words(zh=f"{department.name.zh} ({name.zh})", en=f"{department.name.en} ({name.en})")
        return ProgressView(step=0, step_count=count, step_name=name, department=department, holder=holder, text=text)
    steps = info.steps if info is not None else ()
    open_step = steps[current] if 0 <= current < len(steps) else None
    department = department_named(state, open_step.department if open_step else row["department"])
    name = _role(open_step.role) if open_step else _words("step_number", step=step)
    sentence = {
        lang: messages.text(
            "portal.progress_step",
            lang,
            step=step,
            count=count,
            name=getattr(name, lang),
            department=getattr(department.name, lang),
        )
        for lang in ("zh", "en")
    }
    text = Words(**sentence)
    holder = Words(zh=f"{department.name.zh} ({name.zh})", en=f"{department.name.en} ({name.en})")
    if status == S.SUPPLEMENT_REQUESTED:
        holder = _words("holder_applicant")
    elif status == S.SPECIAL_PROCEDURE:
        holder = Words(
            zh=messages.text("portal.holder_paused", "zh", holder=holder.zh),
            en=messages.text("portal.holder_paused", "en", holder=holder.en),
        )
    elif status == S.APPROVED:
        text = _words("progress_approved", count=count)
        owner = department_named(state, row["department"])
        holder = Words(zh=owner.name.zh, en=owner.name.en)
    elif status == S.COMPLETED:
        text = _words("progress_completed", count=count)
        holder = _words("holder_nobody")
    elif status in (S.REJECTED, S.WITHDRAWN):
        text = Words(
            **{
                lang: messages.text(
                    "portal.progress_ended",
                    lang,
                    status=status.label_zh if lang == "zh" else status.label_en,
                    step=step,
                    count=count,
                    name=getattr(name, lang),
                    department=getattr(department.name, lang),
                )
                for lang in ("zh", "en")
            }
        )
        holder = _words("holder_nobody")
    return ProgressView(step=step, step_count=count, step_name=name, department=department, holder=holder, text=text)


def _step_deadline(
    row: Mapping[str, Any],
    status: ApplicationStatus,
    info: ServiceInfo | None,
    timeline: list[dict[str, Any]],
    calendar: WorkCalendar,
) -> int | None:
    """When the open step becomes overdue, as the ledger's ``stepDeadline`` computes it: the step's own
    limit from its start (moved on by each stop of the clock since, as ``_restartClock`` moves it),
    capped by the application's deadline; the application's deadline when the step has no limit."""
    if status not in workflow.RUNNING or info is None:
        return None
    deadline = int(row["deadline"])
    current = int(row["current_step"])
    if not 0 <= current < len(info.steps):
        return deadline or None
    limit = info.steps[current].time_limit
    started = int(row["step_started_at"])
    if limit == 0 or started == 0:
        return deadline or None
    unit = TimeUnit(info.time_unit)
    stopped: int | None = None
    for event in timeline:
        if event["timestamp"] < started:
            continue
        if event["name"] in _STOPS:
            stopped = int(event["timestamp"])
        elif event["name"] in _RESTARTS and stopped is not None:
            started = calendar.restarted_deadline(started + 1, stopped, int(event["timestamp"]), unit) - 1
            stopped = None
    own = calendar.due_time(started, limit, unit)
    return min(own, deadline) if deadline else own


def _deadline_state(status: ApplicationStatus, deadline: int, now: int) -> tuple[bool, Named | None]:
    """Overdue, and the deadline's state in words; none for a concluded (or not yet accepted) one."""
    if status in _CONCLUDED or status == S.APPROVED or not deadline:
        return False, None
    if status in (S.SUPPLEMENT_REQUESTED, S.SPECIAL_PROCEDURE):
        return False, Named(code="paused", name=_words("deadline_paused"))
    overdue = now > deadline
    key = "overdue" if overdue else "on_time"
    return overdue, Named(code=key, name=_words(key))


def _timeline(state: PortalState, record: ApplicationRecord, step_count: int) -> list[TimelineEntry]:
    entries = []
    walked = workflow.WorkflowState(step_count=step_count)
    for event in record.timeline:
        name, args = event["name"], event["args"]
        if event["contract"] == "ApplicationLedger":
            walked = workflow.evolve(walked, workflow.Event(name, args))
        reason = None
        if name in _EVENT_REASONS:
            kind, argument = _EVENT_REASONS[name]
            if args.get(argument):
                reason = reason_view(kind, int(args[argument]))
        department = event["department"] or args.get("supervisor") or args.get("issuer") or args.get("reviewer")
        step = args.get("stepIndex")
        entries.append(
            TimelineEntry(
                event=name,
                label=Words(zh=messages.label("event", name, "zh"), en=messages.label("event", name, "en")),
                block_number=event["blockNumber"],
                transaction_hash=event["transactionHash"],
                log_index=event["logIndex"],
                timestamp=event["timestamp"],
                timestamp_beijing=beijing_moment(event["timestamp"]),
                department=department_named(state, str(department)) if department else None,
                actor=args.get("actor"),
                status_after=status_named(walked.status) if walked.status != S.NONE else None,
                step=None if step is None else int(step) + 1,
                reason=reason,
                link=state.tx_link(event["transactionHash"]),
                appeal_id=args.get("appealId"),
                outcome=_outcome(args.get("outcome")) if name == "AppealDecided" else None,
            )
        )
    return _mark_corrections(state, entries, record.timeline)


def _outcome(value: object) -> Words | None:
    """An appeal's outcome in words (维持 upheld, 撤销 revoked ...) from the catalogue's labels."""
    if not isinstance(value, int) or not 0 < value < len(_OUTCOMES):
        return None
    found = messages.catalogue()["labels"].get("appeal_outcome", {}).get(_OUTCOMES[value])
    return Words(**found) if found else Words(zh=_OUTCOMES[value], en=_OUTCOMES[value])


def _mark_corrections(
    state: PortalState, entries: list[TimelineEntry], events: list[dict[str, Any]]
) -> list[TimelineEntry]:
    """Each DecisionCorrected marks the decision it corrects (the original stays as recorded) with who,
    when, why and the right value: a corrected reason code reads as that reason's text."""
    for position, (entry, event) in enumerate(zip(entries, events, strict=True)):
        if entry.event != "DecisionCorrected":
            continue
        args = event["args"]
        field = bytes32_to_code(bytes.fromhex(str(args.get("field", "0x")).removeprefix("0x").ljust(64, "0")))
        target = None
        for candidate in reversed(entries[:position]):
            if candidate.event in ("DecisionCorrected", "CertificateCorrected"):
                continue
            if field == "reasonCode" and candidate.event in _DECISIONS_WITH_REASONS:
                target = candidate
                break
        raw = str(args.get("correctedValue", ""))
        value = Words(zh=raw, en=raw)
        if field == "reasonCode" and raw.startswith("0x"):
            code = int(raw, 16)
            value = Words(zh=str(code), en=str(code))
            if target is not None and target.reason is not None:
                right = reason_view(ReasonKind(target.reason.kind), code)
                value = Words(zh=f"{code} {right.text.zh}", en=f"{code} {right.text.en}")
        if target is not None:
            target.corrections.append(
                CorrectionView(
                    field=field,
                    value=value,
                    reason=entry.reason,
                    timestamp=entry.timestamp,
                    timestamp_beijing=entry.timestamp_beijing,
                    department=entry.department,
                    actor=entry.actor,
                    link=entry.link,
                )
            )
    return entries


def _linked(state: PortalState, record: ApplicationRecord) -> list[LinkedApplication]:
    related = [("parent", record.parent)] if record.parent else []
    related += [("child", child) for child in record.children]
    return [
        LinkedApplication(
            relation=relation,
            application_id=row["id"],
            number=row["number"],
            service=_service_named(service_info(state, row["service"], row["service_version"]), row["service"]),
            department=department_named(state, row["department"]),
            status=status_named(S(row["status"])),
        )
        for relation, row in related
    ]


def _certificate(
    state: PortalState, record: ApplicationRecord, info: ServiceInfo | None, commitment: str
) -> CertificateView | None:
    """The completion certificate the ledger issued, checked as ``completion_certificate`` checks it:
    the root recomputed from the indexed record, and the certificate's later revocation or suspension."""
    issued = [e for e in record.timeline if e["name"] == "ApplicationCertificateIssued"]
    if not issued:
        return None
    event = issued[-1]
    row = record.row
    root = str(event["args"]["root"]).lower()
    raw_type = event["args"]["certificateType"]
    certificate_type = (
        bytes32_to_code(bytes.fromhex(raw_type.removeprefix("0x"))) if raw_type.startswith("0x") else raw_type
    )
    matches = (
        "0x"
        + completion_root(
            bytes.fromhex(row["id"].removeprefix("0x")),
            certificate_type=certificate_type,
            service=row["service"],
            service_version=int(row["service_version"]),
            applicant_commitment=bytes.fromhex(row["applicant_commitment"].removeprefix("0x")),
            completed_at=int(event["timestamp"]),
        ).hex()
        == root
    )
    certificate_state = CertificateState.VALID
    for later in record.certificate_events:
        if later["name"] == "BatchRevoked":
            certificate_state = CertificateState.REVOKED
        elif later["name"] == "CertificateRevoked":
            certificate_state = CertificateState(int(later["args"].get("state", CertificateState.REVOKED)))
        elif later["name"] == "CertificateSuspended":
            certificate_state = CertificateState.SUSPENDED
        elif later["name"] == "CertificateReinstated":
            certificate_state = CertificateState.VALID
    service = _service_named(info, row["service"]).name
    type_labels = messages.catalogue()["labels"].get("certificate_type", {}).get(certificate_type)
    type_name = (
        Words(**type_labels)
        if type_labels
        else Words(
            zh=messages.text("portal.certificate_of", "zh", service=service.zh),
            en=messages.text("portal.certificate_of", "en", service=service.en),
        )
    )
    return CertificateView(
        certificate_type=Named(code=certificate_type, name=type_name),
        issuer=department_named(state, str(event["args"]["issuer"])),
        root=root,
        valid=matches and certificate_state == CertificateState.VALID,
        state=Named(
            code=certificate_state.name, name=Words(zh=certificate_state.label_zh, en=certificate_state.label_en)
        ),
        download_url=f"/api/applications/{row['id']}/certificate?commitment={commitment}",
    )


def _rating(state: PortalState, record: ApplicationRecord, status: ApplicationStatus) -> RatingView | None:
    contracts = state.client.deployment.contracts
    if status not in RATEABLE_STATUSES or "ServiceRatings" not in contracts:
        return None
    return RatingView(
        score=None if record.rating is None else score_named(RatingScore(record.rating)),
        can_rate=state.relayer is not None,
        options=[score_named(score) for score in sorted(RatingScore)],
        chain_id=state.chain_id,
        verifying_contract=contracts["ServiceRatings"].address,
    )


def _waiting_for(record: ApplicationRecord, status: ApplicationStatus) -> Words | None:
    """What an approved application waits for: the rule's exception its completion was deferred with."""
    if status != S.APPROVED:
        return None
    deferred = [e for e in record.timeline if e["name"] == "CompletionDeferred"]
    if not deferred:
        return None
    error = decode_revert(bytes.fromhex(str(deferred[-1]["args"]["reason"]).removeprefix("0x")))
    return Words(zh=error.message_zh, en=error.message_en)


def application_view(
    state: PortalState, record: ApplicationRecord, commitment: str, freshness: Freshness, lang: str = "zh"
) -> ApplicationView:
    """The application as its applicant sees it, from the index and the directory alone."""
    row = record.row
    app_id = row["id"]
    status = S(row["status"])
    info = service_info(state, row["service"], int(row["service_version"]))
    deadline = int(row["deadline"])
    overdue, deadline_state = _deadline_state(status, deadline, freshness.block_time)
    step_deadline = _step_deadline(row, status, info, record.timeline, state.calendar)
    completed_at = int(row["completed_at"]) or None
    reason = None
    if row["reason_kind"] and status in (S.REJECTED, S.SUPPLEMENT_REQUESTED, S.WITHDRAWN, S.SPECIAL_PROCEDURE):
        reason = reason_view(ReasonKind(row["reason_kind"]), int(row["reason_code"]))
    ledger = state.client.deployment.contracts["ApplicationLedger"].address
    language = "en" if lang == "en" else "zh"
    return ApplicationView(
        application_id=app_id,
        number=row["number"],
        service=_service_named(info, row["service"]),
        service_version=int(row["service_version"]),
        department=department_named(state, row["department"]),
        status=status_named(status),
        current_step=int(row["current_step"]),
        step_count=int(row["step_count"]),
        progress=_progress(state, row, status, info),
        submitted_at=int(row["submitted_at"]),
        submitted_at_beijing=beijing_moment(int(row["submitted_at"])),
        deadline=deadline or None,
        deadline_beijing=beijing(deadline) if deadline else None,
        overdue=overdue,
        deadline_state=deadline_state,
        completed_at=completed_at,
        completed_at_beijing=beijing_moment(completed_at) if completed_at else None,
        step_deadline=step_deadline,
        step_deadline_beijing=beijing(step_deadline) if step_deadline else None,
        reason=reason,
        waiting_for=_waiting_for(record, status),
        linked=_linked(state, record),
        certificate=_certificate(state, record, info, commitment),
        material_uses_url=f"/uses?lang={language}#application={app_id}&commitment={commitment}",
        timeline=_timeline(state, record, int(row["step_count"])),
        rating=_rating(state, record, status),
        self_check=self_check(
            chain_id=state.chain_id,
            ledger=ledger,
            application_id=app_id,
            explorer_address_url=state.config.explorer_address_url,
        ),
        freshness=freshness,
    )
