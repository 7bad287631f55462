"""``linkedin-bot demo``: the product at work on a fresh machine, with no LinkedIn account.

It starts the local LinkedIn simulator, gives the bot a throw-away data directory and a
simulator session, and runs a full birthday campaign against it with short, visible delays.
Nothing of the user's own data, settings or LinkedIn session is used or changed.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from linkedin_bot.cli.common import load_settings, run_async
from linkedin_bot.cli.run import VERBOSE_HELP, run_birthday

if TYPE_CHECKING:
    from linkedin_bot.core.settings import Settings


def _check_variant(value: str) -> str:
    """The simulator's name for `value` (case-insensitive), or a usage error naming the
    valid variants."""
    from sim.variants import parse_variant  # the simulator only for the demo

    try:
        return parse_variant(value)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None


def demo(
    birthdays_today: int = typer.Option(6, min=1, max=200, help="Birthdays today."),
    birthdays_late: int = typer.Option(3, min=0, max=100, help="Birthdays in the last 10 days."),
    seed: int = typer.Option(7, help="Seed of the simulated network."),
    delay: float = typer.Option(1.0, min=0, max=30, help="Seconds between messages."),
    variant: str = typer.Option(
        "sdui",
        help="DOM variant of the simulator: sdui (LinkedIn's 2026 markup), classic, A or B.",
        callback=_check_variant,
    ),
    verbose: bool = typer.Option(False, "--verbose", "-v", help=VERBOSE_HELP),
) -> None:
    """Run a birthday campaign against the built-in LinkedIn simulator."""
    from rich.table import Table
    from rich.text import Text

    from linkedin_bot.cli.common import console
    from linkedin_bot.cli.summary import print_summary
    from linkedin_bot.core.clock import local_date, utc_now
    from linkedin_bot.linkedin.auth import import_session
    from linkedin_bot.services.birthday import BirthdayOptions
    from sim import SimServer, SimState

    base = load_settings()
    today = local_date(utc_now(), base.tz)
    state = SimState.from_seed(
        seed,
        today=today,
        connections=max(40, birthdays_today + birthdays_late + 20),
        birthdays_today=birthdays_today,
        birthdays_late=birthdays_late,
    )
    state.set_faults(variant=variant, popups=True)
    with tempfile.TemporaryDirectory(prefix="linkedin-bot-demo-") as tmp, SimServer(state) as sim:
        settings = demo_settings(base, Path(tmp), sim.base_url, delay)
        import_session(settings, state.valid_li_at)
        console.print(
            f"[bold]Simulated LinkedIn[/] at {sim.base_url}: {birthdays_today} birthdays today, "
            f"{birthdays_late} recent. Data in a temporary directory; nothing real is touched."
        )
        options = BirthdayOptions(process_late=True, force=True)
        report = run_async(
            run_birthday(settings, options, verbose=verbose, log_file=_demo_log_file)
        )
        print_summary(report, verbose=verbose)
        table = Table(title="what the simulated LinkedIn received")
        table.add_column("to")
        table.add_column("message")
        for message in state.messages:
            table.add_row(Text(message.recipient_name), Text(message.text))
        console.print(table)


def _demo_log_file() -> Path:
    """The demo's log (on a terminal): outside its temporary data directory, which is gone
    at the end, and outside the user's own (the demo touches nothing of theirs); in a new
    private directory of the system's temporary one, kept for reading."""
    return Path(tempfile.mkdtemp(prefix="linkedin-bot-demo-")) / "demo.log"


def demo_settings(base: Settings, data_dir: Path, base_url: str, delay: float) -> Settings:
    """The user's settings with everything that could touch real data replaced."""
    return base.model_copy(
        update={
            "data_dir": data_dir,
            "database_url": None,
            "redis_url": None,
            "api_key": None,
            "encryption_key": None,
            "linkedin_base_url": base_url,
            "min_delay_s": delay * 0.5,
            "max_delay_s": delay * 1.5,
            "pacing_enabled": delay > 0,
            "daily_message_limit": max(base.daily_message_limit, 15),
            "headless": True,
        }
    )
