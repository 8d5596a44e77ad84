"""The certificate page: the browser hashes a certificate file (an issuer's certificate or a completion
certificate) and asks what the chain says of it; and the completion certificate's download, built from the
index for the applicant (the commitment must match)."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse

from zhangdian_sdk.core.codes import bytes32_to_code
from zhangdian_sdk.core.errors import ZhangdianError
from zhangdian_sdk.core.merkle import certificate_leaf
from zhangdian_sdk.core.workdays import beijing_moment
from zhangdian_sdk.facades.completion import CompletionDocument
from zhangdian_sdk.facades.verification import ReplacementLink, chain_checks, replacement_links, status_of
from zhangdian_sdk.services.indexer.records import certificate_issued
from zhangdian_sdk.services.portal.naming import catalogue_named, department_named, fail, service_named
from zhangdian_sdk.services.portal.schemas import (
    ApiError,
    CertificateStatusView,
    CheckView,
    Named,
    ReplacementView,
    Words,
)
from zhangdian_sdk.services.portal.state import page, portal_state
from zhangdian_sdk.services.portal.values import hex32

router = APIRouter()


@dataclass(frozen=True)
class _HashedCertificate:
    root: bytes
    issuer: str
    certificate_id: bytes
    digest: bytes
    proof: tuple[bytes, ...]
    region: int
    status_index: int | None = None  # the status-list format's index, bound into the leaf
    issued_block: int = 0

    @property
    def leaf(self) -> bytes:
        return certificate_leaf(self.certificate_id, self.digest, self.status_index)


@router.get("/verify", response_class=HTMLResponse, include_in_schema=False)
def verify_page(request: Request) -> HTMLResponse:
    return page(request, "verify.html")


@router.get("/api/certificates/status", tags=["certificates"])
def certificate_status(
    request: Request,
    root: str,
    issuer: str,
    region: int = Query(ge=0, le=2**32 - 1),  # a uint32 on chain (bad-input limits)
    certificate_id: str = Query(alias="certificateId"),
    digest: str = Query(),
    proof: str = "",
    status_index: int | None = Query(default=None, alias="statusIndex", ge=0, le=2**64 - 1),
    issued_block: int = Query(default=0, alias="issuedBlock", ge=0, le=2**63 - 1),
) -> CertificateStatusView:
    """What the chain says about a certificate, from its hashes only: the leaf's preimage
    (certificate id and digest, and the status index of the status-list format), which is hashed into the
    leaf, so a root or an inner node never passes."""
    client = portal_state(request).client
    try:
        hashed = _HashedCertificate(
            root=hex32(root),
            issuer=issuer,
            certificate_id=hex32(certificate_id),
            digest=hex32(digest),
            proof=tuple(hex32(p) for p in proof.split(",") if p),
            region=region,
            status_index=status_index,
            issued_block=issued_block,
        )
        checks = chain_checks(client, hashed)
        # 换发/补发: only for a certificate the chain knows (a made-up leaf under a real root is not linked)
        replaced_by, replaces = replacement_links(client, hashed) if checks[0].ok else (None, None)
    except (ValueError, ZhangdianError) as err:
        raise HTTPException(400, f"invalid certificate hashes: {err}") from err
    state = status_of(checks)
    return CertificateStatusView(
        checks=[CheckView(**check.__dict__) for check in checks],
        status=None if state is None else Named(code=state.name, name=Words(zh=state.label_zh, en=state.label_en)),
        verified_at_block=client.w3.eth.block_number,
        replaced_by=_replacement(replaced_by),
        replaces=_replacement(replaces),
    )


def _replacement(link: ReplacementLink | None) -> ReplacementView | None:
    if link is None:
        return None
    zh, en = link.reason
    return ReplacementView(
        certificate_id=link.certificate_id or None,
        root=link.root,
        issuer=link.issuer,
        replaced_at=link.replaced_at,
        replaced_at_beijing=link.date_beijing,
        reason=Named(code=str(link.reason_code), name=Words(zh=zh, en=en)),
    )


@router.get(
    "/api/applications/{application_id}/certificate",
    tags=["certificates"],
    response_class=JSONResponse,
    responses={
        200: {"description": "the completion certificate file (kind: completion), as an attachment"},
        404: {"model": ApiError, "description": "no such application, not completed, or another applicant"},
    },
)
def completion_certificate_file(
    request: Request, application_id: str, commitment: str = Query(..., pattern="^0x[0-9a-fA-F]{64}$")
) -> JSONResponse:
    """The completion certificate of the applicant's completed application, as a file to keep and to
    verify on the certificate page (or anywhere: the file says which chain and registry to ask)."""
    state = portal_state(request)
    application_id = application_id.lower()
    row = state.reader.application(application_id)
    if row is None or row["applicant_commitment"].lower() != commitment.lower():
        fail(404, "not_found", "certificate_not_found")
    issued = certificate_issued(state.reader, application_id)
    if issued is None:
        fail(404, "not_found", "certificate_not_found")
    args = issued["args"]
    certificate_type = bytes32_to_code(hex32(args["certificateType"]))
    deployment = state.client.deployment
    document = CompletionDocument(
        application_id=hex32(application_id),
        number=row["number"],
        certificate_type=certificate_type,
        service=row["service"],
        service_version=row["service_version"],
        applicant_commitment=hex32(row["applicant_commitment"]),
        # The digest covers the issuing block's time (ApplicationCompleted's completedAt, same transaction).
        completed_at=int(issued["timestamp"]),
        completed_at_beijing=beijing_moment(int(issued["timestamp"])),
        issuer=args["issuer"],
        root=hex32(args["root"]),
        chain_id=deployment.chain_id,
        ledger=deployment.contracts["ApplicationLedger"].address,
        certificate_registry=deployment.contracts["CertificateRegistry"].address,
        names={
            "certificate_type": catalogue_named("certificate_type", certificate_type).name.model_dump(),
            "service": service_named(request, state.reader, row["service"], row["service_version"]).name.model_dump(),
            "issuer": department_named(request, args["issuer"]).name.model_dump(),
        },
    )
    return JSONResponse(
        document.to_json(),
        headers={"Content-Disposition": f'attachment; filename="{document.file_name}"'},
    )
