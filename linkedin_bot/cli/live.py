"""The live view of a run (``run ...``, ``demo``): a progress bar, and a calm terminal.

The bar is drawn on standard error when it is a terminal, so that standard output holds
the summary alone. While it is on screen the log lines go to a log file in the data
directory (the summary says where), and only warnings and errors to the terminal, printed
above the bar rather than inside it; ``--verbose`` shows the informational lines there too.
Without a terminal (a timer, cron, a pipe) there is no bar: the lines go to standard error
as usual, for the journal or whatever collects it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.progress import Progress

    from linkedin_bot.services.progress import ProgressEvent

# Where the CLI's runs log, under the data directory (`linkedin-bot status` shows it).
LOG_FILE = Path("logs") / "linkedin-bot.log"


@dataclass(frozen=True)
class Steps:
    """What the bar says: before the total is known, the event that gives it, after."""

    first: str
    found: str
    doing: str


def _bar() -> Progress:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from linkedin_bot.cli.common import err_console

    return Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    )


def _describe(bar: Progress, steps: Steps) -> Callable[[ProgressEvent], None]:
    from rich.markup import escape

    task = bar.add_task(steps.first, total=None)

    def on_event(event: ProgressEvent) -> None:
        if event.kind == steps.found:
            bar.update(task, total=event.data["count"], description=steps.doing)
        elif event.kind == "contact.done":
            bar.update(task, advance=1, description=escape(str(event.data["name"])))
        elif event.kind == "session.valid":
            bar.update(task, description="LinkedIn session valid")
        elif event.kind == "quota.exhausted":
            bar.update(task, description="quota reached")

    return on_event


@contextmanager
def live_view(
    steps: Steps, log_file: Callable[[], Path], *, verbose: bool
) -> Iterator[tuple[Callable[[ProgressEvent], None], Path | None]]:
    """The progress callback, and the log file the lines go to meanwhile: ``log_file()``
    on a terminal; None without one, or when it cannot be opened (the lines then stay on
    standard error; the latter is said in a warning)."""
    from linkedin_bot.cli.common import err_console, warn
    from linkedin_bot.core.logging import logs_to_file

    with ExitStack() as stack:
        used: Path | None = None
        if err_console.is_terminal:
            level = logging.INFO if verbose else logging.WARNING
            used = log_file()
            try:
                stack.enter_context(logs_to_file(used, terminal_level=level))
            except OSError as exc:
                warn(f"cannot write the log file {used} ({exc.strerror or exc}): logs stay here")
                used = None
        bar = stack.enter_context(_bar())
        yield _describe(bar, steps), used
