"""The live view of a run (``run ...``, ``demo``): a progress bar, and a calm terminal.

While the bar is on screen the log lines go to a log file in the data directory (the
summary says where), and only warnings and errors to the terminal, printed above the bar
rather than inside it; ``--verbose`` shows the informational lines there too. The bar is
drawn on standard error, so that standard output holds the summary alone.
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
    steps: Steps, log_file: Path, *, verbose: bool
) -> Iterator[tuple[Callable[[ProgressEvent], None], Path | None]]:
    """The progress callback and the log file in use (None when it could not be opened:
    the lines then stay on the terminal, said in a warning)."""
    from linkedin_bot.cli.common import warn
    from linkedin_bot.core.logging import logs_to_file

    with ExitStack() as stack:
        level = logging.INFO if verbose else logging.WARNING
        used: Path | None = log_file
        try:
            stack.enter_context(logs_to_file(log_file, terminal_level=level))
        except OSError as exc:
            warn(f"cannot write the log file {log_file} ({exc.strerror or exc}): logs stay here")
            used = None
        bar = stack.enter_context(_bar())
        yield _describe(bar, steps), used
