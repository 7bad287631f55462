"""What the services need from the LinkedIn driver, as a protocol (services never build it)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import date
from typing import Protocol

from linkedin_bot.linkedin.types import (
    AcceptResults,
    BeforeClick,
    BirthdayCard,
    ComposeFromThread,
    OccasionCard,
    OccasionKind,
    ProfileData,
    SearchWalk,
    SendResult,
    ThreadMessage,
)


class Driver(Protocol):
    async def validate_session(self) -> None: ...

    async def birthdays(self, today: date, max_days_late: int) -> list[BirthdayCard]: ...

    async def occasions(self, kind: OccasionKind) -> list[OccasionCard]: ...

    async def send_message(
        self, card: OccasionCard, text: str | ComposeFromThread, before_click: BeforeClick
    ) -> SendResult: ...

    async def thread_messages(self, public_id: str) -> list[ThreadMessage]: ...

    async def search_people(
        self, search_url: str, *, wanted: int, accept: AcceptResults | None = None
    ) -> SearchWalk: ...

    async def visit_profile(self, public_id: str) -> ProfileData: ...


# Opens the browser for one run (one browser per run) and closes it after.
DriverFactory = Callable[[int], AbstractAsyncContextManager[Driver]]
