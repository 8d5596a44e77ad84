"""The lookup page: a citizen finds their application by number, ID number and receipt code, sees its
status, progress and timeline, and rates it once concluded (好差评).

The two lookup calls read the index and the names directory only (no chain read per request); the
rating is relayed to the chain (a write, with its own reads)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field
from sqlalchemy.exc import SQLAlchemyError

from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core.errors import (
    AlreadyRated,
    ApplicationNotConcluded,
    ConfigurationError,
    InvalidRatingSignature,
    NotFoundError,
    ZhangdianError,
)
from zhangdian_sdk.core.models import RatingScore
from zhangdian_sdk.services.portal.application_view import application_view
from zhangdian_sdk.services.portal.schemas import (
    ApiError,
    ApplicationDepartment,
    ApplicationMatch,
    ApplicationMatches,
    ApplicationView,
    RatingResult,
)
from zhangdian_sdk.services.portal.state import page, portal_state, words
from zhangdian_sdk.services.portal.values import hex32, score_named

T = TypeVar("T")

router = APIRouter()


class RatingRequest(BaseModel):
    """A rating signed in the browser: the score, the inner commitment and the rating key's signature."""

    score: int = Field(ge=1, le=5)
    inner: str = Field(pattern="^0x[0-9a-fA-F]{64}$")
    signature: str = Field(pattern="^0x[0-9a-fA-F]{130}$")


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def index(request: Request) -> HTMLResponse:
    return page(request, "index.html")


def _detail(code: str, key: str) -> dict[str, str]:
    return {"code": code, **words(key)}


def _not_found() -> HTTPException:
    """Not found (or not the applicant's: the two are never told apart), in both languages."""
    return HTTPException(404, _detail("not_found", "portal.not_found"))


def _unavailable() -> HTTPException:
    """The index cannot be read: say so (503), never "not found"."""
    return HTTPException(503, _detail("unavailable", "portal.lookup_unavailable"))


def _json(model: BaseModel) -> Response:
    """The lookup's two answers, serialised once: the model was built and checked by its constructor, and
    the routes are the hot path (the route's ``response_model`` still documents it in /api/openapi.json).
    The handlers are ``async``: they read the index (sub-millisecond SQLite queries) and the in-memory
    names, with no thread hand-off per request."""
    return Response(model.model_dump_json(), media_type="application/json")


def _read(read: Callable[[], T]) -> T:
    try:
        return read()
    except (SQLAlchemyError, ConfigurationError):
        raise _unavailable() from None


def _hex32_or_404(value: str) -> str:
    try:
        return "0x" + hex32(value).hex()
    except ValueError:
        raise _not_found() from None


@router.get(
    "/api/numbers/{number_hash}",
    tags=["applications"],
    response_model=ApplicationMatches,
    responses={404: {"model": ApiError}, 503: {"model": ApiError}},
)
async def applications_by_number(request: Request, number_hash: str) -> Response:
    """The applications whose number hashes to ``number_hash`` (keccak-256 of the normalised 办件编号,
    computed in the browser), one per department that uses the number, with the department the applicant
    commitment names (needed to compute it). From the index only."""
    state = portal_state(request)
    hashed = _hex32_or_404(number_hash)
    found = _read(lambda: state.reader.applications_by_number(hashed))
    if not found:
        raise _not_found()
    matches = ApplicationMatches(
        applications=[
            ApplicationMatch(
                application_id=row["id"],
                department=row["department"],
                commitment_department=row["commitment_department"],
            )
            for row in found
        ],
        freshness=_read(state.freshness),
    )
    return _json(matches)


@router.get("/api/applications/{application_id}/department", tags=["applications"])
def application_department(request: Request, application_id: str) -> ApplicationDepartment:
    """The receiving department of an application (needed to compute the applicant commitment)."""
    state = portal_state(request)
    row = _read(lambda: state.reader.application(_hex32_or_404(application_id)))
    if row is None:
        raise _not_found()
    return ApplicationDepartment(department=row["department"])


@router.get(
    "/api/applications/{application_id}",
    tags=["applications"],
    response_model=ApplicationView,
    responses={404: {"model": ApiError}, 503: {"model": ApiError}},
)
async def application(
    request: Request,
    application_id: str,
    commitment: str = Query(..., pattern="^0x[0-9a-fA-F]{64}$"),
    lang: str = Query("zh", pattern="^(zh|en)$"),
) -> Response:
    """An application's status, progress, reasons, links, certificate and timeline, if ``commitment``
    matches the applicant's. From the index and the names directory only: no chain read."""
    state = portal_state(request)
    app_id = _hex32_or_404(application_id)
    record = _read(lambda: state.reader.lookup(app_id))
    if record is None or record.row["applicant_commitment"].lower() != commitment.lower():
        raise _not_found()
    return _json(application_view(state, record, commitment.lower(), _read(state.freshness), lang))


@router.post("/api/applications/{application_id}/rating", tags=["ratings"])
def rate(request: Request, application_id: str, rating: RatingRequest) -> RatingResult:
    """Relay the applicant's rating of a concluded application (好差评), signed in the browser with the
    key of the receipt code; once per application (409 with the score given when it was rated)."""
    state = portal_state(request)
    client, relayer = state.client, state.relayer
    record = _application_or_404(client, application_id)
    if relayer is None:
        raise HTTPException(503, words("sdk.rating_relayer_missing"))
    given = client.ratings.rating_of(record.application_id)
    if given is not None:
        raise _already_rated(given)
    try:
        result = relayer.ratings.relay(
            record.application_id,
            rating.score,
            inner=bytes.fromhex(rating.inner[2:]),
            signature=bytes.fromhex(rating.signature[2:]),
        )
    except AlreadyRated:
        given = client.ratings.rating_of(record.application_id)
        raise _already_rated(given) from None
    except ApplicationNotConcluded:
        raise HTTPException(409, {"code": "not_concluded", **words("sdk.rating_not_concluded")}) from None
    except InvalidRatingSignature:
        raise HTTPException(403, {"code": "wrong_applicant", **words("sdk.rating_wrong_applicant")}) from None
    state.wait_indexed(result.block_number)  # the follower indexes it: pages read from the index show it
    return RatingResult(
        score=score_named(RatingScore(rating.score)),
        transaction_hash=result.transaction_hash,
        link=state.tx_link(result.transaction_hash) if result.transaction_hash else None,
    )


def _already_rated(given: RatingScore | None) -> HTTPException:
    """409, naming the score given before."""
    score = score_named(given).model_dump() if given is not None else None
    return HTTPException(409, {"code": "already_rated", "score": score, **words("portal.rate_already")})


def _application_or_404(client: ZhangdianClient, application_id: str) -> Any:
    try:
        return client.ledger.get(hex32(application_id))
    except (ValueError, NotFoundError, ZhangdianError):
        raise _not_found() from None
