"""Catch-up pages (`/mynetwork/catch-up/<all|birthday|...>/`) of `classic` and `sdui`.

One card per occasion: a photo-only profile link (alt sentence, sometimes a hidden presence
line), the name in its own paragraph, the occasion as a sentence with its key word in
`<strong>`, and a Message LINK to `/messaging/compose/` carrying LinkedIn's suggested
greeting. A first batch, then a "Show more" button; in each batch only the first cards
are rendered, the others are placeholders filled when they scroll into view.
"""

# ruff: noqa: RUF001  -- typographic apostrophes are what LinkedIn shows

from __future__ import annotations

from typing import Any

from fastapi.responses import HTMLResponse, JSONResponse

from sim import i18n
from sim.guard import NO_STORE, Ctx
from sim.modern import common
from sim.modern.render import fragment, not_found, render
from sim.modern.text import LABELS, SUGGESTED
from sim.occasions import ALL_SEGMENT, SEGMENTS, Occasion, kinds_of, occasions

BATCH = 10  # cards per batch (the page, then each "Show more")
RENDERED_AHEAD = 4  # cards of a batch rendered at once; the rest wait to be scrolled to
DRIFT_CARDS = 6
API_PATH = "/__sim/api/catch-up/{segment}"
PAGE_PATH = "/mynetwork/catch-up/{segment}/"
EMPTY_KEYS = {
    "birthday": "no_birthdays",
    "work_anniversaries": "no_work_anniversaries",
    "job_changes": "no_job_changes",
}


def _when(o: Occasion, lang: str) -> str:
    if o.days_ago == 0:
        return "aujourd’hui" if lang == "fr" else "today"
    if o.days_ago == 1:
        return "hier" if lang == "fr" else "yesterday"
    if o.days_ago < 7:
        return f"il y a {o.days_ago} jours" if lang == "fr" else f"{o.days_ago} days ago"
    return i18n.day_month(o.occurred_on, lang)


def _birthday(o: Occasion, lang: str, ap: str, when: str) -> tuple[str, str, str]:
    name, dated = o.person.display_name, o.days_ago >= 7
    if lang == "fr":
        if o.days_ago == 0:
            return f"C{ap}est l{ap}anniversaire de {name} ", when, ""
        return f"L{ap}anniversaire de {name} était {'le ' if dated else ''}", when, ""
    if o.days_ago == 0:
        return f"It{ap}s {name}{ap}s birthday ", when, ""
    if dated:
        return f"{name} celebrated a birthday on ", when, ""
    return f"{name}{ap}s birthday was ", when, ""


def _late(o: Occasion, lang: str, when: str) -> str:
    """' yesterday', ' 4 days ago', ' on Oct 17' (empty for today)."""
    if o.days_ago == 0:
        return ""
    if o.days_ago >= 7:
        return f" le {when}" if lang == "fr" else f" on {when}"
    return f" {when}"


def _work_anniversary(o: Occasion, lang: str, when: str) -> tuple[str, str, str]:
    years = o.years or 1
    late = _late(o, lang, when)
    if lang == "fr":
        span = "1 an" if years == 1 else f"{years} ans"
        verb = "Fête " if o.days_ago == 0 else "A fêté "
        return verb + ("son " if years == 1 else "ses "), span, f" chez {o.company}{late}"
    span = "1 year" if years == 1 else f"{years} years"
    verb = "Celebrating " if o.days_ago == 0 else "Celebrated "
    return verb, span, f" at {o.company}{late}"


def _job_change(o: Occasion, lang: str, when: str) -> tuple[str, str, str]:
    late = _late(o, lang, when)
    if lang == "fr":
        return "A commencé un nouveau poste de ", o.title, f" chez {o.company}{late}"
    return "Started a new position as ", o.title, f" at {o.company}{late}"


def sentence(o: Occasion, lang: str, apostrophe: str) -> tuple[str, str, str]:
    """(before, emphasised, after): "It's X's birthday " + <strong>today</strong>,
    "Celebrating " + <strong>5 years</strong> + " at Acme", "Started a new position as "
    + <strong>CTO</strong> + " at Acme yesterday"."""
    when = _when(o, lang).replace("’", apostrophe)
    if o.kind == "work_anniversary":
        return _work_anniversary(o, lang, when)
    if o.kind == "job_change":
        return _job_change(o, lang, when)
    return _birthday(o, lang, apostrophe, when)


def suggested_greeting(o: Occasion, lang: str) -> str:
    """LinkedIn's greeting in the compose link (and then in the composer)."""
    choices = SUGGESTED[o.kind][lang]
    pick = choices[common.crc(o.person.slug, o.kind) % len(choices)]
    return pick.format(first=o.person.linkedin_first_name)


def message_label(o: Occasion, lang: str) -> str:
    """Names the person; for some, the greeting is appended ("... : Joyeux anniversaire !")."""
    name = o.person.display_name
    if common.crc(o.person.slug, "label") % 2:
        greeting = suggested_greeting(o, lang)
        return common.label(lang, "send_message_greeting", name=name, greeting=greeting)
    return common.label(lang, "send_message_to", name=name)


def card(o: Occasion, lang: str, variant: str, deferred: bool) -> dict[str, Any]:
    person = o.person
    before, strong, after = sentence(o, lang, "’" if variant == "sdui" else "'")
    return {
        "key": common.componentkey("catch-up", o.kind, person.slug),
        "kind": o.kind,
        "person": person,
        "name": person.display_name,
        "headline": person.headline,
        "profile_href": common.profile_href(person),
        "alt": common.photo_alt(person, lang),
        "presence": common.presence(person, lang) if common.shows_presence(person) else "",
        "before": before,
        "strong": strong,
        "after": after,
        "compose_href": common.compose_href(person, suggested_greeting(o, lang), "CATCH_UP"),
        "message_label": message_label(o, lang),
        "deferred": deferred,
    }


def _cards(found: list[Occasion], ctx: Ctx) -> list[dict[str, Any]]:
    return [card(o, ctx.lang, ctx.variant, i >= RENDERED_AHEAD) for i, o in enumerate(found)]


def _next_url(segment: str, start: int, total: int) -> str:
    return f"{API_PATH.format(segment=segment)}?start={start}" if start < total else ""


def _pills(segment: str, lang: str) -> list[dict[str, Any]]:
    segments = [ALL_SEGMENT, *SEGMENTS]
    return [
        {
            "href": PAGE_PATH.format(segment=s),
            "label": LABELS[lang][f"catch_up_{s}"],
            "selected": s == segment,
        }
        for s in segments
    ]


def page(ctx: Ctx, segment: str) -> HTMLResponse:
    kinds = kinds_of(segment)
    if kinds is None:
        return not_found(ctx)
    found = occasions(ctx.state.connections(), ctx.state.today, kinds)
    drift = ctx.state.faults.drift
    empty_key = EMPTY_KEYS.get(segment, "no_occasions")
    return render(
        ctx,
        "catchup.html",
        segment=segment,
        screen_name="CatchUp" + "".join(part.title() for part in segment.split("_")),
        pills=_pills(segment, ctx.lang),
        cards=[] if drift else _cards(found[:BATCH], ctx),
        drift_cards=range(DRIFT_CARDS) if drift else range(0),
        next_url="" if drift else _next_url(segment, BATCH, len(found)),
        empty=not found and not drift,
        empty_text=LABELS[ctx.lang][empty_key],
        popup_page=True,
    )


def batch(ctx: Ctx, segment: str, start: int) -> JSONResponse:
    """The cards after `start` (HTML) and the URL of the batch after them ('' at the end)."""
    kinds = kinds_of(segment) or ()
    found = occasions(ctx.state.connections(), ctx.state.today, kinds)
    html = fragment(ctx, "_catchup_cards.html", cards=_cards(found[start : start + BATCH], ctx))
    payload = {"html": html, "next": _next_url(segment, start + BATCH, len(found))}
    return JSONResponse(payload, headers=NO_STORE)
