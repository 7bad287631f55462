"""GET /interactions."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BeforeValidator, TypeAdapter

from linkedin_bot.api.deps import RuntimeDep, SessionDep
from linkedin_bot.api.schemas.common import (
    ERROR_RESPONSES,
    Cursor,
    IdFilter,
    IsoDateTime,
    Limit,
    PageOut,
    json_page,
)
from linkedin_bot.api.schemas.interactions import InteractionListOut
from linkedin_bot.core.errors import InvalidInput
from linkedin_bot.db.enums import InteractionStatus, InteractionType
from linkedin_bot.db.pagination import DEFAULT_LIMIT
from linkedin_bot.db.queries.interactions import InteractionFilters, list_interactions

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def _calendar_day_only(value: object) -> object:
    """A day is written YYYY-MM-DD: pydantic would also read a number as a Unix time."""
    if not (isinstance(value, str) and _DAY.fullmatch(value)):
        raise ValueError("expected a calendar day written YYYY-MM-DD, such as 2026-12-01")
    return value


CalendarDay = Annotated[date, BeforeValidator(_calendar_day_only)]
PAGE: TypeAdapter[PageOut[InteractionListOut]] = TypeAdapter(PageOut[InteractionListOut])
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


def _day_bounds(day: date, runtime: RuntimeDep) -> tuple[datetime | None, datetime | None]:
    """The UTC instants a calendar day of the user's timezone starts and ends at (a day of
    23 or 25 hours when the clocks change); None for a bound past the calendar's ends
    (year 1 or 9999), where nothing can have happened."""
    tz = runtime.settings.tz

    def utc_midnight(of: date, days_after: int) -> datetime | None:
        try:
            local = datetime.combine(of + timedelta(days=days_after), time(0), tzinfo=tz)
            return local.astimezone(UTC)
        except OverflowError:
            return None

    return utc_midnight(day, 0), utc_midnight(day, 1)


def _later(a: datetime | None, b: datetime | None) -> datetime | None:
    return max(a, b) if a and b else a or b


def _earlier(a: datetime | None, b: datetime | None) -> datetime | None:
    return min(a, b) if a and b else a or b


@router.get("", response_model=PageOut[InteractionListOut])
async def interactions(
    session: SessionDep,
    runtime: RuntimeDep,
    type: Annotated[InteractionType | None, Query()] = None,
    status: Annotated[InteractionStatus | None, Query()] = None,
    contact_id: IdFilter = None,
    run_id: IdFilter = None,
    since: Annotated[IsoDateTime | None, Query(description="From this time (inclusive).")] = None,
    until: Annotated[IsoDateTime | None, Query(description="Before this time.")] = None,
    day: Annotated[
        CalendarDay | None,
        Query(
            description="A calendar day (YYYY-MM-DD) in your timezone: what happened that day "
            "(with since/until: the part of the day between them)."
        ),
    ] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
) -> Response:
    """Interactions, newest first, filtered, each with the contact's name and public id;
    follow `next_cursor` for the next page."""
    since_utc, until_utc = _utc(since, "since"), _utc(until, "until")
    if since_utc and until_utc and since_utc >= until_utc:
        raise InvalidInput("since: must be before until", field="since")
    if day is not None:
        day_start, day_end = _day_bounds(day, runtime)
        since_utc, until_utc = _later(since_utc, day_start), _earlier(until_utc, day_end)
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
