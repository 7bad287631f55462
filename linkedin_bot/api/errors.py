"""One place turns every error into the JSON error shape; never HTML, never a traceback."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from linkedin_bot.api.responses import json_error
from linkedin_bot.core.errors import LinkedInBotError
from linkedin_bot.core.logging import get_logger
from linkedin_bot.core.metrics import ERRORS

log = get_logger("linkedin_bot.api")


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


async def _domain_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, LinkedInBotError)
    if exc.status_code >= 500:
        ERRORS.labels(exc.code, "api").inc()
        log.error("api.domain_error", error=exc.code, detail=exc.detail)
    return JSONResponse(exc.to_dict(), status_code=exc.status_code, headers=exc.headers())


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    phrase = HTTPStatus(exc.status_code).phrase.lower().replace(" ", "_").replace("-", "_")
    response = json_error(exc.status_code, phrase, exc.detail)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


async def _unexpected_error(request: Request, exc: Exception) -> JSONResponse:
    ERRORS.labels(type(exc).__name__, "api").inc()
    log.error("api.unhandled_error", path=request.url.path, exc_info=exc)
    return json_error(500, "internal_error", "internal error; the server log has the details")


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(LinkedInBotError, _domain_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)
