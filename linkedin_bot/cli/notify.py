"""``linkedin-bot notify test``: send a test notification to every configured URL."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from linkedin_bot.cli.common import EXIT_FAILURE, EXIT_USAGE, fail, load_settings, run_async

if TYPE_CHECKING:
    from linkedin_bot.services.notification_delivery import Delivery
    from linkedin_bot.services.notifications import Notifier

app = typer.Typer(
    help=(
        "Notifications: Apprise URLs in LINKEDIN_BOT_NOTIFY_URLS, or saved on the dashboard's "
        "Settings page (docs/notifications.md)."
    ),
    no_args_is_help=True,
)

NO_URL = (
    "no notification URL is configured: set LINKEDIN_BOT_NOTIFY_URLS to one or several "
    "Apprise URLs, or save them on the dashboard's Settings page (see docs/notifications.md)"
)
ORIGINS = {"environment": "LINKEDIN_BOT_NOTIFY_URLS", "saved": "the URLs saved on the dashboard"}


@app.command("test")
def test() -> None:
    """Send a test notification to each URL (LINKEDIN_BOT_NOTIFY_URLS, else the URLs saved
    on the dashboard) and say, for each, whether it was delivered (exit 1 if one was not).
    URLs are named by position and service, never shown."""
    from linkedin_bot.cli.common import console, warn
    from linkedin_bot.core.clock import SystemClock
    from linkedin_bot.services.notifications import build_notifier

    settings = load_settings()
    notifier = build_notifier(settings, SystemClock())
    config = notifier.config
    if config.problem is not None and not config.targets:
        fail(config.problem, EXIT_FAILURE)
    if not config.targets:
        fail(NO_URL, EXIT_USAGE)
    if config.problem is not None:
        warn(config.problem)
    deliveries = run_async(_send(notifier, ORIGINS[config.origin]))
    for delivery in deliveries:
        if delivery.ok:
            console.print(f"[green]delivered[/]  {delivery.target}", highlight=False)
        else:
            console.print(
                f"[bold red]FAILED[/]     {delivery.target}: {delivery.reason}",
                highlight=False,
                soft_wrap=True,
            )
    failed = sum(not d.ok for d in deliveries)
    if failed:
        fail(
            f"{failed} of {len(deliveries)} notification URL(s) did not take the test "
            "notification: check them (docs/notifications.md)",
            EXIT_FAILURE,
        )
    console.print(f"The test notification reached all {len(deliveries)} URL(s).")


async def _send(notifier: Notifier, origin: str) -> list[Delivery]:
    from linkedin_bot.cli.common import console
    from linkedin_bot.services.notification_delivery import GRACE_S

    console.print(
        f"Sending a test notification to {len(notifier.targets)} URL(s) of {origin} at once, "
        f"waiting at most {notifier.settings.notify_timeout_s + GRACE_S:g} s...",
        highlight=False,
    )
    return await notifier.send_test()
