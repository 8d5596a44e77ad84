"""The lookup page: a citizen finds their application by number, ID number and receipt code, sees its
status and timeline, and rates it once concluded (好差评)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core import messages
from zhangdian_sdk.core.errors import (
    AlreadyRated,
    ApplicationNotConcluded,
    InvalidRatingSignature,
    NotFoundError,
    ZhangdianError,
)
from zhangdian_sdk.core.models import ApplicationStatus, RatingScore
from zhangdian_sdk.core.workdays import beijing
from zhangdian_sdk.core.workflow import shown_step
from zhangdian_sdk.facades.completion import completion_certificate
from zhangdian_sdk.facades.ratings import RATEABLE_STATUSES
from zhangdian_sdk.services.portal.state import page, portal_state, words
from zhangdian_sdk.services.portal.values import hex32, rating_score, status_words

router = APIRouter()


class RatingRequest(BaseModel):
    """A rating signed in the browser: the score, the inner commitment and the rating key's signature."""

    score: int = Field(ge=1, le=5)
    inner: str = Field(pattern="^0x[0-9a-fA-F]{64}$")
    signature: str = Field(pattern="^0x[0-9a-fA-F]{130}$")


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def index(request: Request) -> HTMLResponse:
    return page(request, "index.html")


@router.get("/api/numbers/{number_hash}", tags=["applications"])
def applications_by_number(request: Request, number_hash: str) -> dict[str, Any]:
    """The applications whose number hashes to ``number_hash`` (keccak-256 of the application
    number, computed in the browser), one per department that uses the number, with that department
    (needed to compute the applicant commitment). Ids belong to departments, so there may be several."""
    client = portal_state(request).client
    try:
        found = client.ledger.lookup_number(hex32(number_hash))
    except (ValueError, ZhangdianError):
        raise HTTPException(404, "not found") from None
    if not found:
        raise HTTPException(404, "not found")
    return {
        "applications": [
            {"applicationId": "0x" + app_id.hex(), "department": department}
            for department, app_id in sorted(found.items())
        ]
    }


@router.get("/api/applications/{application_id}/department", tags=["applications"])
def application_department(request: Request, application_id: str) -> dict[str, str]:
    """The receiving department of an application (needed to compute the applicant commitment)."""
    app_record = _application_or_404(portal_state(request).client, application_id)
    return {"department": app_record.department}


@router.get("/api/applications/{application_id}", tags=["applications"])
def application(
    request: Request, application_id: str, commitment: str = Query(..., pattern="^0x[0-9a-fA-F]{64}$")
) -> dict[str, Any]:
    """An application's status and timeline, if ``commitment`` matches the applicant's."""
    state = portal_state(request)
    client = state.client
    record = _application_or_404(client, application_id)
    if "0x" + record.applicant_commitment.hex() != commitment.lower():
        raise HTTPException(404, "not found")
    block = client.w3.eth.block_number
    catalog = client.catalog.get(record.service, record.service_version)
    department = client.departments.get(record.department)
    timeline = [
        {
            "event": entry.event,
            "label": {lang: messages.label("event", entry.event, lang) for lang in messages.LANGUAGES},
            "time": entry.timestamp.isoformat() if entry.timestamp else None,
            "department": entry.department,
            "transactionHash": entry.transaction_hash,
            "link": state.tx_link(entry.transaction_hash),
            "blockNumber": entry.block_number,
            "statusAfter": status_words(entry.status_after),
        }
        for entry in client.ledger.history(record.application_id)
    ]
    step_deadline = client.ledger.step_deadline(record.application_id)
    return {
        "applicationId": "0x" + record.application_id.hex(),
        "service": record.service,
        "serviceName": {"zh": catalog.definition.name_zh, "en": catalog.definition.name_en},
        "department": record.department,
        "departmentName": {"zh": department.name_zh, "en": department.name_en},
        "status": {"name": record.status.name, "zh": record.status.label_zh, "en": record.status.label_en},
        "currentStep": shown_step(record.current_step, record.step_count),
        "stepCount": record.step_count,
        "submittedAt": record.submitted_at.isoformat() if record.submitted_at else None,
        "deadline": record.deadline.isoformat() if record.deadline else None,
        "deadlineBeijing": beijing(int(record.deadline.timestamp())) if record.deadline else None,
        "overdue": record.overdue,
        "stepDeadline": step_deadline.isoformat() if step_deadline else None,
        "stepDeadlineBeijing": beijing(int(step_deadline.timestamp())) if step_deadline else None,
        "waitingFor": _blocker(client, record),
        "linked": _linked(client, record.application_id),
        "certificate": _certificate(client, record),
        "timeline": timeline,
        "rating": _rating(client, record, can_relay=state.relayer is not None),
        "verifiedAtBlock": block,
    }


@router.post("/api/applications/{application_id}/rating", tags=["ratings"])
def rate(request: Request, application_id: str, rating: RatingRequest) -> dict[str, Any]:
    """Relay the applicant's rating of a concluded application (好差评), signed in the browser with the
    key of the receipt code; once per application (409 with the score given when it was rated)."""
    state = portal_state(request)
    client, relayer = state.client, state.relayer
    record = _application_or_404(client, application_id)
    if relayer is None:
        raise HTTPException(503, words("sdk.rating_relayer_missing"))
    given = client.ratings.rating_of(record.application_id)
    if given is not None:
        raise HTTPException(
            409, {"code": "already_rated", "score": rating_score(given), **words("portal.rate_already")}
        )
    try:
        result = relayer.ratings.relay(
            record.application_id,
            rating.score,
            inner=bytes.fromhex(rating.inner[2:]),
            signature=bytes.fromhex(rating.signature[2:]),
        )
    except AlreadyRated:
        given = client.ratings.rating_of(record.application_id)
        raise HTTPException(
            409, {"code": "already_rated", "score": rating_score(given), **words("portal.rate_already")}
        ) from None
    except ApplicationNotConcluded:
        raise HTTPException(409, {"code": "not_concluded", **words("sdk.rating_not_concluded")}) from None
    except InvalidRatingSignature:
        raise HTTPException(403, {"code": "wrong_applicant", **words("sdk.rating_wrong_applicant")}) from None
    state.wait_indexed(result.block_number)  # the follower indexes it: pages read from the index show it
    return {
        "score": rating_score(RatingScore(rating.score)),
        "transactionHash": result.transaction_hash,
        "link": state.tx_link(result.transaction_hash) if result.transaction_hash else None,
    }


def _rating(client: ZhangdianClient, record: Any, *, can_relay: bool) -> dict[str, Any] | None:
    """What the rating form needs: None while the application is open (or the suite has no ratings);
    else the score given (None if not yet), the five options and the EIP-712 domain to sign in."""
    if record.status not in RATEABLE_STATUSES or "ServiceRatings" not in client.deployment.contracts:
        return None
    return {
        "score": rating_score(client.ratings.rating_of(record.application_id)),
        "canRate": can_relay,
        "options": [rating_score(score) for score in sorted(RatingScore)],
        "chainId": client.w3.eth.chain_id,
        "verifyingContract": client.ratings.address,
    }


def _blocker(client: ZhangdianClient, record: Any) -> dict[str, str] | None:
    """What an approved application waits for before it completes, in both languages."""
    if record.status != ApplicationStatus.APPROVED:
        return None
    blocker = client.ledger.completion_blocker(record.application_id)
    return {"zh": blocker.message_zh, "en": blocker.message_en} if blocker else None


def _linked(client: ZhangdianClient, app_id: bytes) -> list[dict[str, Any]]:
    """The parent and the follow-on applications of one 一件事, with their services and statuses.

    They share the applicant's commitment, so whoever may see one may see the others."""
    links = client.ledger.links(app_id)
    related = [("parent", links.parent)] if links.parent else []
    related += [("child", child) for child in links.children]
    shown = []
    for relation, other in related:
        record = client.ledger.get(other)
        definition = client.catalog.get(record.service, record.service_version).definition
        shown.append(
            {
                "relation": relation,
                "applicationId": "0x" + other.hex(),
                "service": record.service,
                "serviceName": {"zh": definition.name_zh, "en": definition.name_en},
                "department": record.department,
                "status": {"name": record.status.name, "zh": record.status.label_zh, "en": record.status.label_en},
            }
        )
    return shown


def _certificate(client: ZhangdianClient, record: Any) -> dict[str, Any] | None:
    if record.status != ApplicationStatus.COMPLETED:
        return None
    certificate = completion_certificate(client, record.application_id)
    if certificate is None:
        return None
    return {
        "type": certificate.certificate_type,
        "issuer": certificate.issuer,
        "root": "0x" + certificate.root.hex(),
        "valid": certificate.valid,
    }


def _application_or_404(client: ZhangdianClient, application_id: str) -> Any:
    try:
        return client.ledger.get(hex32(application_id))
    except (ValueError, NotFoundError, ZhangdianError):
        raise HTTPException(404, "not found") from None
