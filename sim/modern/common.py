"""Small pieces every `classic`/`sdui` page uses: hrefs, alt sentences, presence, times."""

from __future__ import annotations

import base64
import hashlib
import zlib
from datetime import date, datetime
from urllib.parse import quote, urlencode

from sim import i18n
from sim.data import Person
from sim.modern.ids import member_id
from sim.modern.text import LABELS

PRESENCE = ("status_online", "status_offline", "status_reachable")
ALT_STYLES = ("profile_picture", "view_profile_of")


def crc(*parts: object) -> int:
    """A stable small hash: per-person choices that do not depend on the random salt."""
    return zlib.crc32("|".join(str(p) for p in parts).encode())


def label(lang: str, key: str, **values: object) -> str:
    return LABELS[lang][key].format(**values)


def photo_alt(person: Person, lang: str) -> str:
    """A sentence around the name, never the bare name: "Photo de profil de X"."""
    return label(lang, ALT_STYLES[crc(person.slug, "alt") % 2], name=person.display_name)


def presence(person: Person, lang: str) -> str:
    """The hidden "Status is online/offline/reachable" line of a photo link."""
    return label(lang, PRESENCE[crc(person.slug, "presence") % 3])


def shows_presence(person: Person) -> bool:
    """Catch-up cards show the presence line for some people only."""
    return crc(person.slug, "shows-presence") % 2 == 0


def compose_href(person: Person, body: str | None = None, context: str = "") -> str:
    """`/messaging/compose/?recipient=<member id>&body=<greeting>`, as LinkedIn links it."""
    params = {"recipient": member_id(person)}
    if body:
        params["body"] = body
    if context:
        params["screenContext"] = context
    return "/messaging/compose/?" + urlencode(params, quote_via=quote)


def profile_href(person: Person) -> str:
    return f"/in/{person.slug}/"


def member_href(person: Person) -> str:
    """Profile links inside threads: the member id, not the slug."""
    return f"/in/{member_id(person)}/"


def tracked_href(person: Person, source: str, variant: str = "sdui") -> str:
    """Profile links with tracking parameters a driver must strip: classic
    `/in/<slug>/?miniProfileUrn=...`, sdui `/in/<slug>?miniProfileUrn=...&lipi=...`."""
    if variant == "classic":
        urn = f"urn:li:fs_miniProfile:{member_id(person)}"
        return f"/in/{person.slug}/?" + urlencode({"miniProfileUrn": urn}, quote_via=quote)
    urn = f"urn:li:fsd_profile:{member_id(person)}"
    token = base64.b64encode(hashlib.sha256(f"{source}:{person.slug}".encode()).digest()[:16])
    lipi = f"urn:li:page:d_flagship3_{source};{token.decode()}"
    return f"/in/{person.slug}?" + urlencode({"miniProfileUrn": urn, "lipi": lipi}, quote_via=quote)


def componentkey(*parts: object) -> str:
    """A stable opaque `componentkey` value (SDUI cards carry one)."""
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).hexdigest()
    return f"ref{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:28]}"


def clock_time(moment: datetime, lang: str) -> str:
    """'9:05 AM' in English, '09:05' in French."""
    if lang == "fr":
        return moment.strftime("%H:%M")
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"


def day_heading(day: date, today: date, lang: str) -> str:
    """'Today', or 'Oct 24, 2024' / '24 oct. 2024'."""
    if day == today:
        return label(lang, "today")
    shown = i18n.day_month(day, lang)
    return f"{shown} {day.year}" if lang == "fr" else f"{shown}, {day.year}"
