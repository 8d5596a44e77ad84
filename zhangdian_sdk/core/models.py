"""Typed records of the platform, as the SDK returns them.

Timestamps are timezone-aware ``datetime`` in UTC; codes are plain strings; ids are ``bytes``.

Usage: ``app = client.ledger.get("ZD-2026-000123"); app.status.label_zh``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import IntEnum
from typing import Any, Self

from zhangdian_sdk.core import messages

__all__ = [
    "DERIVED_CERTIFICATE_STATES",
    "KIND_CERTIFICATE",
    "KIND_DECISION",
    "Appeal",
    "AppealOutcome",
    "AppealStatus",
    "AppealTerms",
    "Application",
    "ApplicationStatus",
    "ApprovalStep",
    "Automation",
    "CaseType",
    "CertificateState",
    "DeadlinePolicy",
    "Department",
    "HistoryEntry",
    "ItemType",
    "KeeperView",
    "Links",
    "NationalProfile",
    "OfficerRole",
    "PeerStatus",
    "RatingScore",
    "Service",
    "ServiceDefinition",
    "TimeLimit",
    "TimeUnit",
    "TransactionResult",
    "UseKind",
    "timestamp_to_datetime",
]

# What an attestation of RegionFederation is about (its `kind`; the contract writes them as literals).
KIND_CERTIFICATE = 1
KIND_DECISION = 2


class _Labelled(IntEnum):
    """An enum whose members carry Chinese and English labels (from the message catalogue's
    ``labels`` section of :meth:`_label_kind`, by member name)."""

    @property
    def label_zh(self) -> str:
        return messages.label(self._label_kind(), self.name, "zh")

    @property
    def label_en(self) -> str:
        return messages.label(self._label_kind(), self.name, "en")

    @property
    def label(self) -> str:
        """Both labels, as shown to staff: ``已受理 Accepted``."""
        return f"{self.label_zh} {self.label_en}"

    @classmethod
    def _label_kind(cls) -> str:
        raise NotImplementedError

    @property
    def word(self) -> str:
        """The member's name as typed on a command line: ``supplement-requested``."""
        return self.name.lower().replace("_", "-")

    @classmethod
    def words(cls) -> list[str]:
        """Every member's :attr:`word` but ``none`` (the zero that means "not set"), in order: the
        choices a command line offers."""
        return [member.word for member in cls if member.name != "NONE"]

    @classmethod
    def parse(cls, text: str) -> Self:
        """Find a member by its English name (or :attr:`word`) or label, or its Chinese label
        (case-insensitive)."""
        wanted = text.strip().lower()
        for member in cls:
            if wanted in {member.name.lower(), member.word, member.label_en.lower(), member.label_zh}:
                return member
        names = ", ".join(m.name.lower() for m in cls if m.value)
        raise ValueError(f"未知的值 / unknown {cls.__name__} {text!r}; expected one of: {names}")


class OfficerRole(_Labelled):
    """Roles an officer can hold in a department."""

    NONE = 0
    CLERK = 1
    APPROVER = 2
    ISSUER = 3
    MANAGER = 4

    @classmethod
    def _label_kind(cls) -> str:
        return "role"


class ApplicationStatus(_Labelled):
    """Where an application stands."""

    NONE = 0
    SUBMITTED = 1
    ACCEPTED = 2
    IN_REVIEW = 3
    SUPPLEMENT_REQUESTED = 4
    APPROVED = 5
    REJECTED = 6
    COMPLETED = 7
    WITHDRAWN = 8
    SPECIAL_PROCEDURE = 9

    @property
    def is_final(self) -> bool:
        """True once nothing more can happen to the application."""
        return self in (ApplicationStatus.REJECTED, ApplicationStatus.COMPLETED, ApplicationStatus.WITHDRAWN)

    @classmethod
    def _label_kind(cls) -> str:
        return "status"


class DeadlinePolicy(_Labelled):
    """What flagging an overdue step does (set per service version in the catalogue)."""

    FLAG_ONLY = 0
    ESCALATE = 1
    DEEMED_APPROVAL = 2

    @classmethod
    def _label_kind(cls) -> str:
        return "deadline_policy"


class PeerStatus(_Labelled):
    """Whether a peer region is recognised (``IRegionFederation.PeerStatus``)."""

    NONE = 0
    ACTIVE = 1
    REMOVED = 2

    @classmethod
    def _label_kind(cls) -> str:
        return "peer_status"


class CertificateState(_Labelled):
    """A certificate's status (``ICertificateRegistry.CertificateState``, GB/T 36901-36906 vocabulary).

    ``EXPIRED`` (失效) is never stored on chain: it follows from the document's 有效期截止.
    """

    VALID = 0  # 有效
    SUSPENDED = 1  # 暂扣, reversible
    REVOKED = 2  # 撤销, terminal
    CANCELLED = 3  # 注销, terminal
    WITHDRAWN = 4  # 吊销, terminal (a penalty)
    REPLACED = 5  # 换发/补发 (1.6.0), terminal: superseded by another certificate
    EXPIRED = 255  # 失效, derived off chain

    @property
    def terminal(self) -> bool:
        return self in (
            CertificateState.REVOKED,
            CertificateState.CANCELLED,
            CertificateState.WITHDRAWN,
            CertificateState.REPLACED,
        )

    @classmethod
    def _label_kind(cls) -> str:
        return "certificate_state"


DERIVED_CERTIFICATE_STATES = frozenset({CertificateState.EXPIRED})
"""The states the SDK derives from a document and the chain never stores (the Solidity enum lacks them)."""


class TimeUnit(_Labelled):
    """The unit a time limit counts in (``TimeUnit`` of ``contracts/common/Types.sol``)."""

    WORKING_DAYS = 0
    NATURAL_DAYS = 1
    HOURS = 2

    @classmethod
    def _label_kind(cls) -> str:
        return "time_unit"


class UseKind(_Labelled):
    """How a material was used (``useKind`` of the registry's ``MaterialUsed``; its ``_USE_*``)."""

    ATTACHED = 1
    DECRYPTED = 2
    VIEWED = 3

    @classmethod
    def _label_kind(cls) -> str:
        return "use_kind"


class RatingScore(_Labelled):
    """A 好差评 score (``IServiceRatings.rate``): the 满意度代码 of GB/T 39046-2020 table A.8, 1 best."""

    VERY_SATISFIED = 1
    SATISFIED = 2
    FAIRLY_SATISFIED = 3
    DISSATISFIED = 4
    VERY_DISSATISFIED = 5

    @property
    def satisfied(self) -> bool:
        """非常满意, 满意 or 基本满意: counted in the satisfaction rate (满意率); the others are 差评."""
        return self <= RatingScore.FAIRLY_SATISFIED

    @classmethod
    def _label_kind(cls) -> str:
        return "rating"


class ItemType(_Labelled):
    """事项类型 of a service (GB/T 39046-2020 table A.1; the catalogue accepts 1 to its ``ITEM_TYPE_LAST_POWER``
    and ``ITEM_TYPE_PUBLIC_SERVICE``). ``NONE`` means not recorded: the umbrella code 00 (行政权力事项)
    names no concrete service."""

    NONE = 0
    ADMINISTRATIVE_LICENSING = 1  # 行政许可
    ADMINISTRATIVE_PENALTY = 2  # 行政处罚
    ADMINISTRATIVE_COERCION = 3  # 行政强制
    ADMINISTRATIVE_LEVY = 4  # 行政征收
    ADMINISTRATIVE_PAYMENT = 5  # 行政给付
    ADMINISTRATIVE_INSPECTION = 6  # 行政检查
    ADMINISTRATIVE_CONFIRMATION = 7  # 行政确认
    ADMINISTRATIVE_REWARD = 8  # 行政奖励
    ADMINISTRATIVE_ADJUDICATION = 9  # 行政裁决
    OTHER_POWER = 10  # 其他类别事项
    PUBLIC_SERVICE = 20  # 公共服务事项

    @classmethod
    def _label_kind(cls) -> str:
        return "item_type"


class CaseType(_Labelled):
    """办件类型 (``IServiceCatalog.CaseType``): 即办件 or 承诺件."""

    NONE = 0
    IMMEDIATE = 1
    PROMISED = 2

    @classmethod
    def _label_kind(cls) -> str:
        return "case_type"


# -- appeals (行政复议, IAppealRegistry) ------------------------------------------------------------


class AppealStatus(_Labelled):
    """Where an appeal stands (``IAppealRegistry.AppealStatus``)."""

    NONE = 0
    FILED = 1  # 已申请
    ACCEPTED = 2  # 已受理
    DECIDED = 3  # 已决定
    WITHDRAWN = 4  # 已撤回

    @property
    def is_open(self) -> bool:
        """Filed or accepted: not yet decided or withdrawn."""
        return self in (AppealStatus.FILED, AppealStatus.ACCEPTED)

    @classmethod
    def _label_kind(cls) -> str:
        return "appeal_status"


class AppealOutcome(_Labelled):
    """The outcome of an appeal (``IAppealRegistry.AppealOutcome``, 行政复议法 Art. 63-68)."""

    NONE = 0
    UPHELD = 1  # 维持
    REVOKED = 2  # 撤销
    CHANGED = 3  # 变更
    CONFIRMED_UNLAWFUL = 4  # 确认违法

    @classmethod
    def _label_kind(cls) -> str:
        return "appeal_outcome"


def timestamp_to_datetime(seconds: int) -> datetime | None:
    """A block timestamp as an aware UTC datetime; 0 (unset) as None."""
    return datetime.fromtimestamp(seconds, tz=UTC) if seconds else None


@dataclass(frozen=True)
class Department:
    """A department (部门)."""

    code: str
    region_code: int
    credit_code: str  # 统一社会信用代码 (GB 32100-2015)
    name_zh: str
    name_en: str
    active: bool = True
    registered_at: datetime | None = None


@dataclass(frozen=True)
class TimeLimit:
    """A time limit (办结时限): ``amount`` of ``unit``, counted from the day after the start."""

    amount: int
    unit: TimeUnit = TimeUnit.WORKING_DAYS

    @property
    def label(self) -> str:
        """``5 工作日 working days``."""
        return f"{self.amount} {self.unit.label}"


@dataclass(frozen=True)
class ApprovalStep:
    """One approval step: which department acts, with which role, within how many units of the
    service's promised time limit (0: no limit of its own)."""

    department: str
    role: OfficerRole = OfficerRole.APPROVER
    time_limit: int = 0


@dataclass(frozen=True)
class NationalProfile:
    """The national codes of a service version (GB/T 39554.1-2020), kept as given: 基本编码 (empty or 12
    characters), 实施编码 (up to 36), 业务办理项编码 (up to 50), with its 事项类型 and 办件类型."""

    basic_code: str = ""
    implementation_code: str = ""
    handling_item_code: str = ""
    item_type: ItemType = ItemType.NONE
    case_type: CaseType = CaseType.NONE


@dataclass(frozen=True)
class ServiceDefinition:
    """What one version of a service is."""

    owner_department: str
    name_zh: str
    name_en: str
    steps: tuple[ApprovalStep, ...]
    promised_time_limit: TimeLimit  # 承诺办结时限; the steps count in its unit
    legal_time_limit: TimeLimit  # 法定办结时限
    required_material_types: tuple[str, ...] = ()
    follow_on_services: tuple[str, ...] = ()
    national: NationalProfile = NationalProfile()


@dataclass(frozen=True)
class Service:
    """A service in the catalogue with the definition of one of its versions."""

    code: str
    version: int
    latest_version: int
    active: bool
    definition: ServiceDefinition


@dataclass(frozen=True)
class Automation:
    """What the ledger does by itself for one service version: rules checked before completion
    (contract addresses), the deadline policy, and the certificate issued on completion."""

    rules: tuple[str, ...] = ()
    deadline_policy: DeadlinePolicy = DeadlinePolicy.FLAG_ONLY
    supervisor: str | None = None
    certificate_type: str | None = None
    certificate_issuer: str | None = None


@dataclass(frozen=True)
class Links:
    """An application's place in a 一件事: the parent that opened it and the children it opened."""

    parent: bytes | None
    children: tuple[bytes, ...]


@dataclass(frozen=True)
class KeeperView:
    """What a keeper needs about one application: its status, open step and that step's deadline."""

    application_id: bytes
    status: ApplicationStatus
    current_step: int
    step_deadline: int  # unix seconds; 0 when no step is running
    flagged: bool


@dataclass(frozen=True)
class Application:
    """An application (办件) as recorded on chain."""

    application_id: bytes
    service: str
    service_version: int
    department: str
    applicant_commitment: bytes
    status: ApplicationStatus
    current_step: int
    step_count: int
    submitted_at: datetime | None
    updated_at: datetime | None
    deadline: datetime | None
    promised_time_limit: int  # in time_unit
    time_unit: TimeUnit
    overdue: bool = False

    @property
    def id_hex(self) -> str:
        return "0x" + self.application_id.hex()


@dataclass(frozen=True)
class HistoryEntry:
    """One event in an application's history."""

    event: str
    block_number: int
    transaction_hash: str
    log_index: int
    timestamp: datetime | None
    department: str | None
    actor: str | None
    status_after: ApplicationStatus | None
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class TransactionResult:
    """A mined transaction: its hash, block and gas, and the suite's events it emitted."""

    transaction_hash: str
    block_number: int
    gas_used: int
    events: tuple[str, ...] = ()
    already_recorded: bool = False


@dataclass(frozen=True)
class Appeal:
    """An appeal (行政复议) as recorded on chain (``IAppealRegistry.Appeal``); times are None until set."""

    appeal_id: bytes
    original_id: bytes  # the appealed application
    reviewer: str  # the reviewing body (复议机关), a department code
    status: AppealStatus
    outcome: AppealOutcome
    extended: bool
    reopened_step: int | None  # the step the original was reopened at (0-based), None if not reopened
    reason_code: int  # of the outcome (kind appeal_outcome) or of a withdrawal (kind withdrawal); 0 before
    filed_at: datetime | None
    accepted_at: datetime | None
    deadline: datetime | None  # the review deadline, from acceptance
    decided_at: datetime | None  # decided or withdrawn
    grounds_hash: bytes
    decision_hash: bytes | None

    @property
    def id_hex(self) -> str:
        return "0x" + self.appeal_id.hex()


@dataclass(frozen=True)
class AppealTerms:
    """The appeal terms of a service or the default (``IAppealRegistry.AppealTerms``): the reviewing
    body and the filing window, review period and extension, in natural days."""

    reviewer: str | None  # None: no terms
    window_days: int = 60  # 行政复议法 Art. 20
    review_days: int = 60  # Art. 62
    extension_days: int = 30
