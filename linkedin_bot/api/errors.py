"""One place turns every error into the JSON error shape; never HTML, never a traceback."""

from __future__ import annotations

import re
import sqlite3
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException

from linkedin_bot.api.responses import json_error
from linkedin_bot.core.errors import LinkedInBotError
from linkedin_bot.core.logging import get_logger
from linkedin_bot.core.metrics import ERRORS
from linkedin_bot.db.errors import storage_error

log = get_logger("linkedin_bot.api")
# What a 503 tells clients to wait before trying again, unless the error says otherwise
# (its ``headers()``, e.g. the end of a cool-down).
DEFAULT_RETRY_AFTER_S = 5


def _field(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("query", "body", "path", "header")]
    return ".".join(parts) or str(loc[0] if loc else "request")


def _validation_detail(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [
        {
            "field": _field(tuple(err.get("loc", ()))),
            "location": str(err["loc"][0]) if err.get("loc") else "request",
            "message": err.get("msg", "invalid"),
        }
        for err in exc.errors()
    ]


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = _validation_detail(exc)
    summary = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
    return json_error(422, "validation_error", summary, errors=errors)


def domain_error_response(exc: LinkedInBotError) -> JSONResponse:
    """The JSON answer to a domain error; a 503 says when to try again (``Retry-After``)."""
    if exc.status_code >= 500:
        ERRORS.labels(exc.code, "api").inc()
        # A state of the moment (busy, unreachable, full) is a warning; the rest an error.
        report = log.warning if exc.action == "retry_later" else log.error
        report("api.domain_error", error=exc.code, detail=exc.detail)
    headers = exc.headers()
    if exc.status_code == 503 and "Retry-After" not in headers:
        headers["Retry-After"] = str(DEFAULT_RETRY_AFTER_S)
    return JSONResponse(exc.to_dict(), status_code=exc.status_code, headers=headers)


async def _domain_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, LinkedInBotError)
    return domain_error_response(exc)


async def _storage_error(request: Request, exc: Exception) -> JSONResponse:
    """A database or filesystem failure: busy, unreachable or full is said so (503, 507);
    anything else is a bug (500)."""
    known = storage_error(exc)
    if known is None:
        return unexpected_error_response(request.url.path, exc)
    return domain_error_response(known)


_HTTP_METHODS = frozenset({"get", "put", "post", "delete", "patch", "head", "options", "trace"})


def _allowed_methods(request: Request) -> str | None:
    """The documented methods of the path (the OpenAPI schema's): Starlette's 405 names
    only the first matching route's, e.g. GET without the PATCH of /contacts/{id}."""
    path = request.url.path
    for template, operations in request.app.openapi().get("paths", {}).items():
        pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, path):
            return ", ".join(sorted(m.upper() for m in operations if m in _HTTP_METHODS))
    return None


def _wants_page(request: Request) -> bool:
    """A browser asking for a page (not a client of the JSON API), with the dashboard on."""
    accept = request.headers.get("accept", "")
    return "text/html" in accept and hasattr(request.app.state, "dashboard")


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == HTTPStatus.NOT_FOUND and _wants_page(request):
        from linkedin_bot.web.pages import html_error  # noqa: PLC0415  (the dashboard's)

        return await html_error(request, exc)
    phrase = HTTPStatus(exc.status_code).phrase.lower().replace(" ", "_").replace("-", "_")
    response = json_error(exc.status_code, phrase, exc.detail)
    if exc.headers:
        response.headers.update(exc.headers)
    if exc.status_code == HTTPStatus.METHOD_NOT_ALLOWED and (allow := _allowed_methods(request)):
        response.headers["Allow"] = allow
    return response


def unexpected_error_response(path: str, exc: BaseException) -> JSONResponse:
    """A bug: logged with its traceback, answered as a JSON 500 that shows neither."""
    ERRORS.labels(type(exc).__name__, "api").inc()
    log.error("api.unhandled_error", path=path, exc_info=exc)
    return json_error(500, "internal_error", "internal error; the server log has the details")


def install_error_handlers(app: FastAPI) -> None:
    """Handlers of the errors we expect. The last net, for bugs, is
    :class:`linkedin_bot.api.middleware.RequestContextMiddleware`: Starlette's own one
    re-raises after answering, and the server then drops the connection."""
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(LinkedInBotError, _domain_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    for storage in (SQLAlchemyError, sqlite3.Error, OSError):
        app.add_exception_handler(storage, _storage_error)
