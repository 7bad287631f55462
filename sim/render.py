"""Jinja2 environment and page rendering helpers."""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from sim import i18n, variants
from sim.birthdays import BirthdayCard, when_label
from sim.data import Person
from sim.guard import NO_STORE, Ctx

TEMPLATES_DIR = Path(__file__).parent / "templates"

# A tiny grey-circle avatar, inline so pages load nothing from elsewhere.
PHOTO = (
    "data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHdpZHRo"
    "PSI0OCIgaGVpZ2h0PSI0OCI+PGNpcmNsZSBjeD0iMjQiIGN5PSIyNCIgcj0iMjQiIGZpbGw9IiNhYWEiLz48L3N2Zz4="
)

environment = Environment(
    loader=FileSystemLoader(TEMPLATES_DIR),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


def tracking_href(person: Person, source: str) -> str:
    """`/in/<slug>/` plus the tracking parameters a driver must strip."""
    urn = quote(f"urn:li:fs_miniProfile:ACoAA{zlib.crc32(person.slug.encode()):010d}", safe="")
    return f"/in/{person.slug}/?miniProfileUrn={urn}&trk={source}"


def render_html(ctx: Ctx, template: str, status: int = 200, **values: Any) -> HTMLResponse:
    return HTMLResponse(render_fragment(ctx, template, **values), status, NO_STORE)


def render_fragment(ctx: Ctx, template: str, **values: Any) -> str:
    lang, variant, faults = ctx.lang, ctx.variant, ctx.state.faults
    # The plain templates (checkpoint, sign-in) are LinkedIn's separate sign-in app: the
    # modern variants show them with the tidy class names too.
    classes = variants.CLASSES.get(variant, variants.CLASSES["A"])
    return environment.get_template(template).render(
        t=i18n.LABELS[lang],
        lang=lang,
        variant=variant,
        c=classes,
        photo=PHOTO,
        member_name=ctx.state.member_name,
        popups=faults.popups,
        send_noop=faults.send_noop,
        keep_text=faults.composer_keeps_text,
        limit_banner=faults.limit_banner,
        birthdays_path=variants.BIRTHDAYS_PATHS[variant],
        tracking_href=tracking_href,
        **values,
    )


def card_values(cards: list[BirthdayCard], lang: str) -> list[dict[str, Any]]:
    return [
        {"person": card.person, "when": when_label(card, lang), "days_ago": card.days_ago}
        for card in cards
    ]
