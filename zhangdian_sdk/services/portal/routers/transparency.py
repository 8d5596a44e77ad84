"""The transparency page: counts, timeliness and 好差评 per department and service (from the index)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from zhangdian_sdk.client import ZhangdianClient
from zhangdian_sdk.core.errors import ZhangdianError
from zhangdian_sdk.core.models import RatingScore
from zhangdian_sdk.services.indexer import IndexReader
from zhangdian_sdk.services.portal.state import page, portal_state
from zhangdian_sdk.services.portal.values import rating_score

router = APIRouter()


@router.get("/transparency", response_class=HTMLResponse, include_in_schema=False)
def transparency_page(request: Request) -> HTMLResponse:
    state = portal_state(request)
    block = state.synced()
    return page(
        request,
        "transparency.html",
        departments=state.reader.statistics("department"),
        services=state.reader.statistics("service"),
        department_ratings=_named_ratings(state.client, state.reader, "department"),
        service_ratings=_named_ratings(state.client, state.reader, "service"),
        scores=[rating_score(score) for score in sorted(RatingScore)],
        indexed_block=block,
    )


@router.get("/api/ratings", tags=["transparency"])
def ratings(request: Request, by: str = Query("department", pattern="^(department|service)$")) -> dict[str, Any]:
    """好差评 per department or service, from the index: counts per score, 满意率, 差评."""
    state = portal_state(request)
    block = state.synced()
    return {"groups": _named_ratings(state.client, state.reader, by), "indexedBlock": block}


@router.get("/api/statistics", tags=["transparency"])
def statistics(request: Request, by: str = Query("department", pattern="^(department|service)$")) -> dict[str, Any]:
    """Counts by status, on-time rate and median processing time, per department or service."""
    state = portal_state(request)
    block = state.synced()
    return {"groups": [group.__dict__ for group in state.reader.statistics(by)], "indexedBlock": block}


def _named_ratings(client: ZhangdianClient, reader: IndexReader, by: str) -> list[dict[str, Any]]:
    """The index's ratings per department or service, with the names the chain gives them."""
    named = []
    for group in reader.ratings(by):
        try:
            if by == "department":
                department = client.departments.get(group.key)
                name = {"zh": department.name_zh, "en": department.name_en}
            else:
                definition = client.catalog.get(group.key).definition
                name = {"zh": definition.name_zh, "en": definition.name_en}
        except ZhangdianError:
            name = {"zh": group.key, "en": group.key}
        named.append(
            {
                "key": group.key,
                "name": name,
                "counts": {str(score): n for score, n in group.counts.items()},
                "total": group.total,
                "satisfiedRate": group.satisfied_rate,
                "negative": group.negative,
            }
        )
    return named
