"""Today: the session, the cool-down, the quotas, the schedule, today's occasions, and the
buttons that preview or start a run.

What the page says of today's occasions comes from what the database knows: the
connections whose birthday is today (or, with late wishes on, in the last days), the
messages of today (the text actually sent, or why not), and the last preview of today (the
text each person would get). A refused start (a run going on, a cool-down, outside working
hours, no LinkedIn session) is said on this page, not on an error page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from fastapi import Request, Response
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException

from linkedin_bot.core.errors import LinkedInBotError
from linkedin_bot.db.enums import MESSAGE_TYPES, InteractionStatus, RunKind
from linkedin_bot.db.models import CampaignRun
from linkedin_bot.db.queries import runs as run_queries
from linkedin_bot.db.queries.contacts import ContactFilters, list_contacts
from linkedin_bot.db.queries.contacts_birthdays import BirthdayWindow
from linkedin_bot.db.queries.interactions import InteractionFilters, list_interactions
from linkedin_bot.linkedin.auth import session_status
from linkedin_bot.services.options import AnniversaryOptions, BirthdayOptions, NewJobOptions
from linkedin_bot.services.preflight import why_not_now
from linkedin_bot.services.schedule_pause import jobs_named, pause_jobs, resume_jobs
from linkedin_bot.services.status import bot_status
from linkedin_bot.web.pages import FormDep, Viewer, ViewerDep, dashboard_router, field, redirect
from linkedin_bot.web.pages import render as render_page
from linkedin_bot.wiring import Runtime

router = dashboard_router()

EXPIRY_WARNING = timedelta(days=7)
OCCASIONS_SHOWN = 200
OPTIONS = {
    RunKind.BIRTHDAY.value: BirthdayOptions,
    RunKind.ANNIVERSARY.value: AnniversaryOptions,
    RunKind.NEW_JOB.value: NewJobOptions,
}
# The occasion a message or a run is about, as the page names it (translated there).
OCCASION_OF_TYPE = {
    "birthday_message": "Birthday",
    "anniversary_message": "Work anniversary",
    "new_job_message": "New job",
}
OCCASION_OF_KIND = {
    RunKind.BIRTHDAY.value: "Birthday",
    RunKind.ANNIVERSARY.value: "Work anniversary",
    RunKind.NEW_JOB.value: "New job",
}
# An interaction's status as the page says it (and the badge's class).
STATE_OF_STATUS = {
    InteractionStatus.SENT.value: "sent",
    InteractionStatus.DRY_RUN.value: "would_send",
    InteractionStatus.SKIPPED.value: "skipped",
    InteractionStatus.FAILED.value: "failed",
    InteractionStatus.UNKNOWN.value: "in_doubt",
    InteractionStatus.SENDING.value: "in_doubt",
    InteractionStatus.RESERVED.value: "queued",
}
DONE_FLASHES = {
    "resumed": "The cool-down is over: LinkedIn may be contacted again.",
    "nothing-to-resume": "There was no cool-down to end.",
    "paused": "The job is paused: it will not run at its time until you resume it.",
    "unpaused": "The job is resumed: it runs again at its next time.",
}


@dataclass
class OccasionRow:
    """One person's occasion of today as the page shows it."""

    name: str
    occasion: str  # "Birthday", "Work anniversary", "New job"
    days_late: int | None = None
    state: str = "pending"  # pending, would_send, sent, skipped, failed, in_doubt, queued
    text: str | None = None
    reason: str | None = None
    from_preview: bool = False
    contact_id: int | None = None
    public_id: str | None = None


def local_today(runtime: Runtime) -> date:
    return runtime.clock.now().astimezone(runtime.settings.tz).date()


def _day_start(day: date, runtime: Runtime) -> datetime:
    return datetime.combine(day, time(0), tzinfo=runtime.settings.tz).astimezone(UTC)


def _days_late(payload: dict[str, Any]) -> int | None:
    for key in ("days_late", "days_ago"):
        value = payload.get(key)
        if isinstance(value, int):
            return value
    return None


class Occasions:
    """Today's occasions, one row per person (merged from the three sources)."""

    def __init__(self) -> None:
        self.rows: dict[str, OccasionRow] = {}

    @staticmethod
    def key(public_id: str | None, contact_id: int | None, name: str) -> str:
        if public_id:
            return f"p:{public_id}"
        if contact_id is not None:
            return f"c:{contact_id}"
        return f"n:{name}"

    def row(self, key: str, make: OccasionRow) -> OccasionRow:
        found = self.rows.get(key)
        if found is None:
            found = self.rows[key] = make
        return found

    def list(self) -> list[OccasionRow]:
        order = {"sent": 0, "in_doubt": 1, "failed": 2, "would_send": 3, "pending": 4}
        return sorted(
            self.rows.values(), key=lambda r: (order.get(r.state, 5), r.days_late or 0, r.name)
        )

    def add_birthdays(self, contacts: Sequence[Any], today: date) -> None:
        """The connections whose birthday is today or, with late wishes, in the last days."""
        for contact in contacts:
            if contact.get("blacklisted"):
                continue
            name = str(contact["full_name"])
            self.row(
                self.key(contact.get("public_id"), int(contact["id"]), name),
                OccasionRow(
                    name,
                    "Birthday",
                    days_late=(today - contact["next_birthday"]).days,
                    contact_id=int(contact["id"]),
                    public_id=contact.get("public_id"),
                ),
            )

    def add_preview(self, preview: CampaignRun) -> None:
        """Each person of the preview: the text they would get, or why they are skipped."""
        for result in (preview.stats or {}).get("results", []):
            name = str(result.get("name", ""))
            public_id = result.get("public_id")
            row = self.row(
                self.key(public_id, None, name),
                OccasionRow(name, OCCASION_OF_KIND[preview.kind], public_id=public_id),
            )
            row.state = str(result.get("outcome", "pending"))
            row.text = result.get("text")
            row.reason = result.get("reason")
            row.from_preview = True

    def add_messages(self, messages: Sequence[Any], *, with_previews: bool) -> None:
        """Today's messages, oldest first (a later outcome wins): the text actually sent,
        or why not. Those of a preview only when no preview run is shown."""
        for message in sorted(messages, key=lambda m: int(m["id"])):
            status = str(message["status"])
            if status == InteractionStatus.DRY_RUN.value and not with_previews:
                continue
            payload = message["payload"] or {}
            name = str(message["contact_name"])
            row = self.row(
                self.key(message.get("contact_public_id"), int(message["contact_id"]), name),
                OccasionRow(name, OCCASION_OF_TYPE.get(str(message["type"]), "Birthday")),
            )
            row.state = STATE_OF_STATUS.get(status, status)
            row.text = payload.get("message") or row.text
            row.reason = message["error"]
            row.from_preview = status == InteractionStatus.DRY_RUN.value
            if row.days_late is None:
                row.days_late = _days_late(payload)


@dataclass
class TodaysRecords:
    """What the database knows of today: birthdays, messages, the last preview."""

    birthdays: Sequence[Any]
    messages: list[Any]
    preview: CampaignRun | None


async def _read_today(runtime: Runtime, today: date) -> TodaysRecords:
    late = runtime.settings.max_days_late if runtime.settings.process_late_birthdays else 0
    since = _day_start(today, runtime)
    until = _day_start(today + timedelta(days=1), runtime)
    async with runtime.read_sessions() as session:
        birthdays = await list_contacts(
            session,
            ContactFilters(birthday_window=BirthdayWindow(today - timedelta(days=late), late)),
            limit=OCCASIONS_SHOWN,
            cursor=None,
        )
        messages: list[Any] = []
        for kind in MESSAGE_TYPES:
            page = await list_interactions(
                session,
                InteractionFilters(type=kind, since=since, until=until),
                limit=OCCASIONS_SHOWN,
                cursor=None,
            )
            messages.extend(page.items)
        recent = await run_queries.list_runs(session, kind=None, status=None, limit=20, cursor=None)
    preview = next(
        (
            r
            for r in recent.items
            if r.dry_run and r.kind in OCCASION_OF_KIND and r.created_at >= since
        ),
        None,
    )
    return TodaysRecords(birthdays.items, messages, preview)


async def todays_occasions(runtime: Runtime) -> tuple[list[OccasionRow], CampaignRun | None]:
    """Today's occasions and the preview of today they come from (None if none)."""
    today = local_today(runtime)
    records = await _read_today(runtime, today)
    occasions = Occasions()
    occasions.add_birthdays(records.birthdays, today)
    if records.preview is not None:
        occasions.add_preview(records.preview)
    occasions.add_messages(records.messages, with_previews=records.preview is None)
    return occasions.list(), records.preview


def _session_view(runtime: Runtime, raw: dict[str, Any]) -> dict[str, Any]:
    status = session_status(runtime.settings)
    now = runtime.clock.now()
    expires_soon = (
        status.expires_at is not None
        and not status.expired
        and status.expires_at - now <= EXPIRY_WARNING
    )
    return {**raw, "expires_at_dt": status.expires_at, "expires_soon": expires_soon}


def local_time(runtime: Runtime, moment: datetime | str | None) -> str:
    """A moment in the user's timezone, as the page writes it."""
    if moment is None:
        return ""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(runtime.settings.tz).strftime("%Y-%m-%d %H:%M")


async def today_page(
    request: Request,
    who: Viewer,
    *,
    status_code: int = 200,
    flashes: list[tuple[str, str]] | None = None,
) -> Response:
    runtime = who.runtime
    status = await bot_status(runtime.status_sources())
    cooldown = await runtime.cooldowns.current()
    explanation = cooldown.explain(runtime.settings, runtime.clock.now()) if cooldown else None
    occasions, preview = await todays_occasions(runtime)
    return render_page(
        request,
        "today.html",
        who=who,
        active="today",
        title="Today",
        status_code=status_code,
        flashes=flashes or [],
        status=status,
        session=_session_view(runtime, status["session"]),
        cooldown=cooldown,
        explanation=explanation,
        occasions=occasions,
        preview=preview,
        today=local_today(runtime),
        kinds=runtime.settings.occasions_scheduled,
        occasion_of_kind=OCCASION_OF_KIND,
        when=lambda moment: local_time(runtime, moment),
        hours=f"{runtime.settings.working_hours_start:02d}:00-"
        f"{runtime.settings.working_hours_end:02d}:00",
        timezone=runtime.settings.timezone,
    )


@router.get("/")
async def today(request: Request, who: ViewerDep, done: str = "") -> Response:
    flashes = [("ok", who.t(DONE_FLASHES[done]))] if done in DONE_FLASHES else []
    return await today_page(request, who, flashes=flashes)


@router.post("/today/resume")
async def resume_safety(who: ViewerDep, _form: FormDep) -> Response:
    """What ``linkedin-bot resume`` and POST /safety/resume do: end the cool-downs in
    force and close the circuit breaker."""
    ended = await who.runtime.resume()
    return redirect("/?done=resumed" if ended else "/?done=nothing-to-resume")


@router.post("/today/schedule/{action}")
async def schedule_action(request: Request, who: ViewerDep, form: FormDep, action: str) -> Response:
    """Pause or resume one job of the schedule (as POST /schedule/pause|resume do)."""
    runtime = who.runtime
    job = field(form, "job") or None
    if action not in ("pause", "resume"):
        raise HTTPException(404)
    try:
        jobs = jobs_named(job)
    except LinkedInBotError:
        return await today_page(
            request,
            who,
            status_code=422,
            flashes=[("error", who.t("There is no such job in the schedule."))],
        )
    if action == "pause":
        await pause_jobs(runtime.sessions, jobs, runtime.clock, by="dashboard")
        return redirect("/?done=paused")
    await resume_jobs(runtime.sessions, jobs)
    return redirect("/?done=unpaused")


async def _refusal(who: Viewer, kind: str, dry_run: bool) -> str | None:
    """Why a run cannot start now (said on the page), None when it may."""
    if kind not in OPTIONS:
        return who.t("There is no such occasion to run.")
    runtime = who.runtime
    refused = await why_not_now(runtime.settings, runtime.clock.now(), dry_run=dry_run, force=False)
    if refused is None:
        return None
    if refused.code == "no_session":
        return who.t(
            "No LinkedIn session is saved: paste your li_at cookie in Settings, then try again."
        )
    if refused.code == "session_unusable":
        return who.t(
            "The saved LinkedIn session no longer works: paste a new li_at cookie in "
            "Settings, then try again."
        )
    return who.t(
        "Outside working hours (%(hours)s, %(zone)s; it is %(now)s there): nothing is "
        "sent now. Try again within the hours, or preview instead.",
        hours=refused.hours,
        zone=refused.zone,
        now=refused.local_time,
    )


async def _start(request: Request, who: Viewer, form: FormData, *, dry_run: bool) -> Response:
    kind = field(form, "kind") or RunKind.BIRTHDAY.value
    refused = await _refusal(who, kind, dry_run)
    if refused is not None:
        return await today_page(request, who, status_code=409, flashes=[("error", refused)])
    try:
        run = await who.runtime.campaigns.start(OPTIONS[kind](dry_run=dry_run), trigger="dashboard")
    except LinkedInBotError as exc:
        message = who.t("The run was not started: %(reason)s", reason=exc.detail)
        return await today_page(
            request, who, status_code=exc.status_code, flashes=[("error", message)]
        )
    return redirect(f"/runs/{run.id}")


@router.post("/today/preview")
async def preview(request: Request, who: ViewerDep, form: FormDep) -> Response:
    """A dry run of the occasion: each text that would be sent, nothing sent."""
    return await _start(request, who, form, dry_run=True)


@router.post("/today/run")
async def run_now(request: Request, who: ViewerDep, form: FormDep) -> Response:
    """Run the occasion now, as the morning job would."""
    return await _start(request, who, form, dry_run=False)
