"""The portal API's response models: what ``/api/openapi.json`` publishes and the browser reads.

Field names are the SDK's (``zhangdian_sdk.core.models``) and so the CLI's ``--json`` names
(``application_id``, ``current_step``, ``status_after``, ...). Every text a person reads comes as a
:class:`Words` pair (Chinese first, English complete); times are unix seconds plus the Beijing-time
text (``..._beijing``), so a page never shows UTC.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field

__all__ = [
    "ApiError",
    "ApplicationMatch",
    "ApplicationMatches",
    "ApplicationView",
    "CertificateView",
    "Freshness",
    "LinkedApplication",
    "MaterialUseView",
    "MaterialUses",
    "MaterialView",
    "Named",
    "ProgressView",
    "RatingView",
    "RawCall",
    "RawEvent",
    "RawTransaction",
    "ReasonView",
    "SelfCheck",
    "TimelineEntry",
    "TransactionEvent",
    "TransactionView",
    "Words",
]


class Words(BaseModel):
    """A text in both languages."""

    zh: str
    en: str


class Named(BaseModel):
    """A department, service, step, certificate type or status: its code and its names."""

    code: str
    name: Words


class Freshness(BaseModel):
    """How current the read model is: the last indexed block and its time, and the chain's head when the
    follower last looked (``lag_blocks`` = head - block)."""

    block_number: int
    block_time: int
    block_time_beijing: str
    head_block: int
    lag_blocks: int
    checked_at_beijing: str


class ApiError(BaseModel):
    """Every 4xx/5xx of the API: a stable code and the reason in both languages."""

    code: str
    message: Words


class ApplicationMatch(BaseModel):
    """One application with the asked number: its id, its department, and the department the applicant
    commitment was made for (a follow-on shares its first parent's commitment, so its parent's department)."""

    application_id: str
    department: str
    commitment_department: str


class ApplicationMatches(BaseModel):
    """The applications whose 办件编号 hashes to the asked hash (one per department that uses it)."""

    applications: list[ApplicationMatch]
    freshness: Freshness


class ReasonView(BaseModel):
    """An on-chain reason code in words, from the reason catalogue: what is wrong or missing, the legal
    basis, and for a rejection the remedy (行政复议 within 60 days, 行政诉讼 within 6 months, and to whom)."""

    kind: str  # zhangdian_sdk.core.reasons.ReasonKind: rejection, supplement, withdrawal, special_procedure
    code: int
    text: Words
    legal_basis: Words | None = None
    remedy: Words | None = None


class ProgressView(BaseModel):
    """Where the application is: "第 2 步 / 共 3 步: <step>, <department>" and who holds it now."""

    step: int  # 1-based, as people count
    step_count: int
    step_name: Words | None
    department: Named | None
    holder: Words  # who has it now: the department's role, the applicant (补正), nobody (concluded)
    text: Words  # the whole sentence, ready to show


class TimelineEntry(BaseModel):
    """One event of the application (the SDK's ``HistoryEntry``), described for people."""

    event: str
    label: Words
    block_number: int
    transaction_hash: str
    log_index: int
    timestamp: int
    timestamp_beijing: str
    department: Named | None
    actor: str | None
    status_after: Named | None
    step: int | None = None  # 1-based step the event concerns
    reason: ReasonView | None = None
    link: str  # the transaction page (the portal's, or the configured explorer's)
    # 行政复议 (issue 18): the appeal an event belongs to, its outcome in words (AppealDecided), and the
    # corrections of this entry (更正: the entry stays as recorded, marked corrected).
    appeal_id: str | None = None
    outcome: Words | None = None
    corrections: list[CorrectionView] = []


class CorrectionView(BaseModel):
    """A correction of a timeline entry (更正): who, when, why and the right value in words."""

    field: str
    value: Words  # a corrected reason code as that reason's text
    corrected_reason: ReasonView | None = None  # a corrected reason code: the right reason in words
    reason: ReasonView | None
    timestamp: int
    timestamp_beijing: str
    department: Named | None
    actor: str | None
    link: str


class LinkedApplication(BaseModel):
    """A parent or follow-on application of one 一件事 (they share the applicant's commitment)."""

    relation: str  # "parent" | "child"
    application_id: str
    number: str  # the 办件编号 one can look up with the same ID number and receipt code
    service: Named
    department: Named
    status: Named


class CertificateView(BaseModel):
    """The completion certificate: its type, issuer, batch root and state, and where to download it."""

    certificate_type: Named
    issuer: Named
    root: str
    valid: bool
    state: Named | None = None
    download_url: str | None = None


class RatingView(BaseModel):
    """What the rating form needs (None while the application is open)."""

    score: Named | None
    can_rate: bool
    options: list[Named]
    chain_id: int
    verifying_contract: str


class SelfCheck(BaseModel):
    """How to check the record without this portal: the node read that returns it."""

    chain_id: int
    contract: str  # ApplicationLedger's address
    application_id: str
    cast_call: str  # `cast call <ledger> "getApplication(bytes32)" <id> --rpc-url <node>`
    eth_call: dict[str, object]  # the JSON-RPC request body
    explorer_address_url: str | None = None
    verifier_url: str  # the standalone verifier page


class ApplicationView(BaseModel):
    """An application as its applicant sees it (``GET /api/applications/{id}?commitment=``)."""

    application_id: str
    number: str
    service: Named
    service_version: int
    department: Named
    status: Named
    current_step: int  # 0-based, as on chain
    step_count: int
    progress: ProgressView
    submitted_at: int
    submitted_at_beijing: str
    deadline: int | None
    deadline_beijing: str | None
    overdue: bool
    # on_time, overdue or paused (补正, 特别程序) while the application runs; None once it is concluded
    # (a rejected or withdrawn application is neither on time nor overdue) or before acceptance.
    deadline_state: Named | None = None
    completed_at: int | None = None
    completed_at_beijing: str | None = None
    step_deadline: int | None = None
    step_deadline_beijing: str | None = None
    reason: ReasonView | None = None  # the rejection or supplement reason in force
    # 更正 (issue 18): when the decision's reason code was corrected, ``reason`` is the corrected one; the
    # reason as the decision recorded it, and its corrections (who, when, why).
    original_reason: ReasonView | None = None
    reason_corrections: list[CorrectionView] = Field(default_factory=list)
    waiting_for: Words | None = None
    linked: list[LinkedApplication] = Field(default_factory=list)
    certificate: CertificateView | None = None
    material_uses_url: str | None = None  # this application's material use log (no ids to type)
    timeline: list[TimelineEntry]
    rating: RatingView | None = None
    self_check: SelfCheck | None = None
    freshness: Freshness


class MaterialView(BaseModel):
    """A material registered to the applicant (``MaterialRegistered`` with their subject commitment)."""

    material_id: str
    material_type: Named
    issuer: Named
    registered_at: int
    registered_at_beijing: str
    transaction_hash: str
    link: str


class MaterialUseView(BaseModel):
    """One use of a material (``MaterialUsed``): who, when, how and for what, in words."""

    material_id: str
    material_type: Named | None = None  # None for a material registered to someone else (used for this 办件)
    department: Named
    purpose: str  # the raw 32-byte purpose (a service code's bytes or an application id)
    purpose_kind: int  # 1 a service, 2 one application
    purpose_text: Words  # the service's name, "本办件 / this application", or the other 办件's number
    kind: Words  # attached, decrypted or viewed
    officer: str
    timestamp: int
    timestamp_beijing: str
    transaction_hash: str
    link: str


class MaterialUses(BaseModel):
    """The material use log: the applicant's materials and their uses, and the uses for this application
    (``GET /api/applications/{id}/material-uses?commitment=``); by ids only the uses of those materials."""

    application_id: str | None = None
    number: str | None = None
    materials: list[MaterialView] = Field(default_factory=list)
    uses: list[MaterialUseView]
    indexed_block: int | None = None
    freshness: Freshness | None = None


# --- transparency (helper `follow`): /api/statistics and /api/ratings -----------------------------------


class StatusCount(BaseModel):
    """How many applications of a group stand in one status (the status with its names)."""

    status: Named
    count: int


class GroupStatisticsView(BaseModel):
    """One department's or service's applications: counts by status, timeliness and overdue figures.

    ``overdue_open``: still open past the promised deadline, "now" being the last indexed block's time
    (the clock stands still during 补正 and 特别程序, so those are not counted); ``completed_late``:
    completed after the deadline."""

    group: Named
    total: int
    statuses: list[StatusCount]
    on_time_rate: float | None
    median_hours: float | None
    overdue_open: int
    completed_late: int


class StatisticsView(BaseModel):
    """``GET /api/statistics?by=department|service``, from the index."""

    by: str
    groups: list[GroupStatisticsView]
    freshness: Freshness


class ScoreCount(BaseModel):
    """How many ratings gave one 好差评 score (1 非常满意 .. 5 非常不满意, GB/T 39046-2020 A.8)."""

    score: int
    name: Words
    count: int


class RatingGroupView(BaseModel):
    """One department's or service's 好差评: counts per score, 满意率 (scores 1-3) and the 差评 (4-5)."""

    group: Named
    total: int
    scores: list[ScoreCount]
    satisfied_rate: float | None
    negative: int


class RatingsView(BaseModel):
    """``GET /api/ratings?by=department|service``, from the index."""

    by: str
    groups: list[RatingGroupView]
    freshness: Freshness


class TransactionEvent(BaseModel):
    """One event of a transaction in words: what happened, to which 办件, by which department at which
    step, the status before and after, and the reason where the event carries a reason code."""

    event: str
    label: Words
    log_index: int
    contract: str
    application_id: str | None = None
    number: str | None = None
    service: Named | None = None
    department: Named | None = None
    step: int | None = None  # 1-based
    step_count: int | None = None
    step_text: Words | None = None  # "第 2 步 / 共 3 步"
    status_before: Named | None = None
    status_after: Named | None = None
    reason: ReasonView | None = None
    actor: str | None = None


class RawCall(BaseModel):
    """The function a transaction called, decoded with the suite's ABIs."""

    contract: str
    function: str | None
    arguments: dict[str, Any]


class RawEvent(BaseModel):
    name: str
    log_index: int
    args: dict[str, Any]


class RawTransaction(BaseModel):
    """The transaction as the node returns it, decoded (the page folds it away)."""

    sender: str
    to: str | None
    status: int
    gas_used: int
    call: RawCall | None
    events: list[RawEvent]


class TransactionView(BaseModel):
    """A transaction of the suite (``GET /api/transactions/{hash}``): its events in words from the index,
    and the raw decoded call and events from the node (None when the node could not be asked)."""

    transaction_hash: str
    block_number: int
    timestamp: int | None
    timestamp_beijing: str | None
    events: list[TransactionEvent]
    raw: RawTransaction | None = None


# --- certificates, ratings and the receiving department ------------------------------------------------


class CheckView(BaseModel):
    """One check of a certificate against the chain (``zhangdian_sdk.facades.verification.Check``)."""

    name: str
    ok: bool
    code: str
    message_zh: str
    message_en: str


class ReplacementView(BaseModel):
    """One side of a replacement (换发/补发, issue 18): the other certificate (``certificate_id`` None for a
    batch replacement: the certificate with the same id in batch ``root``), when (Beijing time) and why."""

    certificate_id: str | None
    root: str
    issuer: str
    replaced_at: int
    replaced_at_beijing: str
    reason: Named  # the replacement reason's code (as text) and its words (catalogue kind replacement)


class CertificateStatusView(BaseModel):
    """``GET /api/certificates/status``: what the chain says of a certificate, from its hashes only."""

    checks: list[CheckView]
    status: Named | None  # 有效, 暂扣, 撤销, ... (None: the chain does not know the certificate)
    verified_at_block: int
    replaced_by: ReplacementView | None = None  # 已换发: what replaced it (issue 18)
    replaces: ReplacementView | None = None  # 换发自: what it replaced


class RatingResult(BaseModel):
    """``POST /api/applications/{id}/rating``: the score recorded and its transaction."""

    score: Named
    transaction_hash: str
    link: str | None


class ApplicationDepartment(BaseModel):
    """The receiving department of an application (the applicant commitment names it)."""

    department: str
