"""Shapes shared by every endpoint: errors and pages."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field

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
    401: {"model": ErrorBody, "description": "Missing API key"},
    403: {"model": ErrorBody, "description": "Wrong API key"},
    422: {"model": ErrorBody, "description": "Invalid parameters"},
}
