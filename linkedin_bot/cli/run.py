"""``linkedin-bot run birthday|sourcing``: a campaign now, with a live progress bar and a
summary in words (``cli/live.py``, ``cli/summary.py``)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Coroutine, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from linkedin_bot.cli.common import EXIT_USAGE, fail, load_settings
from linkedin_bot.cli.live import LOG_FILE, Steps
from linkedin_bot.cli.outcomes import EXIT_NOT_RUN, exit_code_for_error, exit_code_for_run
from linkedin_bot.core.errors import LinkedInBotError

T = TypeVar("T")
if TYPE_CHECKING:
    from linkedin_bot.cli.summary import RunReport
    from linkedin_bot.core.settings import Settings
    from linkedin_bot.db.models import CampaignRun
    from linkedin_bot.services.options import BirthdayOptions, RunOptions, SourcingOptions
    from linkedin_bot.services.progress import ProgressEvent
    from linkedin_bot.services.sourcing_criteria import Criteria
    from linkedin_bot.wiring import Runtime

    Start = Callable[[Runtime, Callable[[ProgressEvent], None]], Awaitable[CampaignRun]]

app = typer.Typer(help="Run a campaign now, in the foreground.", no_args_is_help=True)

BIRTHDAY_STEPS = Steps("starting", "birthdays.found", "wishing")
ANNIVERSARY_STEPS = Steps("starting", "anniversaries.found", "congratulating")
NEW_JOB_STEPS = Steps("starting", "new_jobs.found", "congratulating")
SOURCING_STEPS = Steps("searching", "search.done", "visiting")
VERBOSE_HELP = "Show the informational log lines and every counter of the run."


def _finish(report: RunReport, verbose: bool) -> None:
    """Print the run's summary and exit with the code of its outcome (outcomes.py)."""
    from linkedin_bot.cli.summary import print_summary

    print_summary(report, verbose=verbose)
    code = exit_code_for_run(report.run.status)
    if code:
        raise typer.Exit(code)


def _run_now(coro: Coroutine[Any, Any, RunReport]) -> RunReport:
    """Run the campaign; a refusal before any run (cool-down, no session, bad input) is
    one line and its exit code."""
    import asyncio

    try:
        return asyncio.run(coro)
    except LinkedInBotError as exc:
        fail(exc.detail, exit_code_for_error(exc))
    except (asyncio.CancelledError, KeyboardInterrupt):  # a second SIGTERM or Ctrl-C
        fail("stopped at once: the run is recorded as interrupted", EXIT_NOT_RUN)


@app.command("birthday")
def birthday(
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Record what would be sent; send nothing."
    ),
    late: bool | None = typer.Option(None, "--late/--no-late", help="Also wish recent birthdays."),
    max_days_late: int | None = typer.Option(None, help="How late a wish may be (0-10 days)."),
    limit: int | None = typer.Option(None, help="At most this many messages (1-500)."),
    force: bool = typer.Option(False, "--force", help="Run even outside working hours."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help=VERBOSE_HELP),
) -> None:
    """Wish today's birthdays (and recent ones with --late) now."""
    from linkedin_bot.services.options import BirthdayOptions

    options = _checked(
        lambda: BirthdayOptions(
            dry_run=dry_run,
            process_late=late,
            max_days_late=max_days_late,
            limit=limit,
            force=force,
        )
    )
    settings = load_settings()
    _finish(_run_now(run_birthday(settings, options, verbose=verbose)), verbose)


def _occasion_command(name: str, kind: str, steps: Steps, doc: str) -> None:
    """``run anniversary`` and ``run new-job``: the same options (their model's), another
    kind of occasion."""

    def command(
        dry_run: bool = typer.Option(
            False, "--dry-run", help="Preview each person and the exact text; send nothing."
        ),
        max_days_ago: int = typer.Option(
            7, help="Congratulate occasions up to this many days old (0-30)."
        ),
        limit: int | None = typer.Option(None, help="At most this many messages (1-500)."),
        force: bool = typer.Option(False, "--force", help="Run even outside working hours."),
        verbose: bool = typer.Option(False, "--verbose", "-v", help=VERBOSE_HELP),
    ) -> None:
        from linkedin_bot.services import options as models

        model = models.AnniversaryOptions if kind == "anniversary" else models.NewJobOptions
        options = _checked(
            lambda: model(dry_run=dry_run, max_days_ago=max_days_ago, limit=limit, force=force)
        )
        _occasion_now(options, steps, verbose)

    command.__doc__ = doc
    app.command(name)(command)


_occasion_command(
    "anniversary",
    "anniversary",
    ANNIVERSARY_STEPS,
    "Congratulate connections on their work anniversary now (one message a year each).",
)
_occasion_command(
    "new-job",
    "new_job",
    NEW_JOB_STEPS,
    "Congratulate connections on their new position now (one message per position).",
)


def _occasion_now(options: RunOptions, steps: Steps, verbose: bool) -> None:
    settings = load_settings()
    _finish(_run_now(run_with_view(settings, options, steps, verbose=verbose)), verbose)


async def run_with_view(
    settings: Settings,
    options: RunOptions,
    steps: Steps,
    *,
    verbose: bool = False,
    log_file: Callable[[], Path] | None = None,
) -> RunReport:
    """A run of any kind now, with a live view (``steps`` words its progress)."""
    return await _live_run(
        settings,
        steps,
        lambda rt, on_event: rt.campaigns.run(options, "cli", progress=on_event),
        verbose=verbose,
        log_file=log_file,
    )


async def _live_run(
    settings: Settings,
    steps: Steps,
    start: Start,
    *,
    verbose: bool,
    log_file: Callable[[], Path] | None,
) -> RunReport:
    """Migrate, build the runtime, run with the live view (``cli/live.py``), read who the
    run acted on, close everything."""
    from linkedin_bot.cli.live import live_view
    from linkedin_bot.cli.summary import RunReport
    from linkedin_bot.db.migrate import upgrade_async
    from linkedin_bot.db.queries.run_contacts import run_contacts
    from linkedin_bot.wiring import build_runtime

    await upgrade_async(settings.effective_database_url)
    runtime = await build_runtime(settings)
    try:
        log_path = log_file or (lambda: settings.data_dir / LOG_FILE)
        with (
            live_view(steps, log_path, verbose=verbose) as (on_event, used),
            _stop_on_signals(runtime),
        ):
            run = await start(runtime, on_event)
        async with runtime.read_sessions() as session:
            people = await run_contacts(session, run.id)
        return RunReport(run, people, used)
    finally:
        await runtime.close()


@contextmanager
def _stop_on_signals(runtime: Runtime) -> Iterator[None]:
    """SIGTERM or Ctrl-C: the run stops promptly and cleanly (its pause is cut short, a
    message already clicked is verified, the run ends ``interrupted`` and the summary is
    printed). A second one stops at once: the run is still recorded as interrupted."""
    import asyncio
    import signal

    from linkedin_bot.cli.common import warn

    loop = asyncio.get_running_loop()
    main = asyncio.current_task()
    received: list[int] = []

    def on_signal(number: int) -> None:
        received.append(number)
        if len(received) == 1:
            warn(f"{signal.Signals(number).name}: stopping after the current contact")
            runtime.campaigns.request_stop()
        elif main is not None:
            main.cancel()

    handled = (signal.SIGINT, signal.SIGTERM)
    for number in handled:
        loop.add_signal_handler(number, on_signal, number)
    try:
        yield
    finally:
        for number in handled:
            loop.remove_signal_handler(number)


async def run_birthday(
    settings: Settings,
    options: BirthdayOptions,
    *,
    verbose: bool = False,
    log_file: Callable[[], Path] | None = None,
) -> RunReport:
    """A birthday campaign now, with a live view; on a terminal, logs to the file
    ``log_file()`` names meanwhile (default: the data directory's)."""
    return await _live_run(
        settings,
        BIRTHDAY_STEPS,
        lambda rt, on_event: rt.campaigns.run(options, "cli", progress=on_event),
        verbose=verbose,
        log_file=log_file,
    )


@app.command("sourcing", short_help="Visit and score the profiles of a people search.")
def sourcing(
    search_url: str = typer.Argument(
        ..., help="A people search: https://www.linkedin.com/search/results/people/?..."
    ),
    limit: int = typer.Option(25, help="Visit at most this many profiles (1-1000)."),
    criteria: str | None = typer.Option(
        None, help="Criteria as JSON, or @FILE holding them (see POST /campaigns/sourcing)."
    ),
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Walk the results and list them; visit nothing."
    ),
    force: bool = typer.Option(False, "--force", help="Run even outside working hours."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help=VERBOSE_HELP),
) -> None:
    """Walk a people search, visit and score each profile, keep them as contacts."""
    from rich.markup import escape

    from linkedin_bot.cli.common import console
    from linkedin_bot.services.options import SourcingOptions
    from linkedin_bot.services.sourcing_criteria import validate_search_url

    settings = load_settings()
    options = _checked(
        lambda: SourcingOptions(
            search_url=validate_search_url(search_url, settings.linkedin_base_url),
            limit=limit,
            criteria=_criteria(criteria),
            dry_run=dry_run,
            force=force,
        )
    )
    report = _run_now(run_sourcing(settings, options, verbose=verbose))
    for person in report.run.stats.get("would_visit") or []:
        console.print(
            f"would visit: {escape(person['name'])} ({escape(person['public_id'])})",
            highlight=False,
        )
    _finish(report, verbose)


def _criteria(raw: str | None) -> Criteria:
    from linkedin_bot.services.sourcing_criteria import Criteria

    if raw is None:
        return Criteria()
    text = Path(raw[1:]).read_text(encoding="utf-8") if raw.startswith("@") else raw
    return Criteria.model_validate_json(text)


# The options models' fields that the command line spells differently.
OPTION_NAMES = {"process_late": "--late", "search_url": "SEARCH_URL"}


def _option_name(model: str, loc: tuple[int | str, ...]) -> str:
    """A validation error's place as the user typed it: ``--max-days-late``, or
    ``criteria.keywords.0`` for the criteria's own fields (as in their JSON)."""
    parts = [str(p) for p in loc]
    if model == "Criteria":
        return ".".join(["criteria", *parts])
    if not parts:
        return "options"
    if parts[0] == "criteria":
        return ".".join(parts)
    return OPTION_NAMES.get(parts[0], "--" + parts[0].replace("_", "-"))


def _checked(read: Callable[[], T]) -> T:
    """The value, or a one-line message naming what is wrong and exit 2 (bad usage)."""
    from pydantic import ValidationError

    try:
        return read()
    except LinkedInBotError as exc:
        fail(exc.detail, EXIT_USAGE)
    except ValidationError as exc:
        problems = "; ".join(
            f"{_option_name(exc.title, e['loc'])}: {e['msg']}" for e in exc.errors()
        )
        fail(problems, EXIT_USAGE)
    except OSError as exc:
        fail(f"criteria: cannot read the file ({exc.strerror})", EXIT_USAGE)


async def run_sourcing(
    settings: Settings, options: SourcingOptions, *, verbose: bool = False
) -> RunReport:
    """A sourcing campaign now, with a live view."""
    return await _live_run(
        settings,
        SOURCING_STEPS,
        lambda rt, on_event: rt.campaigns.run(options, "cli", progress=on_event),
        verbose=verbose,
        log_file=None,
    )
