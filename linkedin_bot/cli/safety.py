"""``linkedin-bot resume``: end a cool-down early, the user's explicit decision."""

from __future__ import annotations

import sys

import typer

from linkedin_bot.cli.common import console, fail, load_settings, run_async
from linkedin_bot.cli.outcomes import EXIT_USAGE
from linkedin_bot.core.settings import Settings


def resume(
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
) -> None:
    """End the cool-down in force (after LinkedIn pushed back or a login wall) so the next
    run may contact LinkedIn again. Shows what it ends first."""
    settings = load_settings()
    run_async(_resume(settings, yes))


async def _resume(settings: Settings, yes: bool) -> None:
    from linkedin_bot.db.migrate import upgrade_async  # noqa: PLC0415  (alembic: slow import)
    from linkedin_bot.wiring import build_runtime  # noqa: PLC0415

    await upgrade_async(settings.effective_database_url)
    runtime = await build_runtime(settings)
    try:
        current = await runtime.cooldowns.current()
        if current is None:
            await runtime.breaker.reset()
            console.print("No cool-down in force: LinkedIn may be contacted.")
            return
        console.print(current.explain(settings, runtime.clock.now()), highlight=False)
        if not yes:
            if not sys.stdin.isatty():
                fail("confirm with --yes to end the cool-down", EXIT_USAGE)
            typer.confirm("End it now and allow LinkedIn again?", abort=True)
        ended = await runtime.resume()
        console.print(
            f"Ended {len(ended)} cool-down(s): the next run may contact LinkedIn. "
            "If LinkedIn pushes back again, a new cool-down starts."
        )
    finally:
        await runtime.close()
