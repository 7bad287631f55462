"""The sourcing campaign's request, as the API takes it."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from linkedin_bot.services.sourcing_criteria import MAX_URL_CHARS, Criteria


class SourcingRequest(BaseModel):
    """Start a sourcing campaign. Unknown fields are refused, in the criteria too; types
    are not coerced (``"limit": "25"`` is an error)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    search_url: str = Field(
        min_length=1,
        max_length=MAX_URL_CHARS,
        description="An https people-search URL on www.linkedin.com "
        "(https://www.linkedin.com/search/results/people/?keywords=...).",
    )
    limit: int = Field(25, ge=1, le=1000, description="Visit at most this many profiles.")
    criteria: Criteria = Field(
        default_factory=Criteria, description="What makes a good fit (see the fit score)."
    )
    dry_run: bool = Field(False, description="Walk the results and list them; visit nothing.")
    force: bool = Field(False, description="Run even outside working hours.")
