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
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from eth_abi.abi import encode
from eth_utils.crypto import keccak

from zhangdian_sdk.core.codec import named
from zhangdian_sdk.core.codes import bytes32_to_code, code_to_bytes32
from zhangdian_sdk.core.context import ChainContext
from zhangdian_sdk.core.events import decode_log, paged_logs
from zhangdian_sdk.core.merkle import leaf_hash
from zhangdian_sdk.facades.ledger import LedgerFacade

__all__ = ["CompletionCertificate", "LedgerReader", "completion_certificate", "completion_digest", "completion_root"]


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
    )
