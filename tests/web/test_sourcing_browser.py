"""Sourcing and Settings in real Chromium, against `serve` and the simulator, as a person
uses them one after the other."""

from __future__ import annotations

import csv
import io
import re
import time
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.helpers import TEST_API_KEY
from tests.services.notification_receivers import HOOK_PASSWORD, http_hook
from tests.web.conftest import Live, Watched, screenshot

pytestmark = [pytest.mark.browser]

ACTIVE = {"queued", "running"}


def wait_for_run(live: Live, run_id: int, timeout_s: float = 120) -> dict[str, object]:
    """The run once it has ended, read from the API."""
    deadline = time.monotonic() + timeout_s
    with httpx.Client(base_url=live.base_url, headers={"X-API-Key": TEST_API_KEY}) as api:
        while True:
            run: dict[str, object] = api.get(f"/campaigns/runs/{run_id}").json()
            if run["status"] not in ACTIVE or time.monotonic() > deadline:
                return run
            time.sleep(0.3)


def test_a_search_from_mistake_to_scored_results_and_their_csv(
    signed_in: Page, live: Live, watched: Watched, tmp_path: Path
) -> None:
    """A limit of 0 is refused next to its field; the corrected search on the simulator
    starts and leads to its run's page; back on Sourcing the people it visited are there,
    best first with their score; the CSV downloads with them."""
    page = signed_in
    watched.allow(422)  # the refused form
    page.goto("/sourcing")
    expect(page.get_by_role("heading", name="Sourcing", exact=True)).to_be_visible()
    search = f"{live.sim.base_url}/search/results/people/?keywords=&origin=SWITCH_SEARCH_VERTICAL"
    page.get_by_label("People-search URL").fill(search)
    page.get_by_label("Profiles to visit, at most").fill("0")
    page.get_by_label("Keywords", exact=True).fill("engineer, data")
    page.get_by_label("Bonus skills").fill("Python: 2, SQL: 1")
    page.get_by_role("button", name="Start the search").click()
    limit = page.get_by_label("Profiles to visit, at most")
    expect(limit).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#limit-error")).to_have_text("Must be at least 1.")
    expect(page.get_by_label("Keywords", exact=True)).to_have_value("engineer, data")
    limit.fill("3")
    page.get_by_role("button", name="Start the search").click()
    page.wait_for_url(re.compile(r"/runs/\d+$"))
    run_id = int(page.url.rsplit("/", 1)[1])
    expect(page.get_by_role("heading", name=re.compile(rf"\b{run_id}\b"))).to_be_visible()
    run = wait_for_run(live, run_id)
    assert run["status"] == "succeeded", run
    page.goto("/sourcing")
    rows = page.locator("table.results tbody tr")
    expect(rows).to_have_count(3)
    scores = [float(s) for s in page.locator("strong.score").all_inner_texts()]
    assert scores == sorted(scores, reverse=True)
    expect(rows.first.locator("ul.breakdown")).to_contain_text("Keywords")
    page.get_by_label("Show the results of").select_option(str(run_id))
    expect(page).to_have_url(re.compile(rf"/sourcing\?run={run_id}$"))
    expect(rows).to_have_count(3)
    screenshot(page, "sourcing", tmp_path)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download as CSV").click()
    download = download_info.value
    assert download.suggested_filename == f"sourcing-run-{run_id}.csv"
    saved = tmp_path / "results.csv"
    download.save_as(saved)
    lines = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8"))))
    assert len(lines) == 3
    assert all(line["fit_score"] for line in lines)


def test_settings_show_no_secret_and_take_a_new_session(
    signed_in: Page, live: Live, watched: Watched, tmp_path: Path
) -> None:
    """Settings show the configuration without the API key; a pasted value that is no
    cookie is refused next to the field; the simulator's valid li_at is saved and the page
    says until when; a webhook saved as notification URL takes "Send a test", then is
    removed."""
    page = signed_in
    watched.allow(422)
    page.get_by_role("link", name="Settings", exact=True).click()
    expect(page.get_by_role("heading", name="Settings", exact=True)).to_be_visible()
    expect(page.locator("table.config")).to_contain_text("LINKEDIN_BOT_API_KEY")
    assert TEST_API_KEY not in page.content()
    field = page.get_by_label("New session: li_at cookie or cookie JSON export")
    field.fill("this is not a cookie")
    page.get_by_role("button", name="Save the session").click()
    expect(page.locator("#session-error")).to_contain_text("not an li_at value")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_value("")
    field.fill(live.sim.state.valid_li_at)
    page.get_by_role("button", name="Save the session").click()
    expect(page.get_by_role("status")).to_contain_text("The LinkedIn session is saved, encrypted.")
    assert live.sim.state.valid_li_at not in page.content()
    with http_hook() as hook:
        page.get_by_label("Apprise URLs, one per line").fill(hook.url())
        page.get_by_role("button", name="Save the notification URLs").click()
        expect(page.get_by_role("status")).to_contain_text("The notification URLs are saved")
        expect(page.locator("#notifications")).to_contain_text("#1 JSON (json://)")
        page.get_by_role("button", name="Send a test notification").click()
        expect(page.get_by_role("status")).to_contain_text("The test notification reached every")
        assert len(hook.requests) == 1
        assert HOOK_PASSWORD not in page.content()
        screenshot(page, "settings", tmp_path)
        page.on("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name="Remove all saved URLs").click()
        expect(page.get_by_role("status")).to_contain_text("The saved notification URLs are")
