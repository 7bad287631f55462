"""Signing in to the dashboard: who gets in, for how long, and what a forged form gets."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from linkedin_bot.core.passwords import save_password
from linkedin_bot.web.install import ROUTERS
from linkedin_bot.web.pages import DashboardRoute
from linkedin_bot.web.routes.auth import router as auth_router
from linkedin_bot.web.security import FailureLimit
from tests.api.conftest import start_api
from tests.helpers import TEST_API_KEY, Database, make_settings
from tests.web.conftest import Web, sign_in

PASSWORD = "correct horse battery staple"


def _dashboard_get_paths() -> list[str]:
    """Every dashboard page (GET, no path parameter other than an id) the app serves."""
    paths = []
    for route in (route for router in ROUTERS for route in router.routes):
        if not isinstance(route, DashboardRoute) or "GET" not in route.methods:
            continue
        path = route.path
        if path.startswith(("/docs", "/sign-in", "/language")):
            continue
        paths.append(re.sub(r"\{[^}]+\}", "1", path))
    return paths


def _with_cookie(web: Web, value: str) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=web.api.app)
    return httpx.AsyncClient(
        transport=transport, base_url="http://test", cookies={"lb_session": value}
    )


async def test_no_page_or_fragment_is_readable_without_signing_in(web: Web) -> None:
    """Every dashboard page, its live streams and fragments included, sends a stranger to
    the sign-in page and shows nothing of the account."""
    paths = _dashboard_get_paths()
    assert "/" in paths
    for path in paths:
        answer = await web.anonymous.get(path)
        assert answer.status_code == 303, (path, answer.status_code)
        assert answer.headers["location"].startswith("/sign-in?next="), path
    # A cookie that was not signed by us is no better than none.
    assert (await _with_cookie(web, "eyJzaWQiOiJ4In0.forged").get("/")).status_code == 303


async def test_the_session_cookie_is_signed_httponly_strict_and_expires(web: Web) -> None:
    """The cookie a browser gets cannot be read by scripts, is never sent by another site,
    and ends after the configured hours even if the browser keeps it."""
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=web.api.app), base_url="http://test"
    ) as client:
        answer = await sign_in(client)
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith("lb_session=")
    assert "HttpOnly" in cookie
    assert "SameSite=strict" in cookie or "SameSite=Strict" in cookie
    assert f"Max-Age={12 * 3600}" in cookie
    assert TEST_API_KEY not in cookie
    codec = web.api.app.state.dashboard.codec()
    value = cookie.split(";")[0].split("=", 1)[1]
    assert codec.read(value) is not None
    codec.max_age_s = -1  # as if the hours had passed
    try:
        assert codec.read(value) is None
    finally:
        codec.max_age_s = 12 * 3600


async def test_signing_out_ends_the_session_even_for_a_copied_cookie(web: Web) -> None:
    """After signing out, the same cookie (copied before) opens nothing."""
    cookie = web.client.cookies["lb_session"]
    answer = await web.post("/sign-out", {})
    assert answer.status_code == 200
    assert "You are signed out." in answer.text
    assert (await _with_cookie(web, cookie).get("/")).status_code == 303


async def test_a_form_without_the_token_or_from_another_site_is_refused(web: Web) -> None:
    """A POST without this session's CSRF token, with another session's, or whose Origin
    is another site, is refused with a 403 page and does nothing (still signed in)."""
    no_token = await web.client.post("/sign-out", data={}, headers={"Origin": "http://test"})
    assert no_token.status_code == 403
    assert "This form has expired" in no_token.text
    wrong = await web.client.post(
        "/sign-out", data={"csrf": "x" * 32}, headers={"Origin": "http://test"}
    )
    assert wrong.status_code == 403
    token = await web.csrf()
    other_site = await web.client.post(
        "/sign-out", data={"csrf": token}, headers={"Origin": "https://evil.example"}
    )
    assert other_site.status_code == 403
    null_origin = await web.client.post(
        "/sign-out", data={"csrf": token}, headers={"Origin": "null"}
    )
    assert null_origin.status_code == 403
    assert (await web.client.get("/")).status_code == 200
    signed_in_elsewhere = await web.anonymous.post(
        "/sign-in", data={"credential": TEST_API_KEY}, headers={"Origin": "https://evil.example"}
    )
    assert signed_in_elsewhere.status_code == 403
    assert "set-cookie" not in signed_in_elsewhere.headers


async def test_failed_attempts_are_limited_then_even_the_right_key_waits(web: Web) -> None:
    """Five wrong keys from one address: the sixth attempt, right or wrong, is answered
    429 with the minutes to wait and no cookie; other addresses are not locked out until
    the overall limit."""
    for _ in range(5):
        wrong = await sign_in(web.anonymous, "guess-" + "x" * 20)
        assert wrong.status_code == 401
        assert "That key or password is not right." in wrong.text
    locked = await sign_in(web.anonymous)
    assert locked.status_code == 429
    assert "Too many failed attempts: try again in 15 minutes." in locked.text
    assert int(locked.headers["Retry-After"]) > 800
    assert "set-cookie" not in locked.headers


def test_the_overall_limit_holds_against_many_addresses() -> None:
    """Twenty failures from twenty addresses lock sign-in for everyone for the window,
    then it opens again."""
    limit = FailureLimit()
    for n in range(20):
        assert limit.wait_s(f"10.0.0.{n}", now=100.0) == 0
        limit.failed(f"10.0.0.{n}", now=100.0)
    assert limit.wait_s("192.168.1.9", now=101.0) == pytest.approx(899.0)
    assert limit.wait_s("192.168.1.9", now=100.0 + 15 * 60 + 1) == 0


async def test_the_password_signs_in_and_changing_it_signs_everyone_out(
    web: Web, tmp_path: Path
) -> None:
    """With a password set, it signs in as the API key does; setting a new one ends the
    sessions opened before (the cookie's key depends on it)."""
    settings = web.api.settings
    save_password(settings, PASSWORD)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=web.api.app), base_url="http://test"
    ) as browser:
        assert (await sign_in(browser, PASSWORD)).status_code == 303
        assert (await browser.get("/")).status_code == 200
        assert (await sign_in(browser, PASSWORD + "!")).status_code == 401
        save_password(settings, "another long passphrase")
        assert (await browser.get("/")).status_code == 303
        assert (await web.client.get("/")).status_code == 303  # the API-key session too
        assert (await sign_in(browser, PASSWORD)).status_code == 401
        assert (await sign_in(browser, "another long passphrase")).status_code == 303


async def test_after_signing_in_only_local_pages_are_followed(web: Web) -> None:
    """`next` never sends the person to another site (an open redirect would be phishing
    help)."""
    for target in ("https://evil.example/", "//evil.example", "/\\evil.example", "javascript:x"):
        answer = await web.anonymous.post(
            "/sign-in",
            data={"credential": TEST_API_KEY, "next": target},
            headers={"Origin": "http://test"},
        )
        assert answer.status_code == 303
        assert answer.headers["location"] == "/", target
    assert auth_router.routes  # the sign-in routes are mounted on the app


async def test_a_mistyped_address_gets_a_page_in_a_browser_and_json_for_the_api(web: Web) -> None:
    """A browser asking for an address that does not exist gets the dashboard's 404 page
    with a way back; an API client still gets the JSON error."""
    page = await web.client.get("/no-such-page", headers={"Accept": "text/html"})
    assert page.status_code == 404
    assert "Page not found" in page.text
    assert 'href="/"' in page.text
    api = await web.api.client.get("/no-such-page")
    assert api.status_code == 404
    assert api.json()["error"] == "not_found"


async def test_behind_an_https_proxy_the_cookie_can_be_marked_secure(
    sqlite_db: Database, tmp_path: Path
) -> None:
    """With LINKEDIN_BOT_DASHBOARD_SECURE_COOKIE=true (a proxy terminating HTTPS), the
    cookie is sent over HTTPS only, though the service saw plain HTTP; without it, over
    plain HTTP it is not (the browser would otherwise drop it on http://127.0.0.1)."""
    for secure in (True, False):
        settings = make_settings(
            tmp_path / f"data-{secure}", sqlite_db.url, dashboard_secure_cookie=secure
        )
        async for api in start_api(settings):
            answer = await sign_in(api.anonymous)
            assert ("Secure" in answer.headers["set-cookie"]) is secure
