"""GET /quotas: what each quota window has used and has left, per kind of action."""

from __future__ import annotations

from fastapi import APIRouter

from linkedin_bot.api.deps import RuntimeDep
from linkedin_bot.api.schemas.campaigns import QuotaWindowOut
from linkedin_bot.api.schemas.common import ERROR_RESPONSES
from linkedin_bot.db.enums import InteractionType

router = APIRouter(tags=["quotas"], responses=ERROR_RESPONSES)


@router.get("/quotas", response_model=dict[str, list[QuotaWindowOut]])
async def quotas(runtime: RuntimeDep) -> dict[str, list[QuotaWindowOut]]:
    """Per kind (birthday_message, profile_visit): each window's used, limit and remaining,
    counted from the database (the authority), in the user's timezone."""
    return {
        kind.value: [
            QuotaWindowOut(window=w.window, used=w.used, limit=w.limit, remaining=w.remaining)
            for w in await runtime.ledger.usage(kind.value)
        ]
        for kind in InteractionType
    }
