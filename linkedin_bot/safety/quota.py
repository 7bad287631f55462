"""The quota ledger: reserve, mark sending, commit or release, with the SQL database as the
only authority.

Written here rather than taken from a rate-limit library: those count requests in Redis or
in memory, while we need a reservation that is atomic with the intent row it guards (one
transaction), survives crashes (leases, then the reaper), and is never decided by a store
that can lose acknowledged writes. Every window (this run, this calendar day, the last 7
days, in the user's timezone) is checked and taken in the same transaction:

- SQLite: the transaction begins with ``BEGIN IMMEDIATE`` (the write lock is taken first).
- PostgreSQL: ``pg_advisory_xact_lock`` per (account, kind) serializes reservations.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from linkedin_bot.core.clock import Clock, local_date
from linkedin_bot.core.errors import Conflict, QuotaExhausted
from linkedin_bot.core.settings import Settings
from linkedin_bot.db.engine import SQLITE_BEGIN_OPTION
from linkedin_bot.db.enums import MESSAGE_TYPES
from linkedin_bot.db.enums import InteractionStatus as S
from linkedin_bot.db.models import Interaction
from linkedin_bot.db.queries import ledger as q

WINDOW_DAYS = {"day": 1, "7d": 7}
# A write made in the transaction of a ledger move (see QuotaLedger.commit).
Also = Callable[[AsyncSession], Awaitable[None]]
DEFAULT_LEASE = timedelta(minutes=10)


class AlreadyHandled(Conflict):
    """This exact action (same key) is already reserved, in progress, done or in doubt."""

    code = "already_handled"


@dataclass(frozen=True)
class Limits:
    per_run: int
    per_day: int
    per_7_days: int | None  # None: no 7-day window for this kind

    @classmethod
    def for_kind(cls, settings: Settings, kind: str) -> Limits:
        """Every kind of message shares the message limits; visits have their own."""
        if kind in MESSAGE_TYPES:
            return cls(
                settings.per_run_message_limit,
                settings.daily_message_limit,
                settings.weekly_message_limit,
            )
        return cls(settings.daily_visit_limit, settings.daily_visit_limit, None)


@dataclass(frozen=True)
class WindowUsage:
    window: str
    used: int
    limit: int

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.used)


@dataclass(frozen=True)
class Reservation:
    interaction_id: int
    dedup_key: str
    quota_day: date


@dataclass
class QuotaLedger:
    """Reservations of one LinkedIn account, shared by every process using this database."""

    engine: AsyncEngine
    settings: Settings
    clock: Clock
    account: str = "default"
    lease: timedelta = DEFAULT_LEASE
    _locked: async_sessionmaker[AsyncSession] = field(init=False)
    _plain: async_sessionmaker[AsyncSession] = field(init=False)
    _read: async_sessionmaker[AsyncSession] = field(init=False)

    def __post_init__(self) -> None:
        locked_engine = self.engine.execution_options(**{SQLITE_BEGIN_OPTION: "IMMEDIATE"})
        self._locked = async_sessionmaker(locked_engine, expire_on_commit=False)
        self._plain = async_sessionmaker(self.engine, expire_on_commit=False)
        # Reads (usage, "already handled?", the reaper's look-up) never take SQLite's write
        # lock: they begin DEFERRED and, in WAL mode, never wait for a writer.
        reader = self.engine.execution_options(**{SQLITE_BEGIN_OPTION: "DEFERRED"})
        self._read = async_sessionmaker(reader, expire_on_commit=False)

    def today(self) -> date:
        return local_date(self.clock.now(), self.settings.tz)

    async def _usage(
        self, session: AsyncSession, kind: str, run_id: int | None
    ) -> list[WindowUsage]:
        limits = Limits.for_kind(self.settings, kind)
        today = self.today()
        usage = [
            WindowUsage("day", await q.count_in_window(session, kind, today, today), limits.per_day)
        ]
        if limits.per_7_days is not None:
            first = today - timedelta(days=WINDOW_DAYS["7d"] - 1)
            used = await q.count_in_window(session, kind, first, today)
            usage.append(WindowUsage("7d", used, limits.per_7_days))
        if run_id is not None:
            usage.append(
                WindowUsage("run", await q.count_in_run(session, kind, run_id), limits.per_run)
            )
        return usage

    async def usage(self, kind: str, run_id: int | None = None) -> list[WindowUsage]:
        async with self._read() as session:
            return await self._usage(session, kind, run_id)

    async def reserve(
        self,
        *,
        kind: str,
        contact_id: int,
        dedup_key: str,
        run_id: int | None,
        payload: dict[str, Any],
        not_within: timedelta | None = None,
    ) -> Reservation:
        """Take one unit of every window and record the intent, atomically.

        Raises :class:`QuotaExhausted` (naming the window) when any window is full, and
        :class:`AlreadyHandled` when this key is already reserved, sending, done or in doubt,
        or (with ``not_within``) when the contact already had an intent of this kind that
        holds a unit within that period, whatever its key. A key whose earlier attempt
        failed (known not sent) is reserved again.
        """
        now = self.clock.now()
        try:
            async with self._locked() as session, session.begin():
                await q.lock_quota(session, self.account, kind)
                existing = await self._refuse_handled(
                    session, kind, contact_id, dedup_key, not_within
                )
                for window in await self._usage(session, kind, run_id):
                    if window.used >= window.limit:
                        raise QuotaExhausted(
                            f"{kind} quota for this {window.window} is used up "
                            f"({window.used}/{window.limit})",
                            window=window.window,
                            used=window.used,
                            limit=window.limit,
                        )
                quota_day = self.today()
                values = {
                    "status": S.RESERVED.value,
                    "run_id": run_id,
                    "payload": payload,
                    "quota_day": quota_day,
                    "lease_expires_at": now + self.lease,
                    "error": None,
                }
                if existing is None:
                    row = Interaction(
                        contact_id=contact_id,
                        type=kind,
                        dedup_key=dedup_key,
                        created_at=now,
                        **values,
                    )
                    session.add(row)
                    await session.flush()
                    interaction_id = row.id
                else:
                    for name, value in values.items():
                        setattr(existing, name, value)
                    interaction_id = existing.id
        except IntegrityError as exc:  # a racing process inserted the same key first
            raise AlreadyHandled(f"{dedup_key} was just reserved elsewhere") from exc
        return Reservation(interaction_id, dedup_key, quota_day)

    async def already_handled(
        self,
        *,
        kind: str,
        contact_id: int,
        dedup_key: str,
        not_within: timedelta | None = None,
    ) -> str | None:
        """Why :meth:`reserve` would refuse this intent as already handled, or None; a read
        (no lock, no write): what a dry run shows as "already wished"."""
        async with self._read() as session:
            try:
                await self._refuse_handled(session, kind, contact_id, dedup_key, not_within)
            except AlreadyHandled as exc:
                return exc.detail
        return None

    async def _refuse_handled(
        self,
        session: AsyncSession,
        kind: str,
        contact_id: int,
        dedup_key: str,
        not_within: timedelta | None,
    ) -> Interaction | None:
        """Raise :class:`AlreadyHandled` when the key is taken (and not retryable) or, with
        ``not_within``, when the contact had a counted intent of this kind that recently;
        else the key's earlier (retryable) row, if any."""
        existing = await q.find_by_key(session, dedup_key)
        if existing is not None and existing.status not in q.RETRYABLE:
            raise AlreadyHandled(
                f"{dedup_key} is already {existing.status}",
                interaction_id=existing.id,
                status=existing.status,
            )
        if not_within is not None:
            await self._refuse_recent(session, kind, contact_id, self.clock.now() - not_within)
        return existing

    async def _refuse_recent(
        self, session: AsyncSession, kind: str, contact_id: int, since: datetime
    ) -> None:
        since_day = local_date(since, self.settings.tz)
        recent = await q.last_counted_for_contact(session, kind, contact_id, since, since_day)
        if recent is not None:
            raise AlreadyHandled(
                f"contact {contact_id} already had a {kind} on "
                f"{(recent.quota_day or recent.created_at.date()).isoformat()} ({recent.status})",
                interaction_id=recent.id,
                status=recent.status,
            )

    async def _move(
        self,
        interaction_id: int,
        from_statuses: tuple[str, ...],
        to_status: str,
        values: dict[str, Any] | None = None,
        also: Also | None = None,
    ) -> bool:
        async with self._plain() as session, session.begin():
            moved = await q.transition(
                session,
                interaction_id,
                from_statuses=from_statuses,
                to_status=to_status,
                values=values,
            )
            if moved and also is not None:
                await also(session)
            return moved

    async def mark_sending(self, interaction_id: int) -> None:
        """Record, before the click, that the action may now happen."""
        lease = self.clock.now() + self.lease
        if not await self._move(
            interaction_id, (S.RESERVED.value,), S.SENDING.value, {"lease_expires_at": lease}
        ):
            raise AlreadyHandled(f"interaction {interaction_id} is no longer reserved")

    async def commit(
        self,
        interaction_id: int,
        *,
        status: str = S.SENT.value,
        payload: dict[str, Any],
        also: Also | None = None,
    ) -> None:
        """The action verifiably happened: the unit is spent for good. ``also`` writes what
        goes with it (a visited profile's data) in the same transaction: one write, and
        never the one without the other."""
        await self._move(
            interaction_id,
            (S.RESERVED.value, S.SENDING.value, S.UNKNOWN.value),
            status,
            {"lease_expires_at": None, "payload": payload, "error": None},
            also,
        )

    async def release(self, interaction_id: int, reason: str, also: Also | None = None) -> None:
        """Nothing can have happened on LinkedIn: give the unit back, record why (and
        ``also``, in the same transaction)."""
        await self._move(
            interaction_id,
            (S.RESERVED.value, S.SENDING.value, S.UNKNOWN.value),
            S.FAILED.value,
            {"lease_expires_at": None, "error": reason[:2000]},
            also,
        )

    async def mark_unknown(self, interaction_id: int, reason: str) -> None:
        """It may have happened: keep the unit, never retry blindly, let the user see it."""
        await self._move(
            interaction_id,
            (S.RESERVED.value, S.SENDING.value),
            S.UNKNOWN.value,
            {"lease_expires_at": None, "error": reason[:2000]},
        )

    async def reap(self) -> tuple[int, int]:
        """Settle expired leases: a reservation never sent is released, a send in progress
        becomes in doubt. Returns (released, in_doubt)."""
        now = self.clock.now()
        released = doubted = 0
        async with self._read() as session:
            reserved = [i.id for i in await q.expired_leases(session, S.RESERVED.value, now)]
            sending = [i.id for i in await q.expired_leases(session, S.SENDING.value, now)]
        for interaction_id in reserved:
            if await self._move(
                interaction_id,
                (S.RESERVED.value,),
                S.FAILED.value,
                {"lease_expires_at": None, "error": "reservation expired before sending"},
            ):
                released += 1
        for interaction_id in sending:
            if await self._move(
                interaction_id,
                (S.SENDING.value,),
                S.UNKNOWN.value,
                {"lease_expires_at": None, "error": "the process stopped while sending; in doubt"},
            ):
                doubted += 1
        return released, doubted
