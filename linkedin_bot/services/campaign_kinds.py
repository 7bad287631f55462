"""Which campaign carries out which options: one entry per kind of run."""

from __future__ import annotations

from linkedin_bot.services.birthday import BirthdayCampaign
from linkedin_bot.services.campaign import Campaign, CampaignDeps
from linkedin_bot.services.occasions import ANNIVERSARY, NEW_JOB, OccasionCampaign
from linkedin_bot.services.options import (
    AnniversaryOptions,
    BirthdayOptions,
    NewJobOptions,
    RunOptions,
    SourcingOptions,
)
from linkedin_bot.services.sourcing import SourcingCampaign


def campaign_for(deps: CampaignDeps, options: RunOptions) -> Campaign:
    """The campaign of ``options``' kind, its options resolved against the settings."""
    if isinstance(options, BirthdayOptions):
        return BirthdayCampaign(deps, options.resolved(deps.settings))
    if isinstance(options, AnniversaryOptions):
        return OccasionCampaign(deps, options.resolved(deps.settings), spec=ANNIVERSARY)
    if isinstance(options, NewJobOptions):
        return OccasionCampaign(deps, options.resolved(deps.settings), spec=NEW_JOB)
    if isinstance(options, SourcingOptions):
        return SourcingCampaign(deps, options)
    raise TypeError(f"no campaign for {type(options).__name__}")
