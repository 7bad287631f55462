"""``linkedin-bot inspect feed|birthdays|profile URL|search URL|thread URL [--json]``.

Opens one LinkedIn page with the saved session, on the configured LinkedIn
(``LINKEDIN_BOT_LINKEDIN_BASE_URL``: the real site or the simulator), and prints what the
driver reads there: every field it returns, the greeting name the bot would use, and for
birthdays who would be skipped and why. Read-only: no run, no quota, no message; the
cool-down and a dead session are honoured as by ``run`` (same message, same exit code).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

import typer

from linkedin_bot.cli.common import EXIT_USAGE, fail, load_settings
from linkedin_bot.core.errors import LinkedInBotError

if TYPE_CHECKING:
    from linkedin_bot.cli.inspect_read import Reading
    from linkedin_bot.core.settings import Settings
    from linkedin_bot.linkedin.driver import LinkedInDriver
    from linkedin_bot.wiring import Runtime

    Read = Callable[[Runtime, LinkedInDriver], Awaitable[Reading]]

app = typer.Typer(
    help="Show what the bot reads on a LinkedIn page (read-only: sends nothing, uses no quota).",
    no_args_is_help=True,
)
JSON_HELP = "One JSON document, for scripts."
THREAD_PATH = "/messaging/thread/"


async def _read(settings: Settings, read: Read) -> Reading:
    from linkedin_bot.cli.inspect_session import browser, prepared

    async with prepared(settings) as runtime, browser(runtime) as driver:
        return await read(runtime, driver)


def _inspect(settings: Settings, page: str, read: Read, json_output: bool) -> None:
    """Read the page and print it; a refusal or a failure is one line and the exit code
    ``run`` would give (with ``--json``, also a JSON document naming the error)."""
    import asyncio

    from linkedin_bot.cli.inspect_session import calm_terminal, exit_code, explain
    from linkedin_bot.cli.inspect_show import as_json, dumps, show

    try:
        with calm_terminal(settings):
            reading = asyncio.run(_read(settings, read))
    except LinkedInBotError as exc:
        if json_output:
            typer.echo(dumps({"page": page, "error": exc.code, "detail": explain(exc)}))
        fail(explain(exc), exit_code(exc))
    if json_output:
        typer.echo(dumps(as_json(reading, settings.linkedin_base_url)))
    else:
        show(reading)


def _checked_profile(url: str, settings: Settings) -> str:
    from linkedin_bot.cli.inspect_session import profile_public_id

    try:
        return profile_public_id(url, settings)
    except LinkedInBotError as exc:
        fail(f"profile URL: {exc.detail}", EXIT_USAGE)


@app.command("feed", short_help="The signed-in check, and the link to your profile.")
def feed(json_output: bool = typer.Option(False, "--json", help=JSON_HELP)) -> None:
    """The signed-in check on the feed, and the link to your own profile."""
    from linkedin_bot.cli.inspect_read import read_feed

    settings = load_settings()
    _inspect(settings, "feed", lambda _rt, driver: read_feed(driver), json_output)


@app.command("birthdays", short_help="Birthdays: greeting names, and who a run would skip and why.")
def birthdays(
    max_days_late: int | None = typer.Option(
        None, min=0, max=10, help="Also list birthdays up to this many days ago (default: as runs)."
    ),
    json_output: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """The birthdays page: each person as read, the name they would be greeted by, and who
    a birthday run would skip, and why."""
    from linkedin_bot.cli.inspect_read import read_birthdays

    settings = load_settings()
    _inspect(
        settings,
        "birthdays",
        lambda runtime, driver: read_birthdays(runtime, driver, max_days_late),
        json_output,
    )


@app.command("profile")
def profile(
    url: str = typer.Argument(
        ..., metavar="URL", help="A profile: https://www.linkedin.com/in/<name>/"
    ),
    json_output: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """A profile: every field the driver reads, and the greeting name."""
    from linkedin_bot.cli.inspect_read import read_profile

    settings = load_settings()
    public_id = _checked_profile(url, settings)
    _inspect(settings, "profile", lambda _rt, driver: read_profile(driver, public_id), json_output)


@app.command("search")
def search(
    url: str = typer.Argument(
        ...,
        metavar="URL",
        help="A people search: https://www.linkedin.com/search/results/people/?...",
    ),
    pages: int = typer.Option(1, min=1, max=5, help="Read this many result pages."),
    json_output: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """A people search: each result as read, and the greeting name."""
    from linkedin_bot.cli.inspect_read import read_search
    from linkedin_bot.services.sourcing_criteria import validate_search_url

    settings = load_settings()
    try:
        search_url = validate_search_url(url, settings.linkedin_base_url)
    except LinkedInBotError as exc:
        fail(exc.detail, EXIT_USAGE)
    _inspect(
        settings,
        "search",
        lambda _rt, driver: read_search(driver, search_url, pages),
        json_output,
    )


def _thread_key(url: str, settings: Settings) -> str:
    """What the driver finds a conversation by: the thread's id for a conversation URL
    (``/messaging/thread/<id>/``, opened as such), the person's public id for a profile."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url.strip() if "://" in url else "https://" + url.strip())
    if parts.path.startswith(THREAD_PATH):
        key = unquote(parts.path[len(THREAD_PATH) :].split("/", 1)[0])
        base = urlsplit(settings.linkedin_base_url).netloc.lower()
        host = parts.netloc.lower()
        if key and (host in (base, "linkedin.com") or host.endswith(".linkedin.com")):
            return key
    if "/in/" in parts.path:
        return _checked_profile(url, settings)
    fail(
        "thread URL: give a conversation (https://www.linkedin.com/messaging/thread/<id>/) "
        "or the profile of the person (https://www.linkedin.com/in/<name>/)",
        EXIT_USAGE,
    )


@app.command("thread", short_help="A conversation's messages, oldest first.")
def thread(
    url: str = typer.Argument(
        ...,
        metavar="URL",
        help="A conversation (/messaging/thread/<id>/) or the person's profile (/in/...).",
    ),
    json_output: bool = typer.Option(False, "--json", help=JSON_HELP),
) -> None:
    """A conversation: its messages as the driver reads them, oldest first."""
    from urllib.parse import quote

    from linkedin_bot.cli.inspect_read import read_thread

    settings = load_settings()
    key = _thread_key(url, settings)
    page = None
    if "/in/" not in url:  # a conversation: its own page, at the configured LinkedIn
        page = f"{settings.linkedin_base_url.rstrip('/')}{THREAD_PATH}{quote(key, safe='')}/"
    _inspect(
        settings,
        "thread",
        lambda _rt, driver: read_thread(driver, url, key, page),
        json_output,
    )
