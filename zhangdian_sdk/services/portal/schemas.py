"""The portal API's response models: what ``/api/openapi.json`` publishes and the browser reads.

Field names are the SDK's (``zhangdian_sdk.core.models``) and so the CLI's ``--json`` names
(``application_id``, ``current_step``, ``status_after``, ...). Every text a person reads comes as a
:class:`Words` pair (Chinese first, English complete); times are unix seconds plus the Beijing-time
text (``..._beijing``), so a page never shows UTC.
"""

from __future__ import annotations

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
    "Named",
    "ProgressView",
    "RatingView",
    "ReasonView",
    "SelfCheck",
    "TimelineEntry",
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
    waiting_for: Words | None = None
    linked: list[LinkedApplication] = Field(default_factory=list)
    certificate: CertificateView | None = None
    material_uses_url: str | None = None  # this application's material use log (no ids to type)
    timeline: list[TimelineEntry]
    rating: RatingView | None = None
    self_check: SelfCheck | None = None
    freshness: Freshness


class MaterialUseView(BaseModel):
    material_id: str
    material_type: Named | None = None
    department: Named
    purpose: str
    purpose_text: Words | None = None
    kind: Words
    officer: str
    timestamp: int
    timestamp_beijing: str
    transaction_hash: str
    link: str


class MaterialUses(BaseModel):
    uses: list[MaterialUseView]
    freshness: Freshness
