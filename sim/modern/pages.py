"""The feed and the plain hub pages (`/mynetwork/`, `/jobs/`, `/notifications/`)."""

from __future__ import annotations

from fastapi.responses import HTMLResponse

from sim.guard import Ctx
from sim.modern.common import crc
from sim.modern.render import render

FEED_TEXTS = (
    "Thrilled to share that I've started a new position!",
    "Five lessons I learned shipping our data platform, from Lyon, France.",
    "We're hiring in Berlin, Germany. DM me if you're interested.",
)
HUB_KEYS = {"/mynetwork/": "my_network", "/jobs/": "jobs", "/notifications/": "notifications"}


def feed(ctx: Ctx) -> HTMLResponse:
    people = ctx.state.connections()[: len(FEED_TEXTS)]
    posts = [
        {"person": p, "text": text, "urn": 7_100_000_000_000_000_000 + crc(p.slug, text)}
        for p, text in zip(people, FEED_TEXTS, strict=False)
    ]
    return render(ctx, "feed.html", posts=posts, popup_page=True)


def hub(ctx: Ctx, path: str) -> HTMLResponse:
    return render(ctx, "hub.html", heading_key=HUB_KEYS.get(path, "my_network"))
