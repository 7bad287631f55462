"""Text no database can store is refused where it enters, before any handler runs.

A NUL character or a lone surrogate (:mod:`linkedin_bot.core.text`) in the path, a query
parameter or a string (or key) of a JSON body gets a 422 naming the field, in the shape of
every validation error; nothing is read from or written to the database. One mechanism for
every endpoint, present and future, instead of a check in each schema.

Requests without such text pay a substring test of the query string; JSON bodies are parsed
once more here (they are small: the body limit applies first).
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from linkedin_bot.api.responses import json_error_bytes, send_json
from linkedin_bot.core.text import unstorable

_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _problem(field: str, location: str, message: str) -> dict[str, str]:
    return {"field": field, "location": location, "message": message}


def url_problem(scope: Scope) -> dict[str, str] | None:
    """The first path or query value that cannot be stored, as a validation error entry."""
    if (why := unstorable(scope.get("path", ""))) is not None:
        return _problem("path", "path", why)
    query: bytes = scope.get("query_string", b"")
    if b"%00" not in query and b"\x00" not in query:
        return None  # the fast path: nothing in the query string decodes to NUL
    # Decoded as Starlette decodes it (latin-1, then UTF-8 percent-escapes).
    for name, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
        if (why := unstorable(name)) is not None:
            return _problem("query", "query", f"a parameter name {why}")
        if (why := unstorable(value)) is not None:
            return _problem(name, "query", why)
    return None


def json_problem(document: Any) -> dict[str, str] | None:
    """The first string or key of a parsed JSON document that cannot be stored, named by its
    path (``criteria.keywords.0``). Walked with a stack: a deep document cannot overflow."""
    stack: list[tuple[str, Any]] = [("", document)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if (why := unstorable(value)) is not None:
                return _problem(path or "body", "body", why)
        elif isinstance(value, dict):
            for key, item in value.items():
                child = f"{path}.{key}" if path else str(key)
                if (why := unstorable(key)) is not None:
                    return _problem(path or "body", "body", f"a key {why}")
                stack.append((child, item))
        elif isinstance(value, list):
            stack.extend((f"{path}.{i}" if path else str(i), item) for i, item in enumerate(value))
    return None


def _is_json(scope: Scope) -> bool:
    if scope["method"] not in _BODY_METHODS:
        return False
    for name, value in scope.get("headers", []):
        if name == b"content-type":
            media: bytes = value.split(b";", 1)[0].strip().lower()
            return media == b"application/json" or media.endswith(b"+json")
    return False


async def _read_body(receive: Receive) -> tuple[list[Message], bytes | None]:
    """Every message of the request body, and the body (None if the client went away)."""
    messages: list[Message] = []
    chunks: list[bytes] = []
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            return messages, None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return messages, b"".join(chunks)


def _parsed(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        return None  # not JSON: the application says what is wrong with it


class StorableTextMiddleware:
    """422 for unstorable text in the path, the query string or a JSON body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if (problem := url_problem(scope)) is not None:
            await _refuse(send, problem)
            return
        if not _is_json(scope):
            await self.app(scope, receive, send)
            return
        messages, body = await _read_body(receive)
        if body is not None and (problem := json_problem(_parsed(body))) is not None:
            await _refuse(send, problem)
            return
        replay = iter(messages)

        async def replayed() -> Message:
            return next(replay, None) or await receive()

        await self.app(scope, replayed, send)


async def _refuse(send: Send, problem: dict[str, str]) -> None:
    body = json_error_bytes(
        "validation_error", f"{problem['field']}: {problem['message']}", errors=[problem]
    )
    await send_json(send, 422, body)
