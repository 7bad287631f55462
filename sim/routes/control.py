"""JSON control API under `/__sim/` for tests running in other processes (no auth)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from sim import truth
from sim.data import person_from_dict, person_to_dict
from sim.guard import sim_state
from sim.occasions import kinds_of
from sim.state import SimState

router = APIRouter(prefix="/__sim")
StateDep = Annotated[SimState, Depends(sim_state)]


class ResetBody(BaseModel):
    seed: int = 1
    connections: int = Field(50, ge=0, le=100_000)
    birthdays_today: int = Field(5, ge=0)
    birthdays_late: int = Field(3, ge=0)
    max_days_late: int = Field(10, ge=1, le=10)
    prospects: int = Field(100, ge=0, le=100_000)
    unnamed_birthdays: int = Field(0, ge=0)
    work_anniversaries: int = Field(2, ge=0)
    job_changes: int = Field(2, ge=0)
    today: date | None = None


class TodayBody(BaseModel):
    today: date


def _summary(state: SimState) -> dict[str, Any]:
    people = state.all_people()
    return {
        "li_at": state.valid_li_at,
        "today": state.today.isoformat(),
        "member_name": state.member_name,
        "member_slug": state.member.slug,
        "seed": state.seed,
        "variant": state.faults.variant,
        "enter_to_send": state.enter_to_send(),
        "class_salt": state.class_salt,
        "actions": state.actions,
        "people": len(people),
        "connections": sum(p.is_connection for p in people),
        "messages": len(state.messages),
        "requests": len(state.requests),
        "profile_views": list(state.profile_views),
        "faults": state.faults.to_dict(),
    }


@router.post("/reset", response_model=None)
def reset(
    state: StateDep, body: Annotated[ResetBody | None, Body()] = None
) -> dict[str, Any] | JSONResponse:
    """Regenerate people from a seed; clears messages, requests, views, actions and faults.
    Counts that do not fit together (more birthdays than connections) answer 422."""
    params = (body or ResetBody()).model_dump()
    seed, today = params.pop("seed"), params.pop("today")
    try:
        state.reset(seed, today=today, **params)
    except ValueError as error:
        return JSONResponse({"error": "invalid_reset", "detail": str(error)}, 422)
    return _summary(state)


@router.get("/state")
def get_state(state: StateDep) -> dict[str, Any]:
    return _summary(state)


@router.put("/today")
def set_today(state: StateDep, body: TodayBody) -> dict[str, Any]:
    state.today = body.today
    return _summary(state)


@router.get("/faults")
def get_faults(state: StateDep) -> dict[str, Any]:
    return state.faults.to_dict()


@router.put("/faults", response_model=None)
def put_faults(
    state: StateDep, changes: Annotated[dict[str, Any], Body()]
) -> dict[str, Any] | JSONResponse:
    """Change some faults and keep the others; unknown names or variants answer 422."""
    try:
        return state.set_faults(**changes).to_dict()
    except TypeError as error:
        return JSONResponse({"error": "unknown_fault", "detail": str(error)}, 422)
    except ValueError as error:
        return JSONResponse({"error": "invalid_fault", "detail": str(error)}, 422)


@router.get("/messages")
def messages(state: StateDep) -> list[dict[str, Any]]:
    return [{**asdict(m), "sent_at": m.sent_at.isoformat()} for m in list(state.messages)]


@router.get("/requests")
def requests(state: StateDep) -> list[dict[str, Any]]:
    return [{**asdict(r), "at": r.at.isoformat()} for r in list(state.requests)]


@router.get("/people")
def people(state: StateDep) -> list[dict[str, Any]]:
    return [person_to_dict(p) for p in state.all_people()]


@router.post("/people")
def replace_people(
    state: StateDep, body: Annotated[list[dict[str, Any]], Body()]
) -> dict[str, Any]:
    state.set_people([person_from_dict(raw) for raw in body])
    return _summary(state)


@router.get("/expected/profile/{slug}", response_model=None)
def expected_profile(
    slug: str, state: StateDep, lang: Literal["en", "fr"] = "en"
) -> dict[str, Any] | JSONResponse:
    """The fields a perfect reader reads from `/in/<slug>/` (and its details pages)."""
    person = state.find_person(slug)
    if person is None:
        return JSONResponse({"error": "not_found", "detail": f"no profile {slug!r}"}, 404)
    return truth.expected_profile(state, person, lang)


@router.get("/expected/catch-up/{segment}", response_model=None)
def expected_catch_up(
    segment: str, state: StateDep, lang: Literal["en", "fr"] = "en"
) -> list[dict[str, Any]] | JSONResponse:
    """The cards of `/mynetwork/catch-up/<segment>/`, in order, with what to greet."""
    if kinds_of(segment) is None:
        return JSONResponse({"error": "not_found", "detail": f"no list {segment!r}"}, 404)
    return truth.expected_catch_up(state, segment, lang)


@router.get("/expected/search")
def expected_search(state: StateDep, keywords: str = "", page: int = 1) -> dict[str, Any]:
    """Who `/search/results/people/?keywords=...&page=...` lists, in order."""
    return truth.expected_search(state, keywords, page)


@router.get("/threads")
def threads(state: StateDep) -> list[dict[str, Any]]:
    """Every connection's conversation: opaque thread id and messages in order."""
    return truth.threads(state)
