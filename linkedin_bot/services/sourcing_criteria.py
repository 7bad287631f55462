"""What a sourcing run is given: a people-search URL on LinkedIn and the criteria to score
the people it finds against.

Both are checked before anything starts (DESIGN invariant 7): the URL must be an https
people search on linkedin.com (or on the configured base URL, which is how the simulator
is reached), because the driver will navigate to it; the criteria are a strict schema,
bounded so that one request cannot ask for unbounded work. Shared by the API and the CLI.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from linkedin_bot.core.errors import InvalidInput
from linkedin_bot.core.text import unstorable

SEARCH_PATH = "/search/results/people/"
LINKEDIN_HOSTS = frozenset({"www.linkedin.com", "linkedin.com"})
MAX_URL_CHARS = 2_000
MAX_TERMS = 20
MAX_SKILLS = 30


def _storable(text: str) -> str:
    problem = unstorable(text)
    if problem is not None:
        raise ValueError(problem)
    return text


Term = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=100),
    AfterValidator(_storable),
]
Weight = Annotated[float, Field(gt=0, le=10)]
Years = Annotated[float, Field(ge=0, le=60)]


class Criteria(BaseModel):
    """What makes a good fit. Every criterion is optional; an empty one does not count.
    Unknown fields are refused (a typo must not silently score everyone the same)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    keywords: list[Term] = Field(
        default_factory=list,
        max_length=MAX_TERMS,
        description="Words wanted in the headline, about, positions or skills.",
    )
    excluded_keywords: list[Term] = Field(
        default_factory=list,
        max_length=MAX_TERMS,
        description="A profile whose headline, about or positions say one of these scores 0.",
    )
    locations: list[Term] = Field(
        default_factory=list, max_length=MAX_TERMS, description="Any of these places."
    )
    min_years: Years | None = Field(None, description="Years of experience, at least.")
    max_years: Years | None = Field(None, description="Years of experience, at most.")
    open_to_work: bool | None = Field(None, description="Wanted open-to-work status.")
    required_skills: list[Term] = Field(default_factory=list, max_length=MAX_SKILLS)
    bonus_skills: dict[Term, Weight] = Field(
        default_factory=dict,
        max_length=MAX_SKILLS,
        description="Skill -> weight (0 < weight <= 10): nice to have, worth more or less.",
    )

    @model_validator(mode="after")
    def _years_in_order(self) -> Criteria:
        if (
            self.min_years is not None
            and self.max_years is not None
            and self.min_years > self.max_years
        ):
            raise ValueError("min_years must not exceed max_years")
        return self


def validate_search_url(url: str, base_url: str) -> str:
    """The URL if it is an https people search on LinkedIn (or exactly on ``base_url``'s
    scheme and host); :class:`InvalidInput` naming ``search_url`` otherwise."""

    def refuse(why: str) -> InvalidInput:
        return InvalidInput(f"search_url: {why}", field="search_url")

    if len(url) > MAX_URL_CHARS:
        raise refuse(f"longer than {MAX_URL_CHARS} characters")
    try:
        parts = urlsplit(url.strip())
        _ = parts.port
    except ValueError as exc:
        raise refuse(f"malformed URL ({exc})") from exc
    base = urlsplit(base_url)
    origin = (parts.scheme.lower(), parts.netloc.lower())
    on_base = origin == (base.scheme.lower(), base.netloc.lower())
    on_linkedin = parts.scheme.lower() == "https" and parts.netloc.lower() in LINKEDIN_HOSTS
    if not (on_base or on_linkedin):
        raise refuse("must be an https URL on www.linkedin.com")
    if parts.username or parts.password:
        raise refuse("must not carry credentials")
    if parts.path != SEARCH_PATH:
        raise refuse(f"must be a people search ({SEARCH_PATH})")
    return url.strip()
