"""People search results, ten a page, the last five of each page lazy-loaded."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse

from sim import search
from sim.guard import NO_STORE, Ctx, guard_fragment, guard_page
from sim.modern import search as modern
from sim.render import render_fragment, render_html
from sim.variants import is_modern

router = APIRouter()
API_PATH = "/__sim/api/search"


def _page_url(request: Request, page: int) -> str:
    params = dict(request.query_params)
    params["page"] = str(page)
    return f"{request.url.path}?{urlencode(params)}"


@router.get("/search/results/people/", response_class=HTMLResponse)
def people_search(
    request: Request,
    ctx: Annotated[Ctx, Depends(guard_page)],
    keywords: str = "",
    page: Annotated[int, Query()] = 1,
) -> HTMLResponse:
    if is_modern(ctx.variant):
        return modern.page(ctx, request.url.path, dict(request.query_params), keywords, page)
    found = search.search_people(ctx.state.all_people(), keywords, page)
    first = found.results[: search.FIRST_BATCH]
    lazy = len(found.results) > search.FIRST_BATCH
    next_url = f"{API_PATH}?{urlencode({'keywords': keywords, 'page': page})}" if lazy else ""
    return render_html(
        ctx,
        "search.html",
        keywords=keywords,
        found=found,
        results=first,
        next_url=next_url,
        buttons=search.page_buttons(found.page, found.total_pages),
        page_url=lambda n: _page_url(request, n),
    )


@router.get(API_PATH)
def search_rest(
    ctx: Annotated[Ctx, Depends(guard_fragment)], keywords: str = "", page: int = 1
) -> JSONResponse:
    """The lazily loaded second half of a results page."""
    found = search.search_people(ctx.state.all_people(), keywords, page)
    html = render_fragment(ctx, "_search_results.html", results=found.results[search.FIRST_BATCH :])
    return JSONResponse({"html": html, "next": ""}, headers=NO_STORE)
