"""Interactions as the API shows them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class InteractionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    contact_id: int
    run_id: int | None
    type: str
    status: str
    payload: dict[str, Any]
    error: str | None
    created_at: datetime
    updated_at: datetime


class InteractionListOut(InteractionOut):
    """An interaction of GET /interactions, with the person it concerns."""

    contact_name: str = Field(description="The contact's full name (may be empty).")
    contact_public_id: str = Field(description="The public id of their LinkedIn profile.")
