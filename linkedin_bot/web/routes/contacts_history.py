"""A contact's history as their page shows it: the messages sent (text, date, occasion),
their replies, the profile visits, and the fit score's breakdown of the last visit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from linkedin_bot.core.errors import InvalidInput
from linkedin_bot.db.enums import InteractionStatus, InteractionType
from linkedin_bot.db.queries.interactions import InteractionFilters, list_interactions
from linkedin_bot.web.i18n import Translator
from linkedin_bot.web.pages import Viewer

HISTORY_PAGE = 50


@dataclass(frozen=True)
class HistoryRow:
    id: int
    when: str  # the user's local time
    what: str  # translated: "Birthday message", "Reply"...
    status: str  # the stored value (the badge's class)
    status_label: str
    text: str | None  # the message sent or the reply
    detail: str  # translated: "2 days late", "5 years at Acme"...
    error: str | None
    run_id: int | None


@dataclass(frozen=True)
class ScorePart:
    criterion: str
    points: float
    max_points: float
    reason: str  # as the scoring wrote it (English data, like a profile's text)


@dataclass(frozen=True)
class Score:
    score: float
    when: str
    vetoed_by: str | None
    parts: tuple[ScorePart, ...]


@dataclass(frozen=True)
class History:
    rows: list[HistoryRow]
    next_cursor: str | None
    score: Score | None
    error: str | None = None  # a cursor that is not ours


def month_names(t: Translator) -> tuple[str, ...]:
    return (
        t("January"),
        t("February"),
        t("March"),
        t("April"),
        t("May"),
        t("June"),
        t("July"),
        t("August"),
        t("September"),
        t("October"),
        t("November"),
        t("December"),
    )


def month_day(t: Translator, month: int | None, day: int | None) -> str:
    """A birthday as people write it: "12 March" / "12 mars"; "" when unknown."""
    if not month or not day or not 1 <= month <= 12:
        return ""
    return t("%(day)s %(month)s", day=day, month=month_names(t)[month - 1])


def _kind_label(t: Translator, kind: str, payload: dict[str, Any]) -> str:
    if kind == InteractionType.BIRTHDAY_MESSAGE:
        return t("Late birthday message") if payload.get("days_late") else t("Birthday message")
    if kind == InteractionType.ANNIVERSARY_MESSAGE:
        return t("Work anniversary message")
    if kind == InteractionType.NEW_JOB_MESSAGE:
        return t("New job message")
    if kind == InteractionType.PROFILE_VISIT:
        return t("Profile visit")
    if kind == InteractionType.REPLY:
        return t("Reply")
    return kind


def status_label(t: Translator, status: str) -> str:
    labels: dict[str, str] = {
        InteractionStatus.RESERVED: t("reserved"),
        InteractionStatus.SENDING: t("sending"),
        InteractionStatus.SENT: t("sent"),
        InteractionStatus.VISITED: t("visited"),
        InteractionStatus.FAILED: t("failed"),
        InteractionStatus.UNKNOWN: t("in doubt"),
        InteractionStatus.DRY_RUN: t("dry run"),
        InteractionStatus.SKIPPED: t("skipped"),
        InteractionStatus.RECEIVED: t("received"),
    }
    return labels.get(status, status)


def _detail(t: Translator, kind: str, payload: dict[str, Any]) -> str:
    """What the occasion was ("2 days late", "5 years at Acme", "CTO at Acme")."""
    get = payload.get
    detail = ""
    if kind == InteractionType.BIRTHDAY_MESSAGE:
        late = get("days_late")
        if isinstance(late, int) and late > 0:
            detail = t("%(days)s days late", days=late)
    elif kind == InteractionType.ANNIVERSARY_MESSAGE:
        if get("years") and get("company"):
            detail = t("%(years)s years at %(company)s", years=get("years"), company=get("company"))
        else:
            detail = str(get("company") or "")
    elif kind == InteractionType.NEW_JOB_MESSAGE:
        if get("title") and get("company"):
            detail = t("%(title)s at %(company)s", title=get("title"), company=get("company"))
        else:
            detail = str(get("title") or get("company") or "")
    elif kind == InteractionType.PROFILE_VISIT and get("fit_score") is not None:
        detail = t("fit score %(score)s", score=get("fit_score"))
    return detail


def local_time(who: Viewer, moment: datetime | None) -> str:
    if moment is None:
        return ""
    return moment.astimezone(who.runtime.settings.tz).strftime("%Y-%m-%d %H:%M")


def _text(kind: str, payload: dict[str, Any]) -> str | None:
    key = "text" if kind == InteractionType.REPLY else "message"
    value = payload.get(key)
    return str(value) if value else None


def _row(who: Viewer, row: Any) -> HistoryRow:
    payload = row["payload"] if isinstance(row["payload"], dict) else {}
    kind, status = str(row["type"]), str(row["status"])
    return HistoryRow(
        id=int(row["id"]),
        when=local_time(who, row["created_at"]),
        what=_kind_label(who.t, kind, payload),
        status=status,
        status_label=status_label(who.t, status),
        text=_text(kind, payload),
        detail=_detail(who.t, kind, payload),
        error=row["error"],
        run_id=row["run_id"],
    )


def _score(who: Viewer, row: Any) -> Score | None:
    payload = row["payload"] if isinstance(row["payload"], dict) else {}
    score = payload.get("score")
    if not isinstance(score, dict) or not isinstance(score.get("score"), int | float):
        return None
    parts = []
    for part in score.get("breakdown") or []:
        if isinstance(part, dict):
            parts.append(
                ScorePart(
                    str(part.get("criterion", "")),
                    float(part.get("points") or 0),
                    float(part.get("max_points") or 0),
                    str(part.get("reason", "")),
                )
            )
    vetoed = score.get("vetoed_by")
    return Score(
        float(score["score"]),
        local_time(who, row["created_at"]),
        str(vetoed) if vetoed else None,
        tuple(parts),
    )


async def contact_history(
    session: AsyncSession, who: Viewer, contact_id: int, cursor: str | None
) -> History:
    """One page of the contact's interactions (newest first, keyset) and the breakdown of
    their last profile visit's fit score, if any."""
    error = None
    try:
        page = await list_interactions(
            session, InteractionFilters(contact_id=contact_id), limit=HISTORY_PAGE, cursor=cursor
        )
    except InvalidInput:
        error = who.t("This page link is no longer valid: start again from the first page.")
        page = await list_interactions(
            session, InteractionFilters(contact_id=contact_id), limit=HISTORY_PAGE, cursor=None
        )
    visits = await list_interactions(
        session,
        InteractionFilters(
            contact_id=contact_id,
            type=InteractionType.PROFILE_VISIT.value,
            status=InteractionStatus.VISITED.value,
        ),
        limit=1,
        cursor=None,
    )
    score = _score(who, visits.items[0]) if visits.items else None
    return History([_row(who, r) for r in page.items], page.next_cursor, score, error)
