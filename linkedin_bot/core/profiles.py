"""LinkedIn profile URLs: the ``<slug>`` of ``/in/<slug>/`` is the identity of a person.

The same person reaches us through many spellings of one URL: with or without scheme or
``www``, on a locale subdomain (``fr.linkedin.com``), with tracking parameters
(``?miniProfileUrn=...``), a fragment, a trailing slash or not, a percent-encoded unicode
slug. :func:`public_id_from_url` reduces them all to one lowercased, decoded slug, and
:func:`canonical_profile_url` gives the one URL we store and visit.
"""

from __future__ import annotations

import ipaddress
import unicodedata
from urllib.parse import quote, unquote, urlsplit

from linkedin_bot.core.errors import InvalidInput

LINKEDIN_BASE_URL = "https://www.linkedin.com"
LINKEDIN_DOMAIN = "linkedin.com"
# The simulator (our local stand-in for LinkedIn) is served on the loopback interface.
LOCAL_HOSTS = frozenset({"localhost"})
MAX_SLUG_CHARS = 100  # LinkedIn's own limit for a custom public profile URL
MAX_ENCODED_SLUG_CHARS = 400  # the stored URL (contacts.profile_url) holds 500 characters
_SLUG_PUNCTUATION = frozenset("-_.")


def _host_allowed(host: str, extra_hosts: frozenset[str]) -> bool:
    if host == LINKEDIN_DOMAIN or host.endswith("." + LINKEDIN_DOMAIN):
        return True
    if host in LOCAL_HOSTS or host in extra_hosts:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def normalize_public_id(slug: str) -> str:
    """The slug as we store it: decoded, NFC, lowercased; :class:`InvalidInput` if malformed.

    A slug is made of letters, digits, combining marks and ``-``, ``_``, ``.``: LinkedIn's
    custom URLs use letters, digits and hyphens, and members in many countries have unicode
    letters in theirs.
    """
    value = unicodedata.normalize("NFC", unicodedata.normalize("NFC", slug).lower())
    if not value:
        raise InvalidInput("empty profile identifier")
    if len(value) > MAX_SLUG_CHARS:
        raise InvalidInput(f"profile identifier longer than {MAX_SLUG_CHARS} characters")
    for char in value:
        if char not in _SLUG_PUNCTUATION and unicodedata.category(char)[0] not in "LNM":
            raise InvalidInput(f"profile identifier {value!r} contains {char!r}")
    if set(value) == {"."}:
        raise InvalidInput(f"profile identifier {value!r} is not a name")
    if len(quote(value, safe="")) > MAX_ENCODED_SLUG_CHARS:
        raise InvalidInput("profile identifier too long once percent-encoded")
    return value


def public_id_from_url(url: str, *, extra_hosts: frozenset[str] = frozenset()) -> str:
    """The public identifier (``<slug>`` of ``/in/<slug>/``) of a LinkedIn profile URL.

    Accepts LinkedIn's hosts (any ``*.linkedin.com``), the loopback addresses the simulator
    runs on, and ``extra_hosts``. Anything after the slug (``/overlay/contact-info/``, a
    query string, a fragment) is ignored. Raises :class:`InvalidInput` naming the problem.
    """
    raw = url.strip()
    if not raw:
        raise InvalidInput("empty profile URL")
    if raw.startswith("//"):
        raw = "https:" + raw
    elif "://" not in raw:
        raw = "https://" + raw
    try:
        parts = urlsplit(raw)
        host = (parts.hostname or "").lower()
        _ = parts.port  # raises ValueError on a malformed port
    except ValueError as exc:
        raise InvalidInput(f"malformed URL {url!r}: {exc}") from exc
    if parts.scheme.lower() not in ("http", "https"):
        raise InvalidInput(f"not a web URL (scheme {parts.scheme!r}): {url!r}")
    if not _host_allowed(host, extra_hosts):
        raise InvalidInput(f"not a LinkedIn URL (host {host or '(none)'!r}): {url!r}")
    segments = parts.path.split("/")
    # "/in/<slug>/..." splits into ["", "in", "<slug>", ...]
    if len(segments) < 3 or segments[0] != "" or segments[1].lower() != "in":
        raise InvalidInput(f"not a profile URL (expected /in/<slug>/): {url!r}")
    if not segments[2]:
        raise InvalidInput(f"profile URL without an identifier after /in/: {url!r}")
    try:
        slug = unquote(segments[2], errors="strict")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"profile identifier is not valid UTF-8: {url!r}") from exc
    try:
        return normalize_public_id(slug)
    except InvalidInput as exc:
        raise InvalidInput(f"{exc.detail}: {url!r}") from exc


def canonical_profile_url(public_id: str, base_url: str = LINKEDIN_BASE_URL) -> str:
    """The one URL we store for a profile: ``<base>/in/<percent-encoded slug>/``."""
    slug = normalize_public_id(public_id)
    return f"{base_url.rstrip('/')}/in/{quote(slug, safe='')}/"
