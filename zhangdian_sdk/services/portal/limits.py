"""Bad input gets a clear answer: a 4xx in the shared error shape, never a dropped connection or a 500.

:func:`install_limits` adds to the portal, before any route runs:

- limits on the request (serve with ``uvicorn.run(app, **SERVER_OPTIONS)`` so that uvicorn passes a long
  request line on to them): a URL over :data:`MAX_URL` bytes is 414; a path segment or a query value
  (each comma-separated item of it) over :data:`MAX_ITEM` characters, more than :data:`MAX_ITEMS`
  items in one query value (``ids=a,b,...``) or more than :data:`MAX_PARAMETERS` query parameters is 400;
- FastAPI's 422 validation errors in the shared shape, with every wrong field named in both languages
  (``{"detail": {"code": "invalid_input", "zh", "en", "fields": [...]}}``; the input is never echoed);
- an ``HTTPException`` whose detail is a bare string gets the shared shape, its text by status code;
- any unexpected exception: a 500 in the same shape without a traceback on an ``/api/`` route, a
  plain bilingual error page elsewhere (the traceback goes to the server's log only).
"""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence
from typing import Any
from urllib.parse import parse_qsl

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Receive, Scope, Send

from zhangdian_sdk.core import messages

__all__ = [
    "MAX_ITEM",
    "MAX_ITEMS",
    "MAX_PARAMETERS",
    "MAX_URL",
    "SERVER_OPTIONS",
    "error_body",
    "install_limits",
]

MAX_URL = 8 * 1024  # bytes of path and query string together
MAX_ITEM = 200  # characters of one path segment or one query value item (a 0x id is 66)
MAX_ITEMS = 100  # comma-separated items in one query value
MAX_PARAMETERS = 50  # query parameters in one request
# uvicorn's options for the portal: h11 reads a request line of up to 256 KB (2,000 ids in a query are
# 132 KB), so that such a request gets the 414 above instead of a reset connection (h11's default 16 KB).
# h11 named, not left to uvicorn's choice: with httptools installed uvicorn would take it, and httptools
# has no such limit to raise (it refuses the long line itself).
SERVER_OPTIONS: dict[str, Any] = {"http": "h11", "h11_max_incomplete_event_size": 256 * 1024}

_log = logging.getLogger(__name__)

# The catalogue key of a bare string detail's text, by status code (others: the generic 4xx text).
_BY_STATUS = {
    400: ("invalid_input", "portal.limits_invalid_input"),
    404: ("not_found", "portal.limits_not_found"),
    405: ("method_not_allowed", "portal.limits_method_not_allowed"),
    414: ("uri_too_long", "portal.limits_uri_too_long"),
    422: ("invalid_input", "portal.limits_invalid_input"),
}

# What is wrong with a field, by pydantic's error type (others: portal.field_invalid).
_FIELD_WORDS = {
    "missing": "portal.limits_field_missing",
    "string_pattern_mismatch": "portal.limits_field_pattern",
    "string_too_long": "portal.limits_field_too_long",
    "string_too_short": "portal.limits_field_too_short",
    "int_parsing": "portal.limits_field_not_integer",
    "int_from_float": "portal.limits_field_not_integer",
    "greater_than": "portal.limits_field_too_small",
    "greater_than_equal": "portal.limits_field_too_small",
    "less_than": "portal.limits_field_too_large",
    "less_than_equal": "portal.limits_field_too_large",
    "json_invalid": "portal.limits_field_json",
    "model_attributes_type": "portal.limits_field_json",
    "dict_type": "portal.limits_field_json",
}


def words(key: str, **arguments: Any) -> dict[str, str]:
    """A catalogue message in both languages."""
    return {lang: messages.text(key, lang, **arguments) for lang in messages.LANGUAGES}


def error_body(code: str, key: str, **arguments: Any) -> dict[str, Any]:
    """The shared error shape: ``{"detail": {"code", "zh", "en"}}``."""
    return {"detail": {"code": code, **words(key, **arguments)}}


def install_limits(app: FastAPI) -> None:
    """Add the request limits and the error handlers to ``app`` (call once, in ``create_app``)."""
    app.add_middleware(RequestLimits)
    app.add_exception_handler(RequestValidationError, _invalid_input)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)


class RequestLimits:
    """Refuse an oversized request before routing (pure ASGI: no body is read, nothing else runs)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            refused = _refusal(scope)
            if refused is not None:
                await refused(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _refusal(scope: Scope) -> Response | None:
    raw_path: bytes = scope.get("raw_path") or scope.get("path", "").encode("utf-8", "replace")
    query: bytes = scope.get("query_string", b"")
    if len(raw_path) + len(query) > MAX_URL:
        return JSONResponse(error_body("uri_too_long", "portal.limits_uri_too_long", limit=MAX_URL), 414)
    for segment in str(scope.get("path", "")).split("/"):
        if len(segment) > MAX_ITEM:
            return JSONResponse(error_body("input_too_long", "portal.limits_input_too_long", limit=MAX_ITEM), 400)
    try:
        pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True, max_num_fields=MAX_PARAMETERS)
    except ValueError:
        return JSONResponse(
            error_body("too_many_parameters", "portal.limits_too_many_parameters", limit=MAX_PARAMETERS), 400
        )
    for name, value in pairs:
        items = value.split(",")
        if len(items) > MAX_ITEMS:
            body = error_body("too_many_items", "portal.limits_too_many_items", name=name[:40], limit=MAX_ITEMS)
            return JSONResponse(body, 400)
        if len(name) > MAX_ITEM or any(len(item) > MAX_ITEM for item in items):
            return JSONResponse(error_body("input_too_long", "portal.limits_input_too_long", limit=MAX_ITEM), 400)
    return None


def _field(error: dict[str, Any]) -> dict[str, Any]:
    location: Sequence[Any] = error.get("loc", ())
    where = str(location[0]) if location else ""
    name = ".".join(str(part) for part in location[1:]) or where
    key = _FIELD_WORDS.get(str(error.get("type")), "portal.limits_field_invalid")
    return {"location": where, "name": name[:MAX_ITEM], **words(key, name=name[:MAX_ITEM])}


async def _invalid_input(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    fields = [_field(error) for error in exc.errors()]
    names = ", ".join(dict.fromkeys(field["name"] for field in fields))
    body = error_body("invalid_input", "portal.limits_invalid_fields", names=names)
    body["detail"]["fields"] = fields
    return JSONResponse(body, 422)


async def _http_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    headers = getattr(exc, "headers", None)
    if exc.status_code in {204, 304}:
        return Response(status_code=exc.status_code, headers=headers)
    if isinstance(exc.detail, str):
        code, key = _BY_STATUS.get(exc.status_code, ("request_refused", "portal.limits_refused"))
        arguments = {"limit": MAX_URL} if exc.status_code == 414 else {}
        return JSONResponse(error_body(code, key, **arguments), exc.status_code, headers=headers)
    return JSONResponse({"detail": exc.detail}, exc.status_code, headers=headers)


async def _unexpected(request: Request, exc: Exception) -> Response:
    _log.error("portal: unexpected error on %s", request.url.path, exc_info=exc)
    body = error_body("internal_error", "portal.limits_internal")
    if request.url.path.startswith("/api/"):
        return JSONResponse(body, 500)
    detail = body["detail"]
    page = (
        '<!doctype html><html lang="zh"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(detail['zh'])} / {html.escape(detail['en'])}</title></head>"
        f'<body><main><h1>{html.escape(detail["zh"])}</h1><p lang="en">{html.escape(detail["en"])}</p>'
        '<p><a href="/">返回首页 / <span lang="en">back to the home page</span></a></p></main></body></html>'
    )
    return HTMLResponse(page, 500)
