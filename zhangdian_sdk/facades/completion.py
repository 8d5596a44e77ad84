"""Completion certificates: what the ledger issues by itself when a service that yields a
certificate completes (see the service's automation terms).

The certificate is a batch of one in the CertificateRegistry: its root is the StandardMerkleTree
leaf of ``(applicationId, digest)``, where the digest covers the certificate type, the service and
version, the applicant commitment and the completion time. Anyone holding the application number
can recompute it from the ledger's record and check it against the chain. The registry keeps it
under (root, issuer, applicationId), apart from the issuers' own batches, and answers for it through
``certificateStatus``/``validAt`` with the application id as the certificate id and an empty proof.

Usage: ``cert = completion_certificate(client, "ZD-2026-000123")``; ``cert.valid``. Anything with the
client's ``chain`` and ``ledger`` will do (:class:`LedgerReader`): the certificates facade passes its own.

The certificate as a file a citizen downloads and a verifier checks (:class:`CompletionDocument`,
``kind: "completion"``): every value the digest covers, the root, the issuer and where the chain keeps it,
so that anyone can recompute the root and ask the registry, without trusting whoever handed the file over.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from eth_abi.abi import encode
from eth_utils.crypto import keccak

from zhangdian_sdk.core.codec import named
from zhangdian_sdk.core.codes import bytes32_to_code, code_to_bytes32
from zhangdian_sdk.core.context import ChainContext
from zhangdian_sdk.core.errors import InvalidInputError
from zhangdian_sdk.core.events import decode_log, paged_logs
from zhangdian_sdk.core.merkle import leaf_hash
from zhangdian_sdk.core.workdays import beijing_moment
from zhangdian_sdk.facades.ledger import LedgerFacade

__all__ = [
    "COMPLETION_KIND",
    "CompletionCertificate",
    "CompletionDocument",
    "LedgerReader",
    "completion_certificate",
    "completion_digest",
    "completion_document",
    "completion_root",
]

COMPLETION_KIND = "completion"
"""The ``kind`` of a completion certificate file (the issuers' certificate files have none)."""


class LedgerReader(Protocol):
    """What reading a completion certificate needs: the chain and the ledger (a client has both)."""

    @property
    def chain(self) -> ChainContext: ...

    @property
    def ledger(self) -> LedgerFacade: ...


@dataclass(frozen=True)
class CompletionCertificate:
    """A completion certificate as the chain records it."""

    application_id: bytes
    certificate_type: str
    issuer: str
    root: bytes
    issued_block: int
    issued_at: int
    revoked_block: int
    reason_code: int
    matches_ledger: bool  # the root recomputed from the ledger's record is the one issued
    digest: bytes = b""  # the leaf's digest recomputed from the ledger's record
    completed_at: int = 0  # the completion time the digest covers (the issuing block's time)

    @property
    def valid(self) -> bool:
        return self.matches_ledger and self.issued_block != 0 and self.revoked_block == 0


def completion_digest(
    *,
    certificate_type: str,
    service: str,
    service_version: int,
    applicant_commitment: bytes,
    completed_at: int,
) -> bytes:
    """The digest of a completion certificate's leaf ``(applicationId, digest)``."""
    return keccak(
        encode(
            ["bytes32", "bytes32", "uint32", "bytes32", "uint40"],
            [
                code_to_bytes32(certificate_type),
                code_to_bytes32(service),
                service_version,
                applicant_commitment,
                completed_at,
            ],
        )
    )


def completion_root(
    application_id: bytes,
    *,
    certificate_type: str,
    service: str,
    service_version: int,
    applicant_commitment: bytes,
    completed_at: int,
) -> bytes:
    """The root the ledger issues for a completed application (its batch of one)."""
    digest = completion_digest(
        certificate_type=certificate_type,
        service=service,
        service_version=service_version,
        applicant_commitment=applicant_commitment,
        completed_at=completed_at,
    )
    return leaf_hash([application_id, digest], ["bytes32", "bytes32"])


def completion_certificate(reader: LedgerReader, application: str | bytes) -> CompletionCertificate | None:
    """The completion certificate of an application, or None if none was issued."""
    chain, ledger = reader.chain, reader.ledger
    app_id = ledger.resolve(application)
    registry = chain.contract("CertificateRegistry")
    start = chain.deployment.start_block
    head = chain.w3.eth.block_number
    issued = None
    for logs in paged_logs(chain.w3, registry.address, app_id, start, head):
        for log in logs:
            event = decode_log(log)
            if event is not None and event.name == "ApplicationCertificateIssued":
                issued = event
    if issued is None:
        return None
    root, issuer = bytes(issued.args["root"]), bytes(issued.args["issuer"])
    # The ledger's own record of it: an issuer's batch with the same root is not this certificate.
    batch = named(
        "CertificateRegistry",
        "getApplicationBatch",
        chain.call(registry.functions.getApplicationBatch(app_id, root, issuer)),
    )
    record = ledger.get(app_id)
    completed_at = int(chain.w3.eth.get_block(issued.block_number)["timestamp"])
    certificate_type = bytes32_to_code(issued.args["certificateType"])
    digest = completion_digest(
        certificate_type=certificate_type,
        service=record.service,
        service_version=record.service_version,
        applicant_commitment=record.applicant_commitment,
        completed_at=completed_at,
    )
    matches = leaf_hash([app_id, digest], ["bytes32", "bytes32"]) == root
    revoked_block = reason_code = 0
    if matches:
        status = chain.call(registry.functions.certificateStatus(root, issuer, app_id, digest, []))
        found = named("CertificateRegistry", "certificateStatus", status)
        revoked_block = int(found["batchRevokedBlock"] or found["certificateRevokedBlock"])
        reason_code = found["reasonCode"]
    return CompletionCertificate(
        application_id=app_id,
        certificate_type=certificate_type,
        issuer=bytes32_to_code(issuer),
        root=root,
        issued_block=int(batch["issuedBlock"]),
        issued_at=int(batch["issuedAt"]),
        revoked_block=revoked_block,
        reason_code=int(reason_code),
        matches_ledger=matches,
        digest=digest,
        completed_at=completed_at,
    )


@dataclass(frozen=True)
class CompletionDocument:
    """A completion certificate as a file: what its digest covers, its root and issuer, and where the chain
    keeps it (chain id, ledger and certificate registry addresses). Names are for people and not covered
    by the digest; :meth:`intact` recomputes the root from the covered values."""

    application_id: bytes
    number: str
    certificate_type: str
    service: str
    service_version: int
    applicant_commitment: bytes
    completed_at: int
    issuer: str
    root: bytes
    chain_id: int
    ledger: str
    certificate_registry: str
    completed_at_beijing: str = ""
    names: dict[str, dict[str, str]] | None = None  # {"service"|"issuer"|"certificate_type": {"zh","en"}}

    @property
    def digest(self) -> bytes:
        return completion_digest(
            certificate_type=self.certificate_type,
            service=self.service,
            service_version=self.service_version,
            applicant_commitment=self.applicant_commitment,
            completed_at=self.completed_at,
        )

    def intact(self) -> bool:
        """Whether the root is the one the covered values give (a changed value or root fails)."""
        return leaf_hash([self.application_id, self.digest], ["bytes32", "bytes32"]) == self.root

    @property
    def file_name(self) -> str:
        """``completion-certificate-<办件编号>.json`` (a 办件编号 is ASCII letters, digits and dashes)."""
        return f"completion-certificate-{self.number or '0x' + self.application_id.hex()}.json"

    def to_json(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "kind": COMPLETION_KIND,
            "application_id": "0x" + self.application_id.hex(),
            "number": self.number,
            "certificate_type": self.certificate_type,
            "service": self.service,
            "service_version": self.service_version,
            "applicant_commitment": "0x" + self.applicant_commitment.hex(),
            "completed_at": self.completed_at,
            "completed_at_beijing": self.completed_at_beijing,
            "issuer": self.issuer,
            "root": "0x" + self.root.hex(),
            "digest": "0x" + self.digest.hex(),
            "chain_id": self.chain_id,
            "ledger": self.ledger,
            "certificate_registry": self.certificate_registry,
        }
        if self.names:
            document["names"] = self.names
        return document

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CompletionDocument:
        if data.get("kind") != COMPLETION_KIND:
            raise InvalidInputError("不是办结证照文件 / not a completion certificate file")
        try:
            return cls(
                application_id=_bytes32(data["application_id"]),
                number=str(data.get("number", "")),
                certificate_type=str(data["certificate_type"]),
                service=str(data["service"]),
                service_version=int(data["service_version"]),
                applicant_commitment=_bytes32(data["applicant_commitment"]),
                completed_at=int(data["completed_at"]),
                issuer=str(data["issuer"]),
                root=_bytes32(data["root"]),
                chain_id=int(data["chain_id"]),
                ledger=str(data["ledger"]),
                certificate_registry=str(data["certificate_registry"]),
                completed_at_beijing=str(data.get("completed_at_beijing", "")),
                names=data.get("names"),
            )
        except (KeyError, TypeError, ValueError) as err:
            raise InvalidInputError(
                f"办结证照文件缺少或含有错误的字段: {err} / "
                f"the completion certificate file lacks or mangles a field: {err}"
            ) from err


def completion_document(
    reader: LedgerReader,
    application: str | bytes,
    *,
    number: str = "",
    names: dict[str, dict[str, str]] | None = None,
) -> CompletionDocument | None:
    """The completion certificate file of an application, read from the chain (None if none was issued).

    The ledger keeps the 办件编号 only as a hash: given the number as ``application`` it is written in the
    file, else pass it as ``number`` (an application given by id and no number gets none)."""
    if not number and isinstance(application, str) and not _is_hex32(application):
        number = application
    certificate = completion_certificate(reader, application)
    if certificate is None:
        return None
    chain, ledger = reader.chain, reader.ledger
    record = ledger.get(certificate.application_id)
    return CompletionDocument(
        application_id=certificate.application_id,
        number=number,
        certificate_type=certificate.certificate_type,
        service=record.service,
        service_version=record.service_version,
        applicant_commitment=record.applicant_commitment,
        completed_at=certificate.completed_at,
        completed_at_beijing=beijing_moment(certificate.completed_at),
        issuer=certificate.issuer,
        root=certificate.root,
        chain_id=chain.deployment.chain_id,
        ledger=chain.deployment.contracts["ApplicationLedger"].address,
        certificate_registry=chain.deployment.contracts["CertificateRegistry"].address,
        names=names,
    )


def _bytes32(text: Any) -> bytes:
    raw = bytes.fromhex(str(text).removeprefix("0x"))
    if len(raw) != 32:
        raise ValueError(f"须为 32 字节 / expected 32 bytes, got {len(raw)}")
    return raw


def _is_hex32(text: str) -> bool:
    try:
        _bytes32(text)
    except ValueError:
        return False
    return True
