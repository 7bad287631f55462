"""Rendering of `classic`/`sdui` pages: one template directory per family, shared values."""

from __future__ import annotations

from typing import Any

from fastapi.responses import HTMLResponse

from sim import i18n
from sim.guard import NO_STORE, Ctx
from sim.modern import common
from sim.modern.classes import HashedClasses
from sim.modern.conversation import conversations
from sim.modern.ids import member_id, thread_id
from sim.modern.profile_text import LABELS as PROFILE_LABELS
from sim.modern.text import LABELS
from sim.render import PHOTO, environment

SCREEN_PREFIX = "com.linkedin.sdui.flagshipnav."
TIMINGS_MS = {"defer": 150, "more": 250}  # how long deferred content takes to appear
MAX_BUBBLES = 3  # conversation bubbles open at once; the oldest closes beyond


def _classes(ctx: Ctx) -> HashedClasses | None:
    return HashedClasses(ctx.state.class_salt) if ctx.variant == "sdui" else None


def _values(ctx: Ctx) -> dict[str, Any]:
    state, lang = ctx.state, ctx.lang
    return {
        "t": {**i18n.LABELS[lang], **LABELS[lang]},
        "pt": PROFILE_LABELS[lang],
        "lang": lang,
        "variant": ctx.variant,
        "c": _classes(ctx),
        "photo": PHOTO,
        "member": state.member,
        "member_name": state.member_name,
        "faults": state.faults,
        "enter": state.enter_to_send(),
        "screen": SCREEN_PREFIX,
        "componentkey": common.componentkey,
        "member_href": common.member_href,
        "member_id": member_id,
        "thread_id": thread_id,
        "popup_page": False,
        "config": {
            "lang": lang,
            "deferMs": TIMINGS_MS["defer"],
            "moreMs": TIMINGS_MS["more"],
            "maxBubbles": MAX_BUBBLES,
        },
    }


def fragment(ctx: Ctx, template: str, **values: Any) -> str:
    """`template` of the current family (`classic/<template>` or `sdui/<template>`)."""
    page = environment.get_template(f"{ctx.variant}/{template}")
    return page.render(**{**_values(ctx), **values})


def render(ctx: Ctx, template: str, status: int = 200, **values: Any) -> HTMLResponse:
    """A full page; the overlay's conversation list needs the member's conversations."""
    recent = conversations(ctx.state, ctx.lang)[:8]
    body = fragment(ctx, template, recent=recent, **values)
    return HTMLResponse(body, status, NO_STORE)


def not_found(ctx: Ctx) -> HTMLResponse:
    return render(ctx, "missing.html", status=404)
