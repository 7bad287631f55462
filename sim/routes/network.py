"""The birthdays list (its URL per DOM variant) and its lazy-loading endpoint."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from sim.birthdays import BirthdayCard, birthday_cards, when_label
from sim.guard import NO_STORE, Ctx, guard_fragment, guard_page
from sim.modern import catchup
from sim.modern.text import LABELS
from sim.occasions import Occasion, kinds_of, occasions
from sim.render import card_values, render_fragment, render_html
from sim.routes.profile import not_found
from sim.variants import BIRTHDAYS_PATHS, is_modern

router = APIRouter()
FIRST_BATCH = 10
BATCH = 10
API_PATH = "/__sim/api/birthdays"


def _next_url(start: int, total: int, segment: str = "birthday") -> str:
    if start >= total:
        return ""
    other = f"&segment={segment}" if segment != "birthday" else ""
    return f"{API_PATH}?start={start}&count={BATCH}{other}"


def _tidy_card(o: Occasion, lang: str) -> dict[str, Any]:
    """A and B cards: the birthday when-line, or the occasion's sentence for the others."""
    if o.kind == "birthday":
        when = when_label(BirthdayCard(o.person, o.days_ago, o.occurred_on), lang)
    else:
        when = "".join(catchup.sentence(o, lang, "'"))
    return {"person": o.person, "when": when, "days_ago": o.days_ago}


def _tidy_cards(ctx: Ctx, segment: str) -> list[dict[str, Any]]:
    found = occasions(ctx.state.connections(), ctx.state.today, kinds_of(segment) or ())
    return [_tidy_card(o, ctx.lang) for o in found]


def tidy_occasions_page(ctx: Ctx, segment: str) -> Response:
    """A and B list work anniversaries, job changes (and all) like their birthdays."""
    if kinds_of(segment) is None:
        return not_found(ctx)
    labels = LABELS[ctx.lang]
    title = labels[f"catch_up_{segment}"]
    if ctx.state.faults.drift:
        return render_html(ctx, "birthdays.html", cards=[], drift=True, next_url="", title=title)
    cards = _tidy_cards(ctx, segment)
    return render_html(
        ctx,
        "birthdays.html",
        cards=cards[:FIRST_BATCH],
        next_url=_next_url(FIRST_BATCH, len(cards), segment),
        title=title,
        empty_text=labels[catchup.EMPTY_KEYS.get(segment, "no_occasions")],
        popup_page=True,
    )


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
    segment: str = "birthday",
) -> JSONResponse:
    """The next cards as HTML, and the URL of the batch after them ('' at the end)."""
    cards = _tidy_cards(ctx, segment)
    html = render_fragment(ctx, "_bday_cards.html", cards=cards[start : start + count])
    return JSONResponse(
        {"html": html, "next": _next_url(start + count, len(cards), segment)}, headers=NO_STORE
    )
