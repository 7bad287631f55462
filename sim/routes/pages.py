"""Sign-in, auth wall, security check, feed and other simple pages."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from sim.guard import Ctx, context, guard_page
from sim.i18n import label
from sim.render import render_html

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
    connections = ctx.state.connections()[: len(FEED_TEXTS)]
    posts = [{"person": p, "text": text} for p, text in zip(connections, FEED_TEXTS, strict=False)]
    return render_html(ctx, "feed.html", posts=posts, popup_page=True)


@router.get("/mynetwork/", response_class=HTMLResponse)
@router.get("/messaging/", response_class=HTMLResponse)
def hub(ctx: PageCtx) -> HTMLResponse:
    return render_html(ctx, "simple.html", heading=label(ctx.lang, "my_network"), signed_in=True)


@router.get("/favicon.ico")
def favicon() -> Response:
    return Response(status_code=204)
