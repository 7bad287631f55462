"""GET /contacts, GET /contacts/{id} and PATCH /contacts/{id}."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Body, Query, Response
from fastapi.responses import StreamingResponse
from pydantic import TypeAdapter

from linkedin_bot.api.deps import RuntimeDep, SessionDep
from linkedin_bot.api.schemas.common import (
    ERROR_RESPONSES,
    Cursor,
    ErrorBody,
    IdPath,
    Limit,
    PageOut,
    json_page,
)
from linkedin_bot.api.schemas.contacts import ContactDetailOut, ContactOut, ContactPatchIn
from linkedin_bot.api.schemas.interactions import InteractionOut
from linkedin_bot.core.errors import ContactNotFound
from linkedin_bot.db.enums import ContactStatus
from linkedin_bot.db.pagination import DEFAULT_LIMIT
from linkedin_bot.db.queries.contacts import (
    ContactFilters,
    get_contact,
    list_contacts,
    recent_interactions,
)
from linkedin_bot.db.queries.contacts_birthdays import MAX_BIRTHDAY_WINDOW_DAYS, BirthdayWindow
from linkedin_bot.services.contact_edits import ContactRef, edit_contact
from linkedin_bot.services.contacts_export import contacts_csv, primed
from linkedin_bot.wiring import Runtime

PAGE: TypeAdapter[PageOut[ContactOut]] = TypeAdapter(PageOut[ContactOut])
router = APIRouter(prefix="/contacts", tags=["contacts"], responses=ERROR_RESPONSES)


CSV_RESPONSE: dict[int | str, dict[str, object]] = {
    200: {"content": {"text/csv": {}}, "description": "With `format=csv`: every match, streamed."}
}


@router.get("", response_model=PageOut[ContactOut], responses=CSV_RESPONSE)
async def contacts(
    session: SessionDep,
    runtime: RuntimeDep,
    status: Annotated[ContactStatus | None, Query()] = None,
    min_fit_score: Annotated[float | None, Query(ge=0, le=100)] = None,
    has_birthday: Annotated[bool | None, Query()] = None,
    blacklisted: Annotated[bool | None, Query()] = None,
    q: Annotated[
        str | None,
        Query(
            min_length=1,
            max_length=100,
            description="Words found in the name, headline, company or position, whatever "
            "their case and accents; a word of one or two characters must start a word.",
        ),
    ] = None,
    birthday_within: Annotated[
        int | None,
        Query(
            ge=0,
            le=MAX_BIRTHDAY_WINDOW_DAYS,
            description="Connections whose birthday falls in the next N days (today "
            "included, your timezone), soonest first, each with `next_birthday`.",
        ),
    ] = None,
    limit: Limit = DEFAULT_LIMIT,
    cursor: Cursor = None,
    output: Annotated[
        Literal["json", "csv"],
        Query(alias="format", description="`csv`: every match as CSV (no paging), streamed."),
    ] = "json",
) -> Response:
    """Contacts, newest first, filtered; follow `next_cursor` for the next page. With
    `format=csv`, every contact matching the filters, streamed as one CSV file."""
    filters = ContactFilters(
        status=status.value if status else None,
        min_fit_score=min_fit_score,
        has_birthday=has_birthday,
        blacklisted=blacklisted,
        q=q,
        birthday_window=_window(runtime, birthday_within),
    )
    if output == "csv":
        return StreamingResponse(
            await primed(contacts_csv(runtime.read_sessions, filters)),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="contacts.csv"'},
        )
    page = await list_contacts(session, filters, limit=limit, cursor=cursor)
    return json_page(PAGE, page.items, page.next_cursor, limit)


def _window(runtime: Runtime, days: int | None) -> BirthdayWindow | None:
    if days is None:
        return None
    today = runtime.clock.now().astimezone(runtime.settings.tz).date()
    return BirthdayWindow(today, days)


@router.get(
    "/{contact_id}",
    response_model=ContactDetailOut,
    responses={404: {"model": ErrorBody, "description": "No such contact"}},
)
async def contact(session: SessionDep, contact_id: IdPath) -> ContactDetailOut:
    """One contact with its 20 most recent interactions."""
    found = await get_contact(session, contact_id)
    if found is None:
        raise ContactNotFound(f"no contact with id {contact_id}", contact_id=contact_id)
    interactions = await recent_interactions(session, contact_id)
    base = ContactOut.model_validate(found).model_dump()
    return ContactDetailOut(
        **base,
        about=found.about,
        profile_data=found.profile_data,
        recent_interactions=[InteractionOut.model_validate(i) for i in interactions],
    )


@router.patch(
    "/{contact_id}",
    response_model=ContactDetailOut,
    responses={404: {"model": ErrorBody, "description": "No such contact"}},
)
async def patch_contact(
    session: SessionDep,
    runtime: RuntimeDep,
    contact_id: IdPath,
    changes: Annotated[ContactPatchIn, Body()],
) -> ContactDetailOut:
    """Change what you decide about a contact: `blacklisted` (no campaign acts on them),
    `locale` (the language of their messages), `note`. Fields left out are not touched;
    an unknown field or a bad value is a 422 and changes nothing."""
    await edit_contact(
        runtime.sessions,
        ContactRef(contact_id=contact_id),
        changes.model_dump(include=changes.model_fields_set),
        locales=runtime.campaigns.templates.locales,
    )
    return await contact(session, contact_id)
