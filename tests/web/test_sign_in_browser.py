"""Signing in to the dashboard in real Chromium, as a person does."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.web.conftest import Live, Watched, screenshot, sign_in_page

pytestmark = [pytest.mark.browser]


def test_every_page_needs_signing_in_and_returns_there_after(page: Page, live: Live) -> None:
    """A page opened without signing in shows the sign-in form; after signing in, the
    person lands on the page they asked for."""
    page.goto("/?from=test")
    expect(page).to_have_url(f"{live.base_url}/sign-in?next=/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    sign_in_page(page)
    expect(page).to_have_url(f"{live.base_url}/")


def test_a_wrong_key_is_refused_with_a_message_then_the_right_one_signs_in(
    page: Page, watched: Watched, tmp_path: Path
) -> None:
    """A wrong key keeps the person on the form with a message tied to the field; the API
    key signs in to Today; signing out shows the form again and the pages are closed."""
    watched.allow(401)
    page.goto("/sign-in")
    page.get_by_label("API key or password").fill("not the key at all")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("That key or password is not right.")
    expect(page.get_by_label("API key or password")).to_have_attribute("aria-invalid", "true")
    screenshot(page, "sign-in", tmp_path)
    sign_in_page(page)
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("status")).to_have_text("You are signed out.")
    page.goto("/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_the_language_follows_the_browser_and_can_be_switched(page: Page, live: Live) -> None:
    """A French browser gets the French pages; the EN link switches to English and it
    stays so."""
    context = live.browser.new_context(base_url=live.base_url, locale="fr-FR")
    french = context.new_page()
    try:
        french.goto("/sign-in")
        expect(french.get_by_role("heading", name="Se connecter")).to_be_visible()
        expect(french.locator("html")).to_have_attribute("lang", "fr")
        french.get_by_role("link", name="EN").click()
        expect(french.get_by_role("heading", name="Sign in")).to_be_visible()
        french.reload()
        expect(french.get_by_role("heading", name="Sign in")).to_be_visible()
    finally:
        context.close()


def test_a_form_whose_token_was_tampered_with_is_refused_and_changes_nothing(
    signed_in: Page, watched: Watched, live: Live, tmp_path: Path
) -> None:
    """In the browser, a Pause button whose form carries another token (a forged form)
    gets the 403 page saying the form expired, and the schedule is not paused; the runs
    list renders (screenshot "runs")."""
    page = signed_in
    watched.allow(403)
    page.goto("/")
    pause = page.get_by_role("button", name="Pause Backup")
    page.evaluate(
        "() => document.querySelectorAll('input[name=csrf]').forEach(i => i.value = 'forged')"
    )
    pause.click()
    expect(page.get_by_role("alert")).to_contain_text("This form has expired")
    page.goto("/")
    expect(page.get_by_role("button", name="Pause Backup")).to_be_visible()
    page.goto("/runs")
    expect(page.get_by_role("heading", name="Runs", exact=True)).to_be_visible()
    screenshot(page, "runs", tmp_path)
