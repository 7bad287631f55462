"""Today and a run's page in real Chromium, against `serve` and the simulator: a person
previews today's wishes, sends them, follows the run live, and pauses the schedule."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.helpers import TEST_API_KEY
from tests.processes import wait_for
from tests.web.conftest import Live, Watched, screenshot

pytestmark = [pytest.mark.browser]
FINISHED = re.compile(r"succeeded|partial")


def test_preview_then_run_now_then_pause_the_schedule(
    signed_in: Page, live: Live, watched: Watched, tmp_path: Path
) -> None:
    """Today shows the saved session; while a run started elsewhere goes on, Preview is
    refused with the reason on Today; then Preview opens the run's page, which lists each
    person with the text that would be sent; Today then shows the session valid and those
    texts; Run now (confirmed) opens the run's page, followed live to its end, with the
    messages the simulator received; Pause and Resume hold and free the morning job."""
    page = signed_in
    page.on("dialog", lambda dialog: dialog.accept())
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()
    session = page.get_by_role("region", name="LinkedIn session")
    expect(session).to_contain_text("saved")

    watched.allow(409)
    with httpx.Client(base_url=live.base_url, headers={"X-API-Key": TEST_API_KEY}) as api:
        elsewhere = api.post("/campaigns/birthday", json={"dry_run": True}).json()["id"]
        page.reload()
        expect(page.get_by_role("link", name=f"Follow run {elsewhere}")).to_be_visible()
        page.get_by_role("button", name="Preview", exact=True).click()
        expect(page.get_by_role("alert").filter(has_text="already active")).to_be_visible()
        expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()

        def ended() -> bool:
            run = api.get(f"/campaigns/runs/{elsewhere}").json()
            return run["status"] not in ("queued", "running")

        wait_for(ended, 60, "the other run to end")

    page.get_by_role("button", name="Preview", exact=True).click()
    expect(page).to_have_url(re.compile(r"/runs/\d+$"))
    results = page.locator("[data-live-body] table")
    expect(results).to_be_visible(timeout=60_000)
    expect(page.locator("[data-live-body] .badge.succeeded")).to_be_visible(timeout=60_000)
    would = page.locator("[data-live-body] .badge.would_send")
    expect(would.first).to_be_visible()
    texts = page.locator("[data-live-body] .message")
    previewed = texts.first.inner_text()
    assert previewed.strip()
    assert live.sim.state.messages == []  # a preview sends nothing

    page.get_by_role("link", name="Today").first.click()
    expect(session.locator(".badge.valid")).to_have_text("valid")
    expect(page.get_by_role("region", name="Today's occasions")).to_contain_text(previewed)
    screenshot(page, "today", tmp_path)

    page.get_by_role("button", name="Run now").click()
    expect(page).to_have_url(re.compile(r"/runs/\d+$"))
    expect(page.locator("[data-live]")).to_have_count(1)  # followed while it runs
    expect(page.get_by_role("button", name="Stop")).to_be_visible()
    expect(page.locator("[data-live-body] .badge").first).to_have_text(FINISHED, timeout=90_000)
    expect(page.locator("[data-live-body] .badge.sent").first).to_be_visible()
    expect(page.locator("[data-live]")).to_have_count(0)  # reloaded once over
    expect(page.get_by_role("button", name="Stop")).to_have_count(0)
    assert len(live.sim.state.messages) == page.locator("[data-live-body] .badge.sent").count()
    screenshot(page, "run", tmp_path)

    page.get_by_role("link", name="Today").first.click()
    occasions = page.get_by_role("region", name="Today's occasions")
    expect(occasions.locator(".badge.sent").first).to_be_visible()
    page.get_by_role("button", name="Pause Occasions").click()
    expect(page.get_by_role("status")).to_contain_text("The job is paused")
    page.get_by_role("button", name="Resume Occasions").click()
    expect(page.get_by_role("status")).to_contain_text("The job is resumed")

    page.get_by_role("link", name="Runs", exact=True).click()
    expect(page.locator("tbody tr")).to_have_count(3)
