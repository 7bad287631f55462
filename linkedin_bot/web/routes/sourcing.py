"""Sourcing: start a people search (URL, limit, criteria), the people it scored, best
first with the breakdown of their score, and the CSV export.

The form is checked by the very model of ``POST /campaigns/sourcing``
(:class:`SourcingOptions`) and the same URL check; each problem is shown next to its field
and nothing starts. A started run is followed on its own page (``/runs/{id}``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any
from urllib.parse import parse_qs, urlsplit

from fastapi import Query, Request, Response
from fastapi.responses import StreamingResponse
from pydantic import ValidationError
from pydantic_core import ErrorDetails
from starlette.datastructures import FormData

from linkedin_bot.core.errors import InvalidInput, LinkedInBotError
from linkedin_bot.db.enums import RunKind
from linkedin_bot.db.models import CampaignRun
from linkedin_bot.db.queries import runs as run_queries
from linkedin_bot.db.queries import sourcing as q
from linkedin_bot.db.queries.contacts import ContactFilters
from linkedin_bot.services.contacts_export import contacts_csv, primed
from linkedin_bot.services.options import SourcingOptions
from linkedin_bot.services.preflight import why_not_now
from linkedin_bot.services.sourcing_criteria import validate_search_url
from linkedin_bot.web.i18n import Translator
from linkedin_bot.web.pages import FormDep, Viewer, ViewerDep, dashboard_router, redirect, render

router = dashboard_router()

PAGE_SIZE = 25
RUNS_LISTED = 20  # the last sourcing runs offered by the run filter
LIST_FIELDS = ("keywords", "excluded_keywords", "locations", "required_skills")
TEXT_FIELDS = (
    "search_url",
    "limit",
    *LIST_FIELDS,
    "bonus_skills",
    "min_years",
    "max_years",
    "open_to_work",
)
MAX_FIELD_CHARS = 5_000  # a criteria box holds 20 terms of 100 characters at most
# The model's usual complaints (pydantic's error type -> its bound, the text shown).
USUAL_PROBLEMS = {
    "greater_than_equal": ("ge", "Must be at least %(limit)s."),
    "greater_than": ("gt", "Must be more than %(limit)s."),
    "less_than_equal": ("le", "Must be at most %(limit)s."),
    "too_long": ("max_length", "At most %(limit)s of them."),
    "string_too_long": ("max_length", "At most %(limit)s characters each."),
}
CRITERIA_LABELS = {
    "keywords": "Keywords",
    "required_skills": "Required skills",
    "bonus_skills": "Bonus skills",
    "years": "Years of experience",
    "locations": "Locations",
    "open_to_work": "Open to work",
}


@dataclass
class SearchForm:
    """What was typed (shown back as it was) and the problems, by field."""

    values: dict[str, str] = field(default_factory=dict)
    flags: dict[str, bool] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def blank(cls) -> SearchForm:
        return cls({"limit": "25", "open_to_work": ""})

    def error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, message)


def _terms(text: str) -> list[str]:
    """One term per line or between commas; empty ones dropped."""
    return [t.strip() for line in text.splitlines() for t in line.split(",") if t.strip()]


def _bonus(text: str, form: SearchForm, t: Translator) -> dict[str, float]:
    """``Skill: weight`` (or ``Skill=weight``), one per line or between commas."""
    skills: dict[str, float] = {}
    for entry in _terms(text):
        name, sep, weight = entry.replace("=", ":").rpartition(":")
        try:
            skills[name.strip()] = float(weight)
        except ValueError:
            sep = ""
        if not sep or not name.strip():
            form.error(
                "bonus_skills",
                t("Write each bonus skill as “Skill: weight”, e.g. “Docker: 3”."),
            )
            return {}
    return skills


def _number(form: SearchForm, name: str, t: Translator, *, whole: bool) -> float | int | None:
    text = form.values.get(name, "")
    if not text:
        return None
    try:
        return int(text) if whole else float(text.replace(",", "."))
    except ValueError:
        form.error(name, t("Enter a whole number.") if whole else t("Enter a number."))
        return None


def _error_field(loc: tuple[int | str, ...]) -> str:
    """The form field a validation error is about (``criteria.bonus_skills.Docker`` →
    ``bonus_skills``; the years' order → ``max_years``)."""
    parts = [str(p) for p in loc]
    if parts and parts[0] == "criteria":
        parts = parts[1:]
        if not parts:
            return "max_years"
    return parts[0] if parts and parts[0] in (*TEXT_FIELDS, "dry_run", "force") else "search_url"


def _typed(posted: FormData, t: Translator) -> tuple[SearchForm, dict[str, Any]]:
    """What was typed, and the request body it makes (what could be read of it)."""
    form = SearchForm()
    for name in TEXT_FIELDS:
        value = posted.get(name)
        text = value.strip() if isinstance(value, str) else ""
        form.values[name] = text
        if len(text) > MAX_FIELD_CHARS:
            form.error(name, t("Too long."))
    for name in ("dry_run", "force"):
        form.flags[name] = posted.get(name) == "on"
    criteria: dict[str, Any] = {
        name: _terms(form.values[name]) for name in LIST_FIELDS if form.values[name]
    }
    bonus = _bonus(form.values["bonus_skills"], form, t)
    if bonus:
        criteria["bonus_skills"] = bonus
    for name in ("min_years", "max_years"):
        number = _number(form, name, t, whole=False)
        if number is not None:
            criteria[name] = float(number)
    if form.values["open_to_work"] in ("yes", "no"):
        criteria["open_to_work"] = form.values["open_to_work"] == "yes"
    body: dict[str, Any] = {"search_url": form.values["search_url"], "criteria": criteria}
    body.update(form.flags)
    limit = _number(form, "limit", t, whole=True)
    if limit is not None:
        body["limit"] = limit
    return form, body


def _in_words(problem: ErrorDetails, t: Translator) -> str:
    """The model's complaint in the page's language when it is a usual one (a bound, a
    length, the years' order); else the model's own words."""
    known = USUAL_PROBLEMS.get(problem["type"])
    if known is not None:
        bound, text = known
        limit = (problem.get("ctx") or {}).get(bound)
        return t(text, limit=f"{limit:g}" if isinstance(limit, int | float) else limit)
    if problem["type"] == "value_error" and "min_years" in str(problem["msg"]):
        return t("The least years must not exceed the most.")
    return str(problem["msg"]).removeprefix("Value error, ")


def read_form(posted: FormData, who: Viewer) -> tuple[SearchForm, SourcingOptions | None]:
    """The form's values and, when they are all right, the options to run with: checked
    by the API's model and URL check, every problem kept for its field."""
    form, body = _typed(posted, who.t)
    url = form.values["search_url"]
    if not url:
        form.error("search_url", who.t("Paste a LinkedIn people-search URL."))
    else:
        try:
            url = validate_search_url(url, who.runtime.settings.linkedin_base_url)
        except InvalidInput as exc:
            form.error("search_url", exc.detail.removeprefix("search_url: "))
    try:
        options = SourcingOptions.model_validate(body)
    except ValidationError as exc:
        for problem in exc.errors():
            form.error(_error_field(problem["loc"]), _in_words(problem, who.t))
        return form, None
    if form.errors:
        return form, None
    return form, options.model_copy(update={"search_url": url})


@dataclass(frozen=True)
class Result:
    """One scored person, as the results table shows them."""

    row: Any
    score: dict[str, Any] | None

    @property
    def breakdown(self) -> list[dict[str, Any]]:
        return list((self.score or {}).get("breakdown") or [])

    @property
    def vetoed_by(self) -> str | None:
        return (self.score or {}).get("vetoed_by")


@dataclass(frozen=True)
class RunChoice:
    id: int
    label: str


def _run_choice(who: Viewer, run: CampaignRun) -> RunChoice:
    """``#12 · 2026-11-29 14:05 · succeeded · python``: the run, when (local time), how it
    ended and what it searched."""
    when = run.created_at.astimezone(who.runtime.settings.tz).strftime("%Y-%m-%d %H:%M")
    query = parse_qs(urlsplit(str((run.params or {}).get("search_url", ""))).query)
    words = " ".join(query.get("keywords", []))[:40]
    parts = [f"#{run.id}", when, run.status, *([words] if words else [])]
    return RunChoice(run.id, " · ".join(parts))


async def _results(who: Viewer, run_id: int | None, cursor: str | None) -> dict[str, Any]:
    async with who.runtime.read_sessions() as session:
        page = await q.scored_contacts(session, run_id=run_id, limit=PAGE_SIZE, cursor=cursor)
        scores = await q.latest_scores(session, [int(r["id"]) for r in page.items])
        runs = await run_queries.list_runs(
            session, kind=RunKind.SOURCING.value, status=None, limit=RUNS_LISTED, cursor=None
        )
    return {
        "results": [Result(row, scores.get(int(row["id"]))) for row in page.items],
        "next_cursor": page.next_cursor,
        "runs": [_run_choice(who, r) for r in runs.items],
        "run_id": run_id,
        "paged": cursor is not None,
    }


def _page(
    request: Request,
    who: Viewer,
    form: SearchForm,
    listing: dict[str, Any],
    *,
    status_code: int = 200,
    flashes: list[tuple[str, str]] | None = None,
) -> Response:
    return render(
        request,
        "sourcing.html",
        who=who,
        active="sourcing",
        title="Sourcing",
        status_code=status_code,
        form=form,
        labels=CRITERIA_LABELS,
        flashes=flashes or [],
        **listing,
    )


@router.get("/sourcing")
async def sourcing_page(
    request: Request,
    who: ViewerDep,
    run: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    return _page(request, who, SearchForm.blank(), await _results(who, run, cursor))


async def _refusal(who: Viewer, options: SourcingOptions) -> str | None:
    """Why starting now would only record a run that cannot work (no usable session, or
    outside working hours without "run anyway"): said at once, where the person is. The
    engine refuses the rest (a run going on, a cool-down) and checks these again."""
    runtime = who.runtime
    refused = await why_not_now(
        runtime.settings, runtime.clock.now(), dry_run=options.dry_run, force=options.force
    )
    if refused is None:
        return None
    if refused.code != "outside_hours":
        return who.t("No usable LinkedIn session is saved: paste one in Settings first.")
    return who.t(
        "It is outside working hours (%(hours)s, %(zone)s; it is %(now)s there): tick "
        "“Run even outside working hours” to start it now.",
        hours=refused.hours,
        zone=refused.zone,
        now=refused.local_time,
    )


@router.post("/sourcing")
async def start_search(request: Request, who: ViewerDep, posted: FormDep) -> Response:
    """Starts the search and goes to its run's page; bad input is shown next to its field
    and starts nothing; a refusal (a run going on, a cool-down) is said on the page."""
    form, options = read_form(posted, who)
    if options is None:
        listing = await _results(who, None, None)
        return _page(request, who, form, listing, status_code=422)
    refusal = await _refusal(who, options)
    if refusal is not None:
        listing = await _results(who, None, None)
        return _page(request, who, form, listing, status_code=409, flashes=[("error", refusal)])
    try:
        run = await who.runtime.campaigns.start(options, trigger="dashboard")
    except LinkedInBotError as exc:  # a run going on, a cool-down, the service stopping
        listing = await _results(who, None, None)
        refused = who.t("The search was not started: %(reason)s", reason=exc.detail)
        return _page(
            request, who, form, listing, status_code=exc.status_code, flashes=[("error", refused)]
        )
    return redirect(f"/runs/{run.id}")


@router.get("/sourcing/results.csv")
async def export_results(
    who: ViewerDep, run: Annotated[int | None, Query(ge=1, le=2**31 - 1)] = None
) -> Response:
    """Every scored person (of one run, with ``run``) as CSV, streamed: the same columns
    and the same protection against spreadsheet formulas as ``contacts export``."""
    filters = ContactFilters(min_fit_score=0.0, visited_in_run=run)
    name = f"sourcing-run-{run}.csv" if run else "sourcing-results.csv"
    return StreamingResponse(
        await primed(contacts_csv(who.runtime.read_sessions, filters)),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )
