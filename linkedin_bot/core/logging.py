"""structlog, configured once: JSON when not on a terminal, the console renderer on one.

stdlib loggers (uvicorn, SQLAlchemy, alembic) go through the same processors, so every line
has the same shape and the same context (``request_id``, ``run_id`` bound through
contextvars).

While the CLI shows a live display (a run's progress bar), :func:`logs_to_file` sends the
lines to a log file instead, and only warnings and errors to the terminal, through whatever
``sys.stderr`` is at that moment (the live display puts its own in place, which prints above
the bar instead of inside it).
"""

from __future__ import annotations

import logging
import logging.handlers
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

import structlog
from structlog.typing import Processor

from linkedin_bot.core.private_files import (
    PRIVATE_FILE_MODE,
    create_private_file,
    ensure_private_dir,
)
from linkedin_bot.core.redaction import redact, redact_event

_configured = False
# Loggers quieter than the level asked for: their INFO lines are details (a selector that
# needed its fallback is worth a metric, not a line on the user's terminal). Shown when the
# level is DEBUG, or when LINKEDIN_BOT_LOG_LEVELS names the logger.
DETAIL_LOGGERS = ("linkedin_bot.linkedin.selector_engine",)
LOG_FILE_MAX_BYTES = 5 * 1024 * 1024
LOG_FILE_BACKUPS = 3


class RedactingFormatter(structlog.stdlib.ProcessorFormatter):
    """The last net: secrets are masked in the rendered line, tracebacks included."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def _shared_processors() -> list[Processor]:
    return [
        structlog.contextvars.merge_contextvars,
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        structlog.processors.StackInfoRenderer(),
        redact_event,
    ]


def _formatter(renderer: Processor) -> RedactingFormatter:
    return RedactingFormatter(
        foreign_pre_chain=_shared_processors(),
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            renderer,
        ],
    )


class CurrentStderrHandler(logging.StreamHandler[TextIO]):
    """A handler writing to ``sys.stderr`` as it is when a line is emitted (like logging's
    last resort), not as it was when the handler was made."""

    def __init__(self) -> None:
        logging.Handler.__init__(self)

    @property
    def stream(self) -> TextIO:  # type: ignore[override]  # always the current sys.stderr
        return sys.stderr


def configure_logging(
    level: str = "INFO",
    fmt: str = "auto",
    *,
    levels: Mapping[str, str] | None = None,
    force: bool = False,
) -> None:
    """Configure structlog and the stdlib root logger (once per process unless ``force``)."""
    global _configured  # noqa: PLW0603  (process-wide logging is configured once)
    if _configured and not force:
        return
    as_json = fmt == "json" or (fmt == "auto" and not sys.stderr.isatty())
    renderer: Processor = (
        structlog.processors.JSONRenderer()
        if as_json
        else structlog.dev.ConsoleRenderer(
            colors=sys.stderr.isatty(),
            # Never print local variables: they may hold cookies, keys or message text.
            exception_formatter=structlog.dev.plain_traceback,
        )
    )
    shared = _shared_processors()
    structlog.configure(
        # Level first: a call below the logger's level (the per-request debug line) is
        # dropped before the other processors run, not after (about 30 µs saved per call).
        processors=[
            structlog.stdlib.filter_by_level,
            *shared,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_formatter(renderer))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in (
        "uvicorn.access",
        "sqlalchemy.engine",
        "alembic",
        "asyncio",
        "aiosqlite",
        "httpx",
    ):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLevelName(level)))
    for name in DETAIL_LOGGERS:
        detail = logging.DEBUG if logging.getLevelName(level) <= logging.DEBUG else logging.WARNING
        logging.getLogger(name).setLevel(detail)
    for name, module_level in (levels or {}).items():
        logging.getLogger(name).setLevel(module_level)
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    _configured = True


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log file kept 0600: the lines name the user's contacts."""

    def __init__(self, path: Path) -> None:
        create_private_file(path, b"")  # False when it exists: it is appended to
        path.chmod(PRIVATE_FILE_MODE)
        super().__init__(
            path, maxBytes=LOG_FILE_MAX_BYTES, backupCount=LOG_FILE_BACKUPS, encoding="utf-8"
        )

    def doRollover(self) -> None:
        super().doRollover()
        Path(self.baseFilename).chmod(PRIVATE_FILE_MODE)


@contextmanager
def logs_to_file(path: Path, *, terminal_level: int | str = logging.WARNING) -> Iterator[Path]:
    """For the time of a live display: every line goes to ``path`` (JSON, one object a line,
    rotated at 5 MB, 0600), and only the lines at ``terminal_level`` or above to the
    terminal, through the current ``sys.stderr``. The handlers in place before are put back
    afterwards. Missing directories are created 0700; an existing one keeps its mode (it may
    be shared: never tighten a directory we did not make)."""
    ensure_private_dir(path.parent, tighten=False)
    file_handler = _PrivateRotatingFileHandler(path)
    file_handler.setFormatter(_formatter(structlog.processors.JSONRenderer()))
    root = logging.getLogger()
    before = root.handlers[:]
    terminal = CurrentStderrHandler()
    terminal.setLevel(terminal_level)
    shown = next((h.formatter for h in before if h.formatter is not None), None)
    terminal.setFormatter(shown or _formatter(structlog.dev.ConsoleRenderer(colors=False)))
    root.handlers[:] = [file_handler, terminal]
    try:
        yield path
    finally:
        root.handlers[:] = before
        file_handler.close()


# Names a structlog / stdlib log call takes for itself: a context key spelled like one of them
# would make the call itself fail (``TypeError: got multiple values for argument``).
RESERVED_LOG_KEYS = frozenset({"event", "exc_info", "stack_info", "stacklevel", "extra"})


def log_fields(*contexts: Mapping[str, Any], **fields: Any) -> dict[str, Any]:
    """The keyword arguments of a log call: the items of ``contexts`` (an error's context,
    say), then ``fields``, which win on a shared name; a reserved name gets a ``_`` suffix.

    Splatting a context next to explicit keywords (``log.warning(..., action=a,
    **error.context)``) raises as soon as the context holds ``action`` too, and a log line
    must never be what ends a run: build the arguments with this instead.
    """
    merged: dict[str, Any] = {}
    for source in (*contexts, fields):
        for key, value in source.items():
            merged[f"{key}_" if key in RESERVED_LOG_KEYS else key] = value
    return merged


def get_logger(name: str | None = None, **initial: Any) -> structlog.stdlib.BoundLogger:
    logger: structlog.stdlib.BoundLogger = structlog.stdlib.get_logger(name, **initial)
    return logger
