"""Learned selectors in ``linkedin_selectors``, on SQLite and PostgreSQL."""

from __future__ import annotations

from sqlalchemy import select

from linkedin_bot.db.models import LinkedInSelector
from linkedin_bot.db.queries.selectors import SqlSelectorStore
from tests.helpers import Database

ELEMENT = "overlay.send_button"


async def _row(db: Database, selector: str) -> LinkedInSelector:
    async with db.sessions() as session:
        row = await session.scalar(
            select(LinkedInSelector).where(LinkedInSelector.selector == selector)
        )
    assert row is not None
    return row


async def test_success_upserts_one_row_per_selector(db: Database) -> None:
    """Recording a success twice keeps one row, counts two successes, stamps the time."""
    store = SqlSelectorStore(db.sessions)
    await store.record_success(ELEMENT, "form button", "default")
    await store.record_success(ELEMENT, "form button", "default")
    row = await _row(db, "form button")
    assert (row.success_count, row.failure_count, row.score) == (2, 0, 2.0)
    assert row.source == "default"
    assert row.last_success_at is not None
    assert row.last_success_at.tzinfo is not None


async def test_failure_halves_the_score_and_drops_it_from_learned(db: Database) -> None:
    """A failure halves the score and takes one off: a long-trusted selector fades fast."""
    store = SqlSelectorStore(db.sessions)
    for _ in range(4):
        await store.record_success(ELEMENT, "old", "default")
    await store.record_failure(ELEMENT, "old")
    assert (await _row(db, "old")).score == 1.0
    assert await store.learned(ELEMENT) == ["old"]
    await store.record_failure(ELEMENT, "old")
    row = await _row(db, "old")
    assert (row.score, row.failure_count) == (-0.5, 2)
    assert row.last_failure_at is not None
    assert await store.learned(ELEMENT) == []


async def test_learned_is_best_first_and_per_element(db: Database) -> None:
    """Best score first; another element's selectors never leak in."""
    store = SqlSelectorStore(db.sessions)
    await store.record_success(ELEMENT, "good", "fallback")
    for _ in range(3):
        await store.record_success(ELEMENT, "better", "default")
    await store.record_success("overlay.composer", "elsewhere", "default")
    assert await store.learned(ELEMENT) == ["better", "good"]
