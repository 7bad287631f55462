"""Sign-in, auth wall, security check, feed and other simple pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from sim.guard import Ctx, context, guard_page
from sim.i18n import label
from sim.modern import messaging as modern_messaging
from sim.modern import pages as modern_pages
from sim.render import render_html
from sim.variants import is_modern

router = APIRouter()
PageCtx = Annotated[Ctx, Depends(guard_page)]

FEED_TEXTS = (
    "Thrilled to share that I've started a new position!",
    "Five lessons I learned shipping our data platform.",
    "We're hiring. DM me if you're interested.",
)


@router.get("/login", response_class=HTMLResponse)
@router.get("/uas/login", response_class=HTMLResponse)
def login(request: Request) -> HTMLResponse:
    ctx = context(request)
    return render_html(
        ctx, "simple.html", heading=label(ctx.lang, "sign_in"), login_form=True, page_class="login"
    )


@router.post("/login", response_class=HTMLResponse)
def login_submit(request: Request) -> HTMLResponse:
    """The simulator never signs anyone in: the bot must bring its `li_at` cookie."""
    ctx = context(request)
    return render_html(
        ctx,
        "simple.html",
        heading=label(ctx.lang, "sign_in"),
        login_form=True,
        error=label(ctx.lang, "wrong_password"),
        page_class="login",
    )


@router.get("/authwall", response_class=HTMLResponse)
def authwall(request: Request) -> HTMLResponse:
    ctx = context(request)
    return render_html(
        ctx,
        "simple.html",
        heading=label(ctx.lang, "authwall"),
        login_form=True,
        page_class="authwall",
    )


@router.get("/checkpoint/challenge/{token}/", response_class=HTMLResponse)
def checkpoint(request: Request, token: str) -> HTMLResponse:
    ctx = context(request)
    return render_html(
        ctx,
        "simple.html",
        heading=label(ctx.lang, "security_check"),
        checkpoint=True,
        request_path=request.url.path,
        page_class="checkpoint",
    )


@router.get("/feed/", response_class=HTMLResponse)
def feed(ctx: PageCtx) -> HTMLResponse:
    if is_modern(ctx.variant):
        return modern_pages.feed(ctx)
    connections = ctx.state.connections()[: len(FEED_TEXTS)]
    posts = [{"person": p, "text": text} for p, text in zip(connections, FEED_TEXTS, strict=False)]
    return render_html(ctx, "feed.html", posts=posts, popup_page=True)


@router.get("/mynetwork/", response_class=HTMLResponse)
@router.get("/messaging/", response_class=HTMLResponse)
@router.get("/jobs/", response_class=HTMLResponse)
@router.get("/notifications/", response_class=HTMLResponse)
def hub(request: Request, ctx: PageCtx) -> HTMLResponse:
    if is_modern(ctx.variant):
        if request.url.path == "/messaging/":
            return modern_messaging.inbox_page(ctx)
        return modern_pages.hub(ctx, request.url.path)
    return render_html(ctx, "simple.html", heading=label(ctx.lang, "my_network"), signed_in=True)


@router.get("/favicon.ico")
def favicon() -> Response:
    return Response(status_code=204)
