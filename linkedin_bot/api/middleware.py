"""The outermost layer of every request (pure ASGI: no per-request task or body copy).

It gives the request an id, records its latency by route template, adds the security
headers to every answer, closes the connection after an answer given before the request
body was read, and is the last net for bugs: a JSON 500, logged, and the connection kept
sane (Starlette's own last net re-raises after answering, and the server then drops the
connection without a word).
"""

from __future__ import annotations

import re
import time
import uuid

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from linkedin_bot.api.docs import ASSETS_PATH
from linkedin_bot.api.errors import unexpected_error_response
from linkedin_bot.core.logging import get_logger
from linkedin_bot.core.metrics import API_REQUEST_DURATION

REQUEST_ID_HEADER = b"x-request-id"
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
log = get_logger("linkedin_bot.api")

# On every answer: no MIME sniffing, never inside a frame, no Referer to other sites.
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", b"frame-ancestors 'none'"),
    (b"referrer-policy", b"no-referrer"),
)
# API answers hold personal data or state of the moment: never kept by a cache. Swagger
# UI's and the dashboard's static assets may be cached.
NO_STORE = (b"cache-control", b"no-store")
CONNECTION_CLOSE = (b"connection", b"close")
_CACHEABLE_PREFIXES = (ASSETS_PATH + "/", "/static/")


def _incoming(scope: Scope) -> tuple[str | None, bool]:
    """The client's request id when sane, and whether the request carries a body."""
    request_id: str | None = None
    has_body = False
    for name, value in scope.get("headers", []):
        if name == REQUEST_ID_HEADER:
            text = value.decode("latin-1")
            request_id = text if _VALID_REQUEST_ID.match(text) else None
        elif name == b"transfer-encoding" or (name == b"content-length" and value != b"0"):
            has_body = True
    return request_id, has_body


def _answer_headers(
    headers: list[tuple[bytes, bytes]], request_id: str, cacheable: bool, close: bool
) -> list[tuple[bytes, bytes]]:
    names = {name.lower() for name, _ in headers}
    # A page that set its own policy (the dashboard's CSP and same-origin referrer, which
    # forms need: under no-referrer, browsers send "Origin: null") keeps it.
    added = [
        (REQUEST_ID_HEADER, request_id.encode()),
        *((name, value) for name, value in SECURITY_HEADERS if name not in names),
    ]
    if not cacheable and b"cache-control" not in names:
        added.append(NO_STORE)
    if close and b"connection" not in names:
        added.append(CONNECTION_CLOSE)
    return [*headers, *added]


class RequestContextMiddleware:
    """Request id (taken from ``X-Request-ID`` when sane) bound to the logs and returned,
    latency by route template, security headers, the last net for bugs."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming_id, has_body = _incoming(scope)
        request_id = incoming_id or uuid.uuid4().hex
        cacheable = scope["path"].startswith(_CACHEABLE_PREFIXES)
        status = 500
        started = False
        body_read = not has_body
        started_at = time.perf_counter()

        async def tracking_receive() -> Message:
            nonlocal body_read
            message = await receive()
            if message["type"] != "http.request" or not message.get("more_body", False):
                body_read = True
            return message

        async def send_with_context(message: Message) -> None:
            nonlocal status, started
            if message["type"] == "http.response.start":
                status, started = message["status"], True
                message["headers"] = _answer_headers(
                    list(message.get("headers", [])), request_id, cacheable, not body_read
                )
            await send(message)

        with structlog.contextvars.bound_contextvars(request_id=request_id):
            try:
                await self.app(scope, tracking_receive if has_body else receive, send_with_context)
            except Exception as exc:
                if started:
                    raise  # the answer is cut: the server closes the connection
                response = unexpected_error_response(scope["path"], exc)
                await response(scope, receive, send_with_context)
            finally:
                self._record(scope, status, time.perf_counter() - started_at)

    @staticmethod
    def _record(scope: Scope, status: int, elapsed: float) -> None:
        route = scope.get("route")
        template = getattr(route, "path", None) or "unmatched"
        API_REQUEST_DURATION.labels(scope["method"], template, str(status)).observe(elapsed)
        log.debug(
            "http.request",
            method=scope["method"],
            route=template,
            status=status,
            duration_ms=round(elapsed * 1000, 2),
        )
