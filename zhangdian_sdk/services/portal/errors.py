"""When the portal cannot answer: the node has not answered the follower for too long, or the index
database fails. The API answers 503 ``{"detail": {"code": "unavailable", "zh": ..., "en": ...}}`` and a
page renders ``unavailable.html`` with status 503, never "not found" and never a traceback: the records
themselves are safe on chain, only this portal cannot read them now.

:func:`install` registers the handlers in ``create_app``; :func:`api_available` (an app-wide dependency)
refuses every ``/api/`` route while the portal is unavailable, and :func:`require_available` does the
same for a page that shows data (the home page and the forms render: they need none).
"""

from __future__ import annotations

import logging
from typing import Any

import requests
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import InterfaceError, OperationalError

from zhangdian_sdk.core.errors import NodeConnectionError
from zhangdian_sdk.services.portal.i18n import TEXT, language

__all__ = ["UNAVAILABLE", "Unavailable", "api_available", "install_error_handlers", "require_available"]

_log = logging.getLogger(__name__)

UNAVAILABLE: dict[str, str] = {
    "code": "unavailable",
    "zh": "服务暂不可用, 请稍后再试",
    "en": "service unavailable, please try again later",
}
"""The API's 503 detail (the brief's wording, kept stable for clients)."""

# Failures of what the portal reads from, not of the request: the node's connection and the database's.
_OUTAGES: tuple[type[Exception], ...] = (
    requests.ConnectionError,
    requests.Timeout,
    ConnectionError,
    NodeConnectionError,
    OperationalError,
    InterfaceError,
)


class Unavailable(Exception):
    """The portal cannot serve data now (the node or the index database is unavailable)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def require_available(request: Request) -> None:
    """Raise :class:`Unavailable` while the follower has not heard from the node for too long."""
    request.app.state.portal.check_available()


_NOT_CHECKED = {"/api/openapi.json", "/api/docs", "/api/docs/oauth2-redirect"}


async def api_available(request: Request) -> None:
    """App-wide: every ``/api/`` data route is refused while the portal is unavailable (a lookup during
    an outage answers 503, not 404); pages decide for themselves (:func:`require_available`)."""
    path = request.url.path
    if path.startswith("/api/") and path not in _NOT_CHECKED:
        require_available(request)


def unavailable_response(request: Request, reason: str) -> Response:
    """503: the JSON detail under ``/api/``, else the bilingual page (without the freshness footer)."""
    _log.warning("portal unavailable for %s: %s", request.url.path, reason)
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": UNAVAILABLE}, status_code=503, headers={"Retry-After": "10"})
    lang = language(request.query_params.get("lang"))
    other = TEXT["en" if lang == "zh" else "zh"]
    context: dict[str, Any] = {"t": TEXT[lang], "other": other, "lang": lang, "texts": TEXT[lang], "freshness": None}
    templates = request.app.state.portal.templates
    response: Response = templates.TemplateResponse(request, "unavailable.html", context, status_code=503)
    response.headers["Retry-After"] = "10"
    return response


async def _unavailable(request: Request, error: Exception) -> Response:
    reason = error.reason if isinstance(error, Unavailable) else f"{type(error).__name__}: {error}"
    return unavailable_response(request, reason)


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers: :class:`Unavailable` and the node's and the database's failures."""
    kinds: tuple[type[Exception], ...] = (Unavailable, *_OUTAGES)
    for kind in kinds:
        app.add_exception_handler(kind, _unavailable)
