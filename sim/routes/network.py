"""The birthdays list (its URL per DOM variant) and its lazy-loading endpoint."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from sim.birthdays import birthday_cards
from sim.guard import NO_STORE, Ctx, guard_fragment, guard_page
from sim.modern import catchup
from sim.render import card_values, render_fragment, render_html
from sim.variants import BIRTHDAYS_PATHS, is_modern

router = APIRouter()
FIRST_BATCH = 10
BATCH = 10
API_PATH = "/__sim/api/birthdays"


def _next_url(start: int, total: int) -> str:
    return f"{API_PATH}?start={start}&count={BATCH}" if start < total else ""


@router.get(BIRTHDAYS_PATHS["A"], response_class=HTMLResponse)
@router.get(BIRTHDAYS_PATHS["B"], response_class=HTMLResponse)
def birthdays(request: Request, ctx: Annotated[Ctx, Depends(guard_page)]) -> Response:
    own = BIRTHDAYS_PATHS[ctx.variant]
    if request.url.path != own:
        query = f"?{request.url.query}" if request.url.query else ""
        return RedirectResponse(own + query, 302, NO_STORE)
    if is_modern(ctx.variant):
        return catchup.page(ctx, "birthday")
    return _birthdays_page(ctx)


def _birthdays_page(ctx: Ctx) -> Response:
    cards = birthday_cards(ctx.state.connections(), ctx.state.today)
    if ctx.state.faults.drift:
        return render_html(ctx, "birthdays.html", cards=[], drift=True, next_url="")
    return render_html(
        ctx,
        "birthdays.html",
        cards=card_values(cards[:FIRST_BATCH], ctx.lang),
        next_url=_next_url(FIRST_BATCH, len(cards)),
        popup_page=True,
    )


@router.get(API_PATH)
def birthdays_batch(
    ctx: Annotated[Ctx, Depends(guard_fragment)],
    start: Annotated[int, Query(ge=0)] = FIRST_BATCH,
    count: Annotated[int, Query(ge=1, le=100)] = BATCH,
) -> JSONResponse:
    """The next cards as HTML, and the URL of the batch after them ('' at the end)."""
    cards = birthday_cards(ctx.state.connections(), ctx.state.today)
    html = render_fragment(
        ctx, "_bday_cards.html", cards=card_values(cards[start : start + count], ctx.lang)
    )
    return JSONResponse(
        {"html": html, "next": _next_url(start + count, len(cards))}, headers=NO_STORE
    )
