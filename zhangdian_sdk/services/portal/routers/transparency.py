"""The transparency page: counts, timeliness, overdue figures and 好差评 per department and service.

Everything comes from the index (kept current by the follower) and the names directory in memory: a
request neither syncs nor reads the chain."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from zhangdian_sdk.core.models import ApplicationStatus, RatingScore
from zhangdian_sdk.services.portal.errors import require_available
from zhangdian_sdk.services.portal.schemas import (
    GroupStatisticsView,
    Named,
    RatingGroupView,
    RatingsView,
    ScoreCount,
    StatisticsView,
    StatusCount,
    Words,
)
from zhangdian_sdk.services.portal.state import PortalState, page, portal_state
from zhangdian_sdk.services.portal.values import score_named

router = APIRouter()

_BY = Query("department", pattern="^(department|service)$")


@router.get(
    "/transparency", response_class=HTMLResponse, include_in_schema=False, dependencies=[Depends(require_available)]
)
def transparency_page(request: Request) -> HTMLResponse:
    state = portal_state(request)
    return page(
        request,
        "transparency.html",
        departments=_statistics(state, "department"),
        services=_statistics(state, "service"),
        department_ratings=_ratings(state, "department"),
        service_ratings=_ratings(state, "service"),
        scores=[score_named(score) for score in sorted(RatingScore)],
    )


@router.get("/api/statistics", tags=["transparency"])
def statistics(request: Request, by: str = _BY) -> StatisticsView:
    """Counts by status, on-time rate, median processing time and overdue figures (open past the deadline,
    completed late), per department or service, from the index."""
    state = portal_state(request)
    freshness = state.freshness()
    return StatisticsView(by=by, groups=_statistics(state, by), freshness=freshness)


@router.get("/api/ratings", tags=["transparency"])
def ratings(request: Request, by: str = _BY) -> RatingsView:
    """好差评 per department or service, from the index: counts per score, 满意率, 差评."""
    state = portal_state(request)
    freshness = state.freshness()
    return RatingsView(by=by, groups=_ratings(state, by), freshness=freshness)


def _group(state: PortalState, by: str, code: str) -> Named:
    """A department's or service's names from the directory (in memory; its code if unknown)."""
    return state.directory.department(code) if by == "department" else state.directory.service_name(code)


def _status(name: str) -> Named:
    status = ApplicationStatus[name]
    return Named(code=name, name=Words(zh=status.label_zh, en=status.label_en))


def _statistics(state: PortalState, by: str) -> list[GroupStatisticsView]:
    return [
        GroupStatisticsView(
            group=_group(state, by, group.key),
            total=group.total,
            statuses=[
                StatusCount(status=_status(name), count=group.counts[name])
                for name in sorted(group.counts, key=lambda name: ApplicationStatus[name].value)
            ],
            on_time_rate=group.on_time_rate,
            median_hours=group.median_hours,
            overdue_open=group.overdue_open,
            completed_late=group.completed_late,
        )
        for group in state.reader.statistics(by)
    ]


def _ratings(state: PortalState, by: str) -> list[RatingGroupView]:
    return [
        RatingGroupView(
            group=_group(state, by, group.key),
            total=group.total,
            scores=[
                ScoreCount(
                    score=int(score), name=Words(zh=score.label_zh, en=score.label_en), count=group.counts[score]
                )
                for score in sorted(RatingScore)
            ],
            satisfied_rate=group.satisfied_rate,
            negative=group.negative,
        )
        for group in state.reader.ratings(by)
    ]
