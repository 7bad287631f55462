"""Dashboard sign-in: the session cookie, CSRF tokens and the failed-attempt limit.

The cookie holds ``{sid, csrf}`` signed with itsdangerous (timestamped: it expires after
``dashboard_session_hours`` whatever the browser does). The signing key is derived (HKDF)
from the encryption key, the API key and the password hash: changing the password or the
API key signs every browser out. Signing out revokes the session id in this process until
it would have expired anyway.

CSRF: every form carries the session's ``csrf`` value, compared in constant time; a POST
whose ``Origin`` (or ``Referer``) names another site is refused before that.

The failed sign-in limit is our own few lines (no library keeps a sliding window of
failures per client *and* overall, in memory, with the waiting time to show): 5 failures
per client address and 20 overall in 15 minutes; past that, sign-in answers 429 with the
minutes to wait, and no key or password is checked.
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from itsdangerous import BadSignature, URLSafeTimedSerializer

from linkedin_bot.core.passwords import verify_password

SESSION_COOKIE = "lb_session"
CSRF_FIELD = "csrf"
_SALT = "linkedin-bot dashboard session"


def signing_key(encryption_key: str, api_key: str, password_hash: str | None) -> bytes:
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_SALT.encode())
    material = "\x00".join((encryption_key, api_key, password_hash or "")).encode()
    return hkdf.derive(material)


@dataclass(frozen=True)
class WebSession:
    sid: str
    csrf: str


class SessionCodec:
    """Makes and reads the signed session cookie; remembers the ids signed out."""

    def __init__(self, key: bytes, max_age_s: int) -> None:
        self._serializer = URLSafeTimedSerializer(key, salt=_SALT)
        self.max_age_s = max_age_s
        self._revoked: dict[str, float] = {}

    def new(self) -> tuple[WebSession, str]:
        session = WebSession(secrets.token_urlsafe(18), secrets.token_urlsafe(24))
        return session, self._serializer.dumps({"sid": session.sid, "csrf": session.csrf})

    def read(self, cookie: str | None) -> WebSession | None:
        if not cookie or len(cookie) > 512:
            return None
        try:
            data = self._serializer.loads(cookie, max_age=self.max_age_s)
        except BadSignature:  # also SignatureExpired
            return None
        if not isinstance(data, dict):
            return None
        sid, csrf = data.get("sid"), data.get("csrf")
        if not isinstance(sid, str) or not isinstance(csrf, str) or sid in self._revoked:
            return None
        return WebSession(sid, csrf)

    def revoke(self, session: WebSession) -> None:
        now = time.monotonic()
        self._revoked = {sid: until for sid, until in self._revoked.items() if until > now}
        self._revoked[session.sid] = now + self.max_age_s


def csrf_ok(session: WebSession, submitted: str | None) -> bool:
    return bool(submitted) and hmac.compare_digest(session.csrf.encode(), str(submitted).encode())


def same_origin(origin: str | None, referer: str | None, host: str | None) -> bool:
    """False when the request says it comes from another site. Browsers send ``Origin`` on
    every POST; without it (an old browser) the ``Referer`` is checked; without either, the
    CSRF token alone decides."""
    source = origin if origin and origin != "null" else referer
    if origin == "null":
        return False
    if not source:
        return True
    return bool(host) and urlsplit(source).netloc.lower() == (host or "").lower()


@dataclass
class FailureLimit:
    """Failed sign-ins in a sliding window, per client and overall (see the module doc)."""

    per_client: int = 5
    overall: int = 20
    window_s: float = 15 * 60
    _by_client: dict[str, deque[float]] = field(default_factory=dict)
    _all: deque[float] = field(default_factory=deque)

    def _trim(self, times: deque[float], now: float) -> None:
        while times and times[0] <= now - self.window_s:
            times.popleft()

    def wait_s(self, client: str, now: float | None = None) -> float:
        """Seconds before ``client`` may try again; 0 when it may now."""
        now = time.monotonic() if now is None else now
        self._trim(self._all, now)
        times = self._by_client.get(client)
        waits = [0.0]
        if times is not None:
            self._trim(times, now)
            if not times:
                del self._by_client[client]
            elif len(times) >= self.per_client:
                waits.append(times[0] + self.window_s - now)
        if len(self._all) >= self.overall:
            waits.append(self._all[0] + self.window_s - now)
        return max(waits)

    def failed(self, client: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        self._all.append(now)
        if len(self._by_client) > 10_000:  # a flood of addresses does not grow memory
            self._by_client.clear()
        self._by_client.setdefault(client, deque()).append(now)

    def succeeded(self, client: str) -> None:
        self._by_client.pop(client, None)


def credential_ok(given: str, api_key: str, password_hash: str | None) -> bool:
    """The API key (constant time) or the dashboard password."""
    if not given:
        return False
    key_ok = hmac.compare_digest(given.encode(), api_key.encode())
    if key_ok:
        return True
    return password_hash is not None and verify_password(given, password_hash)
