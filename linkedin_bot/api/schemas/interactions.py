"""Interactions as the API shows them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


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
