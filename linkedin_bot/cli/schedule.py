"""``linkedin-bot schedule pause|resume|status``: pause the schedule of `serve` without
editing the environment. Stored in the database: a running `serve` honours it at each job's
time, and it survives restarts. Manual runs (`linkedin-bot run ...`) are not affected."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import typer

from linkedin_bot.cli.common import EXIT_USAGE, console, fail, load_settings, run_async
from linkedin_bot.core.settings import Settings

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

app = typer.Typer(
    help="Pause or resume the scheduled jobs (birthday, backup) of `serve`.",
    no_args_is_help=True,
)
JOB_HELP = "birthday or backup; every job when left out."


async def _with_sessions(settings: Settings, work: Any) -> Any:
    from linkedin_bot.db.engine import create_engine, create_session_factory  # noqa: PLC0415
    from linkedin_bot.db.migrate import upgrade_async  # noqa: PLC0415  (alembic: slow)

    url = settings.effective_database_url
    await upgrade_async(url)
    engine = create_engine(url)
    try:
        return await work(create_session_factory(engine))
    finally:
        await engine.dispose()


def _print_state(settings: Settings, state: list[dict[str, Any]]) -> None:
    from rich.table import Table  # noqa: PLC0415

    table = Table(title="Schedule")
    for column in ("job", "schedule", "state"):
        table.add_column(column)
    for job in state:
        if job["paused"]:
            since = job["paused_at"].astimezone(settings.tz).strftime("%Y-%m-%d %H:%M")
            what = f"[bold yellow]paused[/] since {since} ({job['paused_by']})"
        elif not job["enabled"]:
            what = "off"
        else:
            what = "[green]active[/]"
        table.add_row(job["job"], job["schedule"], what)
    console.print(table)


def _change(job: str | None, pausing: bool) -> None:
    from linkedin_bot.core.clock import SystemClock  # noqa: PLC0415
    from linkedin_bot.core.errors import InvalidInput  # noqa: PLC0415
    from linkedin_bot.services import schedule_pause as svc  # noqa: PLC0415

    try:
        jobs = svc.jobs_named(job)
    except InvalidInput as exc:
        fail(exc.detail, EXIT_USAGE)
    settings = load_settings()

    async def work(sessions: async_sessionmaker[AsyncSession]) -> tuple[list[str], Any]:
        if pausing:
            changed = await svc.pause_jobs(sessions, jobs, SystemClock(), by="cli")
        else:
            changed = await svc.resume_jobs(sessions, jobs)
        return changed, await svc.schedule_state(sessions, settings)

    changed, state = run_async(_with_sessions(settings, work))
    verb = "Paused" if pausing else "Resumed"
    if changed:
        console.print(f"{verb}: {', '.join(changed)}.", highlight=False)
    else:
        console.print(f"Nothing to change: already {'paused' if pausing else 'active'}.")
    _print_state(settings, state)


@app.command("pause")
def pause_command(job: str | None = typer.Argument(None, help=JOB_HELP)) -> None:
    """Pause a scheduled job (or all): `serve` skips it at its time until you resume."""
    _change(job, pausing=True)


@app.command("resume")
def resume_command(job: str | None = typer.Argument(None, help=JOB_HELP)) -> None:
    """Resume a paused job (or all): it runs again at its next time."""
    _change(job, pausing=False)


@app.command("status")
def status_command() -> None:
    """Each scheduled job: its schedule and whether it is paused."""
    from linkedin_bot.services.schedule_pause import schedule_state  # noqa: PLC0415

    settings = load_settings()

    async def work(sessions: async_sessionmaker[AsyncSession]) -> list[dict[str, Any]]:
        return await schedule_state(sessions, settings)

    _print_state(settings, run_async(_with_sessions(settings, work)))
