"""Settle messages in doubt by reading their conversation threads.

A message is in doubt when the process stopped (or the page failed) after the Send click
and before the thread confirmed it. It is never re-sent blindly: at the next run, its
thread is read. Seen there: sent. A readable thread without it: it was not delivered, and
its quota unit is given back. Unreadable: it stays in doubt, visible at
``/interactions?status=unknown``.
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from linkedin_bot.core.errors import (
    AccountRestricted,
    AutomationError,
    CircuitOpen,
    PageChanged,
    SessionExpired,
)
from linkedin_bot.core.logging import get_logger
from linkedin_bot.db.queries import ledger as q
from linkedin_bot.safety.quota import QuotaLedger
from linkedin_bot.services.ports import Driver

log = get_logger("linkedin_bot.reconcile")


def _normalise(text: str) -> str:
    return " ".join(text.split())


async def reconcile_in_doubt(
    sessions: async_sessionmaker[AsyncSession],
    ledger: QuotaLedger,
    driver: Driver,
    kind: str,
) -> int:
    """Settle what can be settled; returns how many were."""
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
        except (AccountRestricted, SessionExpired, CircuitOpen, PageChanged):
            raise  # these end the run: reconciling further would act against them
        except AutomationError as exc:
            log.warning("reconcile.unreadable", interaction_id=interaction.id, detail=exc.detail)
            continue
        ours = {_normalise(m.text) for m in thread if m.from_member is not False}
        if _normalise(str(message)) in ours:
            await ledger.commit(interaction.id, payload=interaction.payload)
            log.info("reconcile.sent", interaction_id=interaction.id)
        else:
            await ledger.release(interaction.id, "not in the conversation thread when reconciled")
            log.info("reconcile.not_delivered", interaction_id=interaction.id)
        settled += 1
    return settled
