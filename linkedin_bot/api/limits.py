"""What the service refuses to read: oversized headers (431) and bodies (413).

Both answers are JSON, sent before the application reads the body, with ``Connection:
close`` so that the client stops sending and the server reads nothing more. A body is
limited whether its length is announced (``Content-Length``) or not (chunked transfer): the
413 is sent from inside the application's read, so it holds whatever the application does
with the interrupted read (FastAPI turns any read error into a 400 of its own, which is
dropped here).

The server itself bounds what it buffers before the application sees a request: ``serve``
runs uvicorn's h11 protocol with ``h11_max_incomplete_event_size`` =
:data:`MAX_HEADER_BYTES` (httptools has no header limit at all).
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from linkedin_bot.api.responses import json_error_bytes, send_json

MAX_HEADER_BYTES = 32 * 1024  # all request headers together; a browser sends a few KiB
_DISCONNECT: Message = {"type": "http.disconnect"}


def _header_size_and_length(scope: Scope) -> tuple[int, bytes | None, bool]:
    """Bytes of the request's headers, its Content-Length, and whether it is chunked."""
    size = 0
    length: bytes | None = None
    chunked = False
    for name, value in scope.get("headers", []):
        size += len(name) + len(value) + 4  # ": " and CRLF
        if name == b"content-length":
            length = value
        elif name == b"transfer-encoding":
            chunked = True
    return size, length, chunked


class RequestLimitsMiddleware:
    """431 for headers over ``max_header_bytes``; 413 for bodies over ``max_body_bytes``."""

    def __init__(
        self, app: ASGIApp, *, max_body_bytes: int, max_header_bytes: int = MAX_HEADER_BYTES
    ) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.max_header_bytes = max_header_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        size, length, chunked = _header_size_and_length(scope)
        if size > self.max_header_bytes:
            await self._refuse_headers(send)
            return
        if length is not None and length.isdigit() and int(length) > self.max_body_bytes:
            await self._refuse_body(send)
            return
        if not chunked and (length is None or length == b"0"):
            await self.app(scope, receive, send)  # no body to count
            return
        await self._limited(scope, receive, send)

    async def _limited(self, scope: Scope, receive: Receive, send: Send) -> None:
        received = 0
        started = refused = False

        async def limited_receive() -> Message:
            nonlocal received, started, refused
            if refused:
                return _DISCONNECT
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    refused = True
                    if not started:
                        started = True
                        await self._refuse_body(send)
                    return _DISCONNECT  # the application sees a client that went away
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if refused:
                return  # the 413 is the answer; what the application says after is dropped
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except Exception:
            if not refused:
                raise
            # The application failed on the interrupted read; the request has its answer.

    async def _refuse_body(self, send: Send) -> None:
        detail = f"request body exceeds {self.max_body_bytes} bytes"
        await send_json(send, 413, json_error_bytes("payload_too_large", detail), close=True)

    async def _refuse_headers(self, send: Send) -> None:
        detail = f"request headers exceed {self.max_header_bytes} bytes"
        body = json_error_bytes("request_header_fields_too_large", detail)
        await send_json(send, 431, body, close=True)
