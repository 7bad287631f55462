"""The fit score: each criterion's points and reasons, the veto, the bounds, monotony."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from linkedin_bot.linkedin.types import ExperienceEntry, ProfileData
from linkedin_bot.services.scoring import POINTS, fold, score_profile
from linkedin_bot.services.sourcing_criteria import Criteria


def profile(**overrides: object) -> ProfileData:
    values: dict[str, object] = {
        "public_id": "jane-doe",
        "profile_url": "https://www.linkedin.com/in/jane-doe/",
        "full_name": "Jane Doe",
        "headline": "Senior Python Developer at Acme",
        "location": "Lyon, Auvergne-Rhône-Alpes, France",
        "about": "I build data platforms.",
        "open_to_work": True,
        "experience": (
            ExperienceEntry("Senior Python Developer", "Acme", "Full-time", "", (2020, 1), None),
        ),
        "skills": ("Python", "SQL", "Docker"),
        "years_experience": 5.0,
    }
    values.update(overrides)
    return ProfileData(**values)  # type: ignore[arg-type]


def by_name(criteria: Criteria, p: ProfileData | None = None) -> dict[str, float]:
    fit = score_profile(p or profile(), criteria)
    return {part.criterion: part.points for part in fit.breakdown}


def test_no_criteria_scores_100_with_an_empty_breakdown() -> None:
    """Nothing asked, nothing missing."""
    fit = score_profile(profile(), Criteria())
    assert (fit.score, fit.breakdown) == (100.0, ())


def test_a_perfect_fit_scores_100_and_says_why() -> None:
    """Every criterion met: 100, each criterion at its maximum with a reason."""
    criteria = Criteria(
        keywords=["python", "data"],
        locations=["France"],
        min_years=3,
        max_years=6,
        open_to_work=True,
        required_skills=["python", "sql"],
        bonus_skills={"Docker": 2},
    )
    fit = score_profile(profile(), criteria)
    assert fit.score == 100.0
    assert {p.criterion: p.points for p in fit.breakdown} == POINTS
    assert all(p.reason for p in fit.breakdown)


def test_keywords_match_whole_words_case_and_accent_blind() -> None:
    """ "java" does not match "JavaScript"; "developpeur" matches "Développeur"."""
    p = profile(headline="Développeur JavaScript", about=None, experience=(), skills=())
    fit = score_profile(p, Criteria(keywords=["java", "developpeur"]))
    assert fit.breakdown[0].points == 15.0
    assert "missing: java" in fit.breakdown[0].reason
    assert fold("  Développeur\tJAVA ") == "developpeur java"


def test_required_and_bonus_skills_are_proportional() -> None:
    """Half the required skills: half the points; bonus weights decide the bonus share."""
    criteria = Criteria(required_skills=["Python", "Go"], bonus_skills={"Docker": 3, "Rust": 1})
    points = by_name(criteria)
    assert points["required_skills"] == 15.0
    assert points["bonus_skills"] == 15.0
    assert score_profile(profile(), criteria).score == 60.0


@pytest.mark.parametrize(
    ("years", "points"), [(5.0, 10.0), (2.0, 10.0), (1.0, 5.0), (0.5, 2.5), (9.0, 0.0), (None, 0.0)]
)
def test_years_outside_the_range_lose_5_points_a_year(years: float | None, points: float) -> None:
    """Within [2, 6]: 10 points; one year short: 5; unknown: 0."""
    assert by_name(Criteria(min_years=2, max_years=6), profile(years_experience=years)) == {
        "years": points
    }


def test_location_and_open_to_work() -> None:
    """Any of the locations; the open-to-work badge as wanted (False means not open)."""
    assert by_name(Criteria(locations=["paris", "lyon"]))["locations"] == 5.0
    assert by_name(Criteria(locations=["Berlin"]))["locations"] == 0.0
    assert by_name(Criteria(open_to_work=False))["open_to_work"] == 0.0
    assert by_name(Criteria(open_to_work=False), profile(open_to_work=False)) == {
        "open_to_work": 5.0
    }


def test_an_excluded_keyword_vetoes_the_profile() -> None:
    """Found in the headline, about or positions: 0, and the breakdown says which."""
    criteria = Criteria(keywords=["python"], excluded_keywords=["acme"])
    fit = score_profile(profile(), criteria)
    assert (fit.score, fit.vetoed_by) == (0.0, "acme")
    assert fit.as_dict()["vetoed_by"] == "acme"
    assert score_profile(profile(), Criteria(excluded_keywords=["recruiter"])).score == 100.0


@pytest.mark.parametrize(
    "raw",
    [
        {"unknown": 1},
        {"min_years": 5, "max_years": 2},
        {"bonus_skills": {"x": 0}},
        {"bonus_skills": {"x": 10.5}},
        {"keywords": ["k"] * 21},
        {"keywords": [""]},
        {"max_years": 61},
    ],
)
def test_criteria_are_strict_and_bounded(raw: dict[str, object]) -> None:
    """Unknown fields, inverted years, weights outside (0, 10], too many or empty terms."""
    with pytest.raises(ValidationError):
        Criteria.model_validate(raw)


SKILLS = st.sampled_from(["Python", "SQL", "Docker", "Go", "Rust", "Kubernetes", "FastAPI"])
criteria_st = st.builds(
    Criteria,
    keywords=st.lists(st.sampled_from(["python", "data", "lead", "acme"]), max_size=3),
    excluded_keywords=st.lists(st.sampled_from(["recruiter", "intern", "acme"]), max_size=1),
    locations=st.lists(st.sampled_from(["France", "Berlin"]), max_size=2),
    min_years=st.none() | st.floats(0, 10),
    max_years=st.none() | st.floats(10, 60),
    open_to_work=st.none() | st.booleans(),
    required_skills=st.lists(SKILLS, max_size=3),
    bonus_skills=st.dictionaries(SKILLS, st.floats(0.1, 10), max_size=4),
)
profile_st = st.builds(
    profile,
    skills=st.lists(SKILLS, max_size=5, unique=True).map(tuple),
    years_experience=st.none() | st.floats(0, 50),
    open_to_work=st.booleans(),
    headline=st.sampled_from(["Python lead at Acme", "Recruiter", "Data intern", ""]),
)


@settings(max_examples=300, deadline=None)
@given(criteria=criteria_st, p=profile_st)
def test_score_is_always_between_0_and_100(criteria: Criteria, p: ProfileData) -> None:
    """Whatever the criteria and the profile."""
    fit = score_profile(p, criteria)
    assert 0.0 <= fit.score <= 100.0
    assert all(0.0 <= part.points <= part.max_points for part in fit.breakdown)


@settings(max_examples=300, deadline=None)
@given(criteria=criteria_st, p=profile_st, extra=SKILLS)
def test_a_bonus_skill_more_never_lowers_the_score(
    criteria: Criteria, p: ProfileData, extra: str
) -> None:
    """Adding a skill to a profile never lowers its score (bonus, required or keyword)."""
    more = replace(p, skills=(*p.skills, extra)) if extra not in p.skills else p
    assert score_profile(more, criteria).score >= score_profile(p, criteria).score
