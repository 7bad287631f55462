"""``linkedin-bot doctor``: does the bot work on this LinkedIn account? One screen.

First what can be told without LinkedIn (the saved session, the cool-down in force); then,
only if neither forbids it, one browser on the saved session runs ``inspect`` on the feed
(the signed-in check), the birthdays catch-up page and the member's own profile (found
from the Me menu of the signed-in page, or ``--profile``). Each check says ok, or what
failed and what to do. Exit 0 when all passed; otherwise the code ``run`` would end with
(3: LinkedIn pushed back, 4: import a session, 1: anything else).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from linkedin_bot.cli.common import EXIT_USAGE, fail, load_settings
from linkedin_bot.cli.outcomes import EXIT_AUTH, EXIT_FAILED, EXIT_OK
from linkedin_bot.core.errors import LinkedInBotError

if TYPE_CHECKING:
    from linkedin_bot.cli.inspect_read import BirthdaysReading, ProfileReading, Reading
    from linkedin_bot.core.settings import Settings
    from linkedin_bot.linkedin.driver import LinkedInDriver
    from linkedin_bot.wiring import Runtime

R = TypeVar("R", bound="Reading")
OK, FAILED, SKIPPED = "ok", "failed", "not run"
CHECKS = ("session", "cool-down", "feed", "birthdays", "profile")
AUTH_TODO = "import a new session: linkedin-bot auth import"


@dataclass
class Check:
    name: str
    status: str = SKIPPED
    detail: str = ""
    todo: str = ""
    exit_code: int = EXIT_OK


@dataclass
class Report:
    checks: dict[str, Check] = field(default_factory=lambda: {n: Check(n) for n in CHECKS})
    readings: dict[str, Reading] = field(default_factory=dict)

    def passed(self, name: str, detail: str) -> None:
        self.checks[name].status, self.checks[name].detail = OK, detail

    def failed(self, name: str, detail: str, todo: str = "", code: int = EXIT_FAILED) -> None:
        check = self.checks[name]
        check.status, check.detail, check.todo, check.exit_code = FAILED, detail, todo, code

    def skip_rest(self, reason: str) -> None:
        for check in self.checks.values():
            if check.status == SKIPPED and not check.detail:
                check.detail = reason

    @property
    def exit_code(self) -> int:
        return next((c.exit_code for c in self.checks.values() if c.status == FAILED), EXIT_OK)


def _advice(exc: LinkedInBotError) -> str:
    """What to do after this error, when its message does not say it already."""
    from linkedin_bot.core.errors import (
        AccountRestricted,
        ElementNotFound,
        PageChanged,
        SessionExpired,
    )

    if isinstance(exc, SessionExpired):
        return AUTH_TODO
    if isinstance(exc, AccountRestricted):
        return "wait for the cool-down to end (linkedin-bot status), or linkedin-bot resume"
    if isinstance(exc, ElementNotFound | PageChanged):
        where = exc.context.get("artifact")
        saved = f"; the page is saved in {where}" if where else ""
        return f"the page does not look as the driver expects: report it{saved}"
    return ""


async def _before_linkedin(runtime: Runtime, report: Report) -> bool:
    """The session and cool-down checks (no request to LinkedIn); True if LinkedIn may be
    contacted."""
    from linkedin_bot.cli.inspect_session import exit_code, explain
    from linkedin_bot.core.errors import CooldownActive
    from linkedin_bot.linkedin.auth import session_status

    session = session_status(runtime.settings)
    if not session.present:
        report.failed("session", "none saved", AUTH_TODO, EXIT_AUTH)
    elif session.problem or session.expired:
        report.failed("session", session.problem or "expired", AUTH_TODO, EXIT_AUTH)
    elif session.valid is False:
        report.failed("session", "LinkedIn refused it at the last check", AUTH_TODO, EXIT_AUTH)
    else:
        expires = session.expires_at.date().isoformat() if session.expires_at else "unknown"
        report.passed("session", f"saved (expires {expires})")
    try:
        await runtime.cooldowns.check()
    except CooldownActive as exc:
        report.failed("cool-down", explain(exc), _advice(exc), exit_code(exc))
    else:
        report.passed("cool-down", "none: LinkedIn may be contacted")
    return all(report.checks[n].status == OK for n in ("session", "cool-down"))


def _birthdays_detail(reading: BirthdaysReading) -> str:
    people = len(reading.cards)
    today = sum(1 for v in reading.cards if v.card.days_ago == 0)
    named = sum(1 for v in reading.cards if v.greeting_name)
    skipped: dict[str, int] = {}
    for verdict in reading.cards:
        if verdict.skip:
            skipped[verdict.skip] = skipped.get(verdict.skip, 0) + 1
    why = ", ".join(f"{reason} {count}" for reason, count in sorted(skipped.items()))
    return f"{people} people ({today} today), {named} with a greeting name" + (
        f"; would skip: {why}" if why else ""
    )


def _profile_detail(reading: ProfileReading) -> str:
    from dataclasses import fields

    profile = reading.profile
    empty = [f.name for f in fields(profile) if getattr(profile, f.name) in (None, "", ())]
    greeting = reading.greeting_name or "none"
    return f"{profile.full_name} (greeting: {greeting}); empty: {', '.join(empty) or 'nothing'}"


async def _on_linkedin(
    runtime: Runtime, driver: LinkedInDriver, report: Report, profile_id: str | None
) -> None:
    """Feed, birthdays, own profile: each its own check; one that stops everything (a
    restriction, a login wall) ends the round."""
    from linkedin_bot.cli.inspect_read import read_birthdays, read_feed, read_profile
    from linkedin_bot.cli.inspect_session import exit_code, explain, stops_everything
    from linkedin_bot.core.errors import BrowserFailed, LinkedInUnreachable

    async def attempt(name: str, read: Callable[[], Awaitable[R]]) -> R | None:
        try:
            reading = await read()
        except LinkedInBotError as exc:
            report.failed(name, explain(exc), _advice(exc), exit_code(exc))
            if stops_everything(exc) or isinstance(exc, LinkedInUnreachable | BrowserFailed):
                report.skip_rest(f"not run: the {name} check failed")
                raise _Stop from exc
            return None
        report.readings[name] = reading
        return reading

    feed = await attempt("feed", lambda: read_feed(driver))
    if feed is not None:
        mine = feed.own_profile or "not shown (the Me menu links no profile)"
        report.passed("feed", f"signed in; your profile: {mine}")
    own = profile_id or (feed.own_profile if feed is not None else await _still_shown(driver))
    birthdays = await attempt("birthdays", lambda: read_birthdays(runtime, driver, None))
    if birthdays is not None:
        report.passed("birthdays", _birthdays_detail(birthdays))
    if own is None:
        report.failed(
            "profile",
            "your own profile was not found on the signed-in page",
            "pass it: linkedin-bot doctor --profile https://www.linkedin.com/in/<you>/",
        )
        return
    profile = await attempt("profile", lambda: read_profile(driver, own))
    if profile is not None:
        report.passed("profile", _profile_detail(profile))


async def _still_shown(driver: LinkedInDriver) -> str | None:
    """The member's profile link on the feed whose signed-in check failed (the page is
    still open: the marker the driver knows may be all that changed), None if none."""
    try:
        return await driver.own_profile_id()
    except LinkedInBotError:
        return None


class _Stop(Exception):
    """A check ended the round (its failure is recorded)."""


async def examine(settings: Settings, profile_id: str | None) -> Report:
    from linkedin_bot.cli.inspect_session import browser, exit_code, explain, prepared

    report = Report()
    async with prepared(settings) as runtime:
        if not await _before_linkedin(runtime, report):
            report.skip_rest("not run: LinkedIn is not contacted until this is solved")
            return report
        try:
            async with browser(runtime) as driver:
                await _on_linkedin(runtime, driver, report, profile_id)
        except _Stop:
            pass
        except LinkedInBotError as exc:  # the browser did not start, or did not close
            pending = next(c for c in report.checks.values() if c.status == SKIPPED)
            report.failed(pending.name, explain(exc), _advice(exc), exit_code(exc))
            report.skip_rest(f"not run after {exc.code}")
    return report


def _show(report: Report, base_url: str) -> None:
    from rich.markup import escape
    from rich.table import Table

    from linkedin_bot.cli.common import console

    table = Table(title=f"linkedin-bot doctor: {escape(base_url)}", title_justify="left")
    table.add_column("check", style="bold", no_wrap=True)
    table.add_column("result", no_wrap=True)
    table.add_column("detail", overflow="fold")
    style = {OK: "[green]ok[/]", FAILED: "[red]failed[/]", SKIPPED: "[dim]not run[/]"}
    for check in report.checks.values():
        detail = escape(check.detail)
        if check.todo:
            detail += f"\n[yellow]what to do:[/] {escape(check.todo)}"
        table.add_row(check.name, style[check.status], detail)
    console.print(table)
    failed = [c.name for c in report.checks.values() if c.status == FAILED]
    if failed:
        console.print(f"[red]Failed:[/] {', '.join(failed)}", highlight=False)
    else:
        console.print("[green]Everything works.[/]", highlight=False)


def _as_json(report: Report, base_url: str) -> dict[str, Any]:
    from linkedin_bot.cli.inspect_show import as_json

    return {
        "base_url": base_url,
        "ok": report.exit_code == EXIT_OK,
        "checks": [
            {"name": c.name, "status": c.status, "detail": c.detail, "todo": c.todo}
            for c in report.checks.values()
        ],
        "readings": {name: as_json(reading, base_url) for name, reading in report.readings.items()},
    }


def doctor(
    profile: str | None = typer.Option(
        None, "--profile", help="Your own profile URL, if the Me menu does not show it."
    ),
    json_output: bool = typer.Option(False, "--json", help="One JSON document, for scripts."),
) -> None:
    """Check the session, the cool-down, then the feed, the birthdays page and your own
    profile on LinkedIn: what works and what does not, on one screen."""
    import asyncio

    from linkedin_bot.cli.inspect_session import calm_terminal
    from linkedin_bot.cli.inspect_show import dumps

    settings = load_settings()
    profile_id = _profile_id(profile, settings) if profile else None
    with calm_terminal(settings):
        report = asyncio.run(examine(settings, profile_id))
    if json_output:
        typer.echo(dumps(_as_json(report, settings.linkedin_base_url)))
    else:
        _show(report, settings.linkedin_base_url)
    if report.exit_code:
        raise typer.Exit(report.exit_code)


def _profile_id(url: str, settings: Settings) -> str:
    from linkedin_bot.cli.inspect_session import profile_public_id

    try:
        return profile_public_id(url, settings)
    except LinkedInBotError as exc:
        fail(f"--profile: {exc.detail}", EXIT_USAGE)
