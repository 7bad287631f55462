"""GET /interactions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import TypeAdapter

from linkedin_bot.api.deps import SessionDep
from linkedin_bot.api.schemas.common import (
    ERROR_RESPONSES,
    Cursor,
    IdFilter,
    IsoDateTime,
    Limit,
    PageOut,
    json_page,
)
from linkedin_bot.api.schemas.interactions import InteractionOut
from linkedin_bot.core.errors import InvalidInput
from linkedin_bot.db.enums import InteractionStatus, InteractionType
from linkedin_bot.db.pagination import DEFAULT_LIMIT
from linkedin_bot.db.queries.interactions import InteractionFilters, list_interactions

PAGE: TypeAdapter[PageOut[InteractionOut]] = TypeAdapter(PageOut[InteractionOut])
router = APIRouter(prefix="/interactions", tags=["interactions"], responses=ERROR_RESPONSES)


def _utc(value: datetime | None, field: str) -> datetime | None:
    """Times without a zone are taken as UTC; a time whose UTC equivalent falls outside the
    years 1 to 9999 (0001-01-01T00:00:00+01:00) is refused, naming the field."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    try:
        return value.astimezone(UTC)
    except OverflowError:
        raise InvalidInput(
            f"{field}: outside the years 1 to 9999 once converted to UTC", field=field
        ) from None


@router.get("", response_model=PageOut[InteractionOut])
async def interactions(
    session: SessionDep,
    type: Annotated[InteractionType | None, Query()] = None,
    status: Annotated[InteractionStatus | None, Query()] = None,
    contact_id: IdFilter = None,
    run_id: IdFilter = None,
    since: Annotated[IsoDateTime | None, Query(description="From this time (inclusive).")] = None,
    until: Annotated[IsoDateTime | None, Query(description="Before this time.")] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Response:
    """Interactions, newest first, filtered; follow `next_cursor` for the next page."""
    since_utc, until_utc = _utc(since, "since"), _utc(until, "until")
    if since_utc and until_utc and since_utc >= until_utc:
        raise InvalidInput("since: must be before until", field="since")
    filters = InteractionFilters(
        type=type.value if type else None,
        status=status.value if status else None,
        contact_id=contact_id,
        run_id=run_id,
        since=since_utc,
        until=until_utc,
    )
    page = await list_interactions(session, filters, limit=limit, cursor=cursor)
    return json_page(PAGE, page.items, page.next_cursor, limit)
