"""``linkedin-bot run birthday|sourcing``: a campaign now, with a live progress bar and a
summary."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import typer
from pydantic import ValidationError
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from linkedin_bot.cli.common import EXIT_USAGE, console, fail, load_settings
from linkedin_bot.cli.outcomes import exit_code_for_error, exit_code_for_run
from linkedin_bot.core.errors import LinkedInBotError
from linkedin_bot.core.settings import Settings
from linkedin_bot.db.enums import RunStatus
from linkedin_bot.db.models import CampaignRun
from linkedin_bot.services.birthday import BirthdayOptions
from linkedin_bot.services.progress import ProgressEvent
from linkedin_bot.services.sourcing import SourcingOptions
from linkedin_bot.services.sourcing_criteria import Criteria, validate_search_url

T = TypeVar("T")
if TYPE_CHECKING:
    from linkedin_bot.wiring import Runtime

app = typer.Typer(help="Run a campaign now, in the foreground.", no_args_is_help=True)

NEXT_STEP = {
    RunStatus.AUTH_REQUIRED.value: "save a LinkedIn session: linkedin-bot auth import",
    RunStatus.RESTRICTED.value: (
        "LinkedIn pushed back: no run contacts LinkedIn until the cool-down ends "
        "(linkedin-bot resume ends it early)"
    ),
    RunStatus.OUTSIDE_HOURS.value: "outside working hours: run later, or pass --force",
    RunStatus.PARTIAL.value: (
        "some contacts failed or are in doubt: see GET /interactions?run_id=<run>"
    ),
    RunStatus.PAGE_CHANGED.value: (
        "a LinkedIn page looks different from what the bot knows; nothing was sent: "
        "run `linkedin-bot inspect` and report it"
    ),
}


def _finish(run: CampaignRun) -> None:
    """Print the run's summary and exit with the code of its outcome (outcomes.py)."""
    print_summary(run)
    code = exit_code_for_run(run.status)
    if code:
        raise typer.Exit(code)


def _run_now(coro: Coroutine[Any, Any, CampaignRun]) -> CampaignRun:
    """Run the campaign; a refusal before any run (cool-down, no session, bad input) is
    one line and its exit code."""
    try:
        return asyncio.run(coro)
    except LinkedInBotError as exc:
        fail(exc.detail, exit_code_for_error(exc))


@app.command("birthday")
def birthday(
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Record what would be sent; send nothing."
    ),
    late: bool | None = typer.Option(None, "--late/--no-late", help="Also wish recent birthdays."),
    max_days_late: int | None = typer.Option(None, min=0, max=10, help="How late a wish may be."),
    limit: int | None = typer.Option(None, min=1, max=500, help="At most this many messages."),
    force: bool = typer.Option(False, "--force", help="Run even outside working hours."),
) -> None:
    """Wish today's birthdays (and recent ones with --late) now."""
    settings = load_settings()
    options = BirthdayOptions(dry_run, late, max_days_late, limit, force)
    _finish(_run_now(run_birthday(settings, options)))


async def _live_run(
    settings: Settings,
    first: str,
    found: str,
    doing: str,
    start: Callable[[Runtime, Callable[[ProgressEvent], None]], Awaitable[CampaignRun]],
) -> CampaignRun:
    """Migrate, build the runtime, run with a live progress bar, close everything. The bar
    learns its total from the ``found`` event and advances on each ``contact.done``."""
    from linkedin_bot.db.migrate import upgrade_async  # noqa: PLC0415  (alembic: slow import)
    from linkedin_bot.wiring import build_runtime  # noqa: PLC0415

    await upgrade_async(settings.effective_database_url)
    runtime = await build_runtime(settings)
    try:
        with _live_progress() as bar:
            task = bar.add_task(first, total=None)

            def on_event(event: ProgressEvent) -> None:
                if event.kind == found:
                    bar.update(task, total=event.data["count"], description=doing)
                elif event.kind == "contact.done":
                    bar.update(task, advance=1, description=event.data["name"])
                elif event.kind == "session.valid":
                    bar.update(task, description="LinkedIn session valid")

            return await start(runtime, on_event)
    finally:
        await runtime.close()


async def run_birthday(settings: Settings, options: BirthdayOptions) -> CampaignRun:
    """A birthday campaign now, with a live view."""
    return await _live_run(
        settings,
        "starting",
        "birthdays.found",
        "wishing",
        lambda rt, on_event: rt.campaigns.run_birthday(options, "cli", progress=on_event),
    )


@app.command("sourcing")
def sourcing(
    search_url: str = typer.Argument(
        ..., help="A people search: https://www.linkedin.com/search/results/people/?..."
    ),
    limit: int = typer.Option(25, min=1, max=1000, help="Visit at most this many profiles."),
    criteria: str | None = typer.Option(
        None, help="Criteria as JSON, or @FILE holding them (see POST /campaigns/sourcing)."
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Walk the results and list them; visit nothing."
    ),
    force: bool = typer.Option(False, "--force", help="Run even outside working hours."),
) -> None:
    """Walk a people search, visit and score each profile, keep them as contacts."""
    settings = load_settings()
    options = SourcingOptions(
        search_url=_checked(lambda: validate_search_url(search_url, settings.linkedin_base_url)),
        limit=limit,
        criteria=_checked(lambda: _criteria(criteria)),
        dry_run=dry_run,
        force=force,
    )
    run = _run_now(run_sourcing(settings, options))
    if run.stats.get("would_visit"):
        for person in run.stats["would_visit"]:
            console.print(f"would visit: {person['name']} ({person['public_id']})")
    _finish(run)


def _criteria(raw: str | None) -> Criteria:
    if raw is None:
        return Criteria()
    text = Path(raw[1:]).read_text(encoding="utf-8") if raw.startswith("@") else raw
    return Criteria.model_validate_json(text)


def _checked(read: Callable[[], T]) -> T:
    """The value, or a one-line message naming what is wrong and exit 2 (bad usage)."""
    try:
        return read()
    except LinkedInBotError as exc:
        fail(exc.detail, EXIT_USAGE)
    except ValidationError as exc:
        problems = "; ".join(
            ".".join(["criteria", *(str(p) for p in e["loc"])]) + f": {e['msg']}"
            for e in exc.errors()
        )
        fail(problems, EXIT_USAGE)
    except OSError as exc:
        fail(f"criteria: cannot read the file ({exc.strerror})", EXIT_USAGE)


async def run_sourcing(settings: Settings, options: SourcingOptions) -> CampaignRun:
    """A sourcing campaign now, with a live view."""
    return await _live_run(
        settings,
        "searching",
        "search.done",
        "visiting",
        lambda rt, on_event: rt.campaigns.run_sourcing(options, "cli", progress=on_event),
    )


def _live_progress() -> Progress:
    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


def print_summary(run: CampaignRun) -> None:
    table = Table(title=f"run {run.id}: {run.status}" + (" (dry run)" if run.dry_run else ""))
    table.add_column("what")
    table.add_column("count", justify="right")
    for key, value in sorted(run.stats.items()):
        if isinstance(value, int):
            table.add_row(key.replace("_", " "), str(value))
    console.print(table)
    if run.stats.get("stop_reason"):
        console.print(f"stopped: {run.stats['stop_reason']}")
    if run.error:
        console.print(f"[red]{run.error}[/]", highlight=False)
    if run.status in NEXT_STEP:
        console.print(f"next: {NEXT_STEP[run.status]}")
