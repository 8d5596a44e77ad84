"""The checks a verifier runs on a certificate, each with its own code and bilingual message.

The checks read the chain through anything with the client's ``chain`` and ``departments``
(:class:`VerifierReader`); the certificates facade passes its own.

Usage: ``report = run_checks(client, certificate)``; ``report.valid``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from zhangdian_sdk.core._bytes32 import bytes32_to_code
from zhangdian_sdk.core.codec import named
from zhangdian_sdk.core.codes import code_to_bytes32
from zhangdian_sdk.core.context import ChainContext
from zhangdian_sdk.core.errors import InvalidInputError
from zhangdian_sdk.core.identifiers import validate_certificate_identifier
from zhangdian_sdk.core.licence import Annotation, LicenceMetadata, date_end, licence_from_fields, validate_licence
from zhangdian_sdk.core.merkle import certificate_leaf, process_proof
from zhangdian_sdk.core.models import KIND_CERTIFICATE, CertificateState, PeerStatus
from zhangdian_sdk.core.reasons import describe
from zhangdian_sdk.core.workdays import beijing_moment
from zhangdian_sdk.facades.departments import DepartmentsFacade

__all__ = [
    "HOME_REGION",
    "CertificateRef",
    "Check",
    "ReplacementLink",
    "VerifiableCertificate",
    "VerificationReport",
    "VerifierReader",
    "chain_checks",
    "replacement_links",
    "replacement_reason",
    "run_checks",
    "status_batch",
    "status_of",
]

HOME_REGION = 370303


@dataclass(frozen=True)
class Check:
    """One verification check."""

    name: str
    ok: bool
    code: str
    message_zh: str
    message_en: str


@dataclass(frozen=True)
class ReplacementLink:
    """One side of a replacement (换发/补发) as the chain records it (``ICertificateRegistry.Replacement``):
    the other certificate, or for a batch replacement the other batch (``certificate_id`` empty: the
    certificate with the same id in that batch), when (``replaced_at``, a timestamp) and why."""

    certificate_id: str  # 0x-hex, "" for a batch replacement
    leaf: str  # 0x-hex, "" for a batch replacement
    root: str
    issuer: str
    replaced_at: int
    reason_code: int

    @property
    def batch(self) -> bool:
        return not self.certificate_id

    @property
    def date_beijing(self) -> str:
        """When, in Beijing time (``2026-03-01 10:15:00``)."""
        return beijing_moment(self.replaced_at)

    @property
    def reason(self) -> tuple[str, str]:
        """The reason in words (Chinese, English), from the reason catalogue's kind ``replacement``."""
        return replacement_reason(self.reason_code)

    def names(self) -> tuple[str, str]:
        """The other side in words (Chinese, English)."""
        if self.batch:
            return (
                f"{self.issuer} 批次 {self.root} 中同一编号的证照",
                f"the certificate with the same id in batch {self.root} of {self.issuer}",
            )
        return f"证照 {self.certificate_id} ({self.issuer})", f"certificate {self.certificate_id} ({self.issuer})"

    def to_json(self) -> dict[str, Any]:
        zh, en = self.reason
        return {
            "certificateId": self.certificate_id or None,
            "leaf": self.leaf or None,
            "root": self.root,
            "issuer": self.issuer,
            "replacedAt": self.replaced_at,
            "replacedAtBeijing": self.date_beijing,
            "reasonCode": self.reason_code,
            "reason": {"zh": zh, "en": en},
        }


def replacement_reason(code: int) -> tuple[str, str]:
    """A replacement reason code in words (catalogue kind ``replacement``: 1 change of details, 2 lost or
    damaged, 3 renewal, 4 issuing department renamed or merged); an unknown code reads "reason code N"."""
    try:
        reason = describe("replacement", code)
    except ValueError:  # a catalogue without the kind: the code in words, never dropped
        return f"原因代码 {code}", f"reason code {code}"
    return reason.text_zh, reason.text_en


@dataclass(frozen=True)
class VerificationReport:
    """Every check of one verification, in order; valid when all passed.

    ``status`` is the certificate's status in the national vocabulary (有效, 暂扣, 撤销, 注销, 吊销, 失效;
    None if the chain has no record of it), ``licence`` the GB/T 36903 metadata the document shows
    (labelled in both languages), ``annotation`` the purpose and expiry of a 加注件."""

    certificate_id: str
    checks: tuple[Check, ...] = field(default_factory=tuple)
    block_number: int = 0
    status: CertificateState | None = None
    licence: dict[str, str] = field(default_factory=dict)
    annotation: Annotation | None = None
    replaced_by: ReplacementLink | None = None  # 换发/补发: what replaced this certificate
    replaces: ReplacementLink | None = None  # what this certificate replaced

    @property
    def valid(self) -> bool:
        return all(check.ok for check in self.checks)

    @property
    def status_words(self) -> str:
        """``有效 Valid``, or ``未签发 Not issued``."""
        return self.status.label if self.status is not None else "未签发 Not issued"

    def to_json(self) -> dict[str, Any]:
        return {
            "certificateId": self.certificate_id,
            "valid": self.valid,
            "blockNumber": self.block_number,
            "status": None
            if self.status is None
            else {"code": self.status.name, "zh": self.status.label_zh, "en": self.status.label_en},
            "licence": self.licence,
            "annotation": None if self.annotation is None else self.annotation.to_json(),
            "replacedBy": None if self.replaced_by is None else self.replaced_by.to_json(),
            "replaces": None if self.replaces is None else self.replaces.to_json(),
            "checks": [check.__dict__ for check in self.checks],
        }


class VerifierReader(Protocol):
    """What the checks read through: the chain and the departments (a client has both)."""

    @property
    def chain(self) -> ChainContext: ...

    @property
    def departments(self) -> DepartmentsFacade: ...


class CertificateRef(Protocol):
    """What the chain checks need: hashes and codes only, no field values. The registry is given the
    leaf's preimage ``(certificate_id, digest)`` and hashes the leaf itself, so an inner node or a root
    never passes for a certificate."""

    @property
    def root(self) -> bytes: ...

    @property
    def issuer(self) -> str: ...

    @property
    def certificate_id(self) -> bytes: ...

    @property
    def digest(self) -> bytes: ...

    @property
    def leaf(self) -> bytes: ...

    @property
    def proof(self) -> tuple[bytes, ...]: ...

    @property
    def region(self) -> int: ...

    @property
    def status_index(self) -> int | None:
        """The index in the issuer's status list, bound into the leaf; None for the original format."""

    @property
    def issued_block(self) -> int:
        """The block the status-list batch was issued in (0: unknown, searched from the deployment's start)."""


class VerifiableCertificate(CertificateRef, Protocol):
    """A whole certificate file (:class:`~zhangdian_sdk.facades.certificates.Certificate`): the chain checks'
    hashes plus its fields and validity dates."""

    @property
    def fields(self) -> dict[str, dict[str, str]]: ...

    @property
    def valid_from(self) -> int: ...

    @property
    def valid_until(self) -> int: ...

    @property
    def annotation(self) -> Annotation | None: ...

    def shown_fields(self) -> dict[str, str]: ...


_PEER_ACTIVE = 1
_LICENCE_REQUIRED = (
    ("name", "证照名称"),
    ("type_code", "证照类型代码"),
    ("number", "证照编号"),
    ("issuer_name", "颁发机构"),
    ("issuer_code", "颁发机构代码"),
    ("issue_date", "颁发日期"),
    ("valid_from", "有效期起始"),
    ("holder_name", "持证主体"),
    ("holder_code", "持证主体代码"),
    ("holder_code_type", "持证主体代码类型"),
)

# The revocation check's code -> the status it means.
_STATE_OF_CODE = {
    "NOT_REVOKED": CertificateState.VALID,
    "ATTESTATION_VALID": CertificateState.VALID,
    "CERTIFICATE_SUSPENDED": CertificateState.SUSPENDED,
    "BATCH_REVOKED": CertificateState.REVOKED,
    "CERTIFICATE_REVOKED": CertificateState.REVOKED,
    "ATTESTATION_LAPSED": CertificateState.REVOKED,
    "CERTIFICATE_CANCELLED": CertificateState.CANCELLED,
    "CERTIFICATE_WITHDRAWN": CertificateState.WITHDRAWN,
    "CERTIFICATE_REPLACED": CertificateState.REPLACED,
}


def status_of(checks: list[Check] | tuple[Check, ...]) -> CertificateState | None:
    """The status the chain checks say (None if not issued); 失效 is the document's dates' to add."""
    revocation = next((check for check in checks if check.name == "revocation"), None)
    return None if revocation is None else _STATE_OF_CODE.get(revocation.code)


def run_checks(
    reader: VerifierReader, certificate: VerifiableCertificate, *, now: int | None = None, purpose: str | None = None
) -> VerificationReport:
    """Run every check; later checks still run when an earlier one fails, so the report is complete.

    With national metadata a ``licence`` check follows; with an annotation or a ``purpose`` asked for,
    an ``annotation`` check (a 加注件 past its date, or for another purpose, fails)."""
    block = reader.chain.w3.eth.get_block("latest")
    now = int(block["timestamp"]) if now is None else now
    checks = [_integrity(certificate)]
    issuance, revocation, issuer, region = chain_checks(reader, certificate)
    dates = _dates(certificate, now)
    checks += [issuance, revocation, issuer, dates, region]
    licence = licence_from_fields(certificate.shown_fields())
    if licence is not None:
        checks.append(_licence(licence))
    if certificate.annotation is not None or purpose is not None:
        checks.append(_annotation(certificate.annotation, purpose, now))
    replaced_by, replaces = replacement_links(reader, certificate) if issuance.ok else (None, None)
    if replaces is not None:
        (was_zh, was_en), (why_zh, why_en) = replaces.names(), replaces.reason
        checks.append(
            _check(
                "replacement",
                True,
                "REPLACES",
                f"本证照于 {replaces.date_beijing} (北京时间) 换发/补发, 取代{was_zh} (原因: {why_zh})",
                f"this certificate replaced {was_en} on {replaces.date_beijing} (Beijing time) (reason: {why_en})",
            )
        )
    status = status_of(checks)
    if status is CertificateState.VALID and dates.code == "EXPIRED":
        status = CertificateState.EXPIRED
    return VerificationReport(
        "0x" + certificate.certificate_id.hex(),
        tuple(checks),
        int(block["number"]),
        status=status,
        licence=licence.labelled() if licence is not None else {},
        annotation=certificate.annotation,
        replaced_by=replaced_by,
        replaces=replaces,
    )


def replacement_links(
    reader: VerifierReader, certificate: CertificateRef
) -> tuple[ReplacementLink | None, ReplacementLink | None]:
    """What replaced the certificate and what it replaced (换发/补发), as this region's registry records
    them; (None, None) for a status-list certificate or one of another region (the registry links the
    original format's certificates only)."""
    if certificate.region != HOME_REGION or certificate.status_index is not None:
        return None, None
    registry = reader.chain.contract("CertificateRegistry")
    return (
        _link(
            reader.chain,
            registry.functions.replacementOf(certificate.leaf, certificate.root, code_to_bytes32(certificate.issuer)),
        ),
        _link(
            reader.chain,
            registry.functions.replacedOf(certificate.leaf, certificate.root, code_to_bytes32(certificate.issuer)),
        ),
    )


def _link(chain: ChainContext, call: Any) -> ReplacementLink | None:
    leaf, root, issuer, certificate_id, replaced_at, reason_code = chain.call(call)
    if not replaced_at:
        return None
    zero = bytes(32)
    return ReplacementLink(
        certificate_id="" if bytes(certificate_id) == zero else "0x" + bytes(certificate_id).hex(),
        leaf="" if bytes(leaf) == zero else "0x" + bytes(leaf).hex(),
        root="0x" + bytes(root).hex(),
        issuer=bytes32_to_code(bytes(issuer)),
        replaced_at=int(replaced_at),
        reason_code=int(reason_code),
    )


def chain_checks(reader: VerifierReader, certificate: CertificateRef) -> list[Check]:
    """Issuance, revocation, issuer and region: what only the chain can say."""
    source = _source(reader, certificate)
    return [*source.checks(certificate), source.region_check]


def _check(name: str, ok: bool, code: str, zh: str, en: str) -> Check:
    return Check(name=name, ok=ok, code=code, message_zh=zh, message_en=en)


def _integrity(certificate: VerifiableCertificate) -> Check:
    try:
        leaf = certificate.leaf
    except (ValueError, KeyError):
        return _check(
            "integrity", False, "INTEGRITY_MALFORMED", "证照字段格式错误", "a field of the certificate is malformed"
        )
    if process_proof(leaf, certificate.proof) != certificate.root:
        return _check(
            "integrity",
            False,
            "INTEGRITY_MISMATCH",
            "证照内容与其默克尔证明不符: 字段被改动或证明错误",
            "the document does not match its Merkle proof: a field was changed or the proof is wrong",
        )
    hidden = sum(1 for entry in certificate.fields.values() if "hash" in entry)
    note_zh = f" (隐藏字段 {hidden} 个)" if hidden else ""
    note_en = f" ({hidden} hidden fields)" if hidden else ""
    return _check("integrity", True, "INTEGRITY_OK", "证照内容完整" + note_zh, "the document is intact" + note_en)


def _dates(certificate: VerifiableCertificate, now: int) -> Check:
    if now < certificate.valid_from:
        return _check("validity", False, "NOT_YET_VALID", "证照尚未生效", "the certificate is not valid yet")
    if certificate.valid_until and now > certificate.valid_until:
        return _check("validity", False, "EXPIRED", "证照已过有效期 (失效)", "the certificate has expired")
    shown = certificate.shown_fields().get("validUntilDate", "")
    try:
        lapsed = bool(shown) and now > date_end(shown)
    except InvalidInputError:
        lapsed = False  # a malformed date is the licence check's to report
    if lapsed:
        return _check(
            "validity", False, "EXPIRED", f"证照已过有效期截止 {shown} (失效)", f"the licence expired after {shown}"
        )
    return _check("validity", True, "VALIDITY_OK", "在有效期内", "within its validity dates")


def _licence(licence: LicenceMetadata) -> Check:
    """The shown metadata is well formed: the 证照标识's check character, codes, dates (hidden items are
    not checked, they are only counted)."""
    hidden = [zh for attr, zh in _LICENCE_REQUIRED if not getattr(licence, attr)]
    try:
        if hidden:
            validate_certificate_identifier(licence.identifier)
        else:
            validate_licence(licence)
    except InvalidInputError as err:
        return _check(
            "licence", False, "LICENCE_INVALID", f"证照元数据有误: {err}", f"the licence metadata is wrong: {err}"
        )
    note_zh = f" (未出示: {', '.join(hidden)})" if hidden else ""
    note_en = f" ({len(hidden)} items not shown)" if hidden else ""
    return _check(
        "licence",
        True,
        "LICENCE_OK",
        f"证照标识 {licence.identifier} 校验正确{note_zh}",
        f"licence identifier {licence.identifier} checks{note_en}",
    )


def _annotation(annotation: Annotation | None, purpose: str | None, now: int) -> Check:
    if annotation is None:
        return _check(
            "annotation",
            False,
            "ANNOTATION_MISSING",
            f"需要用于“{purpose}”的加注件, 该文件不是加注件",
            f"an annotated copy for {purpose!r} is required; this is not one",
        )
    if now > annotation.valid_until:
        return _check(
            "annotation",
            False,
            "ANNOTATION_EXPIRED",
            f"加注件 (用证事由: {annotation.purpose}) 已过有效期",
            f"the annotated copy (purpose: {annotation.purpose}) has expired",
        )
    if purpose is not None and purpose.strip() != annotation.purpose:
        return _check(
            "annotation",
            False,
            "ANNOTATION_PURPOSE_MISMATCH",
            f"加注件的用证事由是“{annotation.purpose}”, 不是“{purpose}”",
            f"the annotated copy is for {annotation.purpose!r}, not {purpose!r}",
        )
    return _check(
        "annotation",
        True,
        "ANNOTATION_OK",
        f"加注件, 用证事由: {annotation.purpose}",
        f"annotated copy for: {annotation.purpose}",
    )


class _RegistrySource:
    """Issuance and revocation read from a CertificateRegistry on this chain (home or same-chain peer)."""

    def __init__(self, reader: VerifierReader, registry: Any, region_check: Check, *, home: bool) -> None:
        self._reader = reader
        self._registry = registry
        self.region_check = region_check
        self._home = home

    def checks(self, certificate: CertificateRef) -> list[Check]:
        if certificate.status_index is not None:
            return self._status_list_checks(certificate, certificate.status_index)
        issuer = code_to_bytes32(certificate.issuer)
        status = self._reader.chain.call(
            self._registry.functions.certificateStatus(
                certificate.root, issuer, certificate.certificate_id, certificate.digest, list(certificate.proof)
            )
        )
        found = named("CertificateRegistry", "certificateStatus", status)
        issued, issued_block, reason = found["issued"], found["issuedBlock"], found["reasonCode"]
        batch_revoked, certificate_revoked = found["batchRevokedBlock"], found["certificateRevokedBlock"]
        state = CertificateState(int(found["state"]))
        if not issued:
            issuance = _check(
                "issuance",
                False,
                "NOT_ISSUED",
                f"链上没有 {certificate.issuer} 签发该证照的记录",
                f"the chain has no record of {certificate.issuer} issuing this certificate",
            )
        else:
            issuance = _check(
                "issuance", True, "ISSUED", f"已于区块 {issued_block} 签发", f"issued in block {issued_block}"
            )
        if batch_revoked:
            revocation = _check(
                "revocation",
                False,
                "BATCH_REVOKED",
                f"整批证照已于区块 {batch_revoked} 撤销 (原因 {reason})",
                f"the whole batch was revoked in block {batch_revoked} (reason {reason})",
            )
        elif certificate_revoked and state is CertificateState.REPLACED and self._home:
            revocation = self._replaced(certificate, certificate_revoked)
        elif certificate_revoked:
            revocation = _check(
                "revocation",
                False,
                f"CERTIFICATE_{state.name}",
                f"该证照已于区块 {certificate_revoked} {state.label_zh} (原因 {reason})",
                f"this certificate was {state.label_en.lower()} in block {certificate_revoked} (reason {reason})",
            )
        elif state is CertificateState.SUSPENDED:
            revocation = _check(
                "revocation",
                False,
                "CERTIFICATE_SUSPENDED",
                f"该证照自区块 {found['suspendedBlock']} 起暂扣 (原因 {reason})",
                f"this certificate is suspended since block {found['suspendedBlock']} (reason {reason})",
            )
        elif issued:
            revocation = _check("revocation", True, "NOT_REVOKED", "未撤销", "not revoked")
        else:
            revocation = _check(
                "revocation", False, "NOT_ISSUED", "未签发, 无从核对撤销", "not issued: nothing to check"
            )
        return [issuance, revocation, self._issuer(certificate, issued, issued_block)]

    def _replaced(self, certificate: CertificateRef, block: int) -> Check:
        """CERTIFICATE_REPLACED, naming the replacement, its date (Beijing time) and the reason."""
        replaced_by, _ = replacement_links(self._reader, certificate)
        if replaced_by is None:  # pragma: no cover - the registry ends a certificate Replaced only with a link
            return _check("revocation", False, "CERTIFICATE_REPLACED", "该证照已换发", "this certificate was replaced")
        (by_zh, by_en), (why_zh, why_en) = replaced_by.names(), replaced_by.reason
        return _check(
            "revocation",
            False,
            "CERTIFICATE_REPLACED",
            f"该证照已于 {replaced_by.date_beijing} (北京时间, 区块 {block}) 换发, 由{by_zh}取代 (原因: {why_zh})",
            f"this certificate was replaced by {by_en} on {replaced_by.date_beijing} (Beijing time, block {block})"
            f" (reason: {why_en})",
        )

    def _status_list_checks(self, certificate: CertificateRef, index: int) -> list[Check]:
        """A status-list certificate: the proof places its leaf (with its index) under the root, the root's
        StatusBatchIssued event by the issuer covers the index, and the status list holds its state."""
        chain = self._reader.chain
        leaf = certificate_leaf(certificate.certificate_id, certificate.digest, index)
        batch = status_batch(chain, self._registry, certificate)
        placed = process_proof(leaf, certificate.proof) == certificate.root
        issued = placed and batch is not None and batch[0] <= index < batch[0] + batch[1]
        if not issued:
            issuance = _check(
                "issuance",
                False,
                "NOT_ISSUED",
                f"链上没有 {certificate.issuer} 签发该证照 (状态序号 {index}) 的记录",
                f"the chain has no record of {certificate.issuer} issuing this certificate (status index {index})",
            )
            revocation = _check(
                "revocation", False, "NOT_ISSUED", "未签发, 无从核对撤销", "not issued: nothing to check"
            )
            return [issuance, revocation, self._issuer(certificate, False, 0)]
        assert batch is not None
        issued_block = batch[2]
        issuance = _check(
            "issuance",
            True,
            "ISSUED",
            f"已于区块 {issued_block} 签发 (状态序号 {index})",
            f"issued in block {issued_block} (status index {index})",
        )
        issuer = code_to_bytes32(certificate.issuer)
        state = CertificateState(int(chain.call(self._registry.functions.statusOf(issuer, index))))
        if state is CertificateState.VALID:
            revocation = _check("revocation", True, "NOT_REVOKED", "未撤销", "not revoked")
        else:
            block, reason = _last_status_change(chain, self._registry, issuer, index, issued_block)
            if state is CertificateState.SUSPENDED:
                revocation = _check(
                    "revocation",
                    False,
                    "CERTIFICATE_SUSPENDED",
                    f"该证照自区块 {block} 起暂扣 (原因 {reason})",
                    f"this certificate is suspended since block {block} (reason {reason})",
                )
            else:
                revocation = _check(
                    "revocation",
                    False,
                    f"CERTIFICATE_{state.name}",
                    f"该证照已于区块 {block} {state.label_zh} (原因 {reason})",
                    f"this certificate was {state.label_en.lower()} in block {block} (reason {reason})",
                )
        return [issuance, revocation, self._issuer(certificate, True, issued_block)]

    def _issuer(self, certificate: CertificateRef, issued: bool, issued_block: int) -> Check:
        if not issued:
            return _check("issuer", False, "ISSUER_UNCONFIRMED", "无法确认签发部门", "the issuer cannot be confirmed")
        if not self._home:
            return _check(
                "issuer",
                True,
                "ISSUER_OK",
                f"由 {certificate.issuer} 的发证人员签发",
                f"issued by an Issuer of {certificate.issuer}",
            )
        department = self._reader.departments.get(certificate.issuer)
        state_zh = "" if department.active else " (该部门现已停用)"
        state_en = "" if department.active else " (the department has since been deactivated)"
        return _check(
            "issuer",
            True,
            "ISSUER_OK",
            f"由 {department.name_zh} 的发证人员于区块 {issued_block} 签发{state_zh}",
            f"issued by an Issuer of {department.name_en} in block {issued_block}{state_en}",
        )


class _AttestationSource:
    """Issuance from an imported attestation of a peer on another chain."""

    def __init__(self, chain: ChainContext, region_check: Check) -> None:
        self._chain = chain
        self.region_check = region_check

    def checks(self, certificate: CertificateRef) -> list[Check]:
        federation = self._chain.contract("RegionFederation")
        # Only the certificate's own region speaks for it: another peer's recognition of the same leaf
        # is not looked at (issue 12, finding 5).
        found = named(
            "RegionFederation",
            "recognition",
            self._chain.call(federation.functions.recognition(certificate.leaf, certificate.region)),
        )
        origin, kind, issuer = found["originRegion"], found["kind"], found["issuer"]
        signer, imported_block = found["signer"], found["importedBlock"]
        recognized = bool(self._chain.call(federation.functions.isRecognizedBy(certificate.leaf, certificate.region)))
        if not imported_block or origin != certificate.region or kind != KIND_CERTIFICATE:
            no = _check(
                "issuance",
                False,
                "NOT_ATTESTED",
                "没有来源地区对该证照的有效证明",
                "no attestation of the origin region for this certificate was imported",
            )
            return [
                no,
                _check("revocation", False, "NOT_ATTESTED", "无法确认", "cannot be confirmed"),
                _check("issuer", False, "ISSUER_UNCONFIRMED", "无法确认签发部门", "the issuer cannot be confirmed"),
            ]
        issuance = _check(
            "issuance",
            True,
            "ATTESTED",
            f"来源地区 {origin} 的证明已于区块 {imported_block} 导入 (签名 {signer})",
            f"attested by region {origin} (key {signer}), imported in block {imported_block}",
        )
        revocation = _check(
            "revocation",
            recognized,
            "ATTESTATION_VALID" if recognized else "ATTESTATION_LAPSED",
            "来源地区证明仍有效" if recognized else "来源地区证明已失效",
            "the origin's attestation is in force" if recognized else "the origin's attestation has lapsed",
        )
        issuer_ok = bytes(issuer) == code_to_bytes32(certificate.issuer)
        issuer_check = _check(
            "issuer",
            issuer_ok,
            "ISSUER_OK" if issuer_ok else "ISSUER_MISMATCH",
            f"签发部门 {certificate.issuer}" if issuer_ok else "证明中的签发部门与证照不符",
            f"issued by {certificate.issuer}" if issuer_ok else "the attested issuer differs from the certificate's",
        )
        return [issuance, revocation, issuer_check]


def status_batch(chain: ChainContext, registry: Any, certificate: CertificateRef) -> tuple[int, int, int] | None:
    """The (first index, count, block) of the StatusBatchIssued event of the certificate's root by its issuer
    that covers its status index (None if there is none): the root's record, which the registry keeps in
    its log rather than in storage. Searched in the certificate's ``issued_block`` when it names one."""
    event = registry.events.StatusBatchIssued
    start = certificate.issued_block or chain.deployment.start_block
    end = certificate.issued_block or "latest"
    logs = event.get_logs(
        from_block=start,
        to_block=end,
        argument_filters={"root": certificate.root, "issuer": code_to_bytes32(certificate.issuer)},
    )
    index = certificate.status_index
    for log in logs:
        first, count = int(log["args"]["firstIndex"]), int(log["args"]["count"])
        if index is not None and first <= index < first + count:
            return first, count, int(log["blockNumber"])
    return None


def _last_status_change(chain: ChainContext, registry: Any, issuer: bytes, index: int, since: int) -> tuple[int, int]:
    """The block and reason of the last CertificateStatusSet of (issuer, index): the reason lives in the log."""
    logs = registry.events.CertificateStatusSet.get_logs(
        from_block=since, to_block="latest", argument_filters={"issuer": issuer, "statusIndex": index}
    )
    if not logs:
        return 0, 0
    last = max(logs, key=lambda log: (log["blockNumber"], log["logIndex"]))
    return int(last["blockNumber"]), int(last["args"]["reasonCode"])


def _source(reader: VerifierReader, certificate: CertificateRef) -> _RegistrySource | _AttestationSource:
    chain = reader.chain
    if certificate.region == HOME_REGION:
        region = _check("region", True, "REGION_HOME", "本区 (370303) 签发", "issued in this region (370303)")
        return _RegistrySource(reader, chain.contract("CertificateRegistry"), region, home=True)
    federation = chain.contract("RegionFederation")
    codes = chain.call(federation.functions.peerCodes())
    if certificate.region not in codes:
        region = _check(
            "region",
            False,
            "REGION_UNRECOGNISED",
            f"地区 {certificate.region} 不在互认名单中",
            f"region {certificate.region} is not a recognised peer",
        )
        return _AttestationSource(chain, region)
    peer = named("RegionFederation", "getPeer", chain.call(federation.functions.getPeer(certificate.region)))
    status, removed_block, peer_registry, name = (
        peer["status"],
        peer["removedBlock"],
        peer["certificateRegistry"],
        peer["name"],
    )
    if status == PeerStatus.REMOVED:
        region = _check(
            "region",
            False,
            "REGION_REMOVED",
            f"地区 {name} ({certificate.region}) 已于区块 {removed_block} 退出互认",
            f"region {name} ({certificate.region}) stopped being recognised in block {removed_block}",
        )
    else:
        region = _check(
            "region",
            True,
            "REGION_RECOGNISED",
            f"互认地区 {name} ({certificate.region})",
            f"recognised peer region {name} ({certificate.region})",
        )
    if int(str(peer_registry), 16) != 0:
        return _RegistrySource(reader, chain.at("CertificateRegistry", peer_registry), region, home=False)
    return _AttestationSource(chain, region)
