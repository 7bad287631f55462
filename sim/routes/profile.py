"""Profile pages: `/in/<slug>/` and the full skills list."""

from __future__ import annotations

import zlib
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from sim import i18n
from sim.data import Person
from sim.guard import NO_STORE, Ctx, guard_page
from sim.modern import profile as modern
from sim.render import render_html
from sim.variants import is_modern

router = APIRouter()
PageCtx = Annotated[Ctx, Depends(guard_page)]


def not_found(ctx: Ctx) -> HTMLResponse:
    return render_html(
        ctx,
        "simple.html",
        status=404,
        heading=i18n.label(ctx.lang, "not_found"),
        detail=i18n.label(ctx.lang, "not_found_detail"),
        signed_in=True,
        page_class="not-found",
    )


def experience_rows(person: Person, ctx: Ctx) -> list[dict[str, Any]]:
    """Experience entries with their display lines in the page's language."""
    return [
        {
            "title": e.title,
            "company_line": f"{e.company} · {i18n.employment_type(e.employment_type, ctx.lang)}",
            "dates": i18n.date_range(e.start, e.end, ctx.state.today, ctx.lang),
            "location": e.location,
        }
        for e in person.experience
    ]


def follows_only(person: Person) -> bool:
    """Some non-connections offer Follow instead of Connect (stable per slug)."""
    return not person.is_connection and zlib.crc32(person.slug.encode()) % 4 == 0


@router.get("/in/{slug}", include_in_schema=False)
def profile_without_slash(slug: str, request: Request) -> RedirectResponse:
    """`/in/<slug>?miniProfileUrn=...` (search links) lands on `/in/<slug>/?...`."""
    query = f"?{request.url.query}" if request.url.query else ""
    return RedirectResponse(f"/in/{slug}/{query}", 302, NO_STORE)


@router.get("/in/{slug}/", response_class=HTMLResponse)
def profile(slug: str, ctx: PageCtx) -> Response:
    if is_modern(ctx.variant):
        return modern.page(ctx, slug)
    person = ctx.state.person(slug)
    if person is None:
        return not_found(ctx)
    ctx.state.record_profile_view(slug)
    return render_html(
        ctx,
        "profile.html",
        person=person,
        exp_rows=experience_rows(person, ctx),
        follow=follows_only(person),
        popup_page=True,
    )


@router.get("/in/{slug}/details/skills/", response_class=HTMLResponse)
def skills(slug: str, ctx: PageCtx) -> HTMLResponse:
    if is_modern(ctx.variant):
        return modern.details_page(ctx, slug, "skills")
    person = ctx.state.person(slug)
    if person is None:
        return not_found(ctx)
    return render_html(ctx, "skills.html", person=person)
