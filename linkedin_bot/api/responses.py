"""The one JSON error shape: ``{"error": <code>, "detail": <what was wrong>}``."""

from __future__ import annotations

import json
from typing import Any

from fastapi.responses import JSONResponse


def json_error(status: int, error: str, detail: Any, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": error, "detail": detail, **extra}, status_code=status)


def json_error_bytes(error: str, detail: str) -> bytes:
    return json.dumps({"error": error, "detail": detail}).encode()
