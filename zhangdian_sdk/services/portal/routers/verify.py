"""The certificate page: the browser hashes a certificate file and asks what the chain says of it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse

from zhangdian_sdk.core.errors import ZhangdianError
from zhangdian_sdk.core.merkle import leaf_hash
from zhangdian_sdk.facades.certificates import LEAF_TYPES
from zhangdian_sdk.facades.verification import chain_checks, status_of
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

    @property
    def leaf(self) -> bytes:
        return leaf_hash([self.certificate_id, self.digest], LEAF_TYPES)


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
) -> dict[str, Any]:
    """What the chain says about a certificate, from its hashes only: the leaf's preimage
    (certificate id and digest), which the chain hashes, so a root or an inner node never passes."""
    client = portal_state(request).client
    try:
        hashed = _HashedCertificate(
            root=hex32(root),
            issuer=issuer,
            certificate_id=hex32(certificate_id),
            digest=hex32(digest),
            proof=tuple(hex32(p) for p in proof.split(",") if p),
            region=region,
        )
        checks = chain_checks(client, hashed)
    except (ValueError, ZhangdianError) as err:
        raise HTTPException(400, f"invalid certificate hashes: {err}") from err
    state = status_of(checks)
    return {
        "checks": [check.__dict__ for check in checks],
        "status": None if state is None else {"code": state.name, "zh": state.label_zh, "en": state.label_en},
        "verifiedAtBlock": client.w3.eth.block_number,
    }
