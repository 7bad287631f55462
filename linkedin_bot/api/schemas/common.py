"""Shapes shared by every endpoint: errors and pages."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Path, Query, Response
from pydantic import BaseModel, BeforeValidator, Field, TypeAdapter

from linkedin_bot.db.ids import MAX_ID, MIN_ID
from linkedin_bot.db.pagination import MAX_LIMIT

T = TypeVar("T")


class ErrorBody(BaseModel):
    error: str = Field(description="A stable machine-readable code.")
    detail: Any = Field(description="What was wrong, for a person to read.")


class PageOut(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(
        description="Pass as `cursor` to get the next page; null on the last page."
    )
    limit: int


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Unreadable request"},
    401: {"model": ErrorBody, "description": "Missing API key"},
    403: {"model": ErrorBody, "description": "Wrong API key"},
    413: {"model": ErrorBody, "description": "Request body too large"},
    422: {"model": ErrorBody, "description": "Invalid parameters"},
    431: {"model": ErrorBody, "description": "Request headers too large"},
    503: {
        "model": ErrorBody,
        "description": "The database is busy or unreachable; retry after `Retry-After` seconds",
    },
    507: {"model": ErrorBody, "description": "The disk is full; nothing was written"},
}

# Every id and cursor enters through these: the id range is declared once (db/ids.py).
_ID_HELP = f"An id, {MIN_ID} to {MAX_ID}."
IdPath = Annotated[int, Path(ge=MIN_ID, le=MAX_ID, description=_ID_HELP)]
IdFilter = Annotated[int | None, Query(ge=MIN_ID, le=MAX_ID, description=_ID_HELP)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Page size (1-{MAX_LIMIT}).")]
Cursor = Annotated[
    str | None, Query(max_length=200, description="`next_cursor` of the previous page.")
]


def _iso_only(value: object) -> object:
    """Refuse numbers (pydantic would read them as Unix timestamps): the schema promises
    ISO 8601 date-times, and a bare number is more likely a mistake than a timestamp."""
    if isinstance(value, int | float) or (
        isinstance(value, str) and value.strip().lstrip("+-").replace(".", "", 1).isdigit()
    ):
        raise ValueError("expected an ISO 8601 date-time such as 2026-11-21T09:00:00Z")
    return value


IsoDateTime = Annotated[datetime, BeforeValidator(_iso_only)]


def json_page(
    adapter: TypeAdapter[Any],
    rows: Sequence[Mapping[Any, Any]],
    next_cursor: str | None,
    limit: int,
) -> Response:
    """A page validated and serialised in one pass (no ORM objects, no second validation by
    ``response_model``; the route keeps ``response_model`` for the documentation).

    The rows of one result share their keys: zipping them with each row's values builds the
    dicts in half the time of ``dict(row)``, which looks every key up again."""
    keys = list(rows[0].keys()) if rows else []
    items = [dict(zip(keys, row.values(), strict=True)) for row in rows]
    page = adapter.validate_python({"items": items, "next_cursor": next_cursor, "limit": limit})
    return Response(adapter.dump_json(page), media_type="application/json")
