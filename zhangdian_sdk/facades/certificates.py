"""Electronic certificates (电子证照): documents, batches, selective disclosure and verification.

A certificate is a JSON document. Each field is salted and hashed on its own, so the holder can
hide fields (:func:`disclose`) and what remains still verifies. The document's digest covers the
header and the field hashes; the batch's Merkle tree (OpenZeppelin StandardMerkleTree over
``(certificateId, digest)``) puts one root on chain per batch.

Status list (``issue_batch(..., status_list=True)``): each certificate also carries its index in the
issuer's status list, bound into its leaf (``(certificateId, digest, statusIndex)``); suspending,
reinstating and ending it writes 4 bits on chain (:meth:`CertificatesFacade.set_statuses` changes many
in one transaction), and verification reads them. Certificates without an index keep the original
per-certificate records, and verify exactly as before.

Verification (:meth:`CertificatesFacade.verify`) reports each check with a code and a message in
Chinese and English: integrity, issuance, status, issuer, validity dates and region recognition, the
national metadata (GB/T 36903, :mod:`zhangdian_sdk.core.licence`) when the document carries it, and
the annotation of a 加注件 (:func:`annotate`); the report's ``status`` says 有效, 暂扣, 撤销, 注销, 吊销 or 失效.

Usage::

    drafts = [CertificateDraft("FOOD-LICENCE", subject, {"shop": "张店小吃"}, valid_until=...)]
    issued = client.certificates.issue_batch(drafts, issuer="ZD-XPSJ")
    report = client.certificates.verify(issued[0].to_json())
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from eth_abi.abi import encode
from eth_utils.crypto import keccak

from zhangdian_sdk.core import errors
from zhangdian_sdk.core.codes import code_to_bytes32
from zhangdian_sdk.core.context import ChainContext
from zhangdian_sdk.core.errors import InvalidInputError
from zhangdian_sdk.core.licence import (
    LICENCE_FIELDS,
    Annotation,
    LicenceMetadata,
    date_end,
    date_start,
    licence_from_fields,
    validate_licence,
)
from zhangdian_sdk.core.merkle import LEAF_TYPES, certificate_leaf, certificate_tree
from zhangdian_sdk.core.models import CertificateState, TransactionResult
from zhangdian_sdk.facades.completion import completion_certificate
from zhangdian_sdk.facades.departments import DepartmentsFacade
from zhangdian_sdk.facades.facade import Facade
from zhangdian_sdk.facades.ledger import LedgerFacade
from zhangdian_sdk.facades.verification import (
    HOME_REGION,
    Check,
    ReplacementLink,
    VerificationReport,
    replacement_links,
    run_checks,
    status_batch,
)

__all__ = [
    "HOME_REGION",
    "LEAF_TYPES",
    "MAX_STATUS_CHANGES",
    "TERMINAL_STATES",
    "Certificate",
    "CertificateDraft",
    "CertificatesFacade",
    "Check",
    "ReplacementLink",
    "VerificationReport",
    "annotate",
    "certificate_digest",
    "disclose",
    "field_hash",
]

TERMINAL_STATES = (CertificateState.REVOKED, CertificateState.CANCELLED, CertificateState.WITHDRAWN)
_DOMAIN = keccak(text="zhangdian:certificate:v1")
MAX_STATUS_CHANGES = 500  # status changes per transaction in set_statuses (about 2.2 M gas sharing words)
_ISSUE_ATTEMPTS = 3  # another officer may take the next status index between reading and sending


def field_hash(name: str, value: str, salt: bytes) -> bytes:
    """The hash that stands for one field, whether it is shown or hidden."""
    return keccak(encode(["bytes32", "bytes32", "bytes32"], [keccak(text=name), keccak(text=value), salt]))


@dataclass(frozen=True)
class CertificateDraft:
    """What an issuer fills in before issuing; ``licence`` adds the national metadata (GB/T 36903) as
    fields, validated on issuing. With a licence, a zero ``valid_until``/``valid_from`` is taken from its
    有效期截止/起始 (Beijing time)."""

    certificate_type: str
    subject_commitment: bytes
    fields: dict[str, str]
    valid_until: int
    valid_from: int = 0
    application_id: bytes = bytes(32)
    licence: LicenceMetadata | None = None


@dataclass(frozen=True)
class Certificate:
    """An issued certificate with its proof; shown fields carry value and salt, hidden ones a hash."""

    certificate_id: bytes
    issuer: str
    region: int
    certificate_type: str
    subject_commitment: bytes
    issued_at: int
    valid_from: int
    valid_until: int
    application_id: bytes
    fields: dict[str, dict[str, str]]  # name -> {"value", "salt"} or {"hash"}
    root: bytes = b""
    proof: tuple[bytes, ...] = ()
    registry: str = ""
    chain_id: int = 0
    batch_size: int = 1
    annotation: Annotation | None = None  # a 加注件's purpose and expiry; not part of the digest
    status_index: int | None = None  # the index in the issuer's status list (bound into the leaf), if any
    issued_block: int = 0  # the block of issueStatusBatch (where verifiers find the root), status list only

    def licence(self) -> LicenceMetadata | None:
        """The national metadata the document shows (hidden items empty), or None if it has none."""
        return licence_from_fields(self.shown_fields())

    def field_hashes(self) -> dict[str, bytes]:
        hashes = {}
        for name, entry in self.fields.items():
            if "hash" in entry:
                hashes[name] = bytes.fromhex(entry["hash"].removeprefix("0x"))
            else:
                hashes[name] = field_hash(name, entry["value"], bytes.fromhex(entry["salt"].removeprefix("0x")))
        return hashes

    @property
    def digest(self) -> bytes:
        return certificate_digest(self)

    @property
    def leaf(self) -> bytes:
        return certificate_leaf(self.certificate_id, self.digest, self.status_index)

    def shown_fields(self) -> dict[str, str]:
        return {name: entry["value"] for name, entry in self.fields.items() if "value" in entry}

    def to_json(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "version": 1 if self.status_index is None else 2,
            "certificateId": "0x" + self.certificate_id.hex(),
            "issuer": self.issuer,
            "region": self.region,
            "type": self.certificate_type,
            "subjectCommitment": "0x" + self.subject_commitment.hex(),
            "issuedAt": self.issued_at,
            "validFrom": self.valid_from,
            "validUntil": self.valid_until,
            "applicationId": "0x" + self.application_id.hex(),
            "fields": self.fields,
            "proof": {
                "root": "0x" + self.root.hex(),
                "merkleProof": ["0x" + p.hex() for p in self.proof],
                "registry": self.registry,
                "chainId": self.chain_id,
                "batchSize": self.batch_size,
            },
        }
        if self.status_index is not None:
            document["proof"]["statusIndex"] = self.status_index
            document["proof"]["issuedBlock"] = self.issued_block
        if self.annotation is not None:
            document["annotation"] = self.annotation.to_json()
        return document

    @classmethod
    def from_json(cls, data: dict[str, Any] | str | bytes) -> Certificate:
        """Read a certificate file; anything malformed is an :class:`InvalidInputError`."""
        try:
            doc = json.loads(data) if isinstance(data, str | bytes) else data
            proof = doc["proof"]
            return cls(
                certificate_id=_hex32(doc["certificateId"]),
                issuer=str(doc["issuer"]),
                region=int(doc["region"]),
                certificate_type=str(doc["type"]),
                subject_commitment=_hex32(doc["subjectCommitment"]),
                issued_at=int(doc["issuedAt"]),
                valid_from=int(doc["validFrom"]),
                valid_until=int(doc["validUntil"]),
                application_id=_hex32(doc["applicationId"]),
                fields={str(k): {str(a): str(b) for a, b in v.items()} for k, v in doc["fields"].items()},
                root=_hex32(proof["root"]),
                proof=tuple(_hex32(p) for p in proof["merkleProof"]),
                registry=str(proof["registry"]),
                chain_id=int(proof["chainId"]),
                batch_size=int(proof.get("batchSize", 1)),
                annotation=Annotation.from_json(doc["annotation"]) if doc.get("annotation") else None,
                status_index=_status_index(proof.get("statusIndex")),
                issued_block=int(proof.get("issuedBlock", 0)),
            )
        except (ValueError, KeyError, TypeError, AttributeError) as err:
            if isinstance(err, InvalidInputError):
                raise
            raise InvalidInputError(f"证照文件格式错误 / not a certificate file: {err}") from err


def certificate_digest(certificate: Certificate) -> bytes:
    """The digest that goes into the Merkle leaf: header and field hashes, sorted by field name."""
    hashes = certificate.field_hashes()
    fields_root = keccak(b"".join(hashes[name] for name in sorted(hashes)))
    return keccak(
        encode(
            [
                "bytes32",
                "bytes32",
                "bytes32",
                "uint32",
                "bytes32",
                "bytes32",
                "uint64",
                "uint64",
                "uint64",
                "bytes32",
                "bytes32",
            ],
            [
                _DOMAIN,
                certificate.certificate_id,
                code_to_bytes32(certificate.issuer),
                certificate.region,
                code_to_bytes32(certificate.certificate_type),
                certificate.subject_commitment,
                certificate.issued_at,
                certificate.valid_from,
                certificate.valid_until,
                certificate.application_id,
                fields_root,
            ],
        )
    )


def disclose(certificate: Certificate, hide: Sequence[str]) -> Certificate:
    """A copy with the named fields replaced by their hashes; it still verifies."""
    unknown = set(hide) - set(certificate.fields)
    if unknown:
        raise InvalidInputError(f"没有这些字段 / no such fields: {', '.join(sorted(unknown))}")
    hashes = certificate.field_hashes()
    fields = {
        name: ({"hash": "0x" + hashes[name].hex()} if name in hide else dict(entry))
        for name, entry in certificate.fields.items()
    }
    return replace(certificate, fields=fields)


def annotate(
    certificate: Certificate, *, purpose: str, valid_until: int, hide: Sequence[str] = (), now: int | None = None
) -> Certificate:
    """A 加注件: a copy for one purpose (用证事由) until ``valid_until``, with ``hide`` fields hidden.

    The annotation is the holder's statement, not part of the digest: a verifier who asks for a purpose
    refuses a copy without it or for another one, and every verifier refuses it after its date."""
    annotation = Annotation(purpose.strip(), int(valid_until), int(time.time()) if now is None else now)
    return replace(disclose(certificate, hide), annotation=annotation)


class CertificatesFacade(Facade):
    """Issues, revokes and verifies certificates through the CertificateRegistry; ``ledger`` finds
    completion certificates and ``departments`` names issuers in verification reports."""

    contract_name = "CertificateRegistry"

    def __init__(self, chain: ChainContext, *, ledger: LedgerFacade, departments: DepartmentsFacade) -> None:
        super().__init__(chain)
        self._readers = _Readers(chain, ledger, departments)

    def issue(self, draft: CertificateDraft, *, issuer: str, status_list: bool = False) -> Certificate:
        """Issue one certificate (a batch of one)."""
        return self.issue_batch([draft], issuer=issuer, status_list=status_list)[0]

    def issue_batch(
        self, drafts: Sequence[CertificateDraft], *, issuer: str, status_list: bool = False
    ) -> list[Certificate]:
        """Issue many certificates under one Merkle root: the gas does not grow with the batch.

        ``status_list``: give each certificate the next index of the issuer's status list, bound into its
        leaf (about 36,000 gas a batch instead of 67,600, and 4 bits a certificate when its status
        changes). The sender is enrolled as a status signer of ``issuer`` first if it is not yet (one
        transaction, once; it must be an Issuer of the department)."""
        if not drafts:
            raise InvalidInputError("一批至少须有一张证照 / a batch needs at least one certificate")
        now = int(time.time())
        unsigned = [_from_draft(d, issuer=issuer, issued_at=now) for d in drafts]
        entries = [(c.certificate_id, c.digest) for c in unsigned]
        if status_list:
            return self._issue_status_batch(unsigned, entries, issuer)
        tree = certificate_tree(entries)
        self._write(self._contract.functions.issueBatch(tree.root, code_to_bytes32(issuer), len(drafts)))
        return [
            replace(
                c,
                root=tree.root,
                proof=tuple(tree.proof(i)),
                registry=self._contract.address,
                chain_id=self._chain.deployment.chain_id,
                batch_size=len(drafts),
            )
            for i, c in enumerate(unsigned)
        ]

    def _issue_status_batch(
        self, unsigned: list[Certificate], entries: list[tuple[bytes, bytes]], issuer: str
    ) -> list[Certificate]:
        department = code_to_bytes32(issuer)
        self.enrol_status_signer(issuer)
        for attempt in range(_ISSUE_ATTEMPTS):
            first = self.status_record(issuer)[1]
            tree = certificate_tree(entries, first)
            try:
                result = self._write(
                    self._contract.functions.issueStatusBatch(tree.root, department, first, len(entries))
                )
            except errors.StatusIndexMismatch:
                if attempt == _ISSUE_ATTEMPTS - 1:
                    raise
                continue
            return [
                replace(
                    c,
                    root=tree.root,
                    proof=tuple(tree.proof(i)),
                    registry=self._contract.address,
                    chain_id=self._chain.deployment.chain_id,
                    batch_size=len(entries),
                    status_index=first + i,
                    issued_block=result.block_number,
                )
                for i, c in enumerate(unsigned)
            ]
        raise AssertionError("unreachable")  # pragma: no cover

    def enrol_status_signer(self, issuer: str, account: str | None = None) -> TransactionResult:
        """Enrol ``account`` (the sender by default) as a status signer of ``issuer``: the sender is a Manager
        of the department, or the account itself holding its Issuer role. Already enrolled: nothing sent."""
        who = account or self._chain.sender.address
        return self._write(
            self._contract.functions.enrolStatusSigner(code_to_bytes32(issuer), who),
            already=lambda: bool(self._call(self._contract.functions.isStatusSigner(code_to_bytes32(issuer), who))),
        )

    def drop_status_signer(self, issuer: str, account: str) -> TransactionResult:
        """End ``account``'s enrolment as a status signer of ``issuer``. Anyone may drop an account that no
        longer holds the department's Issuer role; otherwise a Manager of it or the account itself."""
        return self._write(self._contract.functions.dropStatusSigner(code_to_bytes32(issuer), account))

    def status_record(self, issuer: str) -> tuple[str, int, bool]:
        """The issuer's status record: its primary signer, the next status index and the pause mark."""
        signer, next_index, paused = self._call(self._contract.functions.statusRecord(code_to_bytes32(issuer)))
        return str(signer), int(next_index), bool(paused)

    def status(self, certificate: Certificate) -> CertificateState:
        """The state the status list holds for a certificate that has a status index."""
        index = _require_index(certificate)
        return CertificateState(
            int(self._call(self._contract.functions.statusOf(code_to_bytes32(certificate.issuer), index)))
        )

    def set_statuses(
        self, issuer: str, indices: Sequence[int], *, state: CertificateState, reason_code: int
    ) -> list[TransactionResult]:
        """Move many status indices of ``issuer`` to ``state`` for one reason, in sorted order so that
        neighbours share their status word, at most :data:`MAX_STATUS_CHANGES` per transaction."""
        ordered = sorted(set(indices))
        if not ordered:
            raise InvalidInputError("没有要变更的证照 / no certificates to change")
        if len(ordered) != len(indices):
            raise InvalidInputError("状态序号重复 / a status index is listed twice")
        department = code_to_bytes32(issuer)
        return [
            self._write(
                self._contract.functions.setStatuses(
                    department, ordered[start : start + MAX_STATUS_CHANGES], int(state), reason_code
                )
            )
            for start in range(0, len(ordered), MAX_STATUS_CHANGES)
        ]

    def revoke_many(
        self,
        certificates: Sequence[Certificate],
        *,
        reason_code: int,
        state: CertificateState = CertificateState.REVOKED,
    ) -> list[TransactionResult]:
        """End many status-list certificates (of one or several issuers) in as few transactions as possible."""
        if state not in TERMINAL_STATES:
            raise InvalidInputError(
                f"{state.label_zh} 不是终止状态, 应为撤销、注销或吊销"
                f" / {state.label_en} is not revoked, cancelled or withdrawn"
            )
        by_issuer: dict[str, list[int]] = {}
        for certificate in certificates:
            by_issuer.setdefault(certificate.issuer, []).append(_require_index(certificate))
        results: list[TransactionResult] = []
        for issuer, indices in by_issuer.items():
            results += self.set_statuses(issuer, indices, state=state, reason_code=reason_code)
        return results

    def batch_indices(self, certificate: Certificate) -> range:
        """The status indices of a status-list certificate's whole batch (from its StatusBatchIssued event)."""
        _require_index(certificate)
        found = status_batch(self._chain, self._contract, certificate)
        if found is None:
            raise InvalidInputError("链上找不到该证照的批次 / the chain has no batch of this certificate")
        return range(found[0], found[0] + found[1])

    def revoke(self, certificate: Certificate, *, reason_code: int) -> TransactionResult:
        """Revoke one certificate; the others of its batch stay valid. The chain hashes the leaf from
        ``(certificate_id, digest)``, so only a real leaf of the batch can be revoked; a status-list
        certificate is revoked by its index."""
        if certificate.status_index is not None:
            return self._set_status(certificate, CertificateState.REVOKED, reason_code)
        function = self._contract.functions.revokeCertificate(
            certificate.root,
            code_to_bytes32(certificate.issuer),
            certificate.certificate_id,
            certificate.digest,
            list(certificate.proof),
            reason_code,
        )
        return self._write(function)

    def end(self, certificate: Certificate, *, state: CertificateState, reason_code: int) -> TransactionResult:
        """End one certificate for good: 撤销 (REVOKED), 注销 (CANCELLED) or 吊销 (WITHDRAWN)."""
        if state not in TERMINAL_STATES:
            raise InvalidInputError(
                f"{state.label_zh} 不是终止状态, 应为撤销、注销或吊销"
                f" / {state.label_en} is not revoked, cancelled or withdrawn"
            )
        if certificate.status_index is not None:
            return self._set_status(certificate, state, reason_code)
        return self._write(self._contract.functions.endCertificate(*self._ref(certificate), int(state), reason_code))

    def suspend(self, certificate: Certificate, *, reason_code: int) -> TransactionResult:
        """Suspend (暂扣) one certificate until :meth:`reinstate`."""
        if certificate.status_index is not None:
            return self._set_status(certificate, CertificateState.SUSPENDED, reason_code)
        return self._write(self._contract.functions.suspendCertificate(*self._ref(certificate), reason_code))

    def reinstate(self, certificate: Certificate) -> TransactionResult:
        """Reinstate a suspended certificate."""
        if certificate.status_index is not None:
            return self._set_status(certificate, CertificateState.VALID, 0)
        return self._write(self._contract.functions.reinstateCertificate(*self._ref(certificate)))

    def _set_status(self, certificate: Certificate, state: CertificateState, reason_code: int) -> TransactionResult:
        index = _require_index(certificate)
        return self._write(
            self._contract.functions.setStatus(code_to_bytes32(certificate.issuer), index, int(state), reason_code)
        )

    @staticmethod
    def _ref(certificate: Certificate) -> tuple[bytes, bytes, bytes, bytes, list[bytes]]:
        return (
            certificate.root,
            code_to_bytes32(certificate.issuer),
            certificate.certificate_id,
            certificate.digest,
            list(certificate.proof),
        )

    def revoke_completion(self, application: str | bytes, *, reason_code: int) -> TransactionResult:
        """Revoke the completion certificate the ledger issued for an application (an Issuer of the
        issuing department signs)."""
        certificate = completion_certificate(self._readers, application)
        if certificate is None:
            raise InvalidInputError("该办件没有完成证照 / the application has no completion certificate")
        function = self._contract.functions.revokeCertificate(
            certificate.root,
            code_to_bytes32(certificate.issuer),
            certificate.application_id,
            certificate.digest,
            [],
            reason_code,
        )
        return self._write(function)

    def replace(self, old: Certificate, new: Certificate, *, reason_code: int) -> TransactionResult:
        """Replace (换发/补发) ``old`` by ``new``: the old one becomes 已换发 (Replaced, no longer valid) and each
        names the other on chain (:meth:`replacement_of`, :meth:`replaced_of`). ``reason_code`` is of the
        reason catalogue's kind ``replacement`` (1 change of registered details 变更换发, 2 lost or damaged
        补发, 3 renewal 延续换发, 4 issuing department renamed or merged). The sender is an Issuer of both
        issuers.

        Both must be of the original format: the registry links certificates by their leaf over
        ``(certificateId, digest)``, and a status-list batch has no root in storage to prove a
        certificate against (issue the new one with ``status_list=False``). A status-list certificate is
        ended as replaced, without a link, by ``set_statuses(..., state=CertificateState.REPLACED)``."""
        for side, certificate in (("原证照 / the old certificate", old), ("新证照 / the new certificate", new)):
            if certificate.status_index is not None:
                raise InvalidInputError(
                    f"{side}: 状态列表格式的证照不能在链上关联换发, 请以原格式签发新证照 (不用状态列表)"
                    " / a status-list certificate cannot be linked on chain: issue the replacement without"
                    " the status list"
                )
        return self._write(self._contract.functions.replaceCertificate(self._ref(old), self._ref(new), reason_code))

    def replace_batch(
        self, old_root: bytes, new_root: bytes, *, old_issuer: str, new_issuer: str | None = None, reason_code: int
    ) -> TransactionResult:
        """Replace a whole batch (e.g. every licence of a renamed or merged department, reason 4): each
        certificate of (``old_root``, ``old_issuer``) is replaced by the certificate with the same id in
        (``new_root``, ``new_issuer``, the old issuer by default). Both batches of the original format."""
        return self._write(
            self._contract.functions.replaceBatch(
                old_root,
                code_to_bytes32(old_issuer),
                new_root,
                code_to_bytes32(new_issuer or old_issuer),
                reason_code,
            )
        )

    def replacement_of(self, certificate: Certificate) -> ReplacementLink | None:
        """What replaced the certificate (None if nothing)."""
        return replacement_links(self._readers, certificate)[0]

    def replaced_of(self, certificate: Certificate) -> ReplacementLink | None:
        """What the certificate replaced (None if nothing)."""
        return replacement_links(self._readers, certificate)[1]

    def revoke_batch(self, root: bytes, *, issuer: str, reason_code: int) -> TransactionResult:
        """Revoke every certificate of a batch of the original format (a status-list batch: :meth:`set_statuses`
        with :meth:`batch_indices`)."""
        return self._write(self._contract.functions.revokeBatch(root, code_to_bytes32(issuer), reason_code))

    def verify(
        self,
        document: dict[str, Any] | str | bytes | Certificate,
        *,
        now: int | None = None,
        purpose: str | None = None,
    ) -> VerificationReport:
        """Check a certificate file against the chain; never raises for an invalid certificate.

        ``purpose``: the 用证事由 the verifier accepts the certificate for; only a 加注件 for that purpose,
        not expired, passes."""
        certificate = document if isinstance(document, Certificate) else Certificate.from_json(document)
        return run_checks(self._readers, certificate, now=now, purpose=purpose)


@dataclass(frozen=True)
class _Readers:
    """What completion certificates and verification read through (as a client offers them)."""

    chain: ChainContext
    ledger: LedgerFacade
    departments: DepartmentsFacade


def _with_licence(draft: CertificateDraft) -> CertificateDraft:
    """The draft with its licence metadata validated and merged into its fields and dates."""
    if draft.licence is None:
        return draft
    licence = validate_licence(draft.licence)
    clash = sorted(set(draft.fields) & set(LICENCE_FIELDS))
    if clash:
        raise InvalidInputError(
            f"字段 {', '.join(clash)} 由证照元数据填写, 不能另给"
            f" / the fields {', '.join(clash)} come from the licence metadata"
        )
    return replace(
        draft,
        fields={**licence.to_fields(), **draft.fields},
        valid_from=draft.valid_from or date_start(licence.valid_from),
        valid_until=draft.valid_until or (date_end(licence.valid_until) if licence.valid_until else 0),
        licence=licence,
    )


def _from_draft(draft: CertificateDraft, *, issuer: str, issued_at: int) -> Certificate:
    draft = _with_licence(draft)
    if not draft.fields:
        raise InvalidInputError("证照至少需要一个字段 / a certificate needs at least one field")
    if draft.valid_until and draft.valid_until <= max(draft.valid_from, issued_at):
        raise InvalidInputError("证照在生效前即已过期 / the certificate would expire before it is valid")
    code_to_bytes32(draft.certificate_type)
    fields = {
        name: {"value": value, "salt": "0x" + secrets.token_bytes(32).hex()} for name, value in draft.fields.items()
    }
    return Certificate(
        certificate_id=secrets.token_bytes(32),
        issuer=issuer,
        region=HOME_REGION,
        certificate_type=draft.certificate_type,
        subject_commitment=draft.subject_commitment,
        issued_at=issued_at,
        valid_from=draft.valid_from or issued_at,
        valid_until=draft.valid_until,
        application_id=draft.application_id,
        fields=fields,
    )


def _status_index(value: object) -> int | None:
    if value is None:
        return None
    index = int(str(value))
    if not 0 <= index < 2**64:
        raise ValueError(f"状态序号超出范围 / status index out of range: {index}")
    return index


def _require_index(certificate: Certificate) -> int:
    if certificate.status_index is None:
        raise InvalidInputError(
            "该证照没有状态序号 (旧格式), 请按证照逐张办理 / the certificate has no status index (original format)"
        )
    return certificate.status_index


def _hex32(value: str) -> bytes:
    raw = bytes.fromhex(str(value).removeprefix("0x"))
    if len(raw) != 32:
        raise ValueError(f"须为 32 字节十六进制 / expected 32 bytes of hex, got {len(raw)}")
    return raw
