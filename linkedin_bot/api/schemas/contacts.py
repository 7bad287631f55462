"""Contacts as the API shows them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from linkedin_bot.api.schemas.interactions import InteractionOut


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
    fit_score: float | None
    open_to_work: bool | None
    years_experience: float | None
    current_company: str | None
    skills: list[str] | None
    source: str
    last_visited_at: datetime | None
    created_at: datetime
    updated_at: datetime


class ContactDetailOut(ContactOut):
    about: str | None
    profile_data: dict[str, Any] | None
    recent_interactions: list[InteractionOut]
