"""Delivering one message to the configured URLs, with Apprise, in bounded time.

Each URL is sent to from its own daemon thread (Apprise's services are blocking: SMTP,
HTTP): the event loop only waits for the answer, at most ``timeout_s`` (plus a little), and
a send that hangs past it is abandoned, reported as "no answer", and cannot keep the
process from exiting (a daemon thread, not an executor's, which the interpreter would wait
for). Apprise's own socket timeouts are lowered to the same bound, so an abandoned thread
ends soon after by itself.

The message is redacted before it leaves (the last net: run errors are redacted already),
and a failure is described by Apprise's own words, redacted, never by the URL.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from linkedin_bot.core.notify_urls import NotifyTarget
from linkedin_bot.core.redaction import redact

if TYPE_CHECKING:
    from apprise import AppriseResult

# How long past the timeout the loop still waits for a thread's answer (scheduling slack).
GRACE_S = 1.0
REASON_MAX_CHARS = 300


class Level(StrEnum):
    """Apprise's notification types: services show them as colours or icons."""

    INFO = "info"
    SUCCESS = "success"
    WARNING = "warning"
    FAILURE = "failure"


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    level: Level = Level.INFO

    def redacted(self) -> Message:
        return Message(redact(self.title), redact(self.body), self.level)


@dataclass(frozen=True)
class Delivery:
    """The outcome for one URL, named by its label (never its text)."""

    target: str
    ok: bool
    reason: str | None = None


def _reason(result: AppriseResult) -> str:
    """Apprise's last warning or error about the failed send, redacted."""
    messages = [entry.message for entry in result.logs() if entry.level in {"WARNING", "ERROR"}]
    reason = messages[-1] if messages else "the service did not accept it"
    return redact(str(reason))[:REASON_MAX_CHARS]


def send_blocking(target: NotifyTarget, message: Message, timeout_s: float) -> Delivery:
    """Send ``message`` to one URL now (blocking; from a thread of its own)."""
    from apprise import Apprise, AppriseAsset, NotifyType  # noqa: PLC0415  (heavy: on use)

    # Sequential (no thread pool of Apprise's own) and no Apprise deadline: the bound is
    # ours (see deliver), and the socket timeouts below end the thread itself soon after.
    asset = AppriseAsset(async_mode=False, service_timeout=0, secure_logging=True)
    plugin = Apprise.instantiate(target.url, asset=asset)
    if plugin is None:
        return Delivery(target.label, False, "Apprise cannot use this URL")
    plugin.socket_connect_timeout = min(float(plugin.socket_connect_timeout), timeout_s)
    plugin.socket_read_timeout = min(float(plugin.socket_read_timeout), timeout_s)
    apprise = Apprise(asset=asset)
    apprise.add(plugin)
    result = apprise.notify(
        body=message.body, title=message.title, notify_type=NotifyType(message.level.value)
    )
    if result:
        return Delivery(target.label, True)
    return Delivery(target.label, False, _reason(result))


async def deliver_one(target: NotifyTarget, message: Message, timeout_s: float) -> Delivery:
    """Send to one URL from a daemon thread; wait at most ``timeout_s`` (+ grace)."""
    loop = asyncio.get_running_loop()
    answer: asyncio.Future[Delivery] = loop.create_future()

    def settle(delivery: Delivery) -> None:
        if not answer.done():
            answer.set_result(delivery)

    def work() -> None:
        try:
            delivery = send_blocking(target, message, timeout_s)
        except Exception as exc:  # noqa: BLE001  (a plugin's bug is this URL's failure)
            delivery = Delivery(target.label, False, redact(f"{type(exc).__name__}: {exc}"))
        try:
            loop.call_soon_threadsafe(settle, delivery)
        except RuntimeError:  # the loop is closed: nobody waits for this answer any more
            return

    threading.Thread(target=work, name=f"notify-{target.position}", daemon=True).start()
    bound = timeout_s + GRACE_S
    try:
        return await asyncio.wait_for(answer, bound)
    except TimeoutError:
        return Delivery(target.label, False, f"no answer within {bound:g} s")


async def deliver(
    targets: Sequence[NotifyTarget], message: Message, timeout_s: float
) -> list[Delivery]:
    """Send ``message`` (redacted) to every URL at once; one outcome per URL, in order."""
    clean = message.redacted()
    return list(await asyncio.gather(*(deliver_one(t, clean, timeout_s) for t in targets)))
