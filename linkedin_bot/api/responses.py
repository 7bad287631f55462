"""The one JSON error shape: ``{"error": <code>, "detail": <what was wrong>}``."""

from __future__ import annotations

import json
from typing import Any

from fastapi.responses import JSONResponse
from starlette.types import Send


def json_error(status: int, error: str, detail: Any, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": error, "detail": detail, **extra}, status_code=status)


def json_error_bytes(error: str, detail: str, **extra: Any) -> bytes:
    return json.dumps({"error": error, "detail": detail, **extra}, separators=(",", ":")).encode()


async def send_json(send: Send, status: int, body: bytes, *, close: bool = False) -> None:
    """Answer from a pure ASGI middleware. ``close``: the request body is not read, so the
    connection is closed after the answer (``Connection: close``): the client stops sending
    and the server reads nothing more of it."""
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    if close:
        headers.append((b"connection", b"close"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
