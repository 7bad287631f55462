"""Contacts as the API shows them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, StrictBool, field_validator

from linkedin_bot.api.schemas.interactions import InteractionOut
from linkedin_bot.db.models import NOTE_MAX_CHARS


class ContactOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    public_id: str
    profile_url: str
    first_name: str
    last_name: str
    full_name: str
    headline: str | None
    location: str | None
    company: str | None
    position: str | None
    email: str | None
    connected_on: date | None
    birth_month: int | None
    birth_day: int | None
    birth_date: date | None
    locale: str | None
    status: str
    blacklisted: bool
    note: str | None
    fit_score: float | None
    open_to_work: bool | None
    years_experience: float | None
    current_company: str | None
    skills: list[str] | None
    source: str
    last_visited_at: datetime | None
    created_at: datetime
    updated_at: datetime
    next_birthday: date | None = Field(
        default=None,
        description="With `birthday_within`: the date of the next birthday (user's calendar).",
    )


class ContactDetailOut(ContactOut):
    about: str | None
    profile_data: dict[str, Any] | None
    recent_interactions: list[InteractionOut]


class ContactPatchIn(BaseModel):
    """What the user changes about a contact; a field left out is not touched."""

    model_config = ConfigDict(extra="forbid")

    blacklisted: StrictBool | None = Field(
        default=None, description="true: no campaign messages or visits this person."
    )
    locale: str | None = Field(
        default=None,
        max_length=10,
        description="The language of their messages: one of the template locales; null clears "
        "it (the default locale is used).",
    )
    note: str | None = Field(
        default=None,
        max_length=NOTE_MAX_CHARS,
        description=f"Your note (at most {NOTE_MAX_CHARS} characters); null or empty clears it.",
    )

    @field_validator("blacklisted")
    @classmethod
    def _not_null(cls, value: bool | None) -> bool:
        """Left out: unchanged; but an explicit null is no answer."""
        if value is None:
            raise ValueError("must be true or false")
        return value
