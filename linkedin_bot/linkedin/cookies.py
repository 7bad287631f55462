"""Reading what a user pastes as their LinkedIn session into one Playwright storage state.

Three shapes are accepted:

- the bare ``li_at`` value (or ``li_at=<value>``), given the domain of the configured base
  URL (so the simulator on 127.0.0.1 works too) and a one-year expiry;
- a browser extension's cookie export, a JSON list (EditThisCookie, Cookie-Editor), whose
  ``expirationDate`` is in seconds and ``sameSite`` spelled ``no_restriction``/``lax``...;
- a Playwright storage state, ``{"cookies": [...], "origins": [...]}``.

Only cookies of LinkedIn (or of the configured host) are kept: an export of the whole
browser must not carry other sites' sessions into our files. Error messages describe the
input's shape, never its content, since the content is a secret.
"""

from __future__ import annotations

import ipaddress
import json
import re
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urlsplit

from linkedin_bot.core.errors import InvalidInput

if TYPE_CHECKING:
    # Types only: importing Playwright costs a quarter of a second (`auth status`).
    from playwright.async_api import StorageState, StorageStateCookie

LI_AT = "li_at"
LINKEDIN_DOMAIN = "linkedin.com"
BARE_VALUE_LIFETIME = timedelta(days=365)  # LinkedIn's li_at lasts about a year
_BARE_VALUE = re.compile(r"^[A-Za-z0-9._~+/=^%-]{10,4096}$")
_SAME_SITE: dict[str, Literal["Lax", "None", "Strict"]] = {
    "lax": "Lax",
    "strict": "Strict",
    "none": "None",
    "no_restriction": "None",
}
MISSING_LI_AT = (
    "no li_at cookie in the input: export the cookies of a signed-in linkedin.com tab, "
    "or paste the value of its li_at cookie"
)


def _host(base_url: str) -> str:
    return (urlsplit(base_url).hostname or "").lower()


def _cookie_domain(host: str) -> str:
    """``.www.linkedin.com`` for a name, the bare address for an IP or localhost."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return host if host == "localhost" else "." + host
    return host


def _wanted(domain: str, host: str) -> bool:
    bare = domain.lstrip(".").lower()
    if bare == LINKEDIN_DOMAIN or bare.endswith("." + LINKEDIN_DOMAIN):
        return True
    return bare == host or host.endswith("." + bare)


def _wanted_origin(origin: dict[str, Any], host: str) -> bool:
    return _wanted(_host(str(origin.get("origin", ""))), host)


def _bare_cookie(value: str, base_url: str, now: datetime) -> StorageStateCookie:
    value = value.removeprefix(f"{LI_AT}=").strip().strip('"')
    if not _BARE_VALUE.match(value):
        raise InvalidInput(
            "not an li_at value (expected 10 to 4096 characters without spaces) "
            "nor a cookie JSON export"
        )
    secure = urlsplit(base_url).scheme == "https"
    return {
        "name": LI_AT,
        "value": value,
        "domain": _cookie_domain(_host(base_url)),
        "path": "/",
        "expires": (now + BARE_VALUE_LIFETIME).timestamp(),
        "httpOnly": True,
        "secure": secure,
        "sameSite": "None" if secure else "Lax",
    }


def _expires(raw: dict[str, Any]) -> float:
    """Seconds since the epoch, or -1 for a browser-session cookie."""
    if raw.get("session") is True:
        return -1.0
    value = raw.get("expires", raw.get("expirationDate", -1))
    if value is None:
        return -1.0
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise InvalidInput("a cookie has a non-numeric expiry") from None
    if seconds > 1e11:  # milliseconds, as some exporters write
        seconds /= 1000
    return seconds if seconds > 0 else -1.0


def _json_cookie(raw: object) -> StorageStateCookie:
    if not isinstance(raw, dict):
        raise InvalidInput("a cookie entry is not a JSON object")
    name, value, domain = raw.get("name"), raw.get("value"), raw.get("domain")
    if not isinstance(name, str) or not isinstance(value, str) or not isinstance(domain, str):
        raise InvalidInput("a cookie entry lacks a text name, value or domain")
    same_site = _SAME_SITE.get(str(raw.get("sameSite") or "lax").lower(), "Lax")
    secure = bool(raw.get("secure", False))
    return {
        "name": name,
        "value": value,
        "domain": domain,
        "path": str(raw.get("path") or "/"),
        "expires": _expires(raw),
        "httpOnly": bool(raw.get("httpOnly", False)),
        "secure": secure or same_site == "None",
        "sameSite": same_site,
    }


def _from_json(data: object) -> tuple[list[object], list[Any]]:
    """The raw cookie entries and origins of a JSON export."""
    if isinstance(data, list):
        return data, []
    if isinstance(data, dict) and isinstance(data.get("cookies"), list):
        origins = data.get("origins") or []
        if not isinstance(origins, list):
            raise InvalidInput("storage state 'origins' must be a list")
        return data["cookies"], origins
    raise InvalidInput("cookie JSON must be a list of cookies or a storage state with 'cookies'")


def _check_li_at(cookies: list[StorageStateCookie], now: datetime) -> None:
    li_at = [c for c in cookies if c["name"] == LI_AT and c["value"].strip()]
    if not li_at:
        raise InvalidInput(MISSING_LI_AT)
    expires = li_at[0]["expires"]
    if 0 < expires <= now.timestamp():
        when = datetime.fromtimestamp(expires, UTC).date().isoformat()
        raise InvalidInput(
            f"the li_at cookie expired on {when}: sign in to LinkedIn again and export it anew"
        )


def parse_session(raw: str, base_url: str, now: datetime) -> StorageState:
    """The session in ``raw`` as a storage state; :class:`InvalidInput` when unusable."""
    text = raw.strip().lstrip("\ufeff")
    if not text:
        raise InvalidInput("empty input: paste the li_at value or a cookie JSON export")
    if text[0] in "[{":
        try:
            data = json.loads(text)
        except ValueError:
            raise InvalidInput("the input looks like JSON but does not parse") from None
        entries, origins = _from_json(data)
        host = _host(base_url)
        cookies = [c for c in map(_json_cookie, entries) if _wanted(c["domain"], host)]
        origins = [o for o in origins if isinstance(o, dict) and _wanted_origin(o, host)]
    else:
        cookies, origins = [_bare_cookie(text, base_url, now)], []
    _check_li_at(cookies, now)
    state: StorageState = {"cookies": cookies, "origins": origins}
    return state
