"""URLs added with the `classic` and `sdui` variants: the other catch-up pages (A and B
list them their own way), compose links, details pages and their page-internal fetches
(A and B answer these with "page not found")."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse, JSONResponse, Response

from sim.guard import Ctx, guard_fragment, guard_page
from sim.modern import catchup, messaging, profile
from sim.routes.network import tidy_occasions_page
from sim.routes.profile import not_found
from sim.variants import is_modern

router = APIRouter()
PageCtx = Annotated[Ctx, Depends(guard_page)]
FragmentCtx = Annotated[Ctx, Depends(guard_fragment)]


def _unknown() -> JSONResponse:
    return JSONResponse({"status": 404}, 404)


@router.get("/mynetwork/catch-up/{segment}/", response_class=HTMLResponse)
def catch_up(segment: str, ctx: PageCtx) -> Response:
    """Every occasion (`all`), work anniversaries, job changes (birthdays: network.py)."""
    if not is_modern(ctx.variant):
        return tidy_occasions_page(ctx, segment)
    return catchup.page(ctx, segment)


@router.get(catchup.API_PATH)
def catch_up_batch(
    segment: str, ctx: FragmentCtx, start: Annotated[int, Query(ge=0)] = catchup.BATCH
) -> JSONResponse:
    """The next batch of cards ("Show more")."""
    return catchup.batch(ctx, segment, start) if is_modern(ctx.variant) else _unknown()


@router.get("/messaging/compose/", response_class=HTMLResponse)
def compose(ctx: PageCtx, recipient: str = "", body: str = "") -> HTMLResponse:
    """A compose link opened as a page (a click on it opens the overlay instead)."""
    if not is_modern(ctx.variant):
        return not_found(ctx)
    return messaging.compose_page(ctx, recipient, body)


@router.get("/__sim/api/conversation/")
def conversation(ctx: FragmentCtx, recipient: str = "", body: str = "") -> Response:
    """The overlay bubble for `recipient` (member id or slug), the greeting prefilled."""
    return messaging.bubble(ctx, recipient, body) if is_modern(ctx.variant) else _unknown()


@router.get("/in/{slug}/details/{section}/", response_class=HTMLResponse)
def details(slug: str, section: str, ctx: PageCtx) -> HTMLResponse:
    """All experiences, educations, skills, certifications or languages of a profile."""
    if not is_modern(ctx.variant):
        return not_found(ctx)
    return profile.details_page(ctx, slug, section)


@router.get(profile.DETAILS_API)
def details_batch(
    slug: str,
    section: str,
    ctx: FragmentCtx,
    start: Annotated[int, Query(ge=0)] = profile.DETAILS_FIRST,
) -> JSONResponse:
    """The next items of a details page (loaded as it is scrolled)."""
    if not is_modern(ctx.variant):
        return _unknown()
    return profile.details_batch(ctx, slug, section, start)
