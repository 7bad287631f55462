"""The fit score: how well a profile matches the criteria, 0-100, with the reasons.

Pure functions of (profile, criteria): the same profile always gets the same score, and a
user can read in the breakdown why.

The formula
-----------
Each criterion the user set is worth a number of points; criteria left empty are left out
(they are worth nothing and cost nothing):

=================  ======  =====================================================
criterion          points  earned
=================  ======  =====================================================
keywords           30      30 x (keywords found / keywords), searched in the
                           headline, about, position titles and companies, skills
required_skills    30      30 x (required skills the profile lists / required)
bonus_skills       20      20 x (weights of the bonus skills it lists / all weights)
years              10      10 inside [min_years, max_years]; outside, 10 less 5
                           per year away (0 from two years away, or when unknown)
locations          5       5 when the location contains one of them, else 0
open_to_work       5       5 when the badge is as wanted, else 0
=================  ======  =====================================================

``score = round(100 x earned / available, 1)`` where ``available`` is the sum of the
points of the criteria set. No criterion at all: every profile scores 100 (nothing
asked, nothing missing). An excluded keyword found in the headline, about or positions
vetoes the profile: score 0, whatever else.

Text is compared case- and accent-blind; keywords match whole words ("java" does not
match "javascript"); skills match whole skill names.

Properties (tested): the score is always within 0..100, and adding to a profile a bonus
skill it did not list never lowers its score.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from linkedin_bot.linkedin.types import ProfileData
from linkedin_bot.services.sourcing_criteria import Criteria

POINTS = {
    "keywords": 30.0,
    "required_skills": 30.0,
    "bonus_skills": 20.0,
    "years": 10.0,
    "locations": 5.0,
    "open_to_work": 5.0,
}
YEARS_PENALTY_PER_YEAR = 5.0


@dataclass(frozen=True)
class Points:
    """One criterion's share of the score."""

    criterion: str
    points: float
    max_points: float
    reason: str


@dataclass(frozen=True)
class FitScore:
    score: float  # 0..100
    breakdown: tuple[Points, ...]
    vetoed_by: str | None = None  # the excluded keyword that set the score to 0

    def as_dict(self) -> dict[str, object]:
        return {
            "score": self.score,
            "vetoed_by": self.vetoed_by,
            "breakdown": [asdict(p) for p in self.breakdown],
        }


def fold(text: str) -> str:
    """Lowercase, accents removed, whitespace collapsed: how texts are compared."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def _has_word(haystack: str, term: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(fold(term))}(?!\w)", haystack) is not None


def _text(parts: Iterable[str | None]) -> str:
    return fold(" \n ".join(p for p in parts if p))


def _positions(profile: ProfileData) -> list[str]:
    return [text for e in profile.experience for text in (e.title, e.company)]


def _ratio_points(name: str, wanted: list[str], found: list[str]) -> Points:
    share = len(found) / len(wanted)
    missing = [w for w in wanted if w not in found]
    reason = f"{len(found)}/{len(wanted)} found"
    if missing:
        reason += f"; missing: {', '.join(missing)}"
    return Points(name, round(POINTS[name] * share, 2), POINTS[name], reason)


def _keywords(profile: ProfileData, criteria: Criteria) -> Points:
    haystack = _text([profile.headline, profile.about, *_positions(profile), *profile.skills])
    found = [k for k in criteria.keywords if _has_word(haystack, k)]
    return _ratio_points("keywords", criteria.keywords, found)


def _required(skills: set[str], criteria: Criteria) -> Points:
    found = [s for s in criteria.required_skills if fold(s) in skills]
    return _ratio_points("required_skills", criteria.required_skills, found)


def _bonus(skills: set[str], criteria: Criteria) -> Points:
    total = sum(criteria.bonus_skills.values())
    found = {s: w for s, w in criteria.bonus_skills.items() if fold(s) in skills}
    earned = POINTS["bonus_skills"] * sum(found.values()) / total
    reason = f"{', '.join(found) or 'none'} of {len(criteria.bonus_skills)} bonus skills"
    return Points("bonus_skills", round(earned, 2), POINTS["bonus_skills"], reason)


def _years(profile: ProfileData, criteria: Criteria) -> Points:
    low, high = criteria.min_years, criteria.max_years
    wanted = f"{low if low is not None else 0}-{high if high is not None else 'any'} years"
    years = profile.years_experience
    if years is None:
        return Points("years", 0.0, POINTS["years"], f"experience unknown (wanted {wanted})")
    gap = max((low or 0.0) - years, years - high if high is not None else 0.0, 0.0)
    earned = max(0.0, POINTS["years"] - YEARS_PENALTY_PER_YEAR * gap)
    where = "within" if gap == 0 else f"{gap:.1f} years outside"
    return Points("years", round(earned, 2), POINTS["years"], f"{years} years, {where} {wanted}")


def _location(profile: ProfileData, criteria: Criteria) -> Points:
    place = fold(profile.location or "")
    match = next((loc for loc in criteria.locations if place and fold(loc) in place), None)
    reason = f"in {match}" if match else f"{profile.location or 'unknown'} is none of them"
    return Points("locations", POINTS["locations"] if match else 0.0, POINTS["locations"], reason)


def _open_to_work(profile: ProfileData, criteria: Criteria) -> Points:
    ok = profile.open_to_work == criteria.open_to_work
    state = "open to work" if profile.open_to_work else "not shown as open to work"
    top = POINTS["open_to_work"]
    return Points("open_to_work", top if ok else 0.0, top, state)


def _veto(profile: ProfileData, criteria: Criteria) -> str | None:
    haystack = _text([profile.headline, profile.about, *_positions(profile)])
    return next((k for k in criteria.excluded_keywords if _has_word(haystack, k)), None)


def breakdown(profile: ProfileData, criteria: Criteria) -> list[Points]:
    """Each criterion the user set, with the points it earned and why."""
    skills = {fold(s) for s in profile.skills}
    parts: list[Points] = []
    if criteria.keywords:
        parts.append(_keywords(profile, criteria))
    if criteria.required_skills:
        parts.append(_required(skills, criteria))
    if criteria.bonus_skills:
        parts.append(_bonus(skills, criteria))
    if criteria.min_years is not None or criteria.max_years is not None:
        parts.append(_years(profile, criteria))
    if criteria.locations:
        parts.append(_location(profile, criteria))
    if criteria.open_to_work is not None:
        parts.append(_open_to_work(profile, criteria))
    return parts


def score_profile(profile: ProfileData, criteria: Criteria) -> FitScore:
    """The fit score of ``profile`` against ``criteria`` (see the module's formula)."""
    parts = tuple(breakdown(profile, criteria))
    vetoed = _veto(profile, criteria)
    if vetoed is not None:
        return FitScore(0.0, parts, vetoed)
    available = sum(p.max_points for p in parts)
    if available == 0:
        return FitScore(100.0, parts)
    earned = sum(p.points for p in parts)
    return FitScore(min(100.0, max(0.0, round(100 * earned / available, 1))), parts)
