"""What a run of each kind may be asked to do: one validated model per kind, the API's
request body and what the CLI builds, with the bounds declared here only.

A run records its options *resolved* against the settings (``resolved()``): the values it
ran with, not the ``None`` meaning "the setting" that was asked, so that what the API shows
of a run is what ran.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field

from linkedin_bot.core.settings import Settings
from linkedin_bot.services.sourcing_criteria import MAX_URL_CHARS, Criteria

# Unknown fields are refused (in criteria too); types are not coerced: `"force": 0` or
# `"limit": "25"` is an error naming the field, not a guess.
_STRICT = ConfigDict(extra="forbid", strict=True, frozen=True)


class BirthdayOptions(BaseModel):
    """A birthday campaign. Every field is optional: nothing given runs with the settings."""

    model_config = _STRICT
    kind: ClassVar[str] = "birthday"

    dry_run: bool = Field(
        False, description="Preview: list each person with the exact text; send nothing."
    )
    process_late: bool | None = Field(
        None, description="Also wish recent birthdays (default: the setting)."
    )
    max_days_late: int | None = Field(
        None, ge=0, le=10, description="How late a wish may be, in days (default: the setting)."
    )
    limit: int | None = Field(
        None, ge=1, le=500, description="At most this many messages (capped by the per-run limit)."
    )
    force: bool = Field(False, description="Run even outside working hours.")

    def resolved(self, settings: Settings) -> ResolvedBirthday:
        """The values this run uses, the settings filling what was not given."""
        process_late = (
            settings.process_late_birthdays if self.process_late is None else self.process_late
        )
        window = settings.max_days_late if self.max_days_late is None else self.max_days_late
        limit = settings.per_run_message_limit
        if self.limit is not None:
            limit = min(limit, self.limit)
        return ResolvedBirthday(
            dry_run=self.dry_run,
            process_late=process_late,
            max_days_late=window if process_late else 0,
            limit=limit,
            force=self.force,
        )

    def resolved_params(self, settings: Settings) -> dict[str, Any]:
        """What the run records as its ``params``: the values it runs with."""
        return self.resolved(settings).params()


class ResolvedBirthday(BaseModel):
    """A birthday run's options as it runs them (recorded as the run's ``params``)."""

    model_config = ConfigDict(frozen=True)

    dry_run: bool
    process_late: bool
    max_days_late: int  # 0 when late birthdays are not wished
    limit: int  # the per-run limit of the settings, or the request's if lower
    force: bool

    def params(self) -> dict[str, Any]:
        return self.model_dump()


class OccasionOptions(BaseModel):
    """A run congratulating connections on a work anniversary or a new job. Every field is
    optional: nothing given runs with the settings."""

    model_config = _STRICT
    kind: ClassVar[str]

    dry_run: bool = Field(
        False, description="Preview: list each person with the exact text; send nothing."
    )
    max_days_ago: int = Field(
        7, ge=0, le=30, description="Congratulate occasions up to this many days old."
    )
    limit: int | None = Field(
        None, ge=1, le=500, description="At most this many messages (capped by the per-run limit)."
    )
    force: bool = Field(False, description="Run even outside working hours.")

    def resolved(self, settings: Settings) -> ResolvedOccasion:
        limit = settings.per_run_message_limit
        if self.limit is not None:
            limit = min(limit, self.limit)
        return ResolvedOccasion(
            dry_run=self.dry_run, max_days_ago=self.max_days_ago, limit=limit, force=self.force
        )

    def resolved_params(self, settings: Settings) -> dict[str, Any]:
        return self.resolved(settings).model_dump()


class AnniversaryOptions(OccasionOptions):
    """Congratulate connections on their work anniversary (one message per person and year)."""

    kind: ClassVar[str] = "anniversary"


class NewJobOptions(OccasionOptions):
    """Congratulate connections on their new position (one message per position)."""

    kind: ClassVar[str] = "new_job"


class ResolvedOccasion(BaseModel):
    """An anniversary or new-job run's options as it runs them (its ``params``)."""

    model_config = ConfigDict(frozen=True)

    dry_run: bool
    max_days_ago: int
    limit: int
    force: bool


class SourcingOptions(BaseModel):
    """A sourcing campaign: the people search to walk, how many profiles, what fits."""

    model_config = _STRICT
    kind: ClassVar[str] = "sourcing"

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

    def resolved_params(self, settings: Settings) -> dict[str, Any]:
        """What the run records as its ``params`` (JSON); nothing here depends on a
        setting."""
        return self.model_dump(mode="json")


# The options of any kind of run (the engine picks the campaign by their type).
RunOptions = BirthdayOptions | AnniversaryOptions | NewJobOptions | SourcingOptions
