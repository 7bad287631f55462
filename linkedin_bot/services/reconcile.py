"""Settle messages in doubt by reading their conversation threads.

A message is in doubt when the process stopped (or the page failed) after the Send click
and before the thread confirmed it. It is never re-sent blindly: at the next run, its
thread is read. Seen there: sent. A readable thread without it: it was not delivered, and
its quota unit is given back. Unreadable: it stays in doubt, visible at
``/interactions?status=unknown``.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from linkedin_bot.core.errors import (
    AutomationError,
)
from linkedin_bot.core.logging import get_logger
from linkedin_bot.db.models import Interaction
from linkedin_bot.db.queries import conversations
from linkedin_bot.db.queries import ledger as q
from linkedin_bot.linkedin.types import ThreadMessage
from linkedin_bot.safety.quota import QuotaLedger
from linkedin_bot.services.ports import Driver
from linkedin_bot.services.thread_reading import replies_to

log = get_logger("linkedin_bot.reconcile")


def _normalise(text: str) -> str:
    return " ".join(text.split())


async def reconcile_in_doubt(
    sessions: async_sessionmaker[AsyncSession],
    ledger: QuotaLedger,
    driver: Driver,
    kind: str,
) -> int:
    """Settle what can be settled; returns how many were. The replies read in those
    conversations are kept."""
    now = ledger.clock.now()
    async with sessions() as session:
        doubtful = await q.in_doubt(session, kind)
    settled = 0
    for interaction in doubtful:
        public_id = interaction.payload.get("public_id")
        message = interaction.payload.get("message")
        if not public_id or not message:
            continue
        try:
            thread = await driver.thread_messages(str(public_id))
        except AutomationError as exc:
            if exc.ends_run:
                raise  # reconciling further would act against it
            log.warning("reconcile.unreadable", interaction_id=interaction.id, detail=exc.detail)
            continue
        ours = {_normalise(m.text) for m in thread if m.from_member is not False}
        keep = partial(_keep_replies, interaction, thread, now)
        if _normalise(str(message)) in ours:
            await ledger.commit(interaction.id, payload=interaction.payload, also=keep)
            log.info("reconcile.sent", interaction_id=interaction.id)
        else:
            await ledger.release(
                interaction.id, "not in the conversation thread when reconciled", also=keep
            )
            log.info("reconcile.not_delivered", interaction_id=interaction.id)
        settled += 1
    return settled


async def _keep_replies(
    interaction: Interaction, thread: list[ThreadMessage], now: datetime, session: AsyncSession
) -> None:
    """The person's replies after our messages (this one included, once settled as sent),
    kept with the settlement (one transaction)."""
    sent = {
        " ".join(text.split()): iid
        for iid, text in await conversations.sent_messages(session, interaction.contact_id)
    }
    replies = [(r.text, r.day, r.answers) for r in replies_to(thread, sent)]
    await conversations.record_replies(session, interaction.contact_id, replies, None, now)
